#include "bench/noaber_bench_ceiling.h"

#include <time.h>

#include <chrono>
#include <thread>
#include <vector>

#include "noaber/ledger/ledger.h"
#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

using Clock = std::chrono::steady_clock;

// Operations verified between two looks at the clock.
constexpr size_t kVerifiesPerClockRead = 32;

// CPU time this thread has used, in seconds.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

struct ThreadCount {
  uint64_t verified = 0;
  double cpu_seconds = 0;
  std::string failure;  // a rejection's sentence: the count is void
};

// Verifies from `sample` starting at `first` until `stop`.
ThreadCount VerifyUntil(const ledger::CommunityId& community, std::span<const std::string> sample,
                        size_t first, Clock::time_point stop) {
  ThreadCount count;
  const double cpu_started = ThreadCpuSeconds();
  size_t at = first % sample.size();
  ledger::VerifiedOperation out;
  while (Clock::now() < stop) {
    for (size_t i = 0; i < kVerifiesPerClockRead; ++i) {
      ledger::Rejection rejection = ledger::VerifyOperation(community, sample[at], &out);
      if (!rejection.ok()) {
        count.failure = rejection.message;
        return count;
      }
      ++count.verified;
      at = at + 1 == sample.size() ? 0 : at + 1;
    }
  }
  count.cpu_seconds = ThreadCpuSeconds() - cpu_started;
  return count;
}

}  // namespace

absl::StatusOr<Ceiling> MeasureVerifyCeiling(const ledger::CommunityId& community,
                                             std::span<const std::string> sample, int threads,
                                             double seconds) {
  if (sample.empty()) return absl::InvalidArgumentError("no operations to verify");
  std::vector<ThreadCount> counts(threads);
  std::vector<std::thread> pool;
  const Clock::time_point started = Clock::now();
  const Clock::time_point stop =
      started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back(
        [&, t] { counts[t] = VerifyUntil(community, sample, sample.size() * t / threads, stop); });
  }
  for (std::thread& t : pool) t.join();
  Ceiling ceiling;
  ceiling.threads = threads;
  ceiling.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  uint64_t total = 0;
  double cpu_seconds = 0;
  for (const ThreadCount& count : counts) {
    if (!count.failure.empty()) {
      return absl::InternalError(
          ledger::StrCat("a pre-signed operation does not verify: ", count.failure));
    }
    total += count.verified;
    cpu_seconds += count.cpu_seconds;
    if (count.cpu_seconds > 0) ceiling.operations_per_second += count.verified / count.cpu_seconds;
  }
  ceiling.wall_per_second = total / ceiling.seconds;
  ceiling.microseconds_each = total > 0 ? 1e6 * cpu_seconds / total : 0;
  return ceiling;
}

}  // namespace noaber::bench
