// Months in Amsterdam time: boundaries in winter and summer time, text and parsing.
#include "ledger/impact/month.h"

#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace noaber::impact {
namespace {

int64_t UtcMs(int y, int mo, int d, int h, int mi) {
  return absl::ToUnixMillis(
      absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::UTCTimeZone()));
}

TEST(MonthTest, WinterMonthsStartAt23UtcTheDayBefore) {
  const Month december = *ParseMonth("2026-12");
  EXPECT_EQ(MonthOf(UtcMs(2026, 11, 30, 22, 59)), december - 1);
  EXPECT_EQ(MonthOf(UtcMs(2026, 11, 30, 23, 0)), december);
  EXPECT_EQ(MonthStartMs(december), UtcMs(2026, 11, 30, 23, 0));
  // The new year: 31 December 23:00 UTC is January in Amsterdam.
  EXPECT_EQ(MonthText(MonthOf(UtcMs(2026, 12, 31, 23, 0))), "2027-01");
  EXPECT_EQ(MonthText(MonthOf(UtcMs(2026, 12, 31, 22, 59))), "2026-12");
}

TEST(MonthTest, SummerMonthsStartAt22UtcTheDayBefore) {
  EXPECT_EQ(MonthText(MonthOf(UtcMs(2026, 3, 31, 21, 59))), "2026-03");
  EXPECT_EQ(MonthText(MonthOf(UtcMs(2026, 3, 31, 22, 0))), "2026-04");
  EXPECT_EQ(MonthText(MonthOf(UtcMs(2026, 9, 30, 22, 0))), "2026-10");
  // November starts in winter time again.
  EXPECT_EQ(MonthText(MonthOf(UtcMs(2026, 10, 31, 22, 30))), "2026-10");
  EXPECT_EQ(MonthText(MonthOf(UtcMs(2026, 10, 31, 23, 0))), "2026-11");
}

TEST(MonthTest, EveryMonthStartIsItsFirstMoment) {
  for (Month m = *ParseMonth("2024-01"); m <= *ParseMonth("2030-12"); ++m) {
    EXPECT_EQ(MonthOf(MonthStartMs(m)), m) << MonthText(m);
    EXPECT_EQ(MonthOf(MonthStartMs(m) - 1), m - 1) << MonthText(m);
  }
}

TEST(MonthTest, ParsesOnlyYearDashMonth) {
  EXPECT_EQ(MonthText(*ParseMonth("2027-01")), "2027-01");
  for (const char* bad : {"2027-1", "2027-13", "2027-00", "1999-12", "27-01", "2027/01",
                          "2027-01-01", "", "abcd-ef"}) {
    EXPECT_FALSE(ParseMonth(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace noaber::impact
