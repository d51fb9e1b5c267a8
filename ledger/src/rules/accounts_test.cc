// Tests of the account rules: open, set limits, freeze/unfreeze/close, rotate keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::KeyFor;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;
using testing::TestGenesis;

// The public keys of `names`, sorted as an account lists them.
std::vector<PublicKey> Keys(std::vector<std::string> names) {
  std::vector<PublicKey> keys;
  for (const std::string& name : names) keys.push_back(KeyFor(name).public_key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<std::string> HandlesWithKey(TestCommunity& c, const std::string& name) {
  absl::StatusOr<std::vector<std::string>> handles =
      c.store().FindAccountsByKey(KeyFor(name).public_key);
  EXPECT_TRUE(handles.ok()) << handles.status();
  return handles.ok() ? *handles : std::vector<std::string>{"<error>"};
}

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
  }
  // One action signed by `signers` (the first administrator unless told otherwise).
  Outcome Submit(Action action, std::vector<std::string> signers = {"admin1"}) {
    return c.Submit(c.Op({std::move(action)}), signers);
  }
  Outcome SetStatusOf(const std::string& handle, AccountStatus status) {
    return Submit(SetStatus{handle, status});
  }
  // Sends `amount` BORN cents from the community account to `to`, signed by admin1.
  Outcome Issue(const std::string& to, int64_t amount) {
    return Submit(Transfer{kCommunityHandle, to, "BORN", Amount{amount}, "", "issued"});
  }
  TestCommunity c;
};

// --- Opening accounts ---

TEST_F(AccountsTest, OpenGivesTheKindsDefaultLimitsInEveryAsset) {
  Outcome o = Submit(OpenAccount{"bakker", AccountKind::kPartner, Keys({"bakker"}), 1});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  Account bakker = c.AccountOf("bakker");
  EXPECT_EQ(bakker.kind, AccountKind::kPartner);
  EXPECT_EQ(bakker.status, AccountStatus::kActive);
  EXPECT_EQ(bakker.keys, Keys({"bakker"}));
  EXPECT_EQ(bakker.threshold, 1);
  EXPECT_EQ(bakker.opened_index, o.index);
  EXPECT_EQ(c.BalanceOf("bakker", "HOUR").limits, (Limits{Amount{0}, Amount{kAmountMax}}));
  EXPECT_EQ(c.BalanceOf("bakker", "BORN").limits, (Limits{Amount{0}, Amount{kAmountMax}}));
  EXPECT_EQ(c.BalanceOf("anna", "HOUR").limits, (Limits{Amount{-600}, Amount{kAmountMax}}));
  EXPECT_EQ(c.BalanceOf("anna", "BORN").limits, (Limits{Amount{0}, Amount{50'000}}));
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{0});
}

TEST_F(AccountsTest, OpenNeedsTheAdministrators) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Submit(OpenAccount{"carla", AccountKind::kResident, Keys({"carla"}), 1}, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("signatures of 1 administrator are needed to open an account"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_THAT(HandlesWithKey(c, "carla"), IsEmpty());
}

TEST(AccountsThresholdTest, OpenNeedsTwoOfTwoAdministratorsWhenTheGenesisSaysSo) {
  TestCommunity c(nullptr, TestGenesis(2));
  const OpenAccount open{"carla", AccountKind::kResident, Keys({"carla"}), 1};
  const StateSnapshot before = TakeSnapshot(c);
  Outcome one = c.Submit(c.Op({open}), {"admin1"});
  EXPECT_EQ(one.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(one.message, HasSubstr("signatures of 2 administrators"));
  Outcome stranger = c.Submit(c.Op({open}), {"admin1", "carla"});
  EXPECT_EQ(stranger.code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);

  Outcome both = c.Submit(c.Op({open}), {"admin1", "admin2"});
  EXPECT_EQ(both.code, ResultCode::kAccepted) << both.message;
  EXPECT_EQ(c.AccountOf("carla").handle, "carla");
  EXPECT_EQ(c.HeadIndex(), before.ledger_head.index + 1);
}

TEST_F(AccountsTest, OpenRefusesATakenHandle) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Submit(OpenAccount{"anna", AccountKind::kPartner, Keys({"other"}), 1});
  EXPECT_EQ(o.code, ResultCode::kAccountExists);
  EXPECT_THAT(o.message, HasSubstr("the handle 'anna' is taken"));
  Outcome community = Submit(OpenAccount{"community", AccountKind::kResident, Keys({"x"}), 1});
  EXPECT_EQ(community.code, ResultCode::kAccountExists);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.AccountOf("anna").keys, Keys({"anna"}));
}

// --- Limits ---

TEST_F(AccountsTest, SetLimitsChangesOnlyTheGivenBound) {
  Outcome o = Submit(SetLimits{"anna", "HOUR", Amount{-1200}, std::nullopt});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").limits, (Limits{Amount{-1200}, Amount{kAmountMax}}));
  EXPECT_EQ(c.Pay("anna", "bert", 1200).code, ResultCode::kAccepted);
  EXPECT_EQ(c.Pay("anna", "bert", 1).code, ResultCode::kExceedsMinimum);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-1200});

  o = Submit(SetLimits{"bert", "BORN", std::nullopt, Amount{100}});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("bert", "BORN").limits, (Limits{Amount{0}, Amount{100}}));
  EXPECT_EQ(Issue("bert", 101).code, ResultCode::kExceedsMaximum);
  EXPECT_EQ(c.BalanceOf("bert", "BORN").balance, Amount{0});
  EXPECT_EQ(Issue("bert", 100).code, ResultCode::kAccepted);
}

TEST_F(AccountsTest, SetLimitsNeedsTheAdministrators) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Submit(SetLimits{"anna", "HOUR", Amount{-6000}, std::nullopt}, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("needed to set limits"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, SetLimitsRefusesUnknownAssetAndAccount) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome asset = Submit(SetLimits{"anna", "EURO", Amount{0}, std::nullopt});
  EXPECT_EQ(asset.code, ResultCode::kUnknownAsset);
  EXPECT_THAT(asset.message, HasSubstr("no asset 'EURO'"));
  Outcome account = Submit(SetLimits{"zora", "HOUR", Amount{0}, std::nullopt});
  EXPECT_EQ(account.code, ResultCode::kUnknownAccount);
  EXPECT_THAT(account.message, HasSubstr("there is no account 'zora'"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, SetLimitsRefusesAMinimumAboveTheKeptMaximum) {
  const StateSnapshot before = TakeSnapshot(c);
  // Well-formed alone (only a minimum), but above anna's BORN maximum of 500.00.
  Outcome o = Submit(SetLimits{"anna", "BORN", Amount{60'000}, std::nullopt});
  EXPECT_EQ(o.code, ResultCode::kLimitsCross);
  EXPECT_THAT(o.message,
              HasSubstr("the minimum 600.00 BORN would be above the maximum 500.00 BORN"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, SetLimitsMayNotExcludeTheBalance) {
  ASSERT_EQ(c.Pay("anna", "bert", 300).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome low = Submit(SetLimits{"anna", "HOUR", Amount{-240}, std::nullopt});
  EXPECT_EQ(low.code, ResultCode::kLimitsExcludeBalance);
  EXPECT_THAT(low.message, HasSubstr("'anna' has -5h"));
  EXPECT_THAT(low.message, HasSubstr("outside the limits -4h to"));
  Outcome high = Submit(SetLimits{"bert", "HOUR", std::nullopt, Amount{240}});
  EXPECT_EQ(high.code, ResultCode::kLimitsExcludeBalance);
  EXPECT_THAT(high.message, HasSubstr("'bert' has 5h"));
  EXPECT_EQ(TakeSnapshot(c), before);
  // Exactly at the balance is allowed.
  EXPECT_EQ(Submit(SetLimits{"anna", "HOUR", Amount{-300}, std::nullopt}).code,
            ResultCode::kAccepted);
}

TEST_F(AccountsTest, SetLimitsCountsPendingTransfers) {
  CreatePending pending{Transfer{"anna", "bert", "HOUR", Amount{120}, "", ""}, 3'600'000};
  ASSERT_EQ(Submit(pending, {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome payer = Submit(SetLimits{"anna", "HOUR", Amount{-60}, std::nullopt});
  EXPECT_EQ(payer.code, ResultCode::kLimitsExcludeBalance);
  EXPECT_THAT(payer.message, HasSubstr("'anna' has 0m (-2h to 0m counting pending transfers)"));
  Outcome payee = Submit(SetLimits{"bert", "HOUR", std::nullopt, Amount{60}});
  EXPECT_EQ(payee.code, ResultCode::kLimitsExcludeBalance);
  EXPECT_THAT(payee.message, HasSubstr("(0m to 2h counting pending transfers)"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, LimitsOfAFrozenAccountMayChange) {
  ASSERT_EQ(SetStatusOf("anna", AccountStatus::kFrozen).code, ResultCode::kAccepted);
  Outcome o = Submit(SetLimits{"anna", "HOUR", Amount{0}, Amount{600}});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").limits, (Limits{Amount{0}, Amount{600}}));
}

// --- Freeze, unfreeze, close ---

TEST_F(AccountsTest, FrozenAccountsNeitherSendNorReceive) {
  ASSERT_EQ(SetStatusOf("anna", AccountStatus::kFrozen).code, ResultCode::kAccepted);
  EXPECT_EQ(c.AccountOf("anna").status, AccountStatus::kFrozen);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome send = c.Pay("anna", "bert", 30);
  EXPECT_EQ(send.code, ResultCode::kAccountFrozen);
  EXPECT_THAT(send.message, HasSubstr("account 'anna' is frozen and cannot pay"));
  Outcome receive = c.Pay("bert", "anna", 30);
  EXPECT_EQ(receive.code, ResultCode::kAccountFrozen);
  EXPECT_THAT(receive.message, HasSubstr("account 'anna' is frozen and cannot receive"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, UnfreezeLetsTheAccountPayAgain) {
  ASSERT_EQ(SetStatusOf("anna", AccountStatus::kFrozen).code, ResultCode::kAccepted);
  ASSERT_EQ(SetStatusOf("anna", AccountStatus::kActive).code, ResultCode::kAccepted);
  EXPECT_EQ(c.AccountOf("anna").status, AccountStatus::kActive);
  EXPECT_EQ(c.Pay("anna", "bert", 30).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{30});
}

TEST_F(AccountsTest, StatusChangesNeedTheAdministrators) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome freeze = Submit(SetStatus{"bert", AccountStatus::kFrozen}, {"anna"});
  EXPECT_EQ(freeze.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(freeze.message, HasSubstr("needed to freeze an account"));
  Outcome close = Submit(SetStatus{"bert", AccountStatus::kClosed}, {"bert"});
  EXPECT_EQ(close.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(close.message, HasSubstr("needed to close an account"));
  Outcome unfreeze = Submit(SetStatus{"bert", AccountStatus::kActive}, {"bert"});
  EXPECT_EQ(unfreeze.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(unfreeze.message, HasSubstr("needed to unfreeze an account"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, StatusOfUnknownAccountOrCommunityIsRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome unknown = SetStatusOf("zora", AccountStatus::kFrozen);
  EXPECT_EQ(unknown.code, ResultCode::kUnknownAccount);
  EXPECT_THAT(unknown.message, HasSubstr("'zora'"));
  EXPECT_EQ(SetStatusOf("community", AccountStatus::kFrozen).code,
            ResultCode::kNotAllowedForCommunity);
  Outcome close = SetStatusOf("community", AccountStatus::kClosed);
  EXPECT_EQ(close.code, ResultCode::kNotAllowedForCommunity);
  EXPECT_THAT(close.message, HasSubstr("community account cannot be frozen or closed"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, CloseNeedsAZeroTimeBalance) {
  ASSERT_EQ(c.Pay("anna", "bert", 60).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome payer = SetStatusOf("anna", AccountStatus::kClosed);
  EXPECT_EQ(payer.code, ResultCode::kBalanceNotZero);
  EXPECT_THAT(payer.message, HasSubstr("account 'anna' still holds -1h HOUR"));
  Outcome payee = SetStatusOf("bert", AccountStatus::kClosed);
  EXPECT_EQ(payee.code, ResultCode::kBalanceNotZero);
  EXPECT_THAT(payee.message, HasSubstr("account 'bert' still holds 1h HOUR"));
  EXPECT_EQ(TakeSnapshot(c), before);

  ASSERT_EQ(c.Pay("bert", "anna", 60).code, ResultCode::kAccepted);
  EXPECT_EQ(SetStatusOf("anna", AccountStatus::kClosed).code, ResultCode::kAccepted);
  EXPECT_EQ(c.AccountOf("anna").status, AccountStatus::kClosed);
}

TEST_F(AccountsTest, CloseNeedsAZeroCurrencyBalance) {
  ASSERT_EQ(Issue("anna", 1250).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = SetStatusOf("anna", AccountStatus::kClosed);
  EXPECT_EQ(o.code, ResultCode::kBalanceNotZero);
  EXPECT_THAT(o.message, HasSubstr("account 'anna' still holds 12.50 BORN or pending"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, CloseIsRefusedWhilePendingTransfersAreOpen) {
  CreatePending pending{Transfer{"anna", "bert", "HOUR", Amount{45}, "", ""}, 3'600'000};
  ASSERT_EQ(Submit(pending, {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome payer = SetStatusOf("anna", AccountStatus::kClosed);
  EXPECT_EQ(payer.code, ResultCode::kBalanceNotZero);
  EXPECT_THAT(payer.message, HasSubstr("or pending transfers"));
  EXPECT_EQ(SetStatusOf("bert", AccountStatus::kClosed).code, ResultCode::kBalanceNotZero);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, ClosedIsForGood) {
  ASSERT_EQ(SetStatusOf("anna", AccountStatus::kClosed).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  for (AccountStatus status :
       {AccountStatus::kActive, AccountStatus::kFrozen, AccountStatus::kClosed}) {
    Outcome o = SetStatusOf("anna", status);
    EXPECT_EQ(o.code, ResultCode::kAccountClosed) << AccountStatusName(status);
    EXPECT_THAT(o.message, HasSubstr("account 'anna' is closed for good"));
  }
  Outcome limits = Submit(SetLimits{"anna", "HOUR", Amount{-60}, std::nullopt});
  EXPECT_EQ(limits.code, ResultCode::kAccountClosed);
  EXPECT_THAT(limits.message, HasSubstr("'anna' is closed and cannot have its limits changed"));
  Outcome rotate = Submit(RotateKeys{"anna", Keys({"anna2"}), 1}, {"anna"});
  EXPECT_EQ(rotate.code, ResultCode::kAccountClosed);
  EXPECT_THAT(rotate.message, HasSubstr("cannot change keys"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, ClosedAccountsNeitherSendNorReceive) {
  ASSERT_EQ(SetStatusOf("anna", AccountStatus::kClosed).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome send = c.Pay("anna", "bert", 10);
  EXPECT_EQ(send.code, ResultCode::kAccountClosed);
  EXPECT_THAT(send.message, HasSubstr("account 'anna' is closed and cannot pay"));
  Outcome receive = c.Pay("bert", "anna", 10);
  EXPECT_EQ(receive.code, ResultCode::kAccountClosed);
  EXPECT_THAT(receive.message, HasSubstr("account 'anna' is closed and cannot receive"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

// --- Keys ---

TEST_F(AccountsTest, AccountRotatesItsOwnKeysAndTheOldKeyStopsWorking) {
  Outcome o = Submit(RotateKeys{"anna", Keys({"anna-new-phone"}), 1}, {"anna"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.AccountOf("anna").keys, Keys({"anna-new-phone"}));

  const StateSnapshot before = TakeSnapshot(c);
  Outcome old_key = c.Pay("anna", "bert", 30);
  EXPECT_EQ(old_key.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(old_key.message, HasSubstr("the signature of 'anna' (1 of its 1 keys)"));
  EXPECT_EQ(TakeSnapshot(c), before);

  Transfer pay{"anna", "bert", "HOUR", Amount{30}, "", ""};
  EXPECT_EQ(c.Submit(c.Op({pay}), {"anna-new-phone"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{30});
}

TEST_F(AccountsTest, RotatingKeysMovesTheKeyIndex) {
  EXPECT_THAT(HandlesWithKey(c, "anna"), ElementsAre("anna"));
  ASSERT_EQ(Submit(RotateKeys{"anna", Keys({"anna-new-phone"}), 1}, {"anna"}).code,
            ResultCode::kAccepted);
  EXPECT_THAT(HandlesWithKey(c, "anna"), IsEmpty());
  EXPECT_THAT(HandlesWithKey(c, "anna-new-phone"), ElementsAre("anna"));
  EXPECT_THAT(HandlesWithKey(c, "bert"), ElementsAre("bert"));
}

TEST_F(AccountsTest, RotatingKeysMayKeepAnOldKey) {
  Outcome o = Submit(RotateKeys{"anna", Keys({"anna", "anna-tablet"}), 1}, {"anna"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_THAT(HandlesWithKey(c, "anna"), ElementsAre("anna"));
  EXPECT_THAT(HandlesWithKey(c, "anna-tablet"), ElementsAre("anna"));
  EXPECT_EQ(c.Pay("anna", "bert", 15).code, ResultCode::kAccepted);
}

TEST_F(AccountsTest, KeyIndexListsEveryAccountHoldingAKey) {
  // A household shares one phone.
  for (const char* handle : {"eva", "dirk"}) {
    OpenAccount open{handle, AccountKind::kResident, Keys({"household"}), 1};
    ASSERT_EQ(Submit(open).code, ResultCode::kAccepted);
  }
  EXPECT_THAT(HandlesWithKey(c, "household"), ElementsAre("dirk", "eva"));
  EXPECT_THAT(HandlesWithKey(c, "admin1"), ElementsAre("community"));
  EXPECT_THAT(HandlesWithKey(c, "nobody"), IsEmpty());
}

TEST_F(AccountsTest, AdministratorsRotateTheKeysOfAResidentWhoLostTheirPhone) {
  Outcome o = Submit(RotateKeys{"anna", Keys({"anna-new-phone"}), 1}, {"admin2"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.AccountOf("anna").keys, Keys({"anna-new-phone"}));
  EXPECT_THAT(HandlesWithKey(c, "anna"), IsEmpty());
  const StateSnapshot before = TakeSnapshot(c);
  EXPECT_EQ(c.Pay("anna", "bert", 30).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(AccountsTest, StrangersCannotRotateKeys) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Submit(RotateKeys{"anna", Keys({"bert"}), 1}, {"bert"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("the keys of 'anna' are changed by the account itself or by "
                                   "the administrators"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_THAT(HandlesWithKey(c, "anna"), ElementsAre("anna"));

  Outcome unknown = Submit(RotateKeys{"zora", Keys({"zora"}), 1}, {"zora"});
  EXPECT_EQ(unknown.code, ResultCode::kUnknownAccount);
  EXPECT_THAT(unknown.message, HasSubstr("'zora'"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST(AccountsThresholdTest, OneOfTwoAdministratorsCannotRotateAResidentsKeys) {
  TestCommunity c(nullptr, TestGenesis(2));
  OpenAccount open{"anna", AccountKind::kResident, Keys({"anna"}), 1};
  ASSERT_EQ(c.Submit(c.Op({open}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  RotateKeys rotate{"anna", Keys({"anna-new-phone"}), 1};
  EXPECT_EQ(c.Submit(c.Op({rotate}), {"admin1"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.Submit(c.Op({rotate}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.AccountOf("anna").keys, Keys({"anna-new-phone"}));
}

TEST_F(AccountsTest, TwoOfThreeKeysMustSign) {
  Outcome o = Submit(RotateKeys{"anna", Keys({"k1", "k2", "k3"}), 2}, {"anna"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.AccountOf("anna").threshold, 2);
  const Transfer pay{"anna", "bert", "HOUR", Amount{20}, "", ""};
  const StateSnapshot before = TakeSnapshot(c);
  Outcome one = c.Submit(c.Op({pay}), {"k1"});
  EXPECT_EQ(one.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(one.message, HasSubstr("the signature of 'anna' (2 of its 3 keys)"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.Submit(c.Op({pay}), {"k1", "k3"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-20});
}

TEST_F(AccountsTest, AdministratorsRotateTheCommunityKeys) {
  Outcome o = Submit(RotateKeys{"community", Keys({"admin3"}), 1}, {"admin1"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_THAT(HandlesWithKey(c, "admin1"), IsEmpty());
  EXPECT_THAT(HandlesWithKey(c, "admin3"), ElementsAre("community"));
  const OpenAccount open{"carla", AccountKind::kResident, Keys({"carla"}), 1};
  const StateSnapshot before = TakeSnapshot(c);
  EXPECT_EQ(c.Submit(c.Op({open}), {"admin1"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.Submit(c.Op({open}), {"admin3"}).code, ResultCode::kAccepted);
}

TEST_F(AccountsTest, FrozenAccountMayStillRotateItsKeys) {
  ASSERT_EQ(SetStatusOf("anna", AccountStatus::kFrozen).code, ResultCode::kAccepted);
  Outcome o = Submit(RotateKeys{"anna", Keys({"anna-new-phone"}), 1}, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.AccountOf("anna").keys, Keys({"anna-new-phone"}));
  EXPECT_EQ(c.AccountOf("anna").status, AccountStatus::kFrozen);
}

}  // namespace
}  // namespace noaber::ledger
