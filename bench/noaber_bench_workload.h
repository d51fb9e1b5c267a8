// noaber-bench: the signed operations it sends, all made before any timing starts. Residents
// with fresh keys; the administrator's open_account operations for them; and transfers of
// one minute from a random payer to a random other payee, each signed by the payer, with a
// unique operation id. Signing runs on several threads. Plain values once built.
#ifndef NOABER_BENCH_NOABER_BENCH_WORKLOAD_H_
#define NOABER_BENCH_NOABER_BENCH_WORKLOAD_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/noaber_bench_progress.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/types.h"

namespace noaber::bench {

// Calls `body(i)` for every i in [0, count) on `threads` threads, each taking a contiguous
// range. Returns when all are done.
void ParallelFor(size_t count, int threads, const std::function<void(size_t)>& body);

struct Resident {
  std::string handle;  // "res000001"
  ledger::KeyPair key;
};

struct WorkloadSpec {
  ledger::CommunityId community{};
  ledger::KeyPair admin;
  int accounts = 0;
  size_t transfers = 0;  // over all modes
  uint64_t seed = 1;
  int threads = 1;
  bool progress = false;  // draw a bar while signing
};

struct Workload {
  std::vector<Resident> residents;
  std::vector<std::string> openings;   // signed open_account, one per resident, in order
  std::vector<std::string> transfers;  // signed transfers; each mode takes its own slice
};

// Makes keys and signs everything. Fails only if a signature cannot be added.
absl::StatusOr<Workload> BuildWorkload(const WorkloadSpec& spec);

// The slices of `transfers` the modes use, in order, so no mode sees another's operations.
class TransferSlicer {
 public:
  explicit TransferSlicer(std::span<const std::string> transfers) : transfers_(transfers) {}
  // The next `count` transfers (fewer if the pool runs out).
  std::span<const std::string> Take(size_t count);

 private:
  std::span<const std::string> transfers_;
  size_t next_ = 0;
};

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_WORKLOAD_H_
