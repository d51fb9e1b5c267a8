// Reports: commands_report.cc. Registered in main.cc as `noaber report impact`.
#ifndef NOABER_WALLET_CLI_COMMANDS_REPORT_H_
#define NOABER_WALLET_CLI_COMMANDS_REPORT_H_

#include <string>

#include "absl/status/status.h"
#include "wallet-cli/wallet.h"

namespace noaber::wallet {

struct ImpactReportOptions {
  std::string from;    // YYYY-MM; empty: the month the community was founded
  std::string to;      // YYYY-MM; empty: this month
  std::string format;  // json, csv, html (required)
  std::string out;
  std::string lang = "nl";
  bool suppressed = false;  // administrators: the report others get
};

absl::Status RunImpactReport(Wallet& wallet, const ImpactReportOptions& options);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_COMMANDS_REPORT_H_
