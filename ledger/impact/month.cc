#include "ledger/impact/month.h"

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace noaber::impact {

namespace {

constexpr int64_t kHourMs = 3'600'000;

int YearOf(Month month) { return month / 12; }
int MonthNumberOf(Month month) { return month % 12 + 1; }

int64_t UtcMidnightMs(int year, int month, int day) {
  return absl::ToUnixMillis(absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone()));
}

}  // namespace

int64_t MonthStartMs(Month month) {
  const int number = MonthNumberOf(month);
  // Summer time starts on the last Sunday of March and ends on the last Sunday of October, so
  // the 1st of April up to the 1st of October begin in summer time (UTC+2), the others in
  // winter time (UTC+1).
  const int64_t offset_ms = (number >= 4 && number <= 10) ? 2 * kHourMs : kHourMs;
  return UtcMidnightMs(YearOf(month), number, 1) - offset_ms;
}

Month MonthOf(int64_t timestamp_ms) {
  // Amsterdam is one or two hours ahead of UTC: its month is that of UTC two hours later, or
  // the one before when that month has not started yet in Amsterdam.
  const absl::CivilSecond later =
      absl::ToCivilSecond(absl::FromUnixMillis(timestamp_ms + 2 * kHourMs), absl::UTCTimeZone());
  const Month candidate = static_cast<Month>(later.year() * 12 + later.month() - 1);
  return timestamp_ms < MonthStartMs(candidate) ? candidate - 1 : candidate;
}

std::string MonthText(Month month) {
  return absl::StrFormat("%04d-%02d", YearOf(month), MonthNumberOf(month));
}

std::optional<Month> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  int number = 0;
  for (size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    int& part = i < 4 ? year : number;
    part = part * 10 + (text[i] - '0');
  }
  if (year < 2000 || number < 1 || number > 12) return std::nullopt;
  return static_cast<Month>(year * 12 + number - 1);
}

}  // namespace noaber::impact
