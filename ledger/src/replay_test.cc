// ReplayJournal and CompareState: state is derived from the journal and nothing else.
#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"

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

TEST_F(ReplayTest, RefusesATargetThatIsNotEmpty) {
  TestCommunity other;
  absl::Status s = ReplayJournal(c.store(), &other.store());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace noaber::ledger
