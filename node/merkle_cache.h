// Remembers the Merkle nodes read from a source (the store), so the proofs of receipts and
// of the Log service read each node from RocksDB about once. A perfect subtree never changes
// once complete, so a remembered node is never stale. Bounded: per level, a ring of slots
// keyed by the node's index (the newest nodes win), so memory stays below
// kMerkleCacheSlotsPerLevel * 64 * 40 bytes whatever the tree's size. Thread-safe.
#ifndef NOABER_NODE_MERKLE_CACHE_H_
#define NOABER_NODE_MERKLE_CACHE_H_

#include <cstdint>
#include <shared_mutex>
#include <span>
#include <vector>

#include "noaber/ledger/merkle.h"

namespace noaber::node {

inline constexpr size_t kMerkleCacheSlotsPerLevel = 1 << 14;

class MerkleNodeCache final : public ledger::MerkleNodeSource {
 public:
  // Borrows `source`, which must outlive the cache.
  explicit MerkleNodeCache(const ledger::MerkleNodeSource* source);

  absl::StatusOr<ledger::Hash> PerfectSubtree(uint32_t level, uint64_t index) const override;
  // Remembers nodes just committed to the source (the write path's own), saving their reads.
  void Remember(std::span<const ledger::MerkleNode> nodes);

 private:
  void PutLocked(uint32_t level, uint64_t index, const ledger::Hash& hash) const;

  struct Slot {
    uint64_t index_plus_one = 0;  // 0: empty
    ledger::Hash hash{};
  };

  const ledger::MerkleNodeSource* const source_;
  mutable std::shared_mutex mutex_;
  mutable std::vector<std::vector<Slot>> levels_;  // allocated on first use of a level
};

}  // namespace noaber::node

#endif  // NOABER_NODE_MERKLE_CACHE_H_
