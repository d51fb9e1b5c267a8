// noaber-bench: the loops that keep asynchronous gRPC calls in flight on one completion
// queue, on the calling thread. A closed loop keeps a fixed number of calls in flight (the
// next starts when one is answered); an open loop starts calls at a fixed rate whatever the
// node does, so its latencies count from when each call was due, not from when it could be
// sent (no coordinated omission). Each loop owns its queue; not thread-safe.
#ifndef NOABER_BENCH_NOABER_BENCH_DRIVER_H_
#define NOABER_BENCH_NOABER_BENCH_DRIVER_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <memory>

#include "bench/noaber_bench_progress.h"
#include "bench/noaber_bench_tally.h"

namespace noaber::bench {

// One asynchronous call; its address is its tag on the completion queue.
class PendingCall {
 public:
  explicit PendingCall(Clock::time_point started) : started_(started) {}
  virtual ~PendingCall() = default;
  // Once the queue returned its tag: counts each operation's outcome (or the call's error)
  // into `tally` and returns how many operations the call carried.
  virtual uint64_t Record(Tally* tally) = 0;
  Clock::time_point started() const { return started_; }

 private:
  Clock::time_point started_;  // when it was sent, or due: its latency counts from here
};

// Starts call number `index` on `queue`, its latency counting from `started`.
using CallStarter = std::function<std::unique_ptr<PendingCall>(
    size_t index, Clock::time_point started, grpc::CompletionQueue* queue)>;

// Makes `calls` calls, `in_flight` at a time. One latency per call.
Tally RunClosedLoop(size_t calls, int in_flight, const CallStarter& start, ProgressBar* bar);

// Starts `calls` calls at `calls_per_second`, however many are unanswered.
Tally RunOpenLoop(size_t calls, double calls_per_second, const CallStarter& start,
                  ProgressBar* bar);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_DRIVER_H_
