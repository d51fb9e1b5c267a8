#include "noaber/ledger/merkle.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

#include "ledger/src/assert.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

// The largest power of two strictly below `count` (count >= 2): RFC 9162's split point k.
uint64_t SplitPoint(uint64_t count) { return std::bit_floor(count - 1); }

// The hash of the `count` >= 1 leaves starting at `begin`, where `begin` is a multiple of the
// largest power of two not above `count`. Such a range splits, largest first, into perfect
// subtrees that are aligned on their own size, so popcount(count) reads suffice.
absl::StatusOr<Hash> RangeHash(const MerkleNodeSource& source, uint64_t begin, uint64_t count) {
  NOABER_ASSERT(count > 0 && begin % std::bit_floor(count) == 0, "unaligned Merkle range");
  std::array<Hash, kMerkleLevelMax + 1> chunks;
  size_t chunk_count = 0;
  uint64_t position = begin;
  for (uint64_t rest = count; rest != 0;) {  // one pass per set bit, at most 64
    const uint32_t level = std::bit_width(rest) - 1;
    absl::StatusOr<Hash> chunk = source.PerfectSubtree(level, position >> level);
    if (!chunk.ok()) return chunk.status();
    chunks[chunk_count++] = *chunk;
    position += uint64_t{1} << level;
    rest ^= uint64_t{1} << level;
  }
  // MTH of an imperfect range is NodeHash(its largest chunk, MTH(the rest)): fold from the right.
  Hash hash = chunks[chunk_count - 1];
  for (size_t i = chunk_count - 1; i-- > 0;) hash = NodeHash(chunks[i], hash);
  return hash;
}

// The number of hashes in PATH(index, D[size]), index < size: the levels below the point
// where the paths to `index` and to `size - 1` meet, plus one per left sibling above it.
size_t InclusionProofSize(uint64_t index, uint64_t size) {
  const int inner = std::bit_width(index ^ (size - 1));
  const int border = inner >= 64 ? 0 : std::popcount(index >> inner);
  return static_cast<size_t>(inner + border);
}

// The number of hashes in PROOF(old_size, D[new_size]), 0 < old_size < new_size: the
// inclusion path of the old tree's last leaf, less the levels inside the perfect subtree that
// ends the old tree, plus that subtree itself unless it is the whole old tree.
size_t ConsistencyProofSize(uint64_t old_size, uint64_t new_size) {
  const int shift = std::countr_zero(old_size);
  const size_t seed = std::has_single_bit(old_size) ? 0 : 1;
  return seed + InclusionProofSize(old_size - 1, new_size) - static_cast<size_t>(shift);
}

// Right-shifts both counters once: one level up the tree.
void ShiftBoth(uint64_t& first, uint64_t& second) {
  first >>= 1;
  second >>= 1;
}

// RFC 9162 section 2.1.4.2 steps 2-6, step by step: the old and new roots (fr, sr) that
// `proof` implies, for 0 < old_size < new_size and a proof of ConsistencyProofSize hashes.
// Step 2 prepends old_root when old_size is a power of two; element(i) reads the array as if
// it had been. The RFC's length checks (sn reaching 0 exactly at the end) follow from the
// proof's length, so they are assertions here.
std::pair<Hash, Hash> ConsistencyRoots(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                                       std::span<const Hash> proof) {
  const bool prepended = std::has_single_bit(old_size);
  const size_t element_count = proof.size() + (prepended ? 1 : 0);
  auto element = [&](size_t i) -> const Hash& {
    if (prepended) return i == 0 ? old_root : proof[i - 1];
    return proof[i];
  };
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) ShiftBoth(fn, sn);
  Hash fr = element(0);
  Hash sr = element(0);
  for (size_t i = 1; i < element_count; ++i) {
    const Hash& c = element(i);
    NOABER_ASSERT(sn != 0, "consistency proof length disagrees with RFC 9162");
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) ShiftBoth(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    ShiftBoth(fn, sn);
  }
  NOABER_ASSERT(sn == 0, "consistency proof length disagrees with RFC 9162");
  return {fr, sr};
}

}  // namespace

Hash LeafHash(std::string_view leaf_bytes) {
  const char prefix = static_cast<char>(kLeafPrefix);
  return Sha256Parts({std::string_view(&prefix, 1), leaf_bytes});
}

Hash NodeHash(const Hash& left, const Hash& right) {
  std::array<uint8_t, 1 + 2 * sizeof(Hash)> input;
  input[0] = kNodePrefix;
  std::memcpy(input.data() + 1, left.data(), left.size());
  std::memcpy(input.data() + 1 + left.size(), right.data(), right.size());
  return Sha256(std::string_view(reinterpret_cast<const char*>(input.data()), input.size()));
}

Hash EmptyRoot() { return Sha256(""); }

absl::StatusOr<Hash> RootHash(const MerkleNodeSource& source, uint64_t tree_size) {
  if (tree_size == 0) return EmptyRoot();
  return RangeHash(source, 0, tree_size);
}

InclusionProver::InclusionProver(const MerkleNodeSource& source, uint64_t tree_size)
    : source_(source), tree_size_(tree_size) {}

absl::StatusOr<Hash> InclusionProver::Range(uint64_t begin, uint64_t count) {
  if (std::has_single_bit(count)) return RangeHash(source_, begin, count);
  const std::pair<uint64_t, uint64_t> key{begin, count};
  if (auto it = ragged_.find(key); it != ragged_.end()) return it->second;
  absl::StatusOr<Hash> hash = RangeHash(source_, begin, count);
  if (hash.ok()) ragged_.emplace(key, *hash);
  return hash;
}

absl::StatusOr<std::vector<Hash>> InclusionProver::Prove(uint64_t leaf_index) {
  if (leaf_index >= tree_size_) {
    return absl::InvalidArgumentError(StrCat("no inclusion proof for leaf ", leaf_index,
                                             " in a tree of ", tree_size_, " leaves"));
  }
  // RFC 9162 PATH, unrolled: walk down from the root towards the leaf, keeping each sibling.
  // [begin, end) is the current subtree; `begin` stays a multiple of its split point. While
  // the walk takes the same steps as the previous one, their siblings are the same hashes.
  std::vector<Hash> path;
  uint64_t begin = 0;
  uint64_t end = tree_size_;
  size_t depth = 0;
  bool same_as_last = true;
  while (end - begin > 1) {  // the subtree shrinks every pass: at most 64 passes
    const uint64_t count = end - begin;
    const uint64_t split = SplitPoint(count);
    const bool right = leaf_index - begin >= split;
    same_as_last = same_as_last && depth < last_walk_.size() &&
                   last_walk_[depth].begin == begin && last_walk_[depth].end == end &&
                   last_walk_[depth].right == right;
    if (!same_as_last) {
      last_walk_.resize(depth);  // the steps from here on are this walk's
      absl::StatusOr<Hash> sibling =
          right ? Range(begin, split) : Range(begin + split, count - split);
      if (!sibling.ok()) return sibling.status();
      last_walk_.push_back(Step{begin, end, right, *sibling});
    }
    path.push_back(last_walk_[depth].sibling);
    if (right) {
      begin += split;
    } else {
      end = begin + split;
    }
    ++depth;
  }
  last_walk_.resize(depth);
  std::reverse(path.begin(), path.end());  // the RFC lists the path from the leaf up
  return path;
}

absl::StatusOr<std::vector<Hash>> InclusionProof(const MerkleNodeSource& source,
                                                 uint64_t leaf_index, uint64_t tree_size) {
  return InclusionProver(source, tree_size).Prove(leaf_index);
}

absl::StatusOr<std::vector<Hash>> ConsistencyProof(const MerkleNodeSource& source,
                                                   uint64_t old_size, uint64_t new_size) {
  if (old_size > new_size) {
    return absl::InvalidArgumentError(
        StrCat("no consistency proof from ", old_size, " leaves back to ", new_size));
  }
  if (old_size == new_size) return std::vector<Hash>{};
  if (old_size == 0) {
    return absl::InvalidArgumentError(
        "no consistency proof from the empty tree (RFC 9162 needs 0 < old size)");
  }
  // RFC 9162 SUBPROOF, unrolled. Its flag b ("the old tree is a whole subtree here") is true
  // exactly while begin == 0, i.e. until the walk first goes right.
  std::vector<Hash> proof;
  uint64_t begin = 0;
  uint64_t end = new_size;
  while (old_size < end) {  // begin < old_size <= end throughout; at most 64 passes
    const uint64_t count = end - begin;
    const uint64_t split = SplitPoint(count);
    absl::StatusOr<Hash> sibling;
    if (old_size - begin <= split) {
      sibling = RangeHash(source, begin + split, count - split);
      end = begin + split;
    } else {
      sibling = RangeHash(source, begin, split);
      begin += split;
    }
    if (!sibling.ok()) return sibling.status();
    proof.push_back(*sibling);
  }
  // Now end == old_size and [begin, end) is a perfect subtree ending the old tree. The
  // verifier knows it only if it is the whole old tree.
  if (begin != 0) {
    absl::StatusOr<Hash> last = RangeHash(source, begin, end - begin);
    if (!last.ok()) return last.status();
    proof.push_back(*last);
  }
  std::reverse(proof.begin(), proof.end());  // the RFC lists the deepest node first
  return proof;
}

absl::Status VerifyInclusion(const Hash& leaf_hash, uint64_t leaf_index, uint64_t tree_size,
                             std::span<const Hash> proof, const Hash& root) {
  if (leaf_index >= tree_size) {
    return absl::InvalidArgumentError(
        StrCat("leaf index ", leaf_index, " is not below the tree size ", tree_size));
  }
  const size_t expected = InclusionProofSize(leaf_index, tree_size);
  if (proof.size() != expected) {
    return absl::InvalidArgumentError(StrCat("an inclusion proof for leaf ", leaf_index, " of ",
                                             tree_size, " has ", expected, " hashes, not ",
                                             proof.size()));
  }
  // RFC 9162 section 2.1.3.2, step by step. Its length checks (sn reaching 0 exactly at the
  // end) are implied by the length check above; they stay as assertions.
  uint64_t fn = leaf_index;
  uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    NOABER_ASSERT(sn != 0, "inclusion proof length disagrees with RFC 9162");
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) ShiftBoth(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    ShiftBoth(fn, sn);
  }
  NOABER_ASSERT(sn == 0, "inclusion proof length disagrees with RFC 9162");
  if (r != root) {
    return absl::DataLossError(StrCat("inclusion proof for leaf ", leaf_index, " of ", tree_size,
                                      " gives root ", ToHex(r), ", not ", ToHex(root)));
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                               const Hash& new_root, std::span<const Hash> proof) {
  if (old_size > new_size) {
    return absl::InvalidArgumentError(
        StrCat("old tree size ", old_size, " is above the new tree size ", new_size));
  }
  if (old_size == new_size) {
    if (!proof.empty()) {
      return absl::InvalidArgumentError("equal tree sizes need an empty consistency proof");
    }
    if (old_root != new_root) {
      return absl::DataLossError(StrCat("two different roots for tree size ", old_size, ": ",
                                        ToHex(old_root), " and ", ToHex(new_root)));
    }
    return absl::OkStatus();
  }
  if (old_size == 0) {
    return absl::InvalidArgumentError(
        "a consistency proof from the empty tree proves nothing (RFC 9162 needs 0 < old size)");
  }
  const size_t expected = ConsistencyProofSize(old_size, new_size);
  if (proof.size() != expected) {  // includes RFC step 1: an empty proof fails
    return absl::InvalidArgumentError(StrCat("a consistency proof from ", old_size, " to ",
                                             new_size, " leaves has ", expected, " hashes, not ",
                                             proof.size()));
  }
  const auto [fr, sr] = ConsistencyRoots(old_size, new_size, old_root, proof);
  if (fr != old_root) {
    return absl::DataLossError(StrCat("consistency proof from ", old_size, " to ", new_size,
                                      " gives old root ", ToHex(fr), ", not ", ToHex(old_root)));
  }
  if (sr != new_root) {
    return absl::DataLossError(StrCat("consistency proof from ", old_size, " to ", new_size,
                                      " gives new root ", ToHex(sr), ", not ", ToHex(new_root)));
  }
  return absl::OkStatus();
}

absl::StatusOr<MerkleAppender> MerkleAppender::Resume(const MerkleNodeSource& source,
                                                      uint64_t size) {
  MerkleAppender appender;
  appender.size_ = size;
  uint64_t position = 0;
  for (uint64_t rest = size; rest != 0;) {  // one pass per set bit, largest first
    const uint32_t level = std::bit_width(rest) - 1;
    absl::StatusOr<Hash> node = source.PerfectSubtree(level, position >> level);
    if (!node.ok()) return node.status();
    appender.border_[level] = *node;
    position += uint64_t{1} << level;
    rest ^= uint64_t{1} << level;
  }
  return appender;
}

std::vector<MerkleNode> MerkleAppender::Append(const Hash& leaf_hash) {
  NOABER_ASSERT(size_ != UINT64_MAX, "the Merkle tree is full");
  const uint64_t index = size_;
  std::vector<MerkleNode> completed;
  completed.push_back(MerkleNode{0, index, leaf_hash});
  // Each trailing one bit of the index is a perfect subtree on the border, just left of the
  // new node: together they complete the parent one level up. At most 63 passes.
  uint32_t level = 0;
  Hash hash = leaf_hash;
  while (((index >> level) & 1) == 1) {
    hash = NodeHash(border_[level], hash);
    ++level;
    completed.push_back(MerkleNode{level, index >> level, hash});
  }
  border_[level] = hash;
  ++size_;
  return completed;
}

Hash MerkleAppender::Root() const {
  if (size_ == 0) return EmptyRoot();
  // Fold the border from its smallest (rightmost) subtree to its largest (leftmost).
  uint32_t level = std::countr_zero(size_);
  Hash hash = border_[level];
  for (++level; level <= kMerkleLevelMax; ++level) {
    if (((size_ >> level) & 1) == 1) hash = NodeHash(border_[level], hash);
  }
  return hash;
}

void MemoryMerkleNodes::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // A node with an odd index is a right child: with its left sibling it completes the parent.
  // Each level holds half the nodes of the one below, so this ends within 64 passes.
  for (size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    const std::vector<Hash>& nodes = levels_[level];
    const Hash parent = NodeHash(nodes[nodes.size() - 2], nodes[nodes.size() - 1]);
    if (levels_.size() == level + 1) levels_.emplace_back();
    levels_[level + 1].push_back(parent);
  }
}

absl::StatusOr<Hash> MemoryMerkleNodes::PerfectSubtree(uint32_t level, uint64_t index) const {
  if (level >= levels_.size() || index >= levels_[level].size()) {
    return absl::NotFoundError(
        StrCat("no complete Merkle subtree at level ", level, " index ", index));
  }
  return levels_[level][index];
}

}  // namespace noaber::ledger
