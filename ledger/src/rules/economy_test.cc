// Tests of the neighbourhood-economy rules that span actions: welcome credits paid when an
// account opens, annual earning caps per Dutch calendar year, assisted residents whose
// payments the administrators sign, and the reason every issuance must give.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using testing::EconomyGenesis;
using ::testing::HasSubstr;
using testing::kAnnualCapCents;
using testing::KeyFor;
using testing::kWelcomeMinutes;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kNewYear2026Ms = 1767222000000;  // 2025-12-31 23:00:00 UTC: 2026 begins
constexpr int64_t kNewYear2027Ms = 1798758000000;  // 2026-12-31 23:00:00 UTC: 2027 begins

// --- The calendar year ---

TEST(CalendarYearTest, TheDutchNewYearBeginsAtElevenPmUtc) {
  EXPECT_EQ(CalendarYearOf(kNewYear2027Ms - 1), 2026);  // 23:59:59.999 in Amsterdam
  EXPECT_EQ(CalendarYearOf(kNewYear2027Ms), 2027);      // midnight in Amsterdam
  EXPECT_EQ(CalendarYearOf(kNewYear2026Ms - 1), 2025);
  EXPECT_EQ(CalendarYearOf(kNewYear2026Ms), 2026);
  EXPECT_EQ(CalendarYearOf(1767225600000), 2026);  // 2026-01-01 00:00 UTC
  EXPECT_EQ(CalendarYearOf(testing::kStartMs), 2026);
  // Summer time is UTC+2, but a year never begins in summer: mid-year needs no zone rules.
  EXPECT_EQ(CalendarYearOf(1835438400000), 2028);  // 2028-02-29 12:00 UTC, a leap day
  EXPECT_EQ(CalendarYearOf(4133977200000 - 1), 2100);
  EXPECT_EQ(CalendarYearOf(4133977200000), 2101);  // 2100-12-31 23:00 UTC
  // Before 1970 too: 1969-12-31 23:00 UTC is already 1970 in Amsterdam.
  EXPECT_EQ(CalendarYearOf(-3'600'000), 1970);
  EXPECT_EQ(CalendarYearOf(-3'600'001), 1969);
  EXPECT_EQ(CalendarYearOf(0), 1970);
}

// --- Welcome credits ---

class EconomyTest : public ::testing::Test {
 protected:
  EconomyTest() : c(nullptr, EconomyGenesis()) {}
  void SetUp() override {
    for (const char* handle : {"anna", "bert"}) {
      ASSERT_EQ(c.Open(handle).code, ResultCode::kAccepted);
    }
    ASSERT_EQ(c.Open("bakker", AccountKind::kPartner).code, ResultCode::kAccepted);
  }
  // Issues `cents` BORN to `to`, with a reason, signed by admin1.
  Outcome Issue(const std::string& to, int64_t cents) {
    return c.Submit(c.Op({Transfer{kCommunityHandle, to, "BORN", Amount{cents}, "", "Vergoeding"}}),
                    {"admin1"});
  }
  TestCommunity c;
};

TEST_F(EconomyTest, ResidentsAreWelcomedFromTheCommunityAccount) {
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{kWelcomeMinutes});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{kWelcomeMinutes});
  EXPECT_EQ(c.BalanceOf("bakker").balance, Amount{0});  // partners get no welcome
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{0});
  EXPECT_EQ(c.BalanceOf(kCommunityHandle).balance, Amount{-2 * kWelcomeMinutes});
  // The welcome is part of the opening: one journal entry, in both histories.
  const uint64_t head = c.HeadIndex();
  Outcome o = c.Open("carla");
  ASSERT_EQ(o.code, ResultCode::kAccepted);
  EXPECT_EQ(c.HeadIndex(), head + 1);
  EXPECT_EQ(*c.store().GetHistory(kCommunityHandle, o.index + 1, 1),
            std::vector<uint64_t>{o.index});
  EXPECT_EQ(*c.store().GetHistory("carla", o.index + 1, 1), std::vector<uint64_t>{o.index});
  // The welcome counts as credit like any other: carla may spend it and her credit line.
  EXPECT_EQ(c.Pay("carla", "anna", kWelcomeMinutes + 600).code, ResultCode::kAccepted);
  EXPECT_TRUE(CheckInvariants(c.store()).ok());
}

TEST(WelcomeTest, AWelcomeTheCommunityCannotAffordRefusesTheOpening) {
  Genesis genesis = EconomyGenesis();
  genesis.assets[0].issuance_floor = Amount{-kWelcomeMinutes - 60};  // room for one welcome
  TestCommunity c(nullptr, genesis);
  ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Open("bert");
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("'community' cannot pay 2h"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.AccountOf("bert").handle, "");  // not opened at all
}

TEST(WelcomeTest, AWelcomeCountsTowardsTheAnnualCap) {
  Genesis genesis = EconomyGenesis();
  for (DefaultLimits& d : genesis.default_limits) {
    if (d.kind == AccountKind::kResident && d.asset == "BORN") d.welcome = Amount{15'000};
  }
  TestCommunity c(nullptr, genesis);
  ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna", "BORN").balance, Amount{15'000});
  EXPECT_EQ(c.ReceivedIn("anna", "BORN", 2026), Amount{15'000});
  Transfer issue{kCommunityHandle, "anna", "BORN", Amount{5'001}, "", "Vergoeding"};
  EXPECT_EQ(c.Submit(c.Op({issue}), {"admin1"}).code, ResultCode::kEarningCapExceeded);
  issue.amount = Amount{5'000};
  EXPECT_EQ(c.Submit(c.Op({issue}), {"admin1"}).code, ResultCode::kAccepted);
}

// --- Annual earning caps ---

TEST_F(EconomyTest, TheCapIsReachedExactlyAndNotPassed) {
  ASSERT_EQ(Issue("anna", 15'000).code, ResultCode::kAccepted);
  EXPECT_EQ(c.ReceivedIn("anna", "BORN", 2026), Amount{15'000});
  const StateSnapshot before = TakeSnapshot(c);
  Outcome over = Issue("anna", 6'000);
  EXPECT_EQ(over.code, ResultCode::kEarningCapExceeded);
  EXPECT_THAT(over.message, HasSubstr("'anna' may receive at most 200.00 BORN in 2026; "
                                      "50.00 BORN is left, not enough for 60.00 BORN"));
  EXPECT_EQ(TakeSnapshot(c), before);

  ASSERT_EQ(Issue("anna", kAnnualCapCents - 15'000).code, ResultCode::kAccepted);
  EXPECT_EQ(c.ReceivedIn("anna", "BORN", 2026), Amount{kAnnualCapCents});
  // A resident paying her counts as much as an issuance.
  ASSERT_EQ(Issue("bert", 1'000).code, ResultCode::kAccepted);
  const StateSnapshot full = TakeSnapshot(c);
  Outcome cent = c.Pay("bert", "anna", 1, "BORN");
  EXPECT_EQ(cent.code, ResultCode::kEarningCapExceeded);
  EXPECT_THAT(cent.message, HasSubstr("0.00 BORN is left, not enough for 0.01 BORN"));
  EXPECT_EQ(TakeSnapshot(c), full);
  // Spending does not give room back: the cap is on what is received.
  ASSERT_EQ(c.Pay("anna", "bert", 10'000, "BORN").code, ResultCode::kAccepted);
  EXPECT_EQ(c.Pay("bert", "anna", 1, "BORN").code, ResultCode::kEarningCapExceeded);
}

TEST_F(EconomyTest, TheCapIsOnlyForItsKindAndAsset) {
  ASSERT_EQ(Issue("bakker", 1'000'000).code, ResultCode::kAccepted);  // partners: no cap
  ASSERT_EQ(c.Pay("bert", "anna", 700).code, ResultCode::kAccepted);  // HOUR: no cap
  EXPECT_EQ(c.ReceivedIn("bakker", "BORN", 2026), Amount{0});
  EXPECT_EQ(c.ReceivedIn("anna", "HOUR", 2026), Amount{0});
  // Nothing is counted where no cap applies.
  size_t counted = 0;
  ASSERT_TRUE(c.store()
                  .ForEachReceived([&](const ReceivedKey&, Amount) {
                    ++counted;
                    return true;
                  })
                  .ok());
  EXPECT_EQ(counted, 0u);
}

TEST_F(EconomyTest, PostedPendingsAndAcceptedRequestsCountButReservationsDoNot) {
  ASSERT_EQ(Issue("anna", 15'000).code, ResultCode::kAccepted);
  ASSERT_EQ(Issue("bert", 20'000).code, ResultCode::kAccepted);
  Operation pending =
      c.Op({CreatePending{Transfer{"bert", "anna", "BORN", Amount{6'000}, "", ""}, kHourMs}});
  ASSERT_EQ(c.Submit(pending, {"bert"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.ReceivedIn("anna", "BORN", 2026), Amount{15'000});  // only reserved

  const StateSnapshot before = TakeSnapshot(c);
  Outcome all = c.Submit(c.Op({PostPending{pending.id, std::nullopt}}), {"bert"});
  EXPECT_EQ(all.code, ResultCode::kEarningCapExceeded);
  EXPECT_THAT(all.message, HasSubstr("50.00 BORN is left, not enough for 60.00 BORN"));
  EXPECT_EQ(TakeSnapshot(c), before);
  ASSERT_EQ(c.Submit(c.Op({PostPending{pending.id, Amount{5'000}}}), {"bert"}).code,
            ResultCode::kAccepted);
  EXPECT_EQ(c.ReceivedIn("anna", "BORN", 2026), Amount{kAnnualCapCents});

  Operation request =
      c.Op({RequestPayment{"anna", "bert", "BORN", Amount{1}, "", "", std::nullopt, 0}});
  ASSERT_EQ(c.Submit(request, {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot asked = TakeSnapshot(c);
  EXPECT_EQ(c.Submit(c.Op({AcceptRequest{request.id}}), {"bert"}).code,
            ResultCode::kEarningCapExceeded);
  EXPECT_EQ(TakeSnapshot(c), asked);
  EXPECT_EQ(c.RequestOf(request.id)->state, RequestState::kOpen);
}

TEST_F(EconomyTest, TheCapStartsAgainAtTheDutchNewYear) {
  c.now_ms = kNewYear2027Ms - kHourMs;  // 2026-12-31 22:00 UTC
  ASSERT_EQ(Issue("anna", kAnnualCapCents).code, ResultCode::kAccepted);
  c.now_ms = kNewYear2027Ms - 1;  // 23:59:59.999 in Amsterdam
  const StateSnapshot before = TakeSnapshot(c);
  Outcome late = Issue("anna", 1);
  EXPECT_EQ(late.code, ResultCode::kEarningCapExceeded);
  EXPECT_THAT(late.message, HasSubstr("in 2026"));
  EXPECT_EQ(TakeSnapshot(c), before);

  c.now_ms = kNewYear2027Ms;  // midnight in Amsterdam, 23:00 UTC
  Outcome o = Issue("anna", 1);
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.ReceivedIn("anna", "BORN", 2026), Amount{kAnnualCapCents});
  EXPECT_EQ(c.ReceivedIn("anna", "BORN", 2027), Amount{1});
  Outcome over = Issue("anna", kAnnualCapCents);
  EXPECT_EQ(over.code, ResultCode::kEarningCapExceeded);
  EXPECT_THAT(over.message, HasSubstr("in 2027; 199.99 BORN is left"));
}

TEST_F(EconomyTest, CountsReplayToTheSameState) {
  ASSERT_EQ(Issue("anna", 12'345).code, ResultCode::kAccepted);
  c.now_ms = kNewYear2027Ms;
  ASSERT_EQ(Issue("anna", 1'000).code, ResultCode::kAccepted);
  MemoryStore replayed;
  ASSERT_TRUE(ReplayJournal(c.store(), &replayed).ok());
  absl::Status same = CompareState(c.store(), replayed);
  EXPECT_TRUE(same.ok()) << same;
  EXPECT_EQ(*replayed.GetReceived({"anna", "BORN", 2027}), Amount{1'000});
}

// --- Issuance needs a reason ---

TEST_F(EconomyTest, AnIssuanceWithoutAMemoIsRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o =
      c.Submit(c.Op({Transfer{kCommunityHandle, "anna", "BORN", Amount{100}, "", ""}}), {"admin1"});
  EXPECT_EQ(o.code, ResultCode::kReasonRequired);
  EXPECT_THAT(o.message, HasSubstr("give the reason as memo"));
  CreatePending pending{Transfer{kCommunityHandle, "anna", "HOUR", Amount{60}, "", ""}, kHourMs};
  EXPECT_EQ(c.Submit(c.Op({pending}), {"admin1"}).code, ResultCode::kReasonRequired);
  RequestPayment request{"anna", kCommunityHandle, "HOUR", Amount{60}, "", "", std::nullopt, 0};
  EXPECT_EQ(c.Submit(c.Op({request}), {"anna"}).code, ResultCode::kReasonRequired);
  EXPECT_EQ(TakeSnapshot(c), before);
  // With the reason it goes through; a resident's payment needs no memo.
  EXPECT_EQ(Issue("anna", 100).code, ResultCode::kAccepted);
  EXPECT_EQ(c.Pay("anna", "bert", 30).code, ResultCode::kAccepted);
}

// --- Assisted residents ---

TEST_F(EconomyTest, OnlyAdministratorsMarkOnlyResidentsAsAssisted) {
  ASSERT_EQ(c.Open("dirk").code, ResultCode::kAccepted);
  ASSERT_EQ(c.Pay("dirk", "anna", kWelcomeMinutes).code, ResultCode::kAccepted);
  ASSERT_EQ(c.Submit(c.Op({SetStatus{"dirk", AccountStatus::kClosed}}), {"admin1"}).code,
            ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome self = c.Submit(c.Op({SetAssisted{"anna", true}}), {"anna"});
  EXPECT_EQ(self.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(self.message, HasSubstr("needed to mark an account as assisted"));
  Outcome partner = c.Submit(c.Op({SetAssisted{"bakker", true}}), {"admin1"});
  EXPECT_EQ(partner.code, ResultCode::kInvalidKind);
  EXPECT_THAT(partner.message, HasSubstr("only residents are assisted; 'bakker' is a partner"));
  EXPECT_EQ(c.Submit(c.Op({SetAssisted{kCommunityHandle, true}}), {"admin1"}).code,
            ResultCode::kInvalidKind);
  EXPECT_EQ(c.Submit(c.Op({SetAssisted{"zora", true}}), {"admin1"}).code,
            ResultCode::kUnknownAccount);
  EXPECT_EQ(c.Submit(c.Op({SetAssisted{"dirk", true}}), {"admin1"}).code,
            ResultCode::kAccountClosed);
  EXPECT_EQ(TakeSnapshot(c), before);
  ASSERT_EQ(c.Submit(c.Op({SetAssisted{"anna", true}}), {"admin1"}).code, ResultCode::kAccepted);
  EXPECT_TRUE(c.AccountOf("anna").assisted);
}

TEST_F(EconomyTest, AdministratorsPayFromAnAssistedAccount) {
  ASSERT_EQ(c.Submit(c.Op({SetAssisted{"anna", true}}), {"admin1"}).code, ResultCode::kAccepted);
  Outcome o = c.Submit(c.Op({Transfer{"anna", "bert", "HOUR", Amount{45}, "boodschappen", ""}}),
                       {"admin1"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{kWelcomeMinutes - 45});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{kWelcomeMinutes + 45});
  // The journal shows who signed: the administrator, on anna's behalf.
  EXPECT_EQ(c.SignersOf(o.index), std::vector<PublicKey>{KeyFor("admin1").public_key});
  // Her own key still works, and so do pending transfers signed for her.
  EXPECT_EQ(c.Pay("anna", "bert", 15).code, ResultCode::kAccepted);
  Operation pending =
      c.Op({CreatePending{Transfer{"anna", "bert", "HOUR", Amount{30}, "", ""}, kHourMs}});
  ASSERT_EQ(c.Submit(pending, {"admin2"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.Submit(c.Op({PostPending{pending.id, std::nullopt}}), {"admin2"}).code,
            ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{kWelcomeMinutes - 90});
}

TEST_F(EconomyTest, AdministratorsCannotPayFromAnAccountThatIsNotAssisted) {
  const StateSnapshot before = TakeSnapshot(c);
  const Transfer payment{"bert", "anna", "HOUR", Amount{45}, "", ""};
  Outcome o = c.Submit(c.Op({payment}), {"admin1", "admin2"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("the signature of 'bert' (1 of its 1 keys) is needed to pay "
                                   "from it"));
  EXPECT_EQ(TakeSnapshot(c), before);
  // Nor once assistance has ended.
  ASSERT_EQ(c.Submit(c.Op({SetAssisted{"bert", true}}), {"admin1"}).code, ResultCode::kAccepted);
  ASSERT_EQ(c.Submit(c.Op({SetAssisted{"bert", false}}), {"admin1"}).code, ResultCode::kAccepted);
  EXPECT_FALSE(c.AccountOf("bert").assisted);
  const StateSnapshot after = TakeSnapshot(c);
  EXPECT_EQ(c.Submit(c.Op({payment}), {"admin1"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), after);
}

TEST(AssistedThresholdTest, PayingForAnAssistedResidentNeedsTheAdministratorsThreshold) {
  TestCommunity c(nullptr, EconomyGenesis(2));
  for (const char* handle : {"anna", "bert"}) {
    OpenAccount open{handle, AccountKind::kResident, {KeyFor(handle).public_key}, 1};
    ASSERT_EQ(c.Submit(c.Op({open}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
  }
  ASSERT_EQ(c.Submit(c.Op({SetAssisted{"anna", true}}), {"admin1", "admin2"}).code,
            ResultCode::kAccepted);
  const Transfer payment{"anna", "bert", "HOUR", Amount{45}, "", ""};
  const StateSnapshot before = TakeSnapshot(c);
  EXPECT_EQ(c.Submit(c.Op({payment}), {"admin1"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
  Outcome o = c.Submit(c.Op({payment}), {"admin1", "admin2"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  std::vector<PublicKey> admins = {KeyFor("admin1").public_key, KeyFor("admin2").public_key};
  std::sort(admins.begin(), admins.end());
  EXPECT_EQ(c.SignersOf(o.index), admins);
}

}  // namespace
}  // namespace noaber::ledger
