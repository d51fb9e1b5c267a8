// Tests of transfers: parties, authority, assets, skills, memos and the limits they respect.
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

constexpr int64_t kHourMs = 3'600'000;

class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
  }
  Outcome Send(const Transfer& transfer, std::vector<std::string> signers) {
    return c.Submit(c.Op({transfer}), signers);
  }
  // Sends `amount` from the community account, signed by admin1.
  Outcome Issue(const std::string& to, int64_t amount, const std::string& asset = "BORN") {
    return Send(Transfer{kCommunityHandle, to, asset, Amount{amount}, "", "issued"}, {"admin1"});
  }
  // The transfer recorded in journal entry `index`.
  Transfer Journaled(uint64_t index) {
    absl::StatusOr<std::optional<JournalEntry>> entry = c.store().GetEntry(index);
    if (!entry.ok() || !entry->has_value()) return Transfer{};
    SignedOperation signed_operation;
    Operation operation;
    if (!DecodeSignedOperation((*entry)->signed_bytes, &signed_operation).ok()) return {};
    if (!DecodeOperation(signed_operation.body, &operation).ok()) return {};
    if (operation.actions.size() != 1) return {};
    const Transfer* transfer = std::get_if<Transfer>(&operation.actions[0]);
    return transfer ? *transfer : Transfer{};
  }
  TestCommunity c;
};

TEST_F(TransferTest, MovesHoursWithinTheCreditLine) {
  Outcome o = c.Pay("anna", "bert", 90);
  EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-90});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{90});
}

TEST_F(TransferTest, RefusesAnOverdraftAndChangesNothing) {
  const uint64_t head = c.HeadIndex();
  Outcome o = c.Pay("anna", "bert", 601);  // the credit line is 10h
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_NE(o.message.find("'anna' cannot pay 10h1m"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("minimum is -10h"), std::string::npos) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
  EXPECT_EQ(c.HeadIndex(), head);
}

TEST_F(TransferTest, TheWholeCreditLineMayBeUsed) {
  ASSERT_EQ(c.Pay("anna", "bert", 600).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-600});
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Pay("anna", "bert", 1);
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("'anna' cannot pay 1m: its balance is -10h"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(TransferTest, AcceptedTransferIsJournaledWithItsSkillAndMemo) {
  const std::string memo = "Heg geknipt, bedankt! \xF0\x9F\x8C\xB1";  // ends in U+1F331
  Outcome o = Send(Transfer{"anna", "bert", "HOUR", Amount{75}, "tuin", memo}, {"anna"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(o.index, c.HeadIndex());
  const Transfer journaled = Journaled(o.index);
  EXPECT_EQ(journaled.skill, "tuin");
  EXPECT_EQ(journaled.memo, memo);
  EXPECT_EQ(journaled.amount, Amount{75});
  for (const char* handle : {"anna", "bert"}) {
    absl::StatusOr<std::vector<uint64_t>> history = c.store().GetHistory(handle, o.index + 1, 1);
    ASSERT_TRUE(history.ok()) << history.status();
    EXPECT_EQ(*history, std::vector<uint64_t>{o.index}) << handle;
  }
}

TEST_F(TransferTest, RefusesUnknownAccounts) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome from = c.Pay("zora", "bert", 30);
  EXPECT_EQ(from.code, ResultCode::kUnknownAccount);
  EXPECT_THAT(from.message, HasSubstr("there is no account 'zora'"));
  Outcome to = c.Pay("anna", "zora", 30);
  EXPECT_EQ(to.code, ResultCode::kUnknownAccount);
  EXPECT_THAT(to.message, HasSubstr("there is no account 'zora'"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(TransferTest, RefusesAnUnknownAsset) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Pay("anna", "bert", 30, "EURO");
  EXPECT_EQ(o.code, ResultCode::kUnknownAsset);
  EXPECT_THAT(o.message, HasSubstr("this community has no asset 'EURO'"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(TransferTest, RefusesASkillOutsideTheCatalogue) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Send(Transfer{"anna", "bert", "HOUR", Amount{30}, "yoga", ""}, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kUnknownSkill);
  EXPECT_THAT(o.message, HasSubstr("there is no skill 'yoga' in the catalogue"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(TransferTest, OnlyThePayerMaySign) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome payee = Send(Transfer{"anna", "bert", "HOUR", Amount{30}, "", ""}, {"bert"});
  EXPECT_EQ(payee.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(payee.message,
              HasSubstr("the signature of 'anna' (1 of its 1 keys) is needed to pay from it"));
  // The administrators open accounts; they do not spend a resident's hours.
  Outcome admin = Send(Transfer{"anna", "bert", "HOUR", Amount{30}, "", ""}, {"admin1"});
  EXPECT_EQ(admin.code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
}

// --- BORN, the currency: residents hold 0.00 to 500.00 ---

TEST_F(TransferTest, AdministratorsIssueCurrencyFromTheCommunityAccount) {
  Outcome o = Issue("anna", 25'000);
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{25'000});
  EXPECT_EQ(c.BalanceOf("community", "BORN").balance, Amount{-25'000});
  ASSERT_EQ(c.Pay("anna", "bert", 1'050, "BORN").code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{23'950});
  EXPECT_EQ(c.BalanceOf("bert", "BORN").balance, Amount{1'050});
  EXPECT_EQ(c.BalanceOf("anna", "HOUR").balance, Amount{0});
}

TEST_F(TransferTest, IssuingNeedsTheAdministrators) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Send(Transfer{"community", "anna", "BORN", Amount{100}, "", "issued"}, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("the signature of 'community' (1 of its 2 keys)"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST(TransferThresholdTest, IssuingNeedsTwoOfTwoAdministratorsWhenTheGenesisSaysSo) {
  TestCommunity c(nullptr, TestGenesis(2));
  OpenAccount open{"anna", AccountKind::kResident, {testing::KeyFor("anna").public_key}, 1};
  ASSERT_EQ(c.Submit(c.Op({open}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
  const Transfer issue{"community", "anna", "BORN", Amount{100}, "", "issued"};
  const StateSnapshot before = TakeSnapshot(c);
  Outcome one = c.Submit(c.Op({issue}), {"admin2"});
  EXPECT_EQ(one.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(one.message, HasSubstr("(2 of its 2 keys)"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.Submit(c.Op({issue}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{100});
}

TEST_F(TransferTest, CurrencyRespectsTheResidentsMaximum) {
  ASSERT_EQ(Issue("anna", 50'000).code, ResultCode::kAccepted);  // exactly the maximum
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Issue("anna", 1);
  EXPECT_EQ(o.code, ResultCode::kExceedsMaximum);
  EXPECT_THAT(o.message, HasSubstr("'anna' cannot receive 0.01 BORN: its balance is 500.00 BORN "
                                   "with 0.00 BORN still to come in, and its maximum is "
                                   "500.00 BORN"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(TransferTest, CurrencyHasNoCreditLine) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Pay("anna", "bert", 1, "BORN");
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("'anna' cannot pay 0.01 BORN"));
  EXPECT_THAT(o.message, HasSubstr("its minimum is 0.00 BORN"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(TransferTest, IssuanceStopsAtTheIssuanceFloor) {
  ASSERT_EQ(c.Open("bakker", AccountKind::kPartner).code, ResultCode::kAccepted);
  ASSERT_EQ(Issue("bakker", 99'000'000).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Issue("bakker", 1'000'001);  // the floor is -1000000.00 BORN
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("'community' cannot pay 10000.01 BORN"));
  EXPECT_THAT(o.message, HasSubstr("its minimum is -1000000.00 BORN"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(Issue("bakker", 1'000'000).code, ResultCode::kAccepted);
}

TEST_F(TransferTest, ReservedAmountsCountAgainstBothLimits) {
  ASSERT_EQ(Issue("anna", 45'000).code, ResultCode::kAccepted);
  CreatePending pending{Transfer{"anna", "bert", "BORN", Amount{40'000}, "", ""}, kHourMs};
  ASSERT_EQ(c.Submit(c.Op({pending}), {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome payer = c.Pay("anna", "bert", 5'001, "BORN");
  EXPECT_EQ(payer.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(payer.message, HasSubstr("with 400.00 BORN reserved for pending payments"));
  Outcome payee = Issue("bert", 10'001);
  EXPECT_EQ(payee.code, ResultCode::kExceedsMaximum);
  EXPECT_THAT(payee.message, HasSubstr("with 400.00 BORN still to come in"));
  EXPECT_EQ(TakeSnapshot(c), before);
  // Up to the limits is fine: bert then holds 50.00 + 50.00 with 400.00 to come in.
  EXPECT_EQ(c.Pay("anna", "bert", 5'000, "BORN").code, ResultCode::kAccepted);
  EXPECT_EQ(Issue("bert", 5'000).code, ResultCode::kAccepted);
}

TEST_F(TransferTest, AmountsBeyondTenToTheFifteenOverflow) {
  // HOUR has no issuance floor to speak of: the community may go down to -10^15 minutes.
  ASSERT_EQ(Issue("anna", kAmountMax, "HOUR").code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("community").balance, Amount{-kAmountMax});
  const StateSnapshot before = TakeSnapshot(c);
  Outcome debit = Issue("bert", 1, "HOUR");
  EXPECT_EQ(debit.code, ResultCode::kOverflow);
  EXPECT_THAT(debit.message, HasSubstr("the amount overflows 'community'"));
  Outcome credit = c.Pay("bert", "anna", 1);
  EXPECT_EQ(credit.code, ResultCode::kOverflow);
  EXPECT_THAT(credit.message, HasSubstr("the amount overflows 'anna'"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

}  // namespace
}  // namespace noaber::ledger
