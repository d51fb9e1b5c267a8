#include "bench/noaber_bench_driver.h"

namespace noaber::bench {

namespace {

double SecondsSince(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

// AsyncNext takes a system_clock deadline; the loops plan on the steady clock.
std::chrono::system_clock::time_point SystemDeadline(Clock::time_point deadline) {
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(deadline - Clock::now());
}

// Takes back the call behind `tag`, counts it and advances the bar.
void Complete(void* tag, Tally* tally, ProgressBar* bar) {
  std::unique_ptr<PendingCall> call(static_cast<PendingCall*>(tag));
  tally->AddLatency(call->started(), Clock::now());
  bar->Advance(call->Record(tally));
}

// Shuts `queue` down once every call on it has completed, and drains it.
void Drain(grpc::CompletionQueue* queue) {
  queue->Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue->Next(&tag, &ok)) {
  }
}

}  // namespace

Tally RunClosedLoop(size_t calls, int in_flight, const CallStarter& start, ProgressBar* bar) {
  grpc::CompletionQueue queue;
  Tally tally;
  size_t next = 0;
  int active = 0;
  const Clock::time_point began = Clock::now();
  auto launch = [&] {
    start(next++, Clock::now(), &queue).release();  // owned by the queue until its tag returns
    ++active;
  };
  while (next < calls && active < in_flight) launch();
  void* tag = nullptr;
  bool ok = false;
  while (active > 0 && queue.Next(&tag, &ok)) {
    --active;
    Complete(tag, &tally, bar);
    if (next < calls) launch();
  }
  tally.seconds = SecondsSince(began);
  Drain(&queue);
  return tally;
}

Tally RunOpenLoop(size_t calls, double calls_per_second, const CallStarter& start,
                  ProgressBar* bar) {
  grpc::CompletionQueue queue;
  Tally tally;
  size_t next = 0;
  size_t active = 0;
  const Clock::time_point began = Clock::now();
  auto due = [&](size_t index) {
    return began + std::chrono::duration_cast<Clock::duration>(
                       std::chrono::duration<double>(index / calls_per_second));
  };
  while (next < calls || active > 0) {
    if (next < calls && Clock::now() >= due(next)) {
      start(next, due(next), &queue).release();  // owned by the queue until its tag returns
      ++next;
      ++active;
      continue;
    }
    const Clock::time_point wake =
        next < calls ? due(next) : Clock::now() + std::chrono::seconds(1);
    void* tag = nullptr;
    bool ok = false;
    const auto got = queue.AsyncNext(&tag, &ok, SystemDeadline(wake));
    if (got == grpc::CompletionQueue::SHUTDOWN) break;
    if (got == grpc::CompletionQueue::GOT_EVENT) {
      --active;
      Complete(tag, &tally, bar);
    }
  }
  tally.seconds = SecondsSince(began);
  Drain(&queue);
  return tally;
}

}  // namespace noaber::bench
