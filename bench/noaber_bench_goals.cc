#include "bench/noaber_bench_goals.h"

#include "bench/noaber_bench_format.h"
#include "bench/noaber_bench_report.h"
#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

using ledger::StrCat;

constexpr double kBatchShareOfCeilingMin = 0.70;
constexpr double kUnaryPerSecondMin = 8000;
constexpr int kUnaryInFlightOfGoal = 64;
constexpr double kRateOfGoal = 1000;
constexpr double kRateP99MsMax = 5.0;
constexpr double kBytesPerTransferMax = 400;

void CheckMode(const ModeResult& mode, const BenchReport& report, std::vector<GoalCheck>* out) {
  const Tally& t = mode.tally;
  if (!t.not_run.empty()) return;
  // Only accepted transfers count, and a goal is not met by a run in which any call failed
  // or any transfer was refused: a node that fails fast is not fast.
  const bool clean = t.answered > 0 && t.accepted == t.answered;
  const std::string unclean = clean ? "" : " (not all accepted)";
  const double accepted_per_second = t.seconds > 0 ? t.accepted / t.seconds : 0;
  if (mode.mode == "batch" || mode.mode == "stream") {
    const double share = accepted_per_second / report.ceiling.operations_per_second;
    out->push_back({StrCat(mode.mode, " >= 70% of the ceiling"),
                    Rounded(100 * share) + "%" + unclean,
                    clean && share >= kBatchShareOfCeilingMin});
  } else if (mode.mode == "unary" && report.in_flight == kUnaryInFlightOfGoal) {
    out->push_back({"unary, 64 in flight, >= 8,000/s",
                    Rounded(accepted_per_second) + "/s" + unclean,
                    clean && accepted_per_second >= kUnaryPerSecondMin});
  } else if (mode.mode == "rate" && mode.offered_per_second == kRateOfGoal) {
    const double p99 = Summarize(t.latencies_us).p99_ms;
    out->push_back({"rate 1,000/s: p99 < 5 ms", Fixed(p99, 2) + " ms" + unclean,
                    clean && p99 < kRateP99MsMax});
  }
}

}  // namespace

std::vector<GoalCheck> CheckGoals(const BenchReport& report) {
  std::vector<GoalCheck> out;
  for (const ModeResult& mode : report.modes) CheckMode(mode, report, &out);
  if (report.transfers_journaled == 0) return out;
  const double as_left = BytesPerTransfer(report, report.folder);
  out.push_back({"disk <= 400 bytes/transfer, as the node left it", Rounded(as_left),
                 as_left <= kBytesPerTransferMax});
  if (report.compact_error.empty()) {
    const double compacted = BytesPerTransfer(report, report.compacted);
    out.push_back({"disk <= 400 bytes/transfer, compacted", Rounded(compacted),
                   compacted <= kBytesPerTransferMax});
  }
  return out;
}

}  // namespace noaber::bench
