// noaber-crash: every operation the load clients sent, with what each client heard back.
// An operation is acknowledged (the node answered accepted or already accepted, with its
// journal index), rejected (the node answered with a result code: never applied), or
// unknown (the call failed without the node's answer, as when the node was killed: applied
// at most once). Thread-safe.
#ifndef NOABER_TESTS_CRASH_CRASH_REGISTRY_H_
#define NOABER_TESTS_CRASH_CRASH_REGISTRY_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "noaber/ledger/types.h"

namespace noaber::crash {

enum class Fate { kUnknown, kAcknowledged, kRejected };

// What an operation moves in HOUR when it is applied; none when `minutes` is 0.
struct Effect {
  std::string from;
  std::string to;
  int64_t minutes = 0;
};

struct SentOperation {
  ledger::OperationId id{};
  std::string signed_bytes;
  std::string label;  // "transfer res01->res03 4m (unary)"
  Effect effect;
  bool must_reject = false;  // built to break a rule: the node must never accept it
  int cycle = 0;
  Fate fate = Fate::kUnknown;
  uint64_t index = 0;     // acknowledged: its journal index
  std::string rejection;  // rejected: the node's result name and sentence
};

class Registry {
 public:
  // Records `operation` as sent (its fate unknown) and returns its number.
  size_t Add(SentOperation operation);
  void Acknowledge(size_t number, uint64_t index);
  void Reject(size_t number, std::string why);
  // Calls `fn` on every operation, in the order they were added, under the lock.
  void ForEach(const std::function<void(const SentOperation&)>& fn) const;
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::deque<SentOperation> operations_;
};

}  // namespace noaber::crash

#endif  // NOABER_TESTS_CRASH_CRASH_REGISTRY_H_
