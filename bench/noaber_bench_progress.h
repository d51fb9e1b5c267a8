// noaber-bench: a one-line progress bar on stderr for one phase ("signing", "unary", ...),
// redrawn by its own thread a few times a second and erased when the phase ends. It draws
// only when stderr is a terminal, so piped or --json output stays clean. Advance() is
// thread-safe; the bar belongs to the phase that made it.
#ifndef NOABER_BENCH_NOABER_BENCH_PROGRESS_H_
#define NOABER_BENCH_NOABER_BENCH_PROGRESS_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace noaber::bench {

// True when stderr is a terminal: the only case in which a bar is drawn.
bool StderrIsTerminal();

class ProgressBar {
 public:
  // Draws nothing when `enabled` is false.
  ProgressBar(bool enabled, std::string label, uint64_t total);
  ~ProgressBar();  // stops the redraw thread and erases the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Advance(uint64_t done) { done_.fetch_add(done, std::memory_order_relaxed); }

 private:
  void Redraw() const;
  void Run();

  const std::string label_;
  const uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_PROGRESS_H_
