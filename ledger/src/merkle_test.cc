// Tests of the Merkle log (merkle.h):
// - known answers transcribed from transparency-dev/merkle (ledger/testdata/merkle/README.md),
// - that project's JSON verification probes, valid and invalid, read at run time,
// - properties checked against a naive reference written straight from RFC 9162 section 2.1:
//   every proof of many trees verifies against the reference root, and every tampered input
//   (a flipped bit, another index, another size unless its path has the same shape, a
//   truncated or extended proof) is refused,
// - the appender reports the same perfect subtrees as computing them from scratch.
#include "noaber/ledger/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {
namespace {

using Proof = std::vector<Hash>;
using Json = nlohmann::json;

// crypto.h: libsodium is initialised before use.
class CryptoEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }
};
[[maybe_unused]] const ::testing::Environment* const kCryptoEnvironment =
    ::testing::AddGlobalTestEnvironment(new CryptoEnvironment);

// ---- The reference: RFC 9162 section 2.1 as written, recursion and all ----
// Its own hashing over crypto.h's Sha256, O(n) per root: slow and obviously right.

Hash RefLeafHash(std::string_view data) { return Sha256(StrCat(std::string(1, '\0'), data)); }

Hash RefNodeHash(const Hash& left, const Hash& right) {
  std::string input(1, '\x01');
  input.append(left.begin(), left.end());
  input.append(right.begin(), right.end());
  return Sha256(input);
}

// The largest power of two below n (n >= 2), counted up without overflow.
uint64_t RefSplit(uint64_t n) {
  uint64_t k = 1;
  while (k <= (n - 1) / 2) k *= 2;
  return k;
}

// MTH(D[n]) over leaf hashes.
Hash RefRoot(std::span<const Hash> leaves) {
  if (leaves.empty()) return Sha256("");
  if (leaves.size() == 1) return leaves[0];
  const uint64_t k = RefSplit(leaves.size());
  return RefNodeHash(RefRoot(leaves.first(k)), RefRoot(leaves.subspan(k)));
}

// PATH(m, D[n]).
Proof RefPath(uint64_t m, std::span<const Hash> leaves) {
  if (leaves.size() <= 1) return {};
  const uint64_t k = RefSplit(leaves.size());
  Proof path = m < k ? RefPath(m, leaves.first(k)) : RefPath(m - k, leaves.subspan(k));
  path.push_back(m < k ? RefRoot(leaves.subspan(k)) : RefRoot(leaves.first(k)));
  return path;
}

// SUBPROOF(m, D[n], b).
Proof RefSubproof(uint64_t m, std::span<const Hash> leaves, bool b) {
  if (m == leaves.size()) return b ? Proof{} : Proof{RefRoot(leaves)};
  const uint64_t k = RefSplit(leaves.size());
  Proof proof =
      m <= k ? RefSubproof(m, leaves.first(k), b) : RefSubproof(m - k, leaves.subspan(k), false);
  proof.push_back(m <= k ? RefRoot(leaves.subspan(k)) : RefRoot(leaves.first(k)));
  return proof;
}

// The shape of PATH(m, D[n]): for each sibling, bottom up, whether it is on the left. A
// verifier's computation depends on (m, n) only through this shape, so a proof for (m, n)
// also verifies for (m', n') exactly when the shapes are equal. Different indices always
// have different shapes; different sizes may not (leaf 0 of 3 leaves and of 4 leaves).
std::vector<bool> InclusionShape(uint64_t m, uint64_t n) {
  if (n <= 1) return {};
  const uint64_t k = RefSplit(n);
  std::vector<bool> shape = m < k ? InclusionShape(m, k) : InclusionShape(m - k, n - k);
  shape.push_back(m >= k);
  return shape;
}

// The shape of PROOF(m, D[n]): whether the verifier seeds with the old root or with the
// first proof hash, and for each further hash whether it is a left sibling (in both trees,
// 'L') or a right one (only in the new tree, 'R'). No shape for sizes with no proof.
std::optional<std::pair<bool, std::string>> ConsistencyShape(uint64_t m, uint64_t n) {
  if (m > n || (m == 0 && n > 0)) return std::nullopt;
  bool b = true;
  std::string steps;
  while (m != n) {  // SUBPROOF's recursion, unrolled because it is a tail call
    const uint64_t k = RefSplit(n);
    if (m <= k) {
      steps.insert(steps.begin(), 'R');
      n = k;
    } else {
      steps.insert(steps.begin(), 'L');
      m -= k;
      n -= k;
      b = false;
    }
  }
  return std::make_pair(b, steps);
}

// ---- Test sources ----

// Reads through to `inner`, but refuses (and counts) any node outside the first tree_size
// leaves, so a test sees that a proof for tree_size never looks past it. Counts reads.
class BoundedSource final : public MerkleNodeSource {
 public:
  BoundedSource(const MerkleNodeSource& inner, uint64_t tree_size)
      : inner_(inner), tree_size_(tree_size) {}
  absl::StatusOr<Hash> PerfectSubtree(uint32_t level, uint64_t index) const override {
    ++reads_;
    if (level > kMerkleLevelMax || index >= (tree_size_ >> level)) {
      ++outside_reads_;
      return absl::FailedPreconditionError(StrCat("read outside the tree: ", level, "/", index));
    }
    return inner_.PerfectSubtree(level, index);
  }
  int reads() const { return reads_; }
  int outside_reads() const { return outside_reads_; }
  void ResetCounts() { reads_ = outside_reads_ = 0; }

 private:
  const MerkleNodeSource& inner_;
  uint64_t tree_size_;
  mutable int reads_ = 0;
  mutable int outside_reads_ = 0;
};

// Fails read number fail_at (counting from 0) with Unavailable; -1 never fails.
class FaultySource final : public MerkleNodeSource {
 public:
  FaultySource(const MerkleNodeSource& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}
  absl::StatusOr<Hash> PerfectSubtree(uint32_t level, uint64_t index) const override {
    if (reads_++ == fail_at_) return absl::UnavailableError("injected read failure");
    return inner_.PerfectSubtree(level, index);
  }
  int reads() const { return reads_; }

 private:
  const MerkleNodeSource& inner_;
  int fail_at_;
  mutable int reads_ = 0;
};

// ---- Shared logs ----

struct Log {
  std::vector<Hash> leaf_hashes;
  MemoryMerkleNodes nodes;
  std::vector<Hash> roots;  // reference roots for sizes 0..roots.size()-1
  std::span<const Hash> Leaves(uint64_t size) const {
    return std::span<const Hash>(leaf_hashes).first(size);
  }
};

void FillLog(Log& log, uint64_t size, uint64_t reference_roots_max) {
  for (uint64_t i = 0; i < size; ++i) {
    log.leaf_hashes.push_back(RefLeafHash(StrCat("journal entry ", i)));
    log.nodes.Append(log.leaf_hashes.back());
  }
  for (uint64_t n = 0; n <= reference_roots_max; ++n) log.roots.push_back(RefRoot(log.Leaves(n)));
}

constexpr uint64_t kSmallLogSize = 300;
constexpr uint64_t kLargeLogSize = 16385;
constexpr uint64_t kExhaustiveSizeMax = 12;  // every bit of every proof is flipped up to here

const Log& SmallLog() {
  static const Log* log = [] {
    auto* made = new Log;
    FillLog(*made, kSmallLogSize, kSmallLogSize);
    return made;
  }();
  return *log;
}

const Log& LargeLog() {
  static const Log* log = [] {
    auto* made = new Log;
    FillLog(*made, kLargeLogSize, 0);
    return made;
  }();
  return *log;
}

// The most node reads a root or proof for a tree of n leaves may take: O(log n).
int ReadsMax(uint64_t n) { return 2 * std::bit_width(n) + 1; }

// ---- Verdict bookkeeping: millions of checks, one readable failure list ----

class Verdicts {
 public:
  // `describe()` runs only on a wrong verdict. A refusal must be InvalidArgument or DataLoss.
  template <typename Describe>
  void Expect(bool expected_ok, const absl::Status& status, const Describe& describe) {
    ++checked_;
    const bool refused_properly = status.code() == absl::StatusCode::kInvalidArgument ||
                                  status.code() == absl::StatusCode::kDataLoss;
    if (expected_ok ? status.ok() : refused_properly) return;
    if (failures_.size() < 8) failures_.push_back(StrCat(describe(), " -> ", status.ToString()));
    ++failure_count_;
  }
  int checked() const { return checked_; }
  int failure_count() const { return failure_count_; }
  std::string Failures() const {
    std::string out;
    for (const std::string& failure : failures_) StrAppend(&out, failure, "\n");
    return out;
  }

 private:
  int checked_ = 0;
  int failure_count_ = 0;
  std::vector<std::string> failures_;
};

Hash FlipBit(Hash hash, int bit) {
  hash[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return hash;
}

// All 256 bits, or one random bit.
std::vector<int> BitsToFlip(bool exhaustive, std::mt19937_64& random) {
  if (!exhaustive) return {static_cast<int>(random() % 256)};
  std::vector<int> bits(256);
  for (int bit = 0; bit < 256; ++bit) bits[bit] = bit;
  return bits;
}

// Proofs one hash shorter or longer than `proof`, in every place that matters.
std::vector<Proof> ResizedProofs(const Proof& proof, const Hash& some_hash) {
  std::vector<Proof> resized;
  if (!proof.empty()) {
    resized.emplace_back(proof.begin(), proof.end() - 1);  // truncated
    resized.emplace_back(proof.begin() + 1, proof.end());  // first hash dropped
  }
  Proof extended = proof;
  extended.push_back(some_hash);
  resized.push_back(extended);
  Proof prepended = proof;
  prepended.insert(prepended.begin(), some_hash);
  resized.push_back(prepended);
  Proof doubled = proof;
  doubled.insert(doubled.begin() + static_cast<long>(proof.size() / 2), Hash{});
  resized.push_back(doubled);
  return resized;
}

// Other values of `value` below `limit` and beyond: every one when exhaustive, else a few.
std::vector<uint64_t> OtherValues(uint64_t value, uint64_t limit, bool exhaustive,
                                  std::mt19937_64& random) {
  std::set<uint64_t> values = {value + 1, value ^ 1, value ^ 2,  value / 2, value * 2,
                               limit,     limit + 1, UINT64_MAX, 0,         random() % (limit + 2)};
  if (value > 0) values.insert(value - 1);
  if (exhaustive) {
    for (uint64_t other = 0; other <= limit + 2; ++other) values.insert(other);
  }
  values.erase(value);
  return std::vector<uint64_t>(values.begin(), values.end());
}

// ---- Checking one inclusion proof and its tampered variants ----

struct InclusionCase {
  uint64_t index;
  uint64_t size;
  Hash leaf;
  Hash root;
  Proof proof;
};

void CheckInclusionTampering(const InclusionCase& c, bool exhaustive, std::mt19937_64& random,
                             Verdicts& verdicts) {
  auto where = [&c](auto... what) {  // a description built only when it is needed
    return [&c, what...] { return StrCat("inclusion ", c.index, "/", c.size, ": ", what...); };
  };
  for (size_t j = 0; j < c.proof.size(); ++j) {
    for (int bit : BitsToFlip(exhaustive, random)) {
      Proof tampered = c.proof;
      tampered[j] = FlipBit(tampered[j], bit);
      verdicts.Expect(false, VerifyInclusion(c.leaf, c.index, c.size, tampered, c.root),
                      where("proof[", j, "] bit ", bit));
    }
  }
  for (int bit : BitsToFlip(exhaustive, random)) {
    verdicts.Expect(false, VerifyInclusion(FlipBit(c.leaf, bit), c.index, c.size, c.proof, c.root),
                    where("leaf bit ", bit));
    verdicts.Expect(false, VerifyInclusion(c.leaf, c.index, c.size, c.proof, FlipBit(c.root, bit)),
                    where("root bit ", bit));
  }
  const std::vector<bool> shape = InclusionShape(c.index, c.size);
  for (uint64_t index : OtherValues(c.index, c.size, exhaustive, random)) {
    verdicts.Expect(false, VerifyInclusion(c.leaf, index, c.size, c.proof, c.root),
                    where("index ", index));
  }
  for (uint64_t size : OtherValues(c.size, 2 * c.size, exhaustive, random)) {
    const bool same_shape = c.index < size && InclusionShape(c.index, size) == shape;
    verdicts.Expect(same_shape, VerifyInclusion(c.leaf, c.index, size, c.proof, c.root),
                    where("size ", size));
  }
  for (const Proof& resized : ResizedProofs(c.proof, c.root)) {
    verdicts.Expect(false, VerifyInclusion(c.leaf, c.index, c.size, resized, c.root),
                    where("proof of ", resized.size(), " hashes"));
  }
}

// Generates, checks and tampers with the inclusion proofs of `indices` in the first `size`
// leaves of `log`.
void CheckInclusionProofs(const Log& log, uint64_t size, const Hash& root,
                          const std::vector<uint64_t>& indices, bool exhaustive,
                          std::mt19937_64& random, Verdicts& verdicts) {
  BoundedSource source(log.nodes, size);
  for (uint64_t index : indices) {
    source.ResetCounts();
    absl::StatusOr<Proof> proof = InclusionProof(source, index, size);
    ASSERT_TRUE(proof.ok()) << index << "/" << size << ": " << proof.status();
    ASSERT_EQ(source.outside_reads(), 0) << index << "/" << size;
    ASSERT_LE(source.reads(), ReadsMax(size)) << index << "/" << size;
    if (size <= 64) {
      ASSERT_EQ(*proof, RefPath(index, log.Leaves(size))) << index << "/" << size;
    }
    const InclusionCase c{index, size, log.leaf_hashes[index], root, *proof};
    verdicts.Expect(true, VerifyInclusion(c.leaf, index, size, c.proof, root),
                    [&] { return StrCat("inclusion ", index, "/", size, " as generated"); });
    CheckInclusionTampering(c, exhaustive, random, verdicts);
  }
}

// ---- Checking one consistency proof and its tampered variants ----

struct ConsistencyCase {
  uint64_t old_size;
  uint64_t new_size;
  Hash old_root;
  Hash new_root;
  Proof proof;
};

void CheckConsistencyTampering(const ConsistencyCase& c, bool exhaustive, std::mt19937_64& random,
                               Verdicts& verdicts) {
  auto verify = [&c](uint64_t old_size, uint64_t new_size, const Hash& old_root,
                     const Hash& new_root, const Proof& proof) {
    return VerifyConsistency(old_size, new_size, old_root, new_root, proof);
  };
  auto where = [&c](auto... what) {  // a description built only when it is needed
    return [&c, what...] {
      return StrCat("consistency ", c.old_size, "->", c.new_size, ": ", what...);
    };
  };
  for (size_t j = 0; j < c.proof.size(); ++j) {
    for (int bit : BitsToFlip(exhaustive, random)) {
      Proof tampered = c.proof;
      tampered[j] = FlipBit(tampered[j], bit);
      verdicts.Expect(false, verify(c.old_size, c.new_size, c.old_root, c.new_root, tampered),
                      where("proof[", j, "] bit ", bit));
    }
  }
  for (int bit : BitsToFlip(exhaustive, random)) {
    verdicts.Expect(false,
                    verify(c.old_size, c.new_size, FlipBit(c.old_root, bit), c.new_root, c.proof),
                    where("old root bit ", bit));
    verdicts.Expect(false,
                    verify(c.old_size, c.new_size, c.old_root, FlipBit(c.new_root, bit), c.proof),
                    where("new root bit ", bit));
  }
  const auto shape = ConsistencyShape(c.old_size, c.new_size);
  for (uint64_t old_size : OtherValues(c.old_size, c.new_size, exhaustive, random)) {
    const bool same_shape = ConsistencyShape(old_size, c.new_size) == shape;
    verdicts.Expect(same_shape, verify(old_size, c.new_size, c.old_root, c.new_root, c.proof),
                    where("old size ", old_size));
  }
  for (uint64_t new_size : OtherValues(c.new_size, 2 * c.new_size, exhaustive, random)) {
    const bool same_shape = ConsistencyShape(c.old_size, new_size) == shape;
    verdicts.Expect(same_shape, verify(c.old_size, new_size, c.old_root, c.new_root, c.proof),
                    where("new size ", new_size));
  }
  if (c.old_root != c.new_root) {
    verdicts.Expect(false, verify(c.old_size, c.new_size, c.new_root, c.old_root, c.proof),
                    where("swapped roots"));
  }
  for (const Proof& resized : ResizedProofs(c.proof, c.new_root)) {
    verdicts.Expect(false, verify(c.old_size, c.new_size, c.old_root, c.new_root, resized),
                    where("proof of ", resized.size(), " hashes"));
  }
}

// Generates, checks and tampers with the consistency proofs from each of `old_sizes` to
// `new_size` leaves of `log`; `old_root(m)` gives the reference root of m leaves.
void CheckConsistencyProofs(const Log& log, uint64_t new_size, const Hash& new_root,
                            const std::vector<uint64_t>& old_sizes,
                            const std::function<Hash(uint64_t)>& old_root, bool exhaustive,
                            std::mt19937_64& random, Verdicts& verdicts) {
  BoundedSource source(log.nodes, new_size);
  for (uint64_t old_size : old_sizes) {
    source.ResetCounts();
    absl::StatusOr<Proof> proof = ConsistencyProof(source, old_size, new_size);
    ASSERT_TRUE(proof.ok()) << old_size << "->" << new_size << ": " << proof.status();
    ASSERT_EQ(source.outside_reads(), 0) << old_size << "->" << new_size;
    ASSERT_LE(source.reads(), ReadsMax(new_size)) << old_size << "->" << new_size;
    if (new_size <= 64) {
      ASSERT_EQ(*proof, RefSubproof(old_size, log.Leaves(new_size), true))
          << old_size << "->" << new_size;
    }
    const ConsistencyCase c{old_size, new_size, old_root(old_size), new_root, *proof};
    verdicts.Expect(true, VerifyConsistency(old_size, new_size, c.old_root, new_root, c.proof),
                    [&] { return StrCat("consistency ", old_size, "->", new_size, " as made"); });
    CheckConsistencyTampering(c, exhaustive, random, verdicts);
  }
}

std::vector<uint64_t> Range(uint64_t begin, uint64_t end) {
  std::vector<uint64_t> values;
  for (uint64_t value = begin; value < end; ++value) values.push_back(value);
  return values;
}

// ---- Loading the known answers ----

std::filesystem::path MerkleTestdata() {
  return std::filesystem::path(NOABER_TESTDATA_DIR) / "merkle";
}

Json LoadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return Json::parse(in);
}

Hash HashFromHex(const std::string& hex) {
  Hash hash{};
  EXPECT_TRUE(FromHex(hex, hash.data(), hash.size())) << hex;
  return hash;
}

Proof ProofFromHex(const Json& hexes) {
  Proof proof;
  for (const Json& hex : hexes) proof.push_back(HashFromHex(hex.get<std::string>()));
  return proof;
}

std::string BytesFromHex(const std::string& hex) {
  std::string bytes(hex.size() / 2, '\0');
  EXPECT_TRUE(FromHex(hex, reinterpret_cast<uint8_t*>(bytes.data()), bytes.size())) << hex;
  return bytes;
}

// ---- Known answers ----

TEST(MerkleHashes, MatchTheReferenceVectors) {
  const Json vectors = LoadJson(MerkleTestdata() / "reference_vectors.json");
  const Json& levels = vectors["node_hashes"];
  ASSERT_EQ(levels.size(), 4u);
  for (size_t i = 0; i < vectors["leaves"].size(); ++i) {
    const std::string leaf = BytesFromHex(vectors["leaves"][i].get<std::string>());
    EXPECT_EQ(ToHex(LeafHash(leaf)), levels[0][i].get<std::string>()) << "leaf " << i;
    EXPECT_EQ(LeafHash(leaf), RefLeafHash(leaf)) << "leaf " << i;
  }
  for (size_t level = 1; level < levels.size(); ++level) {
    for (size_t i = 0; i < levels[level].size(); ++i) {
      const Hash left = HashFromHex(levels[level - 1][2 * i].get<std::string>());
      const Hash right = HashFromHex(levels[level - 1][2 * i + 1].get<std::string>());
      EXPECT_EQ(ToHex(NodeHash(left, right)), levels[level][i].get<std::string>())
          << "node " << level << "/" << i;
    }
  }
  EXPECT_EQ(ToHex(EmptyRoot()), vectors["roots"][0].get<std::string>());
  EXPECT_EQ(ToHex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleRoots, MatchTheReferenceVectorsForSizes0To8) {
  const Json vectors = LoadJson(MerkleTestdata() / "reference_vectors.json");
  MemoryMerkleNodes nodes;
  MerkleAppender appender;
  const Json& roots = vectors["roots"];
  ASSERT_EQ(roots.size(), 9u);
  for (size_t size = 0; size < roots.size(); ++size) {
    if (size > 0) {
      const Hash leaf = LeafHash(BytesFromHex(vectors["leaves"][size - 1].get<std::string>()));
      nodes.Append(leaf);
      appender.Append(leaf);
    }
    for (size_t prefix = 0; prefix <= size; ++prefix) {
      absl::StatusOr<Hash> root = RootHash(nodes, prefix);
      ASSERT_TRUE(root.ok()) << root.status();
      EXPECT_EQ(ToHex(*root), roots[prefix].get<std::string>()) << prefix << " of " << size;
    }
    EXPECT_EQ(ToHex(appender.Root()), roots[size].get<std::string>()) << size;
  }
}

// Builds the 8 reference leaves into a tree.
MemoryMerkleNodes ReferenceTree(const Json& vectors) {
  MemoryMerkleNodes nodes;
  for (const Json& leaf : vectors["leaves"]) {
    nodes.Append(LeafHash(BytesFromHex(leaf.get<std::string>())));
  }
  return nodes;
}

TEST(MerkleProofs, MatchTheReferenceInclusionProofs) {
  const Json vectors = LoadJson(MerkleTestdata() / "reference_vectors.json");
  const MemoryMerkleNodes nodes = ReferenceTree(vectors);
  ASSERT_EQ(vectors["inclusion_proofs"].size(), 5u);
  for (const Json& vector : vectors["inclusion_proofs"]) {
    const uint64_t index = vector["index"];
    const uint64_t size = vector["size"];
    const Proof want = ProofFromHex(vector["proof"]);
    absl::StatusOr<Proof> proof = InclusionProof(nodes, index, size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_EQ(*proof, want) << index << "/" << size;
    const Hash leaf = *nodes.PerfectSubtree(0, index);
    const Hash root = HashFromHex(vectors["roots"][size].get<std::string>());
    EXPECT_TRUE(VerifyInclusion(leaf, index, size, want, root).ok()) << index << "/" << size;
  }
}

TEST(MerkleProofs, MatchTheReferenceConsistencyProofs) {
  const Json vectors = LoadJson(MerkleTestdata() / "reference_vectors.json");
  const MemoryMerkleNodes nodes = ReferenceTree(vectors);
  ASSERT_EQ(vectors["consistency_proofs"].size(), 5u);
  for (const Json& vector : vectors["consistency_proofs"]) {
    const uint64_t old_size = vector["size1"];
    const uint64_t new_size = vector["size2"];
    const Proof want = ProofFromHex(vector["proof"]);
    absl::StatusOr<Proof> proof = ConsistencyProof(nodes, old_size, new_size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_EQ(*proof, want) << old_size << "->" << new_size;
    const Hash old_root = HashFromHex(vectors["roots"][old_size].get<std::string>());
    const Hash new_root = HashFromHex(vectors["roots"][new_size].get<std::string>());
    EXPECT_TRUE(VerifyConsistency(old_size, new_size, old_root, new_root, want).ok())
        << old_size << "->" << new_size;
  }
}

// The hash a proof element of proof/proof_test.go names: [level, index], or a rehash of
// border nodes listed bottom-up.
Hash NodeFromId(const MerkleNodeSource& nodes, const Json& id) {
  if (id.is_array()) return *nodes.PerfectSubtree(id[0].get<uint32_t>(), id[1].get<uint64_t>());
  const Json& parts = id["rehash"];
  Hash hash = NodeFromId(nodes, parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) hash = NodeHash(NodeFromId(nodes, parts[i]), hash);
  return hash;
}

TEST(MerkleProofs, TakeTheReferenceNodes) {
  const Json vectors = LoadJson(MerkleTestdata() / "reference_vectors.json");
  const MemoryMerkleNodes& nodes = SmallLog().nodes;
  int checked = 0;
  for (const Json& vector : vectors["inclusion_node_ids"]) {
    const uint64_t size = vector["size"];
    const uint64_t index = vector["index"];
    absl::StatusOr<Proof> proof = InclusionProof(BoundedSource(nodes, size), index, size);
    if (vector.contains("error")) {
      EXPECT_EQ(proof.status().code(), absl::StatusCode::kInvalidArgument) << index << "/" << size;
      continue;
    }
    ASSERT_TRUE(proof.ok()) << index << "/" << size << ": " << proof.status();
    Proof want;
    for (const Json& id : vector["nodes"]) want.push_back(NodeFromId(nodes, id));
    EXPECT_EQ(*proof, want) << index << "/" << size;
    ++checked;
  }
  for (const Json& vector : vectors["consistency_node_ids"]) {
    const uint64_t old_size = vector["size1"];
    const uint64_t new_size = vector["size2"];
    absl::StatusOr<Proof> proof =
        ConsistencyProof(BoundedSource(nodes, new_size), old_size, new_size);
    if (vector.contains("error")) {
      EXPECT_EQ(proof.status().code(), absl::StatusCode::kInvalidArgument) << old_size;
      continue;
    }
    ASSERT_TRUE(proof.ok()) << old_size << "->" << new_size << ": " << proof.status();
    Proof want;
    for (const Json& id : vector["nodes"]) want.push_back(NodeFromId(nodes, id));
    EXPECT_EQ(*proof, want) << old_size << "->" << new_size;
    ++checked;
  }
  EXPECT_EQ(checked, 18 + 25);
}

// ---- transparency-dev/merkle's JSON probes ----

// A probe's hashes, decoded from base64. Noaber's hashes are exactly 32 bytes, so a probe
// holding any other length is refused when it is decoded, before it reaches a verifier. Two
// upstream probes that must pass use 12-byte placeholder roots ("don't care"); for those, each
// placeholder is replaced by its SHA-256, which keeps equal placeholders equal.
struct ProbeHashes {
  std::vector<Hash> hashes;
  bool representable = true;
};

ProbeHashes DecodeProbeHashes(const std::vector<std::string>& texts) {
  ProbeHashes decoded;
  for (const std::string& text : texts) {
    std::string bytes;
    EXPECT_TRUE(absl::Base64Unescape(text, &bytes)) << text;
    if (bytes.size() == sizeof(Hash)) {
      decoded.hashes.emplace_back();
      std::copy(bytes.begin(), bytes.end(), decoded.hashes.back().begin());
    } else {
      decoded.representable = false;
      decoded.hashes.push_back(Sha256(bytes));
    }
  }
  return decoded;
}

std::vector<std::string> ProbeStrings(const Json& probe, const std::vector<std::string>& keys) {
  std::vector<std::string> texts;
  for (const std::string& key : keys) texts.push_back(probe[key].get<std::string>());
  if (!probe["proof"].is_null()) {
    for (const Json& hash : probe["proof"]) texts.push_back(hash.get<std::string>());
  }
  return texts;
}

struct ProbeTally {
  int files = 0;
  int accepted = 0;
  int refused_by_verifier = 0;
  int refused_at_decoding = 0;
  int placeholders_replaced = 0;
};

// Runs every probe under `directory`: `verify(probe, hashes)` verifies one decoded probe.
ProbeTally RunProbes(const std::string& directory,
                     const std::function<absl::Status(const Json&, const Proof&)>& verify) {
  ProbeTally tally;
  for (const auto& file :
       std::filesystem::recursive_directory_iterator(MerkleTestdata() / directory)) {
    if (file.path().extension() != ".json") continue;
    ++tally.files;
    const Json probe = LoadJson(file.path());
    const bool want_error = probe["wantErr"].get<bool>();
    const std::vector<std::string> keys = probe.contains("size1")
                                              ? std::vector<std::string>{"root1", "root2"}
                                              : std::vector<std::string>{"leafHash", "root"};
    const ProbeHashes decoded = DecodeProbeHashes(ProbeStrings(probe, keys));
    if (!decoded.representable && want_error) {
      ++tally.refused_at_decoding;
      continue;
    }
    if (!decoded.representable) ++tally.placeholders_replaced;
    const absl::Status status = verify(probe, decoded.hashes);
    EXPECT_EQ(status.ok(), !want_error) << file.path() << ": " << status;
    if (!status.ok()) {
      EXPECT_TRUE(status.code() == absl::StatusCode::kInvalidArgument ||
                  status.code() == absl::StatusCode::kDataLoss)
          << file.path() << ": " << status;
    }
    ++(status.ok() ? tally.accepted : tally.refused_by_verifier);
  }
  return tally;
}

TEST(MerkleProbes, InclusionProbesOfTransparencyDev) {
  const ProbeTally tally = RunProbes("inclusion", [](const Json& probe, const Proof& hashes) {
    // Upstream named the index "leafIdx" in some versions and "leafIndex" in others.
    const uint64_t index = probe.contains("leafIdx") ? probe["leafIdx"].get<uint64_t>()
                                                     : probe["leafIndex"].get<uint64_t>();
    const Proof proof(hashes.begin() + 2, hashes.end());
    return VerifyInclusion(hashes[0], index, probe["treeSize"].get<uint64_t>(), proof, hashes[1]);
  });
  EXPECT_EQ(tally.files, 40);
  EXPECT_EQ(tally.accepted, 6);
  EXPECT_EQ(tally.refused_by_verifier, 20);
  EXPECT_EQ(tally.refused_at_decoding, 14);
  EXPECT_EQ(tally.placeholders_replaced, 0);
}

TEST(MerkleProbes, ConsistencyProbesOfTransparencyDev) {
  const ProbeTally tally = RunProbes("consistency", [](const Json& probe, const Proof& hashes) {
    const Proof proof(hashes.begin() + 2, hashes.end());
    return VerifyConsistency(probe["size1"].get<uint64_t>(), probe["size2"].get<uint64_t>(),
                             hashes[0], hashes[1], proof);
  });
  EXPECT_EQ(tally.files, 44);
  EXPECT_EQ(tally.accepted, 7);
  EXPECT_EQ(tally.refused_by_verifier, 24);
  EXPECT_EQ(tally.refused_at_decoding, 13);
  EXPECT_EQ(tally.placeholders_replaced, 2);
}

// ---- Properties against the reference ----

// Tree sizes for the property tests: all small ones, then random ones up to kSmallLogSize.
std::vector<uint64_t> PropertySizes(std::mt19937_64& random) {
  std::vector<uint64_t> sizes = Range(1, 33);
  for (uint64_t size : {63, 64, 65, 127, 128, 129, 255, 256, 257, 300}) sizes.push_back(size);
  for (int i = 0; i < 12; ++i) sizes.push_back(33 + random() % (kSmallLogSize - 32));
  return sizes;
}

TEST(MerkleProperties, EveryRootMatchesTheReference) {
  const Log& log = SmallLog();
  for (uint64_t size = 0; size <= kSmallLogSize; ++size) {
    BoundedSource source(log.nodes, size);
    absl::StatusOr<Hash> root = RootHash(source, size);
    ASSERT_TRUE(root.ok()) << size << ": " << root.status();
    EXPECT_EQ(*root, log.roots[size]) << size;
    EXPECT_EQ(source.reads(), std::popcount(size)) << size;
  }
}

TEST(MerkleProperties, EveryInclusionProofVerifiesAndNoTamperedOneDoes) {
  std::mt19937_64 random(20260105);
  const Log& log = SmallLog();
  Verdicts verdicts;
  for (uint64_t size : PropertySizes(random)) {
    CheckInclusionProofs(log, size, log.roots[size], Range(0, size), size <= kExhaustiveSizeMax,
                         random, verdicts);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(verdicts.failure_count(), 0) << verdicts.Failures();
  EXPECT_GT(verdicts.checked(), 100000);
}

TEST(MerkleProperties, EveryConsistencyProofVerifiesAndNoTamperedOneDoes) {
  std::mt19937_64 random(20260106);
  const Log& log = SmallLog();
  Verdicts verdicts;
  auto old_root = [&log](uint64_t size) { return log.roots[size]; };
  for (uint64_t size : PropertySizes(random)) {
    CheckConsistencyProofs(log, size, log.roots[size], Range(1, size + 1), old_root,
                           size <= kExhaustiveSizeMax, random, verdicts);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(verdicts.failure_count(), 0) << verdicts.Failures();
  EXPECT_GT(verdicts.checked(), 100000);
}

TEST(MerkleProperties, LargeTreesSampled) {
  std::mt19937_64 random(20260107);
  const Log& log = LargeLog();
  Verdicts verdicts;
  for (uint64_t size : {uint64_t{10000}, uint64_t{12345}, uint64_t{16384}, kLargeLogSize}) {
    const Hash root = RefRoot(log.Leaves(size));
    std::vector<uint64_t> indices = {0, 1, size / 2, size - 2, size - 1};
    std::vector<uint64_t> old_sizes = {1, 2, 3, 4096, 8191, size - 1, size};
    for (int i = 0; i < 24; ++i) indices.push_back(random() % size);
    for (int i = 0; i < 6; ++i) old_sizes.push_back(1 + random() % size);
    CheckInclusionProofs(log, size, root, indices, false, random, verdicts);
    auto old_root = [&log](uint64_t old_size) { return RefRoot(log.Leaves(old_size)); };
    CheckConsistencyProofs(log, size, root, old_sizes, old_root, false, random, verdicts);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(verdicts.failure_count(), 0) << verdicts.Failures();
}

// The tree size is not bound by an inclusion proof: leaf 0 has the same path shape in trees
// of 3 and 4 leaves, so a proof against the 3-leaf root also "verifies" as a 4-leaf tree.
// Only the checkpoint signing (size, root) together binds the size.
TEST(MerkleProperties, AnInclusionProofDoesNotBindTheTreeSize) {
  const Log& log = SmallLog();
  absl::StatusOr<Proof> proof = InclusionProof(log.nodes, 0, 3);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(VerifyInclusion(log.leaf_hashes[0], 0, 3, *proof, log.roots[3]).ok());
  EXPECT_TRUE(VerifyInclusion(log.leaf_hashes[0], 0, 4, *proof, log.roots[3]).ok());
  EXPECT_FALSE(VerifyInclusion(log.leaf_hashes[0], 0, 4, *proof, log.roots[4]).ok());
}

// ---- The appender ----

TEST(MerkleAppender, CompletesTheSameNodesAsComputedFromScratch) {
  const Log& log = SmallLog();
  MerkleAppender appender;
  std::map<std::pair<uint32_t, uint64_t>, Hash> reported;
  for (uint64_t i = 0; i < kSmallLogSize; ++i) {
    const std::vector<MerkleNode> completed = appender.Append(log.leaf_hashes[i]);
    ASSERT_EQ(completed.size(), 1u + std::countr_one(i)) << i;
    for (const MerkleNode& node : completed) {
      const uint64_t width = uint64_t{1} << node.level;
      const std::span<const Hash> leaves =
          log.Leaves(kSmallLogSize).subspan(node.index * width, width);
      EXPECT_EQ(node.hash, RefRoot(leaves)) << node.level << "/" << node.index;
      EXPECT_EQ(node.hash, *log.nodes.PerfectSubtree(node.level, node.index));
      EXPECT_TRUE(reported.emplace(std::make_pair(node.level, node.index), node.hash).second)
          << "reported twice: " << node.level << "/" << node.index;
    }
    const uint64_t size = i + 1;
    EXPECT_EQ(appender.size(), size);
    EXPECT_EQ(reported.size(), 2 * size - std::popcount(size)) << size;
    EXPECT_EQ(appender.Root(), log.roots[size]) << size;
  }
  for (uint32_t level = 0; (uint64_t{1} << level) <= kSmallLogSize; ++level) {
    for (uint64_t index = 0; index < (kSmallLogSize >> level); ++index) {
      EXPECT_TRUE(reported.contains({level, index})) << "never reported: " << level << "/" << index;
    }
  }
}

TEST(MerkleAppender, ResumesFromStoredNodes) {
  const Log& log = SmallLog();
  std::vector<std::vector<MerkleNode>> straight;
  MerkleAppender appender;
  for (const Hash& leaf : log.leaf_hashes) straight.push_back(appender.Append(leaf));
  for (uint64_t size : {0, 1, 2, 3, 7, 8, 100, 255, 256, 299, 300}) {
    BoundedSource source(log.nodes, size);
    absl::StatusOr<MerkleAppender> resumed = MerkleAppender::Resume(source, size);
    ASSERT_TRUE(resumed.ok()) << size << ": " << resumed.status();
    EXPECT_EQ(source.reads(), std::popcount(size));
    EXPECT_EQ(resumed->size(), size);
    EXPECT_EQ(resumed->Root(), log.roots[size]) << size;
    for (uint64_t i = size; i < kSmallLogSize; ++i) {
      ASSERT_EQ(resumed->Append(log.leaf_hashes[i]), straight[i]) << size << " then " << i;
    }
  }
}

TEST(MerkleAppender, LargeTreeMatchesMemoryNodes) {
  const Log& log = LargeLog();
  MerkleAppender appender;
  size_t written = 0;
  for (const Hash& leaf : log.leaf_hashes) {
    for (const MerkleNode& node : appender.Append(leaf)) {
      ++written;
      ASSERT_EQ(node.hash, *log.nodes.PerfectSubtree(node.level, node.index));
    }
  }
  EXPECT_EQ(written, 2 * kLargeLogSize - std::popcount(kLargeLogSize));
  EXPECT_EQ(appender.Root(), *RootHash(log.nodes, kLargeLogSize));
  EXPECT_EQ(appender.Root(), RefRoot(log.Leaves(kLargeLogSize)));
}

// ---- Edge cases and errors ----

TEST(MerkleVerify, InclusionRefusesAnIndexAtOrBeyondTheSize) {
  const Hash some{1};
  for (auto [index, size] : std::vector<std::pair<uint64_t, uint64_t>>{
           {0, 0}, {1, 0}, {1, 1}, {5, 5}, {6, 5}, {UINT64_MAX, UINT64_MAX}, {UINT64_MAX, 0}}) {
    EXPECT_EQ(VerifyInclusion(some, index, size, {}, some).code(),
              absl::StatusCode::kInvalidArgument)
        << index << "/" << size;
  }
}

TEST(MerkleVerify, SingleLeafTree) {
  const Hash leaf = LeafHash("data");
  EXPECT_TRUE(VerifyInclusion(leaf, 0, 1, {}, leaf).ok());
  EXPECT_EQ(VerifyInclusion(leaf, 0, 1, {}, EmptyRoot()).code(), absl::StatusCode::kDataLoss);
  const Proof one = {leaf};
  EXPECT_EQ(VerifyInclusion(leaf, 0, 1, one, leaf).code(), absl::StatusCode::kInvalidArgument);
}

TEST(MerkleVerify, ConsistencyEdgeCases) {
  const Hash a = LeafHash("a");
  const Hash b = LeafHash("b");
  const Proof one = {a};
  auto code = [](const absl::Status& status) { return status.code(); };
  using absl::StatusCode;
  // Equal sizes: an empty proof and equal roots.
  EXPECT_TRUE(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {}).ok());
  EXPECT_TRUE(VerifyConsistency(5, 5, a, a, {}).ok());
  EXPECT_EQ(code(VerifyConsistency(5, 5, a, b, {})), StatusCode::kDataLoss);
  EXPECT_EQ(code(VerifyConsistency(5, 5, a, a, one)), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(VerifyConsistency(0, 0, a, a, one)), StatusCode::kInvalidArgument);
  // Backwards in time.
  EXPECT_EQ(code(VerifyConsistency(1, 0, a, a, {})), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(VerifyConsistency(UINT64_MAX, 3, a, b, one)), StatusCode::kInvalidArgument);
  // From the empty tree: refused whatever the proof.
  EXPECT_EQ(code(VerifyConsistency(0, 1, EmptyRoot(), a, {})), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(VerifyConsistency(0, 1, EmptyRoot(), a, one)), StatusCode::kInvalidArgument);
  // Growing needs a proof.
  EXPECT_EQ(code(VerifyConsistency(1, 2, a, b, {})), StatusCode::kInvalidArgument);
  const Hash ab = NodeHash(a, b);
  const Proof just_b = {b};
  EXPECT_TRUE(VerifyConsistency(1, 2, a, ab, just_b).ok());
  EXPECT_EQ(code(VerifyConsistency(1, 2, b, ab, just_b)), StatusCode::kDataLoss);
}

// Pairs (first < second) spread over every bit width up to 64, with the extremes.
std::vector<std::pair<uint64_t, uint64_t>> ExtremeSizePairs() {
  std::vector<std::pair<uint64_t, uint64_t>> pairs = {{0, 1},
                                                      {0, 2},
                                                      {5, 7},
                                                      {6, 7},
                                                      {1, 300},
                                                      {0, UINT64_MAX},
                                                      {UINT64_MAX - 1, UINT64_MAX},
                                                      {3, UINT64_MAX},
                                                      {uint64_t{1} << 63, UINT64_MAX},
                                                      {(uint64_t{1} << 63) - 1, UINT64_MAX}};
  std::mt19937_64 random(20260108);
  for (int i = 0; i < 200; ++i) {
    const int width = 1 + static_cast<int>(random() % 64);
    const uint64_t second = std::max<uint64_t>(2, random() >> (64 - width));
    pairs.emplace_back(random() % second, second);
  }
  return pairs;
}

// For any sizes, exactly one proof length gets as far as comparing roots; every other length
// is refused as malformed before any hashing. (The verifiers assert that this length is the
// one RFC 9162's walk accepts, so a disagreement would crash here.)
TEST(MerkleVerify, OnlyTheRightProofLengthIsHashed) {
  const Hash some = LeafHash("x");
  const Hash other = LeafHash("y");
  const Proof long_proof(kMerkleProofHashesMax + 3, some);
  const std::span<const Hash> all(long_proof);
  for (auto [first, second] : ExtremeSizePairs()) {
    std::vector<size_t> inclusion_hashed, consistency_hashed;
    for (size_t length = 0; length <= long_proof.size(); ++length) {
      const absl::Status inclusion = VerifyInclusion(some, first, second, all.first(length), other);
      const absl::Status consistency =
          VerifyConsistency(first, second, some, other, all.first(length));
      for (const auto& [status, hashed] :
           {std::pair{inclusion, &inclusion_hashed}, std::pair{consistency, &consistency_hashed}}) {
        ASSERT_FALSE(status.ok()) << first << " " << second << " " << length;
        if (status.code() == absl::StatusCode::kDataLoss) hashed->push_back(length);
      }
    }
    EXPECT_EQ(inclusion_hashed.size(), 1u) << first << "/" << second;
    const size_t want_consistency = first == 0 ? 0u : 1u;
    EXPECT_EQ(consistency_hashed.size(), want_consistency) << first << "->" << second;
    for (size_t length : inclusion_hashed) EXPECT_LE(length, kMerkleProofHashesMax - 1);
    for (size_t length : consistency_hashed) EXPECT_LE(length, kMerkleProofHashesMax);
  }
  // The longest proofs there are: 64 hashes for inclusion, 65 for consistency.
  EXPECT_EQ(VerifyInclusion(some, 0, UINT64_MAX, all.first(64), other).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyConsistency(3, UINT64_MAX, some, other, all.first(65)).code(),
            absl::StatusCode::kDataLoss);
}

// One prover answers a batch's receipts: proofs in any order, repeated, equal to fresh ones.
TEST(MerkleProver, ProvesAnyOrderOfLeavesAsFreshProofsDo) {
  std::mt19937_64 random(20261128);
  const Log& log = LargeLog();
  for (uint64_t size : {uint64_t{1}, uint64_t{2}, uint64_t{7}, uint64_t{300}, uint64_t{4096},
                        uint64_t{12345}, kLargeLogSize}) {
    std::vector<uint64_t> order;
    for (uint64_t i = 0; i < std::min<uint64_t>(size, 700); ++i) order.push_back(i);
    for (uint64_t i = size - std::min<uint64_t>(size, 300); i < size; ++i) order.push_back(i);
    for (int i = 0; i < 200; ++i) order.push_back(random() % size);
    for (int i = 0; i < 50; ++i) order.push_back(size - 1 - random() % std::min<uint64_t>(size, 9));
    std::vector<uint64_t> descending(order.rbegin(), order.rend());
    order.insert(order.end(), descending.begin(), descending.end());
    const Hash root = RefRoot(log.Leaves(size));
    InclusionProver prover(log.nodes, size);
    for (uint64_t leaf : order) {
      absl::StatusOr<std::vector<Hash>> proof = prover.Prove(leaf);
      absl::StatusOr<std::vector<Hash>> fresh = InclusionProof(log.nodes, leaf, size);
      ASSERT_TRUE(proof.ok() && fresh.ok()) << size << "/" << leaf;
      ASSERT_EQ(*proof, *fresh) << "leaf " << leaf << " of " << size;
      ASSERT_TRUE(VerifyInclusion(log.leaf_hashes[leaf], leaf, size, *proof, root).ok())
          << size << "/" << leaf;
    }
  }
}

TEST(MerkleProver, ConsecutiveLeavesReadOnlyTheStepsTheyDoNotShare) {
  const Log& log = LargeLog();
  const uint64_t size = kLargeLogSize;
  BoundedSource source(log.nodes, size);
  InclusionProver prover(source, size);
  const uint64_t first = 5000;
  const uint64_t count = 512;
  for (uint64_t leaf = first; leaf < first + count; ++leaf) {
    ASSERT_TRUE(prover.Prove(leaf).ok()) << leaf;
  }
  // Alone, each proof reads one node per step (15 for this size); consecutive leaves share all
  // but about two steps on average.
  EXPECT_EQ(source.outside_reads(), 0);
  EXPECT_LT(source.reads(), static_cast<int>(3 * count)) << source.reads();
  EXPECT_GT(source.reads(), static_cast<int>(count));
}

TEST(MerkleProver, AReadErrorIsReturnedAndTheNextProofsAreRight) {
  const Log& log = SmallLog();
  const uint64_t size = 300;
  for (int fail_at = 0; fail_at < 12; ++fail_at) {
    FaultySource source(log.nodes, fail_at);
    InclusionProver prover(source, size);
    bool failed = false;
    for (uint64_t leaf = 100; leaf < 140; ++leaf) {
      absl::StatusOr<std::vector<Hash>> proof = prover.Prove(leaf);
      if (!proof.ok()) {
        EXPECT_EQ(proof.status().code(), absl::StatusCode::kUnavailable);
        failed = true;
        proof = prover.Prove(leaf);  // the source fails only once
        ASSERT_TRUE(proof.ok()) << fail_at << "/" << leaf << ": " << proof.status();
      }
      absl::StatusOr<std::vector<Hash>> fresh = InclusionProof(log.nodes, leaf, size);
      ASSERT_TRUE(fresh.ok());
      ASSERT_EQ(*proof, *fresh) << "fail_at " << fail_at << ", leaf " << leaf;
    }
    EXPECT_TRUE(failed) << fail_at;
  }
}

TEST(MerkleGenerate, RefusesImpossibleArguments) {
  const MemoryMerkleNodes& nodes = SmallLog().nodes;
  using absl::StatusCode;
  EXPECT_EQ(InclusionProof(nodes, 0, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(InclusionProof(nodes, 8, 8).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(nodes, 9, 8).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(nodes, 0, 8).status().code(), StatusCode::kInvalidArgument);
  absl::StatusOr<Proof> same = ConsistencyProof(nodes, 0, 0);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->empty());
  same = ConsistencyProof(nodes, 8, 8);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->empty());
}

TEST(MerkleGenerate, PassesOnEveryReadError) {
  const MemoryMerkleNodes& nodes = SmallLog().nodes;
  using Operation = std::function<absl::Status(const MerkleNodeSource&)>;
  const std::vector<std::pair<std::string, Operation>> operations = {
      {"root", [](const auto& s) { return RootHash(s, 299).status(); }},
      {"inclusion", [](const auto& s) { return InclusionProof(s, 137, 299).status(); }},
      {"consistency", [](const auto& s) { return ConsistencyProof(s, 37, 299).status(); }},
      {"resume", [](const auto& s) { return MerkleAppender::Resume(s, 299).status(); }}};
  for (const auto& [name, operation] : operations) {
    FaultySource counting(nodes, -1);
    ASSERT_TRUE(operation(counting).ok()) << name;
    ASSERT_GT(counting.reads(), 1) << name;
    for (int fail_at = 0; fail_at < counting.reads(); ++fail_at) {
      EXPECT_EQ(operation(FaultySource(nodes, fail_at)).code(), absl::StatusCode::kUnavailable)
          << name << " read " << fail_at;
    }
  }
}

TEST(MemoryMerkleNodes, MissingNodesAreNotFound) {
  MemoryMerkleNodes nodes;
  EXPECT_EQ(nodes.PerfectSubtree(0, 0).status().code(), absl::StatusCode::kNotFound);
  for (int i = 0; i < 3; ++i) nodes.Append(LeafHash(StrCat(i)));
  EXPECT_EQ(nodes.size(), 3u);
  EXPECT_TRUE(nodes.PerfectSubtree(0, 2).ok());
  EXPECT_TRUE(nodes.PerfectSubtree(1, 0).ok());
  EXPECT_EQ(nodes.PerfectSubtree(1, 1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(nodes.PerfectSubtree(2, 0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(nodes.PerfectSubtree(64, 0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(RootHash(nodes, 4).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(InclusionProof(nodes, 0, 4).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace noaber::ledger
