#include "node/verify_pool.h"

#include <algorithm>
#include <atomic>
#include <memory>

namespace noaber::node {

VerifyPool::VerifyPool(size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  workers_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

VerifyPool::~VerifyPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void VerifyPool::Work() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and nothing left
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void VerifyPool::HelpUntil(const std::function<bool()>& done) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done()) {
    if (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
      continue;
    }
    task_done_.wait(lock);
  }
}

std::vector<VerifyResult> VerifyPool::VerifyAll(const ledger::CommunityId& community,
                                                std::span<const std::string> signed_operations) {
  std::vector<VerifyResult> results(signed_operations.size());
  const size_t chunks =
      (signed_operations.size() + kVerifyChunkOperations - 1) / kVerifyChunkOperations;
  auto remaining = std::make_shared<std::atomic<size_t>>(chunks);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t chunk = 0; chunk < chunks; ++chunk) {
      tasks_.push_back([&, chunk, remaining] {
        const size_t first = chunk * kVerifyChunkOperations;
        const size_t last = std::min(first + kVerifyChunkOperations, signed_operations.size());
        for (size_t i = first; i < last; ++i) {
          results[i].rejection =
              ledger::VerifyOperation(community, signed_operations[i], &results[i].operation);
        }
        if (remaining->fetch_sub(1) == 1) {
          std::lock_guard<std::mutex> done_lock(mutex_);
          task_done_.notify_all();
        }
      });
    }
  }
  work_ready_.notify_all();
  HelpUntil([&] { return remaining->load() == 0; });
  return results;
}

}  // namespace noaber::node
