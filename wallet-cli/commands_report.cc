// noaber report impact: the impact report from the node, written as JSON, CSV or HTML.
#include "wallet-cli/commands_report.h"

#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/private_files.h"
#include "wallet-cli/report_formats.h"

namespace noaber::wallet {

namespace {

using ledger::StrCat;

// "YYYY-MM" with a month 01..12, or empty.
bool IsMonthOrEmpty(const std::string& text) {
  if (text.empty()) return true;
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  return month >= 1 && month <= 12;
}

absl::Status CheckImpactOptions(const ImpactReportOptions& options) {
  for (const auto& [flag, value] : {std::pair{"--from", &options.from}, {"--to", &options.to}}) {
    if (!IsMonthOrEmpty(*value)) {
      return UsageError(StrCat(flag, " '", *value, "' is not a month written YYYY-MM"));
    }
  }
  if (!options.from.empty() && !options.to.empty() && options.from > options.to) {
    return UsageError(StrCat("--from ", options.from, " is after --to ", options.to));
  }
  if (options.format.empty()) return UsageError("--format json|csv|html is required");
  if (options.format != "json" && options.format != "csv" && options.format != "html") {
    return UsageError(StrCat("--format '", options.format, "' is not json, csv or html"));
  }
  if (options.lang != "nl" && options.lang != "en") {
    return UsageError(StrCat("--lang '", options.lang, "' is not nl or en"));
  }
  if (options.out.empty()) return UsageError("--out FILE is required");
  return absl::OkStatus();
}

}  // namespace

absl::Status RunImpactReport(Wallet& wallet, const ImpactReportOptions& options) {
  if (absl::Status s = CheckImpactOptions(options); !s.ok()) return s;
  absl::StatusOr<std::string> auth = wallet.CallAuth(kGetImpactMethod);
  if (!auth.ok()) return auth.status();
  v1::GetImpactRequest request;
  request.set_first_month(options.from);
  request.set_last_month(options.to);
  request.set_suppressed(options.suppressed);
  absl::StatusOr<v1::ImpactReport> report = wallet.node().GetImpact(request, *auth);
  if (!report.ok()) return report.status();
  std::string contents;
  if (options.format == "json") {
    contents = ImpactReportJson(*report).dump(2) + "\n";
  } else if (options.format == "csv") {
    contents = ImpactReportCsv(*report);
  } else {
    contents = ImpactReportHtml(*report, options.lang);
  }
  // Unsuppressed figures are about persons: the file is private to its owner, like a statement.
  if (absl::Status s = WritePrivateFileAtomically(options.out, contents, /*replace=*/true);
      !s.ok()) {
    return UsageError(StrCat("cannot write the report: ", ledger::ToView(s.message())));
  }
  nlohmann::json object = {{"file", options.out},
                           {"format", options.format},
                           {"first_month", report->first_month()},
                           {"last_month", report->last_month()},
                           {"suppressed", report->suppressed()},
                           {"k", report->persons_min()}};
  wallet.output().Result(
      StrCat("Wrote the impact report ", report->first_month(), " to ", report->last_month(), " (",
             options.format, ", ",
             report->suppressed()
                 ? StrCat("figures about fewer than ", report->persons_min(), " residents left out")
                 : std::string("every figure, for administrators only"),
             ") to ", options.out),
      object);
  return absl::OkStatus();
}

}  // namespace noaber::wallet
