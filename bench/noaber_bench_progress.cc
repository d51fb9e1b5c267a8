#include "bench/noaber_bench_progress.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace noaber::bench {

namespace {

constexpr int kBarWidth = 30;
constexpr std::chrono::milliseconds kRedrawInterval{200};

}  // namespace

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(bool enabled, std::string label, uint64_t total)
    : label_(std::move(label)), total_(std::max<uint64_t>(total, 1)) {
  if (enabled) thread_ = std::thread([this] { Run(); });
}

ProgressBar::~ProgressBar() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  thread_.join();
  std::fprintf(stderr, "\r\033[K");  // erase the bar
  std::fflush(stderr);
}

void ProgressBar::Redraw() const {
  const uint64_t done = std::min(done_.load(std::memory_order_relaxed), total_);
  const int filled = static_cast<int>(done * kBarWidth / total_);
  std::string bar(filled, '#');
  bar.resize(kBarWidth, '.');
  std::fprintf(stderr, "\r%-18s [%s] %3d%% %llu/%llu", label_.c_str(), bar.c_str(),
               static_cast<int>(done * 100 / total_), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total_));
  std::fflush(stderr);
}

void ProgressBar::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    Redraw();
    stop_signal_.wait_for(lock, kRedrawInterval, [this] { return stopping_; });
  }
}

}  // namespace noaber::bench
