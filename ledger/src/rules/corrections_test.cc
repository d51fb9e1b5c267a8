// Tests of corrections: the administrators reverse a mistaken transfer by a compensating
// transfer that names the original; the original stays in the journal, and a transfer is
// corrected at most once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;
using testing::TestGenesis;

class CorrectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* handle : {"anna", "bert", "carla"}) {
      ASSERT_EQ(c.Open(handle).code, ResultCode::kAccepted);
    }
  }
  // A transfer of `amount` of `asset` signed by `from`; its operation's id goes to `id`.
  Outcome Send(const std::string& from, const std::string& to, int64_t amount,
               const std::string& asset, OperationId* id, const std::string& skill = "") {
    Operation op = c.Op({Transfer{from, to, asset, Amount{amount}, skill, "Oeps"}});
    *id = op.id;
    return c.Submit(op, {from == kCommunityHandle ? "admin1" : from});
  }
  Outcome Correct(const OperationId& id, uint8_t action_index,
                  std::vector<std::string> signers = {"admin1"},
                  const std::string& reason = "Verkeerde ontvanger") {
    return c.Submit(c.Op({CorrectTransfer{id, action_index, reason}}), signers);
  }
  std::optional<uint64_t> CorrectionOf(const OperationId& id, uint8_t action_index) {
    absl::StatusOr<std::optional<uint64_t>> index = c.store().GetCorrection({id, action_index});
    return index.ok() ? *index : std::nullopt;
  }
  TestCommunity c;
};

TEST_F(CorrectionsTest, ACorrectionPaysTheTransferBackAndKeepsTheOriginal) {
  OperationId id;
  Outcome original = Send("anna", "bert", 90, "HOUR", &id, "tuin");
  ASSERT_EQ(original.code, ResultCode::kAccepted);
  Outcome o = Correct(id, 0);
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{0});
  EXPECT_EQ(CorrectionOf(id, 0), o.index);
  // Nothing is deleted: the original entry is still there, and the correction is its own.
  absl::StatusOr<std::optional<JournalEntry>> kept = c.store().GetEntry(original.index);
  ASSERT_TRUE(kept.ok() && kept->has_value());
  SignedOperation signed_operation;
  Operation correction;
  ASSERT_TRUE(
      DecodeSignedOperation((*c.store().GetEntry(o.index))->signed_bytes, &signed_operation).ok());
  ASSERT_TRUE(DecodeOperation(signed_operation.body, &correction).ok());
  ASSERT_EQ(correction.actions.size(), 1u);
  EXPECT_EQ(std::get<CorrectTransfer>(correction.actions[0]).reason, "Verkeerde ontvanger");
  for (const char* handle : {"anna", "bert"}) {
    EXPECT_EQ(*c.store().GetHistory(handle, o.index + 1, 2),
              (std::vector<uint64_t>{o.index, original.index}))
        << handle;
  }
}

TEST_F(CorrectionsTest, OnlyTheAdministratorsCorrect) {
  OperationId id;
  ASSERT_EQ(Send("anna", "bert", 90, "HOUR", &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  for (const char* signer : {"anna", "bert"}) {
    Outcome o = Correct(id, 0, {signer});
    EXPECT_EQ(o.code, ResultCode::kNotAuthorized) << signer;
    EXPECT_THAT(o.message, HasSubstr("needed to correct a transfer"));
  }
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(CorrectionsTest, ACorrectionTwiceIsRefused) {
  OperationId id;
  ASSERT_EQ(Send("anna", "bert", 90, "HOUR", &id).code, ResultCode::kAccepted);
  Outcome first = Correct(id, 0);
  ASSERT_EQ(first.code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome again = Correct(id, 0, {"admin2"}, "Nog een keer");
  EXPECT_EQ(again.code, ResultCode::kAlreadyCorrected);
  EXPECT_THAT(again.message, HasSubstr("that transfer was already corrected, by entry " +
                                       std::to_string(first.index)));
  // Twice within one operation is refused too.
  Operation twice = c.Op({CorrectTransfer{id, 0, "a"}, CorrectTransfer{id, 0, "b"}});
  EXPECT_EQ(c.Submit(twice, {"admin1"}).code, ResultCode::kAlreadyCorrected);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
}

TEST_F(CorrectionsTest, OnlyATransferIsCorrectable) {
  Operation open =
      c.Op({OpenAccount{"dirk", AccountKind::kResident, {testing::KeyFor("dirk").public_key}, 1}});
  ASSERT_EQ(c.Submit(open, {"admin1"}).code, ResultCode::kAccepted);
  Operation pending =
      c.Op({CreatePending{Transfer{"anna", "bert", "HOUR", Amount{60}, "", ""}, 3'600'000}});
  ASSERT_EQ(c.Submit(pending, {"anna"}).code, ResultCode::kAccepted);
  OperationId transfer;
  ASSERT_EQ(Send("anna", "bert", 90, "HOUR", &transfer).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);

  Outcome of_open = Correct(open.id, 0);
  EXPECT_EQ(of_open.code, ResultCode::kNotCorrectable);
  EXPECT_THAT(of_open.message, HasSubstr("action 1 of operation " + OperationIdToHex(open.id) +
                                         " is not a transfer"));
  EXPECT_EQ(Correct(pending.id, 0).code, ResultCode::kNotCorrectable);
  Outcome beyond = Correct(transfer, 1);  // the operation has one action
  EXPECT_EQ(beyond.code, ResultCode::kNotCorrectable);
  EXPECT_THAT(beyond.message, HasSubstr("action 2 of operation"));
  const OperationId unknown = NewOperationId();
  Outcome missing = Correct(unknown, 0);
  EXPECT_EQ(missing.code, ResultCode::kNotCorrectable);
  EXPECT_THAT(missing.message,
              HasSubstr("no accepted operation " + OperationIdToHex(unknown) + " to correct"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(CorrectionsTest, ACorrectionIsNotItselfCorrectable) {
  OperationId id;
  ASSERT_EQ(Send("anna", "bert", 90, "HOUR", &id).code, ResultCode::kAccepted);
  Operation correction = c.Op({CorrectTransfer{id, 0, "Verkeerd"}});
  ASSERT_EQ(c.Submit(correction, {"admin1"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  EXPECT_EQ(Correct(correction.id, 0).code, ResultCode::kNotCorrectable);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(CorrectionsTest, APayeeWhoSpentTheMoneyCannotBeCorrectedBelowItsMinimum) {
  OperationId issue, mistake, spent;
  ASSERT_EQ(Send(kCommunityHandle, "anna", 10'000, "BORN", &issue).code, ResultCode::kAccepted);
  ASSERT_EQ(Send("anna", "bert", 5'000, "BORN", &mistake).code, ResultCode::kAccepted);
  ASSERT_EQ(Send("bert", "carla", 4'000, "BORN", &spent).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Correct(mistake, 0);
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("'bert' cannot pay 50.00 BORN: its balance is 10.00 BORN"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(CorrectionOf(mistake, 0), std::nullopt);
  // Once carla gives it back, the correction goes through.
  ASSERT_EQ(Send("carla", "bert", 4'000, "BORN", &spent).code, ResultCode::kAccepted);
  EXPECT_EQ(Correct(mistake, 0).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{10'000});
  EXPECT_EQ(c.BalanceOf("bert", "BORN").balance, Amount{0});
}

TEST_F(CorrectionsTest, OneActionOfALinkedBatchIsCorrected) {
  Operation batch = c.Op({Transfer{"anna", "bert", "HOUR", Amount{60}, "", ""},
                          Transfer{"anna", "carla", "HOUR", Amount{30}, "", ""}});
  ASSERT_EQ(c.Submit(batch, {"anna"}).code, ResultCode::kAccepted);
  ASSERT_EQ(Correct(batch.id, 1).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-60});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{60});
  EXPECT_EQ(c.BalanceOf("carla").balance, Amount{0});
  EXPECT_EQ(CorrectionOf(batch.id, 0), std::nullopt);
  EXPECT_TRUE(CorrectionOf(batch.id, 1).has_value());
  // The other action can still be corrected on its own.
  EXPECT_EQ(Correct(batch.id, 0).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
}

TEST_F(CorrectionsTest, AnIssuanceIsCorrectedBackToTheCommunity) {
  OperationId id;
  ASSERT_EQ(Send(kCommunityHandle, "anna", 2'500, "BORN", &id).code, ResultCode::kAccepted);
  ASSERT_EQ(Correct(id, 0).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{0});
  EXPECT_EQ(c.BalanceOf(kCommunityHandle, "BORN").balance, Amount{0});
}

TEST_F(CorrectionsTest, ATransferForASkillRetiredSinceCanStillBeCorrected) {
  OperationId id;
  ASSERT_EQ(Send("anna", "bert", 90, "HOUR", &id, "tuin").code, ResultCode::kAccepted);
  Skill retired{"tuin", "Tuinonderhoud", "Gardening", "home", true};
  ASSERT_EQ(c.Submit(c.Op({SetSkill{retired}}), {"admin1"}).code, ResultCode::kAccepted);
  Outcome o = Correct(id, 0);
  EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
}

TEST_F(CorrectionsTest, ACorrectionNeedsAReason) {
  OperationId id;
  ASSERT_EQ(Send("anna", "bert", 90, "HOUR", &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Correct(id, 0, {"admin1"}, "");
  EXPECT_EQ(o.code, ResultCode::kReasonRequired);
  EXPECT_THAT(o.message, HasSubstr("a correction must give its reason"));
  EXPECT_EQ(Correct(id, 0, {"admin1"}, std::string(kReasonBytesMax + 1, 'r')).code,
            ResultCode::kInvalidText);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST(CorrectionsThresholdTest, TwoOfTwoAdministratorsWhenTheGenesisSaysSo) {
  TestCommunity c(nullptr, TestGenesis(2));
  for (const char* handle : {"anna", "bert"}) {
    OpenAccount open{handle, AccountKind::kResident, {testing::KeyFor(handle).public_key}, 1};
    ASSERT_EQ(c.Submit(c.Op({open}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
  }
  Operation mistake = c.Op({Transfer{"anna", "bert", "HOUR", Amount{90}, "", ""}});
  ASSERT_EQ(c.Submit(mistake, {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  const CorrectTransfer correct{mistake.id, 0, "Verkeerd"};
  EXPECT_EQ(c.Submit(c.Op({correct}), {"admin1"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.Submit(c.Op({correct}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
}

TEST_F(CorrectionsTest, CorrectionsReplayToTheSameState) {
  OperationId a, b;
  ASSERT_EQ(Send("anna", "bert", 90, "HOUR", &a).code, ResultCode::kAccepted);
  ASSERT_EQ(Send("bert", "carla", 30, "HOUR", &b).code, ResultCode::kAccepted);
  ASSERT_EQ(Correct(a, 0).code, ResultCode::kAccepted);
  MemoryStore replayed;
  ASSERT_TRUE(ReplayJournal(c.store(), &replayed).ok());
  absl::Status same = CompareState(c.store(), replayed);
  EXPECT_TRUE(same.ok()) << same;
  absl::StatusOr<std::optional<uint64_t>> index = replayed.GetCorrection({a, 0});
  ASSERT_TRUE(index.ok() && index->has_value());
}

}  // namespace
}  // namespace noaber::ledger
