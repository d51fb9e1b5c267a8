#include "noaber/ledger/amount.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "noaber/ledger/strings.h"
#include "absl/strings/str_format.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

bool InRange(Amount a) { return a.minor_units >= -kAmountMax && a.minor_units <= kAmountMax; }

std::optional<Amount> CheckedAdd(Amount a, Amount b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a.minor_units, b.minor_units, &sum)) return std::nullopt;
  Amount result{sum};
  if (!InRange(result)) return std::nullopt;
  return result;
}

std::optional<Amount> CheckedSubtract(Amount a, Amount b) {
  int64_t difference = 0;
  if (__builtin_sub_overflow(a.minor_units, b.minor_units, &difference)) return std::nullopt;
  Amount result{difference};
  if (!InRange(result)) return std::nullopt;
  return result;
}

std::string FormatAmount(Amount amount, AssetKind kind) {
  int64_t v = amount.minor_units;
  // Amounts outside +-kAmountMax are never stored; print them raw rather than misformat.
  if (!InRange(amount)) return StrCat(v, "?");
  std::string sign = v < 0 ? "-" : "";
  uint64_t magnitude = v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
  if (kind == AssetKind::kCurrency) {
    return absl::StrFormat("%s%d.%02d", sign, magnitude / 100, magnitude % 100);
  }
  uint64_t hours = magnitude / 60, minutes = magnitude % 60;
  if (hours == 0) return StrCat(sign, minutes, "m");
  if (minutes == 0) return StrCat(sign, hours, "h");
  return StrCat(sign, hours, "h", minutes, "m");
}

namespace {

// A run of digits with an optional fraction: "12", "1.5", "12,50".
struct Number {
  uint64_t whole = 0;
  uint64_t fraction = 0;  // the digits after the separator, as an integer
  int fraction_digits = 0;
};

// Reads a number at the front of `text`; false if there is none or it is absurdly long.
bool ReadNumber(std::string_view* text, Number* number) {
  size_t i = 0;
  int digits = 0;
  while (i < text->size() && absl::ascii_isdigit((*text)[i])) {
    if (++digits > 15) return false;
    number->whole = number->whole * 10 + ((*text)[i++] - '0');
  }
  if (digits == 0) return false;
  if (i < text->size() && ((*text)[i] == '.' || (*text)[i] == ',')) {
    ++i;
    while (i < text->size() && absl::ascii_isdigit((*text)[i])) {
      if (++number->fraction_digits > 6) return false;
      number->fraction = number->fraction * 10 + ((*text)[i++] - '0');
    }
    if (number->fraction_digits == 0) return false;
  }
  text->remove_prefix(i);
  return true;
}

uint64_t Pow10(int n) {
  uint64_t r = 1;
  while (n-- > 0) r *= 10;
  return r;
}

absl::Status Invalid(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(StrCat("invalid amount '", text, "': ", why));
}

absl::StatusOr<uint64_t> ParseMinutes(std::string_view original, std::string_view text) {
  uint64_t minutes = 0;
  bool seen_hours = false, seen_minutes = false;
  while (!text.empty()) {
    Number number;
    if (!ReadNumber(&text, &number)) return Invalid(original, "expected a number");
    text = StripLeadingWhitespace(text);
    if (text.empty()) return Invalid(original, "say the unit, as in 2h, 90m or 1h30m");
    char unit = absl::ascii_tolower(text[0]);
    text = StripLeadingWhitespace(text.substr(1));
    if ((unit == 'h' || unit == 'u') && !seen_hours && !seen_minutes) {
      seen_hours = true;
      uint64_t scale = Pow10(number.fraction_digits);
      if ((number.fraction * 60) % scale != 0) {
        return Invalid(original, "not a whole number of minutes");
      }
      minutes += number.whole * 60 + number.fraction * 60 / scale;
    } else if (unit == 'm' && !seen_minutes) {
      seen_minutes = true;
      if (number.fraction_digits > 0) return Invalid(original, "minutes must be whole");
      minutes += number.whole;
    } else {
      return Invalid(original, "use hours then minutes, as in 2h, 90m, 1.5h or 1h30m");
    }
  }
  if (!seen_hours && !seen_minutes) return Invalid(original, "empty");
  return minutes;
}

absl::StatusOr<uint64_t> ParseCents(std::string_view original, std::string_view text) {
  Number number;
  if (!ReadNumber(&text, &number) || !text.empty()) {
    return Invalid(original, "expected a number such as 12 or 12.50");
  }
  if (number.fraction_digits > 2) return Invalid(original, "at most two decimals (cents)");
  return number.whole * 100 + number.fraction * (number.fraction_digits == 1 ? 10 : 1);
}

}  // namespace

absl::StatusOr<Amount> ParseAmount(std::string_view text, AssetKind kind, bool allow_negative) {
  std::string_view rest = StripWhitespace(text);
  bool negative = !rest.empty() && rest[0] == '-';
  if (negative) {
    if (!allow_negative) return Invalid(text, "must not be negative");
    rest.remove_prefix(1);
  }
  if (rest.empty()) return Invalid(text, "empty");
  absl::StatusOr<uint64_t> magnitude =
      kind == AssetKind::kTime ? ParseMinutes(text, rest) : ParseCents(text, rest);
  if (!magnitude.ok()) return magnitude.status();
  if (*magnitude > static_cast<uint64_t>(kAmountMax)) return Invalid(text, "too large");
  int64_t v = static_cast<int64_t>(*magnitude);
  return Amount{negative ? -v : v};
}

absl::StatusOr<int64_t> ParseDurationMs(std::string_view text) {
  static constexpr struct {
    char unit;
    int64_t ms;
  } kUnits[] = {{'d', 86'400'000}, {'h', 3'600'000}, {'m', 60'000}, {'s', 1'000}};
  std::string_view rest = StripWhitespace(text);
  auto invalid = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("invalid duration '", text, "': ", why));
  };
  if (rest.empty()) return invalid("empty");
  int64_t total = 0;
  size_t next_unit = 0;
  while (!rest.empty()) {
    Number number;
    if (!ReadNumber(&rest, &number) || number.fraction_digits > 0) {
      return invalid("expected a whole number, as in 30m, 2h, 7d or 1d12h");
    }
    rest = StripLeadingWhitespace(rest);
    if (rest.empty()) return invalid("say the unit: d, h, m or s");
    char unit = absl::ascii_tolower(rest[0]);
    rest = StripLeadingWhitespace(rest.substr(1));
    while (next_unit < 4 && kUnits[next_unit].unit != unit) ++next_unit;
    if (next_unit == 4) return invalid("units go d, h, m, s, each at most once");
    if (number.whole > 100'000) return invalid("too long");
    total += static_cast<int64_t>(number.whole) * kUnits[next_unit++].ms;
  }
  return total;
}

std::string FormatDurationMs(int64_t ms) {
  if (ms <= 0) return "0s";
  std::string out;
  static constexpr struct {
    const char* unit;
    int64_t ms;
  } kUnits[] = {{"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}};
  for (const auto& u : kUnits) {
    if (ms >= u.ms) {
      StrAppend(&out, ms / u.ms, u.unit);
      ms %= u.ms;
    }
  }
  return out.empty() ? "0s" : out;
}

}  // namespace noaber::ledger
