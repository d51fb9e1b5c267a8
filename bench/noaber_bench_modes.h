// noaber-bench: the ways it loads the node, each over its own slice of pre-signed transfers:
//   unary   Submit, a fixed number of calls in flight (closed loop): throughput;
//   rate    Submit at a fixed offered rate (open loop): latency at a given load;
//   batch   SubmitBatch of B operations, K calls in flight;
//   stream  one SubmitStream, batches of B, K batches unanswered at most.
// And opening the residents' accounts beforehand. Each runs on the calling thread (the
// stream adds a reader thread) against one client, which must outlive the call.
#ifndef NOABER_BENCH_NOABER_BENCH_MODES_H_
#define NOABER_BENCH_NOABER_BENCH_MODES_H_

#include <span>
#include <string>

#include "absl/status/status.h"
#include "bench/noaber_bench_calls.h"
#include "bench/noaber_bench_options.h"
#include "bench/noaber_bench_tally.h"
#include "noaber/v1/ledger.grpc.pb.h"

namespace noaber::bench {

struct ModeResult {
  std::string mode;               // "unary", "rate", "batch", "stream"
  std::string setting;            // for people: "64 in flight", "512 per batch, 4 in flight"
  std::string latency_of;         // what one latency is: "operation" or "batch"
  double offered_per_second = 0;  // rate mode only
  Tally tally;
  // CPU time (user + system) used while the mode ran, by the node and by this process.
  double node_cpu_seconds = 0;
  double client_cpu_seconds = 0;
};

ModeResult RunUnaryMode(NodeClient* client, std::span<const std::string> operations,
                        const BenchOptions& options);
ModeResult RunRateMode(NodeClient* client, std::span<const std::string> operations,
                       const BenchOptions& options);
// Not run (tally.not_run says why) when the node does not serve SubmitBatch.
ModeResult RunBatchMode(NodeClient* client, std::span<const std::string> operations,
                        const BenchOptions& options);
// Not run (tally.not_run says why) when the node does not serve SubmitStream.
ModeResult RunStreamMode(NodeClient* client, std::span<const std::string> operations,
                         const BenchOptions& options);

// Opens every account: in batches when the node serves SubmitBatch, else by Submit calls in
// parallel. FailedPrecondition, with the first failure's sentence, unless all are accepted.
absl::Status OpenAccounts(NodeClient* client, std::span<const std::string> openings,
                          const BenchOptions& options);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_MODES_H_
