#include "tests/crash/crash_registry.h"

namespace noaber::crash {

size_t Registry::Add(SentOperation operation) {
  std::lock_guard<std::mutex> lock(mutex_);
  operations_.push_back(std::move(operation));
  return operations_.size() - 1;
}

void Registry::Acknowledge(size_t number, uint64_t index) {
  std::lock_guard<std::mutex> lock(mutex_);
  operations_[number].fate = Fate::kAcknowledged;
  operations_[number].index = index;
}

void Registry::Reject(size_t number, std::string why) {
  std::lock_guard<std::mutex> lock(mutex_);
  operations_[number].fate = Fate::kRejected;
  operations_[number].rejection = std::move(why);
}

void Registry::ForEach(const std::function<void(const SentOperation&)>& fn) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const SentOperation& operation : operations_) fn(operation);
}

size_t Registry::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return operations_.size();
}

}  // namespace noaber::crash
