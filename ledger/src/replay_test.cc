// ReplayJournal and CompareState: state is derived from the journal and nothing else.
#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {
namespace {

using testing::TestCommunity;

// A short history with every kind of entry: accounts, transfers, a post and an expiry.
class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Pay("anna", "bert", 45).code, ResultCode::kAccepted);
    Operation pending = c.Op({CreatePending{{"bert", "anna", "HOUR", Amount{20}, "", ""}, 60'000}});
    ASSERT_EQ(c.Submit(pending, {"bert"}).code, ResultCode::kAccepted);
    Operation posted = c.Op({CreatePending{{"anna", "bert", "HOUR", Amount{30}, "", ""}, 60'000}});
    ASSERT_EQ(c.Submit(posted, {"anna"}).code, ResultCode::kAccepted);
    ASSERT_EQ(c.Submit(c.Op({PostPending{posted.id, Amount{10}}}), {"anna"}).code,
              ResultCode::kAccepted);
    c.now_ms += 120'000;  // the first pending transfer expires with the next batch
    ASSERT_TRUE(c.ledger().ApplyBatch(c.now_ms, {}).ok());
  }
  TestCommunity c;
};

TEST_F(ReplayTest, ReproducesEveryRecordAndTheHead) {
  MemoryStore replayed;
  uint64_t last_progress = 0;
  absl::Status s = ReplayJournal(c.store(), &replayed,
                                 [&](uint64_t done, uint64_t) { last_progress = done; });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(CompareState(c.store(), replayed).ok());
  EXPECT_EQ(*replayed.GetHead(), *c.store().GetHead());
  EXPECT_EQ(last_progress, c.HeadIndex());
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-55});
  EXPECT_EQ(c.BalanceOf("anna").pending_credits, Amount{0});  // expired
}

TEST_F(ReplayTest, CompareStateNamesTheFirstDifference) {
  MemoryStore replayed;
  ASSERT_TRUE(ReplayJournal(c.store(), &replayed).ok());
  Balance b = c.BalanceOf("bert");
  b.balance = Amount{b.balance.minor_units + 60};
  replayed.CorruptBalanceForTest({"bert", "HOUR"}, b);
  absl::Status s = CompareState(c.store(), replayed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(std::string(s.message()), "balance bert HOUR differs");
}

TEST_F(ReplayTest, RefusesAnEntryWhoseSignatureWasChanged) {
  auto store = dynamic_cast<MemoryStore*>(&c.store());
  JournalEntry e = **c.store().GetEntry(3);
  e.signed_bytes[e.signed_bytes.size() - 2] ^= 0x40;  // inside the signature
  store->CorruptEntryForTest(e);
  MemoryStore replayed;
  absl::Status s = ReplayJournal(c.store(), &replayed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(s.message()).find("journal entry 3: the signature"), std::string::npos)
      << s;
}

TEST_F(ReplayTest, RefusesAChangedAmountEvenWithTheChainRelinked) {
  // Rewriting history needs the payer's key: re-chaining the hashes is not enough.
  auto store = dynamic_cast<MemoryStore*>(&c.store());
  JournalEntry e = **c.store().GetEntry(3);
  SignedOperation signed_operation;
  ASSERT_TRUE(DecodeSignedOperation(e.signed_bytes, &signed_operation).ok());
  Operation op;
  ASSERT_TRUE(DecodeOperation(signed_operation.body, &op).ok());
  std::get<Transfer>(op.actions[0]).amount = Amount{1};
  signed_operation.body = EncodeOperation(op);
  e.signed_bytes = EncodeSignedOperation(signed_operation);
  store->CorruptEntryForTest(e);
  MemoryStore replayed;
  absl::Status s = ReplayJournal(c.store(), &replayed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(s.message()).find("journal entry 3"), std::string::npos) << s;
}

TEST_F(ReplayTest, RefusesAnEntryThatDoesNotDecode) {
  auto store = dynamic_cast<MemoryStore*>(&c.store());
  JournalEntry e = **c.store().GetEntry(2);
  e.signed_bytes.clear();
  store->CorruptEntryForTest(e);
  MemoryStore replayed;
  absl::Status s = ReplayJournal(c.store(), &replayed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(s.message()).find("journal entry 2"), std::string::npos) << s;
}

// Copies `from`'s first `entries` entries (with their operation records) and its whole
// Merkle tree into the empty `copy`, with the head recorded as `head`: a journal cut off
// after its tree was written.
void CutOff(Store& from, uint64_t entries, const JournalHead& head, MemoryStore* copy) {
  Delta everything;
  for (uint64_t i = 0; i < entries; ++i) {
    everything.entries.push_back(**from.GetEntry(i));
    SignedOperation signed_operation;
    Operation op;
    if (i == 0 || !DecodeSignedOperation(everything.entries.back().signed_bytes,
                                         &signed_operation).ok() ||
        !DecodeOperation(signed_operation.body, &op).ok()) {
      continue;
    }
    if (std::optional<OperationRecord> record = *from.GetOperationRecord(op.id)) {
      everything.operation_records[op.id] = *record;
    }
  }
  for (uint32_t level = 0; level < 8; ++level) {
    for (uint64_t index = 0; index < 64; ++index) {
      std::optional<Hash> node = *from.GetMerkleNode(level, index);
      if (node) everything.merkle_nodes.push_back(MerkleNode{level, index, *node});
    }
  }
  everything.head = head;
  everything.genesis = **from.GetGenesis();
  EXPECT_TRUE(copy->Commit(everything).ok());
}

std::string ReplayMessage(const Store& source) {
  MemoryStore replayed;
  absl::Status s = ReplayJournal(source, &replayed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  return std::string(s.message());
}

TEST_F(ReplayTest, NamesAnEntryThatDoesNotLinkToTheOneBefore) {
  JournalEntry e = **c.store().GetEntry(3);
  e.previous_hash[7] ^= 0x01;
  dynamic_cast<MemoryStore*>(&c.store())->CorruptEntryForTest(e);
  EXPECT_EQ(ReplayMessage(c.store()), "journal entry 3: its previous hash does not match entry 2");
}

TEST_F(ReplayTest, NamesTheFirstMissingEntryOfACutOffJournal) {
  const uint64_t last = c.HeadIndex();
  ASSERT_GE(last, 6u);
  MemoryStore cut;
  CutOff(c.store(), 5, c.ledger().head(), &cut);
  EXPECT_EQ(ReplayMessage(cut),
            StrCat("journal entry 5: missing: the journal ends at entry 4 but its head is entry ",
                   last, " and its Merkle tree has ", last + 1, " leaves"));
}

TEST_F(ReplayTest, FindsACutOffJournalWhoseHeadWasMovedBack) {
  const uint64_t last = c.HeadIndex();
  const JournalEntry fifth = **c.store().GetEntry(4);
  MemoryStore cut;
  CutOff(c.store(), 5, JournalHead{4, HashJournalEntry(fifth)}, &cut);
  EXPECT_EQ(ReplayMessage(cut),
            StrCat("the journal ends at entry 4 but its Merkle tree has ", last + 1,
                   " leaves: entries 5 to ", last, " are missing"));
}

TEST_F(ReplayTest, NamesAnEntryBeyondTheHead) {
  JournalEntry extra = **c.store().GetEntry(c.HeadIndex());
  extra.index = c.HeadIndex() + 1;
  dynamic_cast<MemoryStore*>(&c.store())->CorruptEntryForTest(extra);
  EXPECT_EQ(ReplayMessage(c.store()), StrCat("journal entry ", c.HeadIndex() + 1,
                                             ": follows the recorded head, entry ",
                                             c.HeadIndex()));
}

TEST_F(ReplayTest, NamesAStoredMerkleNodeAboveTheLeaves) {
  Delta tamper;
  tamper.merkle_nodes.push_back(MerkleNode{1, 1, Hash{}});
  ASSERT_TRUE(c.store().Commit(tamper).ok());
  EXPECT_EQ(ReplayMessage(c.store()),
            "the stored Merkle tree does not match its node at level 1, index 1 "
            "(over entries 2 to 3)");
}

TEST_F(ReplayTest, NamesAStoredMerkleNodeBeyondTheTree) {
  const uint64_t size = c.HeadIndex() + 1;
  Delta tamper;
  tamper.merkle_nodes.push_back(MerkleNode{3, size >> 3, Hash{}});
  ASSERT_TRUE(c.store().Commit(tamper).ok());
  EXPECT_EQ(ReplayMessage(c.store()),
            StrCat("the stored Merkle tree has a node beyond its ", size, " leaves (level 3, "
                   "index ", size >> 3, ")"));
}

TEST_F(ReplayTest, NamesAGenesisRecordThatIsNotEntryZero) {
  Delta tamper;
  tamper.genesis = "another genesis";
  ASSERT_TRUE(c.store().Commit(tamper).ok());
  EXPECT_EQ(ReplayMessage(c.store()), "journal entry 0: differs from the genesis the store records");
}

TEST_F(ReplayTest, NamesAnEntryWhoseOperationRecordChanged) {
  SignedOperation signed_operation;
  Operation op;
  ASSERT_TRUE(DecodeSignedOperation((*c.store().GetEntry(3))->signed_bytes, &signed_operation).ok());
  ASSERT_TRUE(DecodeOperation(signed_operation.body, &op).ok());
  Delta tamper;
  tamper.operation_records[op.id] = **c.store().GetOperationRecord(op.id);
  tamper.operation_records[op.id].body_hash[0] ^= 0x01;
  ASSERT_TRUE(c.store().Commit(tamper).ok());
  EXPECT_EQ(ReplayMessage(c.store()),
            "journal entry 3: its stored operation record differs from the journal");
}

TEST_F(ReplayTest, CompareStateNamesADerivedIndexThatDiffers) {
  MemoryStore replayed;
  ASSERT_TRUE(ReplayJournal(c.store(), &replayed).ok());
  ASSERT_TRUE(CompareState(replayed, c.store()).ok());
  Delta history;
  history.history.emplace_back("bert", 1);  // an entry that does not touch bert
  ASSERT_TRUE(c.store().Commit(history).ok());
  EXPECT_EQ(std::string(CompareState(replayed, c.store()).message()), "history of bert differs");

  MemoryStore again;
  ASSERT_TRUE(ReplayJournal(c.store(), &again).ok());
  const Account anna = **again.GetAccount("anna");
  Delta keys;
  keys.key_index[{anna.keys[0], "bert"}] = true;  // bert does not hold anna's key
  ASSERT_TRUE(again.Commit(keys).ok());
  EXPECT_EQ(std::string(CompareState(replayed, again).message()),
            StrCat("key index of anna's key ", ToHex(anna.keys[0]).substr(0, 16), " differs"));
}

TEST_F(ReplayTest, RefusesATargetThatIsNotEmpty) {
  TestCommunity other;
  absl::Status s = ReplayJournal(c.store(), &other.store());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace noaber::ledger
