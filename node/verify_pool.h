// A fixed pool of threads that verify signed operations in parallel (ledger::VerifyOperation:
// decoding, bounds, every Ed25519 signature), one per core by default. A batch of operations
// is split into chunks that the pool's threads and the calling thread work through together,
// so one large batch uses every core. Bounded: never more threads than configured, and the
// work is the caller's own (it waits for its chunks), so nothing queues without bound.
// Thread-safe; owns its threads (joined in the destructor).
#ifndef NOABER_NODE_VERIFY_POOL_H_
#define NOABER_NODE_VERIFY_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "noaber/ledger/ledger.h"

namespace noaber::node {

// Operations one task verifies: large enough that handing a task over costs little (a few
// microseconds against 8 x 53), small enough that the last task of a batch keeps one core
// busy only briefly while the other has nothing left of that batch.
inline constexpr size_t kVerifyChunkOperations = 8;

struct VerifyResult {
  ledger::Rejection rejection;  // ok() when verified
  ledger::VerifiedOperation operation;
};

class VerifyPool {
 public:
  // `threads` 0: one per hardware core.
  explicit VerifyPool(size_t threads = 0);
  ~VerifyPool();
  VerifyPool(const VerifyPool&) = delete;
  VerifyPool& operator=(const VerifyPool&) = delete;

  size_t threads() const { return workers_.size(); }

  // Verifies every operation for `community`; results in the same order.
  std::vector<VerifyResult> VerifyAll(const ledger::CommunityId& community,
                                      std::span<const std::string> signed_operations);

 private:
  void Work();
  // Runs queued tasks on this thread until `done` says its batch is finished.
  void HelpUntil(const std::function<bool()>& done);

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable task_done_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_VERIFY_POOL_H_
