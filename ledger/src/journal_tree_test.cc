// The journal's Merkle tree: every entry is a leaf, the stores keep the tree's nodes in the
// same commit as the entries, and replays check the stored tree against the entries.
#include <gtest/gtest.h>

#include "ledger/testing/random_operations.h"

namespace noaber::ledger {
namespace {

using testing::RandomOperations;
using testing::TestCommunity;

// The tree recomputed from the entries alone.
MemoryMerkleNodes TreeOfEntries(const Store& store, uint64_t size) {
  MemoryMerkleNodes tree;
  for (uint64_t i = 0; i < size; ++i) {
    tree.Append(LeafHash(EncodeJournalEntry(**store.GetEntry(i))));
  }
  return tree;
}

TEST(JournalTreeTest, EveryEntryIsALeafAndEveryProofVerifies) {
  TestCommunity c;
  RandomOperations random(c, 5, 6);
  for (int b = 0; b < 8; ++b) random.Batch(8);
  const uint64_t size = c.HeadIndex() + 1;
  ASSERT_GT(size, 20u);
  MemoryMerkleNodes expected = TreeOfEntries(c.store(), size);
  absl::StatusOr<Hash> root = RootHash(expected, size);
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(c.ledger().merkle_root(), *root);
  StoreMerkleNodes stored(c.store());
  EXPECT_EQ(*RootHash(stored, size), *root);
  for (uint64_t i = 0; i < size; ++i) {
    absl::StatusOr<std::vector<Hash>> proof = InclusionProof(stored, i, size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    Hash leaf = LeafHash(EncodeJournalEntry(**c.store().GetEntry(i)));
    EXPECT_TRUE(VerifyInclusion(leaf, i, size, *proof, *root).ok()) << "entry " << i;
  }
}

TEST(JournalTreeTest, AnOlderTreeIsAPrefixOfTheNewer) {
  TestCommunity c;
  RandomOperations random(c, 9, 5);
  random.Batch(6);
  const uint64_t old_size = c.HeadIndex() + 1;
  const Hash old_root = c.ledger().merkle_root();
  for (int b = 0; b < 5; ++b) random.Batch(6);
  const uint64_t new_size = c.HeadIndex() + 1;
  absl::StatusOr<std::vector<Hash>> proof =
      ConsistencyProof(StoreMerkleNodes(c.store()), old_size, new_size);
  ASSERT_TRUE(proof.ok()) << proof.status();
  EXPECT_TRUE(
      VerifyConsistency(old_size, new_size, old_root, c.ledger().merkle_root(), *proof).ok());
}

TEST(JournalTreeTest, ReopeningResumesTheSameTree) {
  MemoryStore store;
  Hash root;
  {
    TestCommunity c(&store);
    RandomOperations random(c, 13, 4);
    for (int b = 0; b < 4; ++b) random.Batch(5);
    root = c.ledger().merkle_root();
  }
  absl::StatusOr<std::unique_ptr<Ledger>> reopened = Ledger::Open(&store);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ((*reopened)->merkle_root(), root);
}

TEST(JournalTreeTest, ReplayRefusesAStoredTreeThatDoesNotMatchTheEntries) {
  TestCommunity c;
  RandomOperations random(c, 17, 4);
  for (int b = 0; b < 3; ++b) random.Batch(5);
  Delta tamper;
  tamper.merkle_nodes.push_back(MerkleNode{0, 2, Hash{}});  // leaf 2 rewritten
  ASSERT_TRUE(c.store().Commit(tamper).ok());
  MemoryStore replayed;
  absl::Status s = ReplayJournal(c.store(), &replayed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(s.message()).find("journal entry 2: its Merkle leaf differs"),
            std::string::npos)
      << s;
}

TEST(JournalTreeTest, OpenRefusesAJournalWithoutItsTree) {
  TestCommunity c;
  ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
  MemoryStore copy;  // the journal and state, but not the tree's nodes
  Delta everything;
  for (uint64_t i = 0; i <= c.HeadIndex(); ++i) everything.entries.push_back(**c.store().GetEntry(i));
  everything.head = c.ledger().head();
  everything.genesis = **c.store().GetGenesis();
  ASSERT_TRUE(copy.Commit(everything).ok());
  absl::StatusOr<std::unique_ptr<Ledger>> opened = Ledger::Open(&copy);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace noaber::ledger
