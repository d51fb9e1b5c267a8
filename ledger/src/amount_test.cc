// Tests of amounts: checked arithmetic at the bounds, and the text forms people type and read.
#include "noaber/ledger/amount.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "noaber/ledger/types.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kDayMs = 24 * kHourMs;

int64_t Minutes(std::string_view text, bool allow_negative = false) {
  absl::StatusOr<Amount> amount = ParseAmount(text, AssetKind::kTime, allow_negative);
  EXPECT_TRUE(amount.ok()) << text << ": " << amount.status();
  return amount.ok() ? amount->minor_units : INT64_MIN;
}

int64_t Cents(std::string_view text, bool allow_negative = false) {
  absl::StatusOr<Amount> amount = ParseAmount(text, AssetKind::kCurrency, allow_negative);
  EXPECT_TRUE(amount.ok()) << text << ": " << amount.status();
  return amount.ok() ? amount->minor_units : INT64_MIN;
}

// --- Checked arithmetic ---

TEST(CheckedArithmeticTest, AddStaysWithinTenToTheFifteen) {
  EXPECT_EQ(CheckedAdd(Amount{2}, Amount{3}), Amount{5});
  EXPECT_EQ(CheckedAdd(Amount{kAmountMax - 1}, Amount{1}), Amount{kAmountMax});
  EXPECT_EQ(CheckedAdd(Amount{kAmountMax}, Amount{1}), std::nullopt);
  EXPECT_EQ(CheckedAdd(Amount{-kAmountMax}, Amount{-1}), std::nullopt);
  EXPECT_EQ(CheckedAdd(Amount{-kAmountMax}, Amount{kAmountMax}), Amount{0});
  EXPECT_EQ(CheckedAdd(Amount{INT64_MAX}, Amount{1}), std::nullopt);  // int64 overflow itself
  EXPECT_EQ(CheckedAdd(Amount{INT64_MIN}, Amount{-1}), std::nullopt);
}

TEST(CheckedArithmeticTest, SubtractStaysWithinTenToTheFifteen) {
  EXPECT_EQ(CheckedSubtract(Amount{2}, Amount{3}), Amount{-1});
  EXPECT_EQ(CheckedSubtract(Amount{-kAmountMax + 1}, Amount{1}), Amount{-kAmountMax});
  EXPECT_EQ(CheckedSubtract(Amount{-kAmountMax}, Amount{1}), std::nullopt);
  EXPECT_EQ(CheckedSubtract(Amount{kAmountMax}, Amount{-1}), std::nullopt);
  EXPECT_EQ(CheckedSubtract(Amount{0}, Amount{-kAmountMax}), Amount{kAmountMax});
  EXPECT_EQ(CheckedSubtract(Amount{kAmountMax}, Amount{-kAmountMax}), std::nullopt);
  EXPECT_EQ(CheckedSubtract(Amount{INT64_MIN}, Amount{1}), std::nullopt);
  EXPECT_EQ(CheckedSubtract(Amount{0}, Amount{INT64_MIN}), std::nullopt);
}

TEST(CheckedArithmeticTest, InRangeIsInclusive) {
  EXPECT_TRUE(InRange(Amount{kAmountMax}));
  EXPECT_TRUE(InRange(Amount{-kAmountMax}));
  EXPECT_TRUE(InRange(Amount{0}));
  EXPECT_FALSE(InRange(Amount{kAmountMax + 1}));
  EXPECT_FALSE(InRange(Amount{-kAmountMax - 1}));
  EXPECT_FALSE(InRange(Amount{INT64_MIN}));
}

// --- Time amounts ---

TEST(ParseAmountTest, ReadsHoursAndMinutes) {
  EXPECT_EQ(Minutes("1h30m"), 90);
  EXPECT_EQ(Minutes("90m"), 90);
  EXPECT_EQ(Minutes("1.5h"), 90);
  EXPECT_EQ(Minutes("1,5h"), 90);
  EXPECT_EQ(Minutes("2h"), 120);
  EXPECT_EQ(Minutes("1h 30m"), 90);
  EXPECT_EQ(Minutes("  1H30M "), 90);
  EXPECT_EQ(Minutes("1 h 5 m"), 65);
  EXPECT_EQ(Minutes("0.25h"), 15);
  EXPECT_EQ(Minutes("2u"), 120);  // Dutch: uur
  EXPECT_EQ(Minutes("0m"), 0);
  EXPECT_EQ(Minutes("45m"), 45);
  EXPECT_EQ(Minutes("999999999999999m"), 999'999'999'999'999);
}

TEST(ParseAmountTest, RefusesMalformedTime) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty"},
      {"   ", "empty"},
      {"abc", "expected a number"},
      {"h", "expected a number"},
      {"2", "say the unit"},  // no unit for time
      {"90", "say the unit"},
      {"1h30", "say the unit"},
      {"0.01h", "not a whole number of minutes"},
      {"1.5m", "minutes must be whole"},
      {"30m1h", "use hours then minutes"},
      {"1h1h", "use hours then minutes"},
      {"2d", "use hours then minutes"},
      {"1.h", "expected a number"},
      {".5h", "expected a number"},
      {"1h+30m", "expected a number"},
  };
  for (const auto& [text, why] : cases) {
    absl::StatusOr<Amount> amount = ParseAmount(text, AssetKind::kTime);
    ASSERT_FALSE(amount.ok()) << "'" << text << "' gave " << amount->minor_units;
    EXPECT_EQ(amount.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(amount.status().message(), HasSubstr("invalid amount '" + text + "': " + why));
  }
}

TEST(ParseAmountTest, RefusesNegativeAmountsUnlessAllowed) {
  for (AssetKind kind : {AssetKind::kTime, AssetKind::kCurrency}) {
    absl::StatusOr<Amount> amount = ParseAmount("-1h", kind);
    ASSERT_FALSE(amount.ok());
    EXPECT_THAT(amount.status().message(), HasSubstr("must not be negative"));
  }
  EXPECT_EQ(Minutes("-1h30m", /*allow_negative=*/true), -90);
  EXPECT_EQ(Cents("-12.50", /*allow_negative=*/true), -1250);
  absl::StatusOr<Amount> sign_only = ParseAmount("-", AssetKind::kTime, true);
  ASSERT_FALSE(sign_only.ok());
  EXPECT_THAT(sign_only.status().message(), HasSubstr("empty"));
  EXPECT_FALSE(ParseAmount("--1h", AssetKind::kTime, true).ok());
}

TEST(ParseAmountTest, RefusesTimeBeyondTenToTheFifteenMinutes) {
  for (std::string text : {"999999999999999h", "16666666666667h", "999999999999999h59m"}) {
    absl::StatusOr<Amount> amount = ParseAmount(text, AssetKind::kTime);
    ASSERT_FALSE(amount.ok()) << text;
    EXPECT_THAT(amount.status().message(), HasSubstr("too large"));
  }
  // More than 15 digits is not read at all.
  absl::StatusOr<Amount> digits = ParseAmount("1000000000000000m", AssetKind::kTime);
  ASSERT_FALSE(digits.ok());
  EXPECT_THAT(digits.status().message(), HasSubstr("expected a number"));
  EXPECT_EQ(Minutes("16666666666666h40m"), kAmountMax);  // exactly the bound
}

// --- Currency amounts ---

TEST(ParseAmountTest, ReadsEurosAndCents) {
  EXPECT_EQ(Cents("12.50"), 1250);
  EXPECT_EQ(Cents("12,5"), 1250);
  EXPECT_EQ(Cents("12,50"), 1250);
  EXPECT_EQ(Cents("12"), 1200);
  EXPECT_EQ(Cents("0.01"), 1);
  EXPECT_EQ(Cents(" 7.05 "), 705);
  EXPECT_EQ(Cents("0"), 0);
  EXPECT_EQ(Cents("10000000000000"), kAmountMax);  // 10^13 units of 100 cents
}

TEST(ParseAmountTest, RefusesMalformedCurrency) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty"},
      {"abc", "expected a number such as 12 or 12.50"},
      {"1.234", "at most two decimals"},
      {"12.", "expected a number"},
      {"12.5.0", "expected a number"},
      {"12 EUR", "expected a number"},
      {"1h", "expected a number"},
      {"10000000000000.01", "too large"},
      {"999999999999999", "too large"},
      {"1000000000000000", "expected a number"},
  };
  for (const auto& [text, why] : cases) {
    absl::StatusOr<Amount> amount = ParseAmount(text, AssetKind::kCurrency);
    ASSERT_FALSE(amount.ok()) << "'" << text << "' gave " << amount->minor_units;
    EXPECT_EQ(amount.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(amount.status().message(), HasSubstr("invalid amount '" + text + "': " + why));
  }
}

// --- Formatting ---

TEST(FormatAmountTest, FormatsTime) {
  EXPECT_EQ(FormatAmount(Amount{90}, AssetKind::kTime), "1h30m");
  EXPECT_EQ(FormatAmount(Amount{45}, AssetKind::kTime), "45m");
  EXPECT_EQ(FormatAmount(Amount{120}, AssetKind::kTime), "2h");
  EXPECT_EQ(FormatAmount(Amount{0}, AssetKind::kTime), "0m");
  EXPECT_EQ(FormatAmount(Amount{-65}, AssetKind::kTime), "-1h5m");
  EXPECT_EQ(FormatAmount(Amount{-600}, AssetKind::kTime), "-10h");
  EXPECT_EQ(FormatAmount(Amount{kAmountMax}, AssetKind::kTime), "16666666666666h40m");
}

TEST(FormatAmountTest, FormatsCurrency) {
  EXPECT_EQ(FormatAmount(Amount{1250}, AssetKind::kCurrency), "12.50");
  EXPECT_EQ(FormatAmount(Amount{5}, AssetKind::kCurrency), "0.05");
  EXPECT_EQ(FormatAmount(Amount{0}, AssetKind::kCurrency), "0.00");
  EXPECT_EQ(FormatAmount(Amount{-1205}, AssetKind::kCurrency), "-12.05");
  EXPECT_EQ(FormatAmount(Amount{-kAmountMax}, AssetKind::kCurrency), "-10000000000000.00");
}

TEST(FormatAmountTest, PrintsAmountsOutOfRangeRaw) {
  EXPECT_EQ(FormatAmount(Amount{kAmountMax + 1}, AssetKind::kTime), "1000000000000001?");
  EXPECT_EQ(FormatAmount(Amount{INT64_MIN}, AssetKind::kCurrency), "-9223372036854775808?");
}

TEST(FormatAmountTest, ParsesBackWhatItFormats) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{59}, int64_t{61}, int64_t{-601},
                    int64_t{1'234'567}, kAmountMax, -kAmountMax}) {
    for (AssetKind kind : {AssetKind::kTime, AssetKind::kCurrency}) {
      std::string text = FormatAmount(Amount{v}, kind);
      absl::StatusOr<Amount> back = ParseAmount(text, kind, /*allow_negative=*/true);
      ASSERT_TRUE(back.ok()) << text << ": " << back.status();
      EXPECT_EQ(back->minor_units, v) << text;
    }
  }
}

// --- Durations ---

TEST(DurationTest, ParsesDaysHoursMinutesSeconds) {
  EXPECT_EQ(ParseDurationMs("30m").value_or(-1), 30 * kMinuteMs);
  EXPECT_EQ(ParseDurationMs("2h").value_or(-1), 2 * kHourMs);
  EXPECT_EQ(ParseDurationMs("7d").value_or(-1), 7 * kDayMs);
  EXPECT_EQ(ParseDurationMs("1d12h").value_or(-1), kDayMs + 12 * kHourMs);
  EXPECT_EQ(ParseDurationMs("1h30m").value_or(-1), 90 * kMinuteMs);
  EXPECT_EQ(ParseDurationMs("1d 2h 3m 4s").value_or(-1),
            kDayMs + 2 * kHourMs + 3 * kMinuteMs + 4'000);
  EXPECT_EQ(ParseDurationMs(" 90S ").value_or(-1), 90'000);
  EXPECT_EQ(ParseDurationMs("100000d").value_or(-1), 100'000 * kDayMs);
}

TEST(DurationTest, RefusesMalformedDurations) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty"},
      {"2", "say the unit"},
      {"abc", "expected a whole number"},
      {"1.5h", "expected a whole number"},
      {"-1h", "expected a whole number"},
      {"1h1d", "units go d, h, m, s"},
      {"1h1h", "units go d, h, m, s"},
      {"2w", "units go d, h, m, s"},
      {"100001d", "too long"},
      {"1d2", "say the unit"},
  };
  for (const auto& [text, why] : cases) {
    absl::StatusOr<int64_t> ms = ParseDurationMs(text);
    ASSERT_FALSE(ms.ok()) << "'" << text << "' gave " << *ms;
    EXPECT_EQ(ms.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(ms.status().message(), HasSubstr("invalid duration '" + text + "': " + why));
  }
}

TEST(DurationTest, FormatsDurations) {
  EXPECT_EQ(FormatDurationMs(90 * kMinuteMs), "1h30m");
  EXPECT_EQ(FormatDurationMs(kDayMs + 12 * kHourMs), "1d12h");
  EXPECT_EQ(FormatDurationMs(7 * kDayMs), "7d");
  EXPECT_EQ(FormatDurationMs(61'000), "1m1s");
  EXPECT_EQ(FormatDurationMs(1'999), "1s");  // whole seconds only
  EXPECT_EQ(FormatDurationMs(999), "0s");
  EXPECT_EQ(FormatDurationMs(0), "0s");
  EXPECT_EQ(FormatDurationMs(-kHourMs), "0s");
  for (int64_t ms : {1'000 * int64_t{1}, 30 * kMinuteMs, 366 * kDayMs, kDayMs + 61'000}) {
    EXPECT_EQ(ParseDurationMs(FormatDurationMs(ms)).value_or(-1), ms) << ms;
  }
}

}  // namespace
}  // namespace noaber::ledger
