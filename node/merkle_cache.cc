#include "node/merkle_cache.h"

#include <mutex>

namespace noaber::node {

MerkleNodeCache::MerkleNodeCache(const ledger::MerkleNodeSource* source)
    : source_(source), levels_(ledger::kMerkleLevelMax + 1) {}

absl::StatusOr<ledger::Hash> MerkleNodeCache::PerfectSubtree(uint32_t level, uint64_t index) const {
  if (level > ledger::kMerkleLevelMax) return source_->PerfectSubtree(level, index);
  const size_t slot = index % kMerkleCacheSlotsPerLevel;
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    const std::vector<Slot>& slots = levels_[level];
    if (!slots.empty() && slots[slot].index_plus_one == index + 1) return slots[slot].hash;
  }
  absl::StatusOr<ledger::Hash> hash = source_->PerfectSubtree(level, index);
  if (!hash.ok()) return hash;  // NotFound (not complete yet) is never remembered
  std::unique_lock<std::shared_mutex> lock(mutex_);
  PutLocked(level, index, *hash);
  return hash;
}

void MerkleNodeCache::Remember(std::span<const ledger::MerkleNode> nodes) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  for (const ledger::MerkleNode& node : nodes) {
    if (node.level <= ledger::kMerkleLevelMax) PutLocked(node.level, node.index, node.hash);
  }
}

void MerkleNodeCache::PutLocked(uint32_t level, uint64_t index, const ledger::Hash& hash) const {
  std::vector<Slot>& slots = levels_[level];
  if (slots.empty()) slots.resize(kMerkleCacheSlotsPerLevel);
  slots[index % kMerkleCacheSlotsPerLevel] = Slot{index + 1, hash};
}

}  // namespace noaber::node
