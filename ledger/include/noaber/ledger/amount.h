// Amounts: int64 minor units (minutes for time, cents for currency) with checked arithmetic,
// and the text forms people type and read ("1h30m", "90m", "1.5h", "12.50").
#ifndef NOABER_LEDGER_AMOUNT_H_
#define NOABER_LEDGER_AMOUNT_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace noaber::ledger {

enum class AssetKind : uint8_t;

// Every amount and balance stays within +-kAmountMax, so sums of a few never overflow.
inline constexpr int64_t kAmountMax = 1'000'000'000'000'000;  // 10^15 minor units

struct Amount {
  int64_t minor_units = 0;
  constexpr auto operator<=>(const Amount&) const = default;
  constexpr bool operator==(const Amount&) const = default;
};

// Checked arithmetic: nullopt when the result leaves +-kAmountMax.
std::optional<Amount> CheckedAdd(Amount a, Amount b);
std::optional<Amount> CheckedSubtract(Amount a, Amount b);
bool InRange(Amount a);

// Formats for people: time as "1h30m", "45m", "2h", "-1h5m"; currency as "12.50".
std::string FormatAmount(Amount amount, AssetKind kind);

// Parses what a person types. Time: "1h30m", "90m", "1.5h", "2h", "1h 30m" ("u" for "uur"
// works as "h"); a bare number is refused, since "2" could mean minutes or hours. Currency:
// "12", "12.5", "12.50", "12,50". Returns InvalidArgument naming the problem. Negative
// amounts are refused unless `allow_negative`.
absl::StatusOr<Amount> ParseAmount(std::string_view text, AssetKind kind,
                                   bool allow_negative = false);

// Durations for pending-transfer timeouts: "30m", "2h", "7d", "1d12h". In milliseconds.
absl::StatusOr<int64_t> ParseDurationMs(std::string_view text);
std::string FormatDurationMs(int64_t ms);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_AMOUNT_H_
