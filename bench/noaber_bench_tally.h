// noaber-bench: what one mode of the load saw. Operations counted by outcome (accepted,
// rejected by result name, call errors by gRPC code), one latency per call, and the wall time.
// Plain values; each mode fills its own Tally on its driving thread (not thread-safe).
#ifndef NOABER_BENCH_NOABER_BENCH_TALLY_H_
#define NOABER_BENCH_NOABER_BENCH_TALLY_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace noaber::bench {

using Clock = std::chrono::steady_clock;

struct Tally {
  uint64_t answered = 0;  // operations with an outcome or an error: accepted + rejected + errors
  uint64_t accepted = 0;  // "accepted" only
  // Every other outcome by result name ("exceeds_minimum", "busy", "already_applied").
  std::map<std::string, uint64_t> rejected;
  std::map<std::string, uint64_t> errors;    // operations whose call failed, by gRPC code
  std::string first_failure;           // the sentence of the first rejection or error, for people
  std::vector<uint32_t> latencies_us;  // one per call: an operation, or a batch of them
  double seconds = 0;  // wall time from the first call started to the last one answered
  // Non-empty when the mode could not run at all, and why (the node answers UNIMPLEMENTED).
  std::string not_run;

  // One operation's outcome by its result name; `message` is kept if it is the first failure.
  void CountOutcome(std::string_view result_name, std::string_view message);
  // `operations` operations whose call failed with gRPC code `code_name`.
  void CountErrors(std::string_view code_name, uint64_t operations, std::string_view message);
  void AddLatency(Clock::time_point started, Clock::time_point answered);

  uint64_t rejected_total() const;
  uint64_t errors_total() const;
  double per_second() const { return seconds > 0 ? answered / seconds : 0; }
};

struct LatencySummary {
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Percentiles (nearest rank) of `latencies_us`; all zero when it is empty.
LatencySummary Summarize(std::vector<uint32_t> latencies_us);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_TALLY_H_
