#include "bench/noaber_bench_tally.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace noaber::bench {

namespace {

double NearestRankMs(const std::vector<uint32_t>& sorted, double fraction) {
  const size_t rank = static_cast<size_t>(std::ceil(fraction * sorted.size()));
  const size_t index = std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1);
  return sorted[index] / 1000.0;
}

}  // namespace

void Tally::CountOutcome(std::string_view result_name, std::string_view message) {
  ++answered;
  // Only "accepted" is new work. Every transfer the benchmark sends is signed once and sent
  // once, so an "already_applied" would be a repeat the node answered from its index of ids:
  // it is listed by name like a rejection and keeps a run from meeting its goals.
  if (result_name == "accepted") {
    ++accepted;
    return;
  }
  ++rejected[std::string(result_name)];
  if (first_failure.empty()) first_failure = std::string(result_name) + ": " + std::string(message);
}

void Tally::CountErrors(std::string_view code_name, uint64_t operations, std::string_view message) {
  answered += operations;
  errors[std::string(code_name)] += operations;
  if (first_failure.empty()) first_failure = std::string(code_name) + ": " + std::string(message);
}

void Tally::AddLatency(Clock::time_point started, Clock::time_point answered_at) {
  const int64_t us =
      std::chrono::duration_cast<std::chrono::microseconds>(answered_at - started).count();
  const int64_t bounded = std::clamp<int64_t>(us, 0, std::numeric_limits<uint32_t>::max());
  latencies_us.push_back(static_cast<uint32_t>(bounded));
}

uint64_t Tally::rejected_total() const {
  uint64_t total = 0;
  for (const auto& [name, count] : rejected) total += count;
  return total;
}

uint64_t Tally::errors_total() const {
  uint64_t total = 0;
  for (const auto& [name, count] : errors) total += count;
  return total;
}

LatencySummary Summarize(std::vector<uint32_t> latencies_us) {
  if (latencies_us.empty()) return {};
  std::sort(latencies_us.begin(), latencies_us.end());
  return {NearestRankMs(latencies_us, 0.50), NearestRankMs(latencies_us, 0.95),
          NearestRankMs(latencies_us, 0.99), latencies_us.back() / 1000.0};
}

}  // namespace noaber::bench
