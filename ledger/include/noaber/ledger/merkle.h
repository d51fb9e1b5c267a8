// The journal as a Merkle log: RFC 6962 / RFC 9162 (section 2.1) tree hashing, inclusion and
// consistency proofs, and their verification. A leaf is one journal entry's encoding
// (EncodeJournalEntry). See docs/merkle.md.
//
// Storage model: a log stores the hash of every perfect subtree (2^level leaves starting at a
// multiple of 2^level) once it is complete; such a node never changes again. Roots and proofs
// for any tree size are computed from those nodes only, in O(log n) reads. (A store may keep
// only the higher levels and hash the lower ones from the leaves again: RocksDbStore does.)
//
// Statuses returned by the verifiers:
//   InvalidArgument  the inputs cannot be a proof: index >= size, old size > new size, a
//                    consistency proof from the empty tree, or a proof of the wrong length.
//                    Nothing is hashed.
//   DataLoss         the proof is well-formed but the hashes do not reproduce the given
//                    root(s): the proof, a root or the leaf is corrupt, or the log forked.
#ifndef NOABER_LEDGER_MERKLE_H_
#define NOABER_LEDGER_MERKLE_H_

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

// Tree sizes are uint64_t, so a perfect subtree has at most 2^63 leaves.
inline constexpr uint32_t kMerkleLevelMax = 63;
// The longest proof for any tree size below 2^64: an inclusion proof has at most 64 hashes,
// a consistency proof at most 65.
inline constexpr size_t kMerkleProofHashesMax = 65;

// SHA-256(0x00 || leaf_bytes): the hash of one leaf. For the journal, leaf_bytes is
// EncodeJournalEntry(entry) (note: not HashJournalEntry, which has no 0x00 prefix).
Hash LeafHash(std::string_view leaf_bytes);
// SHA-256(0x01 || left || right): the hash of an inner node.
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256 of the empty string: the root of the tree with no leaves.
Hash EmptyRoot();

// One perfect subtree: 2^level leaves starting at leaf index << level.
struct MerkleNode {
  uint32_t level = 0;
  uint64_t index = 0;
  Hash hash{};
  bool operator==(const MerkleNode&) const = default;
};

// Where the perfect-subtree hashes of a log live (a store, or MemoryMerkleNodes).
// Implementations must be safe for concurrent readers.
class MerkleNodeSource {
 public:
  virtual ~MerkleNodeSource() = default;
  // The hash of the complete subtree of 2^level leaves starting at leaf index * 2^level.
  // NotFound if that subtree is not complete (yet); other errors are the storage's own.
  virtual absl::StatusOr<Hash> PerfectSubtree(uint32_t level, uint64_t index) const = 0;
};

// The root hash of the first tree_size leaves (EmptyRoot() for 0). Reads popcount(tree_size)
// nodes. The caller makes sure the source holds at least tree_size leaves; a missing node
// surfaces as the source's NotFound.
absl::StatusOr<Hash> RootHash(const MerkleNodeSource& source, uint64_t tree_size);

// The audit path PATH(leaf_index, D[tree_size]) of RFC 9162 section 2.1.3.1, from the leaf's
// sibling up to the root's child. InvalidArgument if leaf_index >= tree_size. At most
// 2 * 64 reads.
absl::StatusOr<std::vector<Hash>> InclusionProof(const MerkleNodeSource& source,
                                                 uint64_t leaf_index, uint64_t tree_size);

// Inclusion proofs of many leaves in one tree (the receipts of a batch): the hashes of the
// tree's ragged right edge, on most of their paths, are computed once, and a proof takes the
// upper steps it shares with the one before from it (a batch's leaves are consecutive, so
// they share all but their lowest few steps). Borrows `source`. Not thread-safe.
class InclusionProver {
 public:
  InclusionProver(const MerkleNodeSource& source, uint64_t tree_size);
  // The same path as InclusionProof(source, leaf_index, tree_size).
  absl::StatusOr<std::vector<Hash>> Prove(uint64_t leaf_index);

 private:
  // One step of a walk from the root: the subtree [begin, end), the side the leaf is on, and
  // the other side's hash.
  struct Step {
    uint64_t begin;
    uint64_t end;
    bool right;
    Hash sibling;
  };

  absl::StatusOr<Hash> Range(uint64_t begin, uint64_t count);

  const MerkleNodeSource& source_;
  const uint64_t tree_size_;
  std::map<std::pair<uint64_t, uint64_t>, Hash> ragged_;  // (begin, count) -> hash
  std::vector<Step> last_walk_;  // the previous Prove's steps, root first
};

// The consistency proof PROOF(old_size, D[new_size]) of RFC 9162 section 2.1.4.1. Empty when
// old_size == new_size. InvalidArgument if old_size > new_size, or if old_size is 0 and
// new_size is not (RFC 9162 defines no proof from the empty tree). At most 2 * 64 + 1 reads.
absl::StatusOr<std::vector<Hash>> ConsistencyProof(const MerkleNodeSource& source,
                                                   uint64_t old_size, uint64_t new_size);

// RFC 9162 section 2.1.3.2. OK if `proof` shows that `leaf_hash` is leaf number `leaf_index`
// of the tree of `tree_size` leaves whose root is `root`. The tree size is bound only by the
// checkpoint that signs (tree_size, root) together: take both from the same checkpoint.
// Statuses as in the file comment.
absl::Status VerifyInclusion(const Hash& leaf_hash, uint64_t leaf_index, uint64_t tree_size,
                             std::span<const Hash> proof, const Hash& root);

// RFC 9162 section 2.1.4.2. OK if `proof` shows that the tree of old_size leaves with root
// `old_root` is a prefix of the tree of new_size leaves with root `new_root`. Equal sizes
// need an empty proof and equal roots. Statuses as in the file comment.
absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                               const Hash& new_root, std::span<const Hash> proof);

// The right border of a growing tree (its "compact range"): for each set bit of size(), the
// perfect subtree covering that stretch of leaves. Appending a leaf reports every perfect
// subtree it completes, so a store can persist nodes as they appear without reading any:
// 2 * n - popcount(n) nodes for n leaves, under 2 writes per leaf. A value type; not
// thread-safe.
class MerkleAppender {
 public:
  MerkleAppender() = default;  // the empty tree

  // Continues a tree of `size` leaves whose nodes are in `source` (reads popcount(size)).
  static absl::StatusOr<MerkleAppender> Resume(const MerkleNodeSource& source, uint64_t size);

  uint64_t size() const { return size_; }

  // Appends leaf number size() with hash `leaf_hash`. Returns the nodes it completes, bottom
  // up: the leaf itself (level 0), then one parent for each trailing one bit of its index.
  std::vector<MerkleNode> Append(const Hash& leaf_hash);

  // The root of the size() leaves so far, without reads.
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  // border_[level] is the perfect subtree of 2^level leaves on the border when bit `level`
  // of size_ is set; otherwise unused.
  std::array<Hash, kMerkleLevelMax + 1> border_{};
};

// Perfect-subtree hashes in memory, one vector per level: for tests, and for an in-memory
// store. Safe for concurrent readers; writers need external synchronisation.
class MemoryMerkleNodes final : public MerkleNodeSource {
 public:
  // Appends the next leaf and stores every perfect subtree it completes.
  void Append(const Hash& leaf_hash);
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }

  absl::StatusOr<Hash> PerfectSubtree(uint32_t level, uint64_t index) const override;

 private:
  std::vector<std::vector<Hash>> levels_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_MERKLE_H_
