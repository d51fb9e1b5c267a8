// noaber-bench: this machine's signature-verification ceiling. The node verifies every
// operation (decoding, canonical form, bounds, Ed25519) before it applies it; no write path
// can go faster than all cores doing only that. Measured with ledger::VerifyOperation on one
// thread per core over a sample of the pre-signed transfers, with the node idle.
#ifndef NOABER_BENCH_NOABER_BENCH_CEILING_H_
#define NOABER_BENCH_NOABER_BENCH_CEILING_H_

#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"

namespace noaber::bench {

struct Ceiling {
  double operations_per_second = 0;  // sum over threads of verified / thread CPU seconds
  double wall_per_second = 0;        // verified / wall seconds, all threads together
  double microseconds_each = 0;      // CPU time of one verification
  int threads = 0;
  double seconds = 0;  // wall time measured
};

// Verifies `sample` round robin on `threads` threads for about `seconds`. Fails if an
// operation does not verify (the workload would be wrong).
absl::StatusOr<Ceiling> MeasureVerifyCeiling(const ledger::CommunityId& community,
                                             std::span<const std::string> sample, int threads,
                                             double seconds);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_CEILING_H_
