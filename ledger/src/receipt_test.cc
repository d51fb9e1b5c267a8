// Tests of receipts (receipt.h): the log's origin, opening a signed checkpoint, and checking a
// receipt against the operation's own bytes. A small journal is built as a Merkle log in
// memory; every lie a node could tell in a receipt must fail with the documented status.
#include "noaber/ledger/receipt.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {
namespace {

class CryptoEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }
};
[[maybe_unused]] const ::testing::Environment* const kReceiptCryptoEnvironment =
    ::testing::AddGlobalTestEnvironment(new CryptoEnvironment);

CommunityId TestCommunity(uint8_t fill) {
  CommunityId community{};
  community.fill(fill);
  return community;
}

// A journal of `size` entries as a Merkle log, with the log's key and origin.
class TestLog {
 public:
  explicit TestLog(uint64_t size, const CommunityId& community = TestCommunity(0xab))
      : origin_(LogOrigin(community)), key_(NewKeyPair()) {
    Hash previous{};
    for (uint64_t i = 0; i < size; ++i) {
      JournalEntry entry;
      entry.index = i;
      entry.timestamp_ms = 1'700'000'000'000 + static_cast<int64_t>(i) * 250;
      entry.previous_hash = previous;
      entry.outcome = i % 3 == 2 ? ResultCode::kAlreadyApplied : ResultCode::kAccepted;
      entry.signed_bytes = StrCat("operation number ", i, (i % 2 == 0 ? "" : " with a memo"));
      previous = HashJournalEntry(entry);
      nodes_.Append(LeafHash(EncodeJournalEntry(entry)));
      entries_.push_back(entry);
    }
  }

  const std::string& origin() const { return origin_; }
  const KeyPair& key() const { return key_; }
  const JournalEntry& entry(uint64_t index) const { return entries_.at(index); }

  // The checkpoint note of the first `size` entries, signed by `key` under `name`.
  std::string Note(uint64_t size, const KeyPair& key, std::string_view name) const {
    const Checkpoint checkpoint{std::string(name), size, RootHash(nodes_, size).value()};
    return SignNote(FormatCheckpointBody(checkpoint), name, key.secret_key).value();
  }
  std::string Note(uint64_t size) const { return Note(size, key_, origin_); }

  // The receipt of entry `index` against the checkpoint of the first `size` entries.
  Receipt ReceiptOf(uint64_t index, uint64_t size) const {
    const JournalEntry& e = entries_.at(index);
    Receipt receipt;
    receipt.index = e.index;
    receipt.timestamp_ms = e.timestamp_ms;
    receipt.previous_hash = e.previous_hash;
    receipt.outcome = e.outcome;
    receipt.leaf_hash = LeafHash(EncodeJournalEntry(e));
    receipt.checkpoint = Note(size);
    receipt.inclusion_proof = InclusionProof(nodes_, index, size).value();
    return receipt;
  }

  absl::StatusOr<Checkpoint> Verify(const Receipt& receipt, uint64_t index) const {
    return VerifyReceipt(receipt, entries_.at(index).signed_bytes, origin_, key_.public_key);
  }

 private:
  std::string origin_;
  KeyPair key_;
  MemoryMerkleNodes nodes_;
  std::vector<JournalEntry> entries_;
};

ResultCode OtherOutcome(ResultCode outcome) {
  return outcome == ResultCode::kAccepted ? ResultCode::kAlreadyApplied : ResultCode::kAccepted;
}

TEST(LogOriginTest, IsNoaberSlashCommunityInHex) {
  CommunityId community{};
  for (size_t i = 0; i < community.size(); ++i) community[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(LogOrigin(community),
            "noaber/000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_NE(LogOrigin(TestCommunity(1)), LogOrigin(TestCommunity(2)));
  EXPECT_TRUE(IsValidNoteKeyName(LogOrigin(TestCommunity(0xff))));
}

TEST(OpenCheckpointTest, ReturnsTheSignedCheckpoint) {
  const TestLog log(5);
  absl::StatusOr<Checkpoint> checkpoint =
      OpenCheckpoint(log.Note(5), log.origin(), log.key().public_key);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->origin, log.origin());
  EXPECT_EQ(checkpoint->size, 5u);
  MemoryMerkleNodes nodes;
  for (uint64_t i = 0; i < 5; ++i) nodes.Append(LeafHash(EncodeJournalEntry(log.entry(i))));
  EXPECT_EQ(checkpoint->root, RootHash(nodes, 5).value());
}

TEST(OpenCheckpointTest, RefusesAnotherKey) {
  const TestLog log(3);
  const KeyPair other = NewKeyPair();
  // Signed by another key under the log's name.
  absl::StatusOr<Checkpoint> checkpoint =
      OpenCheckpoint(log.Note(3, other, log.origin()), log.origin(), log.key().public_key);
  EXPECT_EQ(checkpoint.status().code(), absl::StatusCode::kUnauthenticated);
  // Verified against another key.
  checkpoint = OpenCheckpoint(log.Note(3), log.origin(), other.public_key);
  EXPECT_EQ(checkpoint.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(OpenCheckpointTest, RefusesAnotherOrigin) {
  const TestLog log(3);
  const std::string other_origin = LogOrigin(TestCommunity(0x01));
  // A checkpoint of another log, signed by this log's key under the other name.
  absl::StatusOr<Checkpoint> checkpoint =
      OpenCheckpoint(log.Note(3, log.key(), other_origin), log.origin(), log.key().public_key);
  EXPECT_EQ(checkpoint.status().code(), absl::StatusCode::kUnauthenticated);
  // The key's name is right but the body names another log.
  const Checkpoint body{other_origin, 1, Hash{}};
  const std::string note =
      SignNote(FormatCheckpointBody(body), log.origin(), log.key().secret_key).value();
  checkpoint = OpenCheckpoint(note, log.origin(), log.key().public_key);
  EXPECT_EQ(checkpoint.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(checkpoint.status().message().find(other_origin), std::string::npos)
      << checkpoint.status();
}

TEST(OpenCheckpointTest, RefusesMalformedNotesAndBodies) {
  const TestLog log(3);
  const PublicKey& key = log.key().public_key;
  EXPECT_EQ(OpenCheckpoint("", log.origin(), key).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenCheckpoint("not a note\n", log.origin(), key).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A note without its final newline.
  std::string note = log.Note(3);
  note.pop_back();
  EXPECT_EQ(OpenCheckpoint(note, log.origin(), key).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A correctly signed note whose body is not a checkpoint.
  const std::string not_checkpoint =
      SignNote(StrCat(log.origin(), "\nnot a size\n"), log.origin(), log.key().secret_key).value();
  EXPECT_EQ(OpenCheckpoint(not_checkpoint, log.origin(), key).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ReceiptLeafHashTest, IsTheLeafOfTheEntry) {
  const TestLog log(4);
  for (uint64_t i = 0; i < 4; ++i) {
    const Receipt receipt = log.ReceiptOf(i, 4);
    EXPECT_EQ(ReceiptLeafHash(receipt, log.entry(i).signed_bytes),
              LeafHash(EncodeJournalEntry(log.entry(i))));
    EXPECT_NE(ReceiptLeafHash(receipt, log.entry(i).signed_bytes),
              HashJournalEntry(log.entry(i)));  // the 0x00 leaf prefix
  }
}

TEST(VerifyReceiptTest, TrueReceiptsVerifyInTreesOfManySizes) {
  const TestLog log(40);
  for (uint64_t size = 1; size <= 40; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      const Receipt receipt = log.ReceiptOf(index, size);
      absl::StatusOr<Checkpoint> checkpoint = log.Verify(receipt, index);
      ASSERT_TRUE(checkpoint.ok())
          << "entry " << index << " of " << size << ": " << checkpoint.status();
      EXPECT_EQ(checkpoint->size, size);
      EXPECT_EQ(checkpoint->origin, log.origin());
      EXPECT_EQ(*checkpoint,
                OpenCheckpoint(log.Note(size), log.origin(), log.key().public_key).value());
    }
  }
}

TEST(VerifyReceiptTest, OtherSignedBytesAreDataLoss) {
  const TestLog log(7);
  const Receipt receipt = log.ReceiptOf(4, 7);
  const std::string& bytes = log.entry(4).signed_bytes;
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string changed = bytes;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_EQ(VerifyReceipt(receipt, changed, log.origin(), log.key().public_key).status().code(),
              absl::StatusCode::kDataLoss)
        << "byte " << i;
  }
  EXPECT_EQ(
      VerifyReceipt(receipt, bytes.substr(1), log.origin(), log.key().public_key).status().code(),
      absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyReceipt(receipt, bytes + "x", log.origin(), log.key().public_key).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyReceipt(receipt, "", log.origin(), log.key().public_key).status().code(),
            absl::StatusCode::kDataLoss);
  // Another entry's operation with this receipt.
  EXPECT_EQ(VerifyReceipt(receipt, log.entry(3).signed_bytes, log.origin(), log.key().public_key)
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

TEST(VerifyReceiptTest, OtherEntryFieldsAreDataLoss) {
  const TestLog log(9);
  const Receipt truth = log.ReceiptOf(5, 9);
  ASSERT_TRUE(log.Verify(truth, 5).ok());

  Receipt receipt = truth;
  receipt.timestamp_ms += 1;
  EXPECT_EQ(log.Verify(receipt, 5).status().code(), absl::StatusCode::kDataLoss);
  receipt = truth;
  receipt.timestamp_ms -= 1;
  EXPECT_EQ(log.Verify(receipt, 5).status().code(), absl::StatusCode::kDataLoss);

  receipt = truth;
  receipt.previous_hash[31] ^= 0x80;
  EXPECT_EQ(log.Verify(receipt, 5).status().code(), absl::StatusCode::kDataLoss);

  receipt = truth;
  receipt.outcome = OtherOutcome(truth.outcome);
  ASSERT_NE(truth.outcome, receipt.outcome);
  EXPECT_EQ(log.Verify(receipt, 5).status().code(), absl::StatusCode::kDataLoss);

  receipt = truth;
  receipt.leaf_hash[0] ^= 0x01;
  EXPECT_EQ(log.Verify(receipt, 5).status().code(), absl::StatusCode::kDataLoss);

  // Another index with the leaf hash left as it was: the rebuilt entry differs.
  for (uint64_t index :
       {uint64_t{0}, uint64_t{4}, uint64_t{6}, uint64_t{8}, uint64_t{9}, uint64_t{1000}}) {
    receipt = truth;
    receipt.index = index;
    EXPECT_EQ(log.Verify(receipt, 5).status().code(), absl::StatusCode::kDataLoss)
        << "index " << index;
  }
}

// A node that lies consistently: the leaf hash matches the rebuilt entry, but the entry is not
// in the tree where the receipt says (or anywhere).
TEST(VerifyReceiptTest, ConsistentLiesAboutTheEntryAreDataLoss) {
  const TestLog log(9);
  const Receipt truth = log.ReceiptOf(5, 9);
  const std::string& bytes = log.entry(5).signed_bytes;
  const auto relabel = [&](Receipt receipt) {
    receipt.leaf_hash = ReceiptLeafHash(receipt, bytes);
    return receipt;
  };
  Receipt receipt = truth;
  receipt.timestamp_ms += 1;
  EXPECT_EQ(log.Verify(relabel(receipt), 5).status().code(), absl::StatusCode::kDataLoss);
  receipt = truth;
  receipt.previous_hash = log.entry(4).previous_hash;
  EXPECT_EQ(log.Verify(relabel(receipt), 5).status().code(), absl::StatusCode::kDataLoss);
  receipt = truth;
  receipt.outcome = OtherOutcome(truth.outcome);
  EXPECT_EQ(log.Verify(relabel(receipt), 5).status().code(), absl::StatusCode::kDataLoss);
  // Another index inside the tree: the proof of entry 5 does not lead there. Where the path
  // to that index has another length, the proof is malformed rather than false.
  for (uint64_t index = 0; index < 9; ++index) {
    if (index == 5) continue;
    receipt = truth;
    receipt.index = index;
    const size_t path_length = log.ReceiptOf(index, 9).inclusion_proof.size();
    EXPECT_EQ(log.Verify(relabel(receipt), 5).status().code(),
              path_length == truth.inclusion_proof.size() ? absl::StatusCode::kDataLoss
                                                          : absl::StatusCode::kInvalidArgument)
        << "index " << index;
  }
  // Entry 8 is the lone last leaf of 9: its path is one hash, entry 5's is four.
  receipt = truth;
  receipt.index = 8;
  EXPECT_EQ(log.Verify(relabel(receipt), 5).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VerifyReceiptTest, IndexAtOrBeyondTheCheckpointSizeIsInvalidArgument) {
  const TestLog log(9);
  const std::string& bytes = log.entry(5).signed_bytes;
  for (uint64_t index : {uint64_t{9}, uint64_t{10}, uint64_t{1} << 40, ~uint64_t{0}}) {
    Receipt receipt = log.ReceiptOf(5, 9);
    receipt.index = index;
    receipt.leaf_hash = ReceiptLeafHash(receipt, bytes);
    absl::StatusOr<Checkpoint> checkpoint = log.Verify(receipt, 5);
    EXPECT_EQ(checkpoint.status().code(), absl::StatusCode::kInvalidArgument) << "index " << index;
  }
  // The true entry 5 with a checkpoint of 5 entries (one too few).
  Receipt receipt = log.ReceiptOf(5, 9);
  receipt.checkpoint = log.Note(5);
  EXPECT_EQ(log.Verify(receipt, 5).status().code(), absl::StatusCode::kInvalidArgument);
  // And with one of 6 entries it verifies (given its proof).
  receipt = log.ReceiptOf(5, 6);
  EXPECT_EQ(log.Verify(receipt, 5).value().size, 6u);
}

TEST(VerifyReceiptTest, CheckpointOfAnotherKeyOrLogIsUnauthenticated) {
  const TestLog log(9);
  const KeyPair other = NewKeyPair();
  Receipt receipt = log.ReceiptOf(2, 9);
  receipt.checkpoint = log.Note(9, other, log.origin());
  EXPECT_EQ(log.Verify(receipt, 2).status().code(), absl::StatusCode::kUnauthenticated);

  receipt = log.ReceiptOf(2, 9);
  receipt.checkpoint = log.Note(9, log.key(), LogOrigin(TestCommunity(0x02)));
  EXPECT_EQ(log.Verify(receipt, 2).status().code(), absl::StatusCode::kUnauthenticated);

  // The true receipt checked against another key or another origin.
  receipt = log.ReceiptOf(2, 9);
  EXPECT_EQ(VerifyReceipt(receipt, log.entry(2).signed_bytes, log.origin(), other.public_key)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyReceipt(receipt, log.entry(2).signed_bytes, LogOrigin(TestCommunity(0x02)),
                          log.key().public_key)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(VerifyReceiptTest, CheckpointWithAChangedSignatureOrBodyIsRefused) {
  const TestLog log(9);
  const Receipt truth = log.ReceiptOf(2, 9);
  // Change one character of the signature's base64 (keeping it valid base64).
  const size_t signature_end = truth.checkpoint.size() - 1;  // before the final "\n"
  Receipt receipt = truth;
  char& last = receipt.checkpoint[signature_end - 3];
  last = last == 'A' ? 'B' : 'A';
  EXPECT_EQ(log.Verify(receipt, 2).status().code(), absl::StatusCode::kUnauthenticated)
      << log.Verify(receipt, 2).status();
  // A missing checkpoint is malformed.
  receipt = truth;
  receipt.checkpoint.clear();
  EXPECT_EQ(log.Verify(receipt, 2).status().code(), absl::StatusCode::kInvalidArgument);
  // Another tree size in the body under the true signature.
  receipt = truth;
  const std::string size_line = "\n9\n";
  const size_t at = receipt.checkpoint.find(size_line);
  ASSERT_NE(at, std::string::npos);
  receipt.checkpoint.replace(at, size_line.size(), "\n8\n");
  EXPECT_EQ(log.Verify(receipt, 2).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(VerifyReceiptTest, EveryFlippedBitOfTheProofIsDataLoss) {
  const TestLog log(40);
  for (const auto& [index, size] :
       std::vector<std::pair<uint64_t, uint64_t>>{{0, 2}, {5, 13}, {12, 13}, {31, 40}, {39, 40}}) {
    const Receipt truth = log.ReceiptOf(index, size);
    ASSERT_FALSE(truth.inclusion_proof.empty());
    for (size_t hash = 0; hash < truth.inclusion_proof.size(); ++hash) {
      for (size_t bit = 0; bit < 8 * sizeof(Hash); ++bit) {
        Receipt receipt = truth;
        receipt.inclusion_proof[hash][bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        ASSERT_EQ(log.Verify(receipt, index).status().code(), absl::StatusCode::kDataLoss)
            << "entry " << index << " of " << size << ", hash " << hash << ", bit " << bit;
      }
    }
  }
}

TEST(VerifyReceiptTest, ProofOfWrongLengthIsInvalidArgument) {
  const TestLog log(40);
  for (const auto& [index, size] :
       std::vector<std::pair<uint64_t, uint64_t>>{{0, 2}, {5, 13}, {12, 13}, {31, 40}, {17, 32}}) {
    const Receipt truth = log.ReceiptOf(index, size);
    Receipt receipt = truth;
    receipt.inclusion_proof.pop_back();
    EXPECT_EQ(log.Verify(receipt, index).status().code(), absl::StatusCode::kInvalidArgument)
        << "entry " << index << " of " << size << " one hash short";
    receipt = truth;
    receipt.inclusion_proof.erase(receipt.inclusion_proof.begin());
    EXPECT_EQ(log.Verify(receipt, index).status().code(), absl::StatusCode::kInvalidArgument)
        << "entry " << index << " of " << size << " without its first hash";
    receipt = truth;
    receipt.inclusion_proof.push_back(Hash{});
    EXPECT_EQ(log.Verify(receipt, index).status().code(), absl::StatusCode::kInvalidArgument)
        << "entry " << index << " of " << size << " one hash long";
    receipt = truth;
    receipt.inclusion_proof.clear();
    EXPECT_EQ(log.Verify(receipt, index).status().code(), absl::StatusCode::kInvalidArgument)
        << "entry " << index << " of " << size << " without a proof";
  }
  // A tree of one entry needs an empty proof; one hash is too many.
  Receipt receipt = log.ReceiptOf(0, 1);
  EXPECT_TRUE(receipt.inclusion_proof.empty());
  EXPECT_TRUE(log.Verify(receipt, 0).ok());
  receipt.inclusion_proof.push_back(log.ReceiptOf(1, 2).leaf_hash);
  EXPECT_EQ(log.Verify(receipt, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VerifyReceiptTest, ProofOfAnotherEntryOrTreeIsRefused) {
  const TestLog log(20);
  Receipt receipt = log.ReceiptOf(6, 20);
  // The proof of entry 7 (same length, a sibling's view).
  receipt.inclusion_proof = log.ReceiptOf(7, 20).inclusion_proof;
  EXPECT_EQ(log.Verify(receipt, 6).status().code(), absl::StatusCode::kDataLoss);
  // The proof for a tree of 19 (same length) against the checkpoint of 20.
  receipt = log.ReceiptOf(6, 20);
  const Receipt of_19 = log.ReceiptOf(6, 19);
  ASSERT_EQ(of_19.inclusion_proof.size(), receipt.inclusion_proof.size());
  ASSERT_NE(of_19.inclusion_proof, receipt.inclusion_proof);
  receipt.inclusion_proof = of_19.inclusion_proof;
  EXPECT_EQ(log.Verify(receipt, 6).status().code(), absl::StatusCode::kDataLoss);
  // Two proof hashes swapped.
  receipt = log.ReceiptOf(6, 20);
  ASSERT_GE(receipt.inclusion_proof.size(), 2u);
  std::swap(receipt.inclusion_proof[0], receipt.inclusion_proof[1]);
  EXPECT_EQ(log.Verify(receipt, 6).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace noaber::ledger
