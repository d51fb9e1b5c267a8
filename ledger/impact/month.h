// Calendar months of the impact figures. A month is the calendar month in the Netherlands
// (Europe/Amsterdam: UTC+1 in winter, UTC+2 in summer time, which runs from the last Sunday of
// March to the last Sunday of October, changing at 01:00 UTC). Computed from the EU rule, with
// no time zone database, so every node and every replay agrees. Pure functions.
#ifndef NOABER_LEDGER_IMPACT_MONTH_H_
#define NOABER_LEDGER_IMPACT_MONTH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace noaber::impact {

// A month as year * 12 + (month - 1): consecutive months are consecutive numbers.
using Month = int32_t;

// The first and last month a report may name (years 2000..9999).
inline constexpr Month kMonthMin = 2000 * 12;
inline constexpr Month kMonthMax = 9999 * 12 + 11;

// The Amsterdam month of a node timestamp (ms since the Unix epoch).
Month MonthOf(int64_t timestamp_ms);
// When `month` starts in Amsterdam, in ms since the Unix epoch.
int64_t MonthStartMs(Month month);
// "2026-11".
std::string MonthText(Month month);
// Parses "YYYY-MM" (years 2000..9999, months 01..12); nullopt otherwise.
std::optional<Month> ParseMonth(std::string_view text);

}  // namespace noaber::impact

#endif  // NOABER_LEDGER_IMPACT_MONTH_H_
