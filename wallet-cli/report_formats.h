// The impact report (noaber.v1.ImpactReport, docs/impact.md) written out three ways: JSON
// for programs, CSV for spreadsheets (one row per figure), and one self-contained HTML page
// for people, with charts drawn as inline SVG, readable printed, in Dutch or English. Every
// chart element carries data-* attributes with its numbers, so tools can read them back.
// Pure functions.
#ifndef NOABER_WALLET_CLI_REPORT_FORMATS_H_
#define NOABER_WALLET_CLI_REPORT_FORMATS_H_

#include <string>

#include "nlohmann/json.hpp"
#include "noaber/v1/impact.pb.h"

namespace noaber::wallet {

// Every figure with integer minor units; a suppressed figure is {"suppressed": true}.
nlohmann::json ImpactReportJson(const v1::ImpactReport& report);

// Header: period,section,key,asset,amount,count,persons,suppressed. `period` is a month
// ("2026-11") or "total"; amounts in minor units; a suppressed figure has empty numbers.
std::string ImpactReportCsv(const v1::ImpactReport& report);

// `lang` is "nl" or "en".
std::string ImpactReportHtml(const v1::ImpactReport& report, const std::string& lang);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_REPORT_FORMATS_H_
