// noaber-bench: sustained load on one SubmitStream. A writer sends batches while a reader
// takes their answers, with at most a window of batches sent and not yet answered, so the
// node always has the next batch waiting while it applies one.
#ifndef NOABER_BENCH_NOABER_BENCH_STREAM_H_
#define NOABER_BENCH_NOABER_BENCH_STREAM_H_

#include <span>
#include <string>

#include "bench/noaber_bench_calls.h"
#include "bench/noaber_bench_progress.h"
#include "bench/noaber_bench_tally.h"
#include "noaber/v1/ledger.grpc.pb.h"

namespace noaber::bench {

// Sends `signed_operations` in batches of `batch_size` on one stream, `window` batches
// unanswered at most. One latency per batch, from its write to its answer. Operations left
// unanswered when the stream ends count as errors under the stream's final status.
Tally RunStream(NodeClient* client, std::span<const std::string> signed_operations,
                size_t batch_size, size_t window, ProgressBar* bar);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_STREAM_H_
