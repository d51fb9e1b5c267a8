// Impact reports: periods, residents new and returning, reciprocity, the currency in
// circulation, and suppression of figures about fewer than k residents.
#include "ledger/impact/report.h"

#include <gtest/gtest.h>

#include "ledger/testing/random_operations.h"
#include "ledger/testing/test_community.h"

namespace noaber::impact {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::ResultCode;
using ledger::Transfer;
using ledger::testing::RandomOperations;
using ledger::testing::TestCommunity;
using ledger::testing::TestGenesis;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* h : {"res1", "res2", "res3", "res4", "res5", "res6"}) {
      ASSERT_EQ(c.Open(h).code, ResultCode::kAccepted);
    }
    ASSERT_EQ(c.Open("tuin", AccountKind::kInitiative).code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("winkel", AccountKind::kPartner).code, ResultCode::kAccepted);
  }
  void Pay(const std::string& from, const std::string& to, int64_t amount,
           const std::string& skill = "tuin", const std::string& asset = "HOUR") {
    ledger::Operation op = c.Op({Transfer{from, to, asset, Amount{amount}, skill, "Uitgifte"}});
    ASSERT_EQ(c.Submit(op, {from == ledger::kCommunityHandle ? "admin1" : from}).code,
              ResultCode::kAccepted)
        << from << " -> " << to;
  }
  ImpactReport Report(Month first, Month last, bool suppress, int64_t k = 5) {
    ImpactAggregator aggregator(c.ledger().genesis());
    EXPECT_TRUE(aggregator.CatchUp(c.store(), c.HeadIndex()).ok());
    absl::StatusOr<ImpactReport> report =
        BuildReport(aggregator, ReportOptions{first, last, suppress, k});
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : ImpactReport{};
  }
  TestCommunity c{nullptr, TestGenesis()};
};

TEST_F(ReportTest, CountsNewReturningAndReciprocalResidents) {
  const Month january = MonthOf(c.now_ms);
  Pay("res1", "res2", 60);
  Pay("res2", "res1", 30, "koken");
  Pay("res3", "res4", 45);
  c.now_ms += 31 * kDayMs;
  Pay("res1", "res5", 60);
  ImpactReport report = Report(january, january + 1, /*suppress=*/false);
  ASSERT_EQ(report.months.size(), 2u);
  const ResidentFigures& jan = report.months[0].residents;
  EXPECT_EQ(jan.active.value, 4);
  EXPECT_EQ(jan.newcomers.value, 4);
  EXPECT_EQ(jan.returning.value, 0);
  EXPECT_EQ(jan.reciprocal.value, 2);  // res1 and r2 both gave and received
  EXPECT_EQ(jan.reciprocity_per_mille, 500);
  const ResidentFigures& feb = report.months[1].residents;
  EXPECT_EQ(feb.active.value, 2);
  EXPECT_EQ(feb.newcomers.value, 1);  // res5
  EXPECT_EQ(feb.returning.value, 1);  // res1
  EXPECT_EQ(report.total.residents.active.value, 5);
  EXPECT_EQ(report.total.hours.amount, 195);
  EXPECT_EQ(report.total.hours.count, 4);
  // February alone: res1 was active before it, so returning.
  ImpactReport february = Report(january + 1, january + 1, false);
  EXPECT_EQ(february.total.residents.returning.value, 1);
  EXPECT_FALSE(report.suppressed);
}

TEST_F(ReportTest, SuppressesFiguresAboutFewerThanKResidents) {
  const Month january = MonthOf(c.now_ms);
  Pay("res1", "res2", 60);           // tuin: res1, res2
  Pay("res3", "res4", 45, "koken");  // koken: res3..res6
  Pay("res5", "res6", 45, "koken");
  Pay("res1", "tuin", 100, "");  // a resident funds the initiative
  Pay("tuin", "res2", 50, "");   // and it pays one resident
  ImpactReport open = Report(january, january, /*suppress=*/false, /*k=*/4);
  ImpactReport hidden = Report(january, january, /*suppress=*/true, /*k=*/4);
  EXPECT_TRUE(hidden.suppressed);
  EXPECT_EQ(hidden.persons_min, 4);
  // About six residents: shown to everyone.
  EXPECT_EQ(hidden.total.hours, open.total.hours);
  EXPECT_EQ(hidden.total.hours.persons, 6);
  EXPECT_EQ(hidden.total.residents.active.value, 6);
  auto skill = [](const PeriodFigures& p, const std::string& code) {
    for (const SkillFigure& s : p.skills) {
      if (s.code == code) return s.figure;
    }
    return Figure{-1, -1, -1, false};
  };
  EXPECT_EQ(skill(open.total, "tuin"), (Figure{60, 1, 2, false}));
  EXPECT_EQ(skill(hidden.total, "tuin"), (Figure{0, 0, 0, true}));
  EXPECT_EQ(skill(hidden.total, "koken"), (Figure{90, 2, 4, false}));
  // Reciprocity about 0 residents is shown; an initiative paying one resident is not.
  EXPECT_EQ(hidden.total.residents.reciprocal.value, 0);
  EXPECT_FALSE(hidden.total.residents.reciprocal.suppressed);
  ASSERT_EQ(hidden.total.initiatives.size(), 1u);
  const InitiativeFigure& tuin = hidden.total.initiatives[0];
  ASSERT_EQ(tuin.paid_to_residents.size(), 1u);
  EXPECT_TRUE(tuin.paid_to_residents[0].figure.suppressed);
  EXPECT_EQ(tuin.paid_to_residents[0].figure.amount, 0);
  // The resident who funded it is named to administrators only.
  EXPECT_TRUE(hidden.total.initiatives[0].received_by_account.empty());
  ASSERT_EQ(open.total.initiatives[0].received_by_account.size(), 1u);
  EXPECT_EQ(open.total.initiatives[0].received_by_account[0].source, "res1");
  EXPECT_EQ(open.total.initiatives[0].paid_to_residents[0].figure, (Figure{50, 1, 1, false}));
  // With k = 1 nothing is suppressed.
  EXPECT_EQ(skill(Report(january, january, true, 1).total, "tuin").amount, 60);
}

TEST_F(ReportTest, CurrencyInCirculationIsWhatTheCommunityAccountIssuedNet) {
  const Month january = MonthOf(c.now_ms);
  Pay(ledger::kCommunityHandle, "winkel", 10'000, "", "BORN");
  Pay(ledger::kCommunityHandle, "res1", 3'000, "", "BORN");
  c.now_ms += 35 * kDayMs;
  Pay("res1", "winkel", 1'000, "", "BORN");
  Pay("winkel", ledger::kCommunityHandle, 4'000, "", "BORN");
  ImpactReport report = Report(january, january + 1, true);
  ASSERT_EQ(report.months[0].currencies.size(), 1u);
  EXPECT_EQ(report.months[0].currencies[0].in_circulation, 13'000);
  EXPECT_EQ(report.months[1].currencies[0].in_circulation, 9'000);
  EXPECT_EQ(report.months[1].currencies[0].returned.amount, 4'000);
  EXPECT_EQ(report.total.currencies[0].issued.amount, 13'000);
  // Spending at partners by one resident is about one person: suppressed for k = 5.
  EXPECT_TRUE(report.months[1].currencies[0].spent_at_partners.suppressed);
  EXPECT_EQ(-c.BalanceOf(ledger::kCommunityHandle, "BORN").balance.minor_units,
            report.total.currencies[0].in_circulation);
}

TEST_F(ReportTest, InCirculationMatchesTheCommunityBalanceOnARandomJournal) {
  RandomOperations random(c, 7, 10);
  for (int i = 0; i < 200; ++i) random.Batch(6);
  const Month month = MonthOf(c.now_ms);
  ImpactReport report = Report(month - 2, month, true);
  ASSERT_FALSE(report.total.currencies.empty());
  EXPECT_EQ(report.total.currencies[0].in_circulation,
            -c.BalanceOf(ledger::kCommunityHandle, "BORN").balance.minor_units);
}

TEST_F(ReportTest, RefusesBadRanges) {
  ImpactAggregator aggregator(c.ledger().genesis());
  const Month m = *ParseMonth("2026-05");
  EXPECT_EQ(BuildReport(aggregator, {m, m - 1, true, 5}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildReport(aggregator, {m, m + kReportMonthsMax, true, 5}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(BuildReport(aggregator, {m, m + kReportMonthsMax - 1, true, 5}).ok());
  EXPECT_EQ(BuildReport(aggregator, {m, m, true, 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildReport(aggregator, {kMonthMin - 1, m, true, 5}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace noaber::impact
