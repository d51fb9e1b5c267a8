#include "wallet-cli/inputs.h"

#include <algorithm>

#include "absl/time/time.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/key_file.h"

namespace noaber::wallet {

using ledger::StrCat;

absl::Status CheckHandle(std::string_view handle) {
  if (ledger::IsValidHandle(handle)) return absl::OkStatus();
  return UsageError(StrCat("'", handle, "' is not a handle: use ", ledger::kHandleBytesMin, " to ",
                           ledger::kHandleBytesMax, " of a-z 0-9 . _ -"));
}

absl::Status CheckAssetCode(std::string_view code) {
  if (code.empty() || ledger::IsValidAssetCode(code)) return absl::OkStatus();
  return UsageError(StrCat("'", code, "' is not an asset code: use ", ledger::kAssetCodeBytesMin,
                           " to ", ledger::kAssetCodeBytesMax, " of A-Z 0-9, as in HOUR"));
}

absl::Status CheckSkillCode(std::string_view code) {
  if (code.empty() || ledger::IsValidSkillCode(code)) return absl::OkStatus();
  return UsageError(StrCat("'", code, "' is not a skill code: use 1 to ",
                           ledger::kSkillCodeBytesMax, " of a-z 0-9 _ -"));
}

absl::Status CheckMemo(std::string_view memo) {
  if (memo.size() > ledger::kMemoBytesMax) {
    return UsageError(StrCat("the memo is ", memo.size(), " bytes; the ledger takes at most ",
                             ledger::kMemoBytesMax));
  }
  if (!ledger::IsValidText(memo, ledger::kMemoBytesMax)) {
    return UsageError("the memo must be UTF-8 text without control characters");
  }
  return absl::OkStatus();
}

absl::Status CheckAmountSyntax(std::string_view text, bool allow_negative) {
  absl::StatusOr<ledger::Amount> time =
      ledger::ParseAmount(text, ledger::AssetKind::kTime, allow_negative);
  if (time.ok()) return absl::OkStatus();
  absl::StatusOr<ledger::Amount> currency =
      ledger::ParseAmount(text, ledger::AssetKind::kCurrency, allow_negative);
  if (currency.ok()) return absl::OkStatus();
  bool looks_like_time = std::any_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  const absl::Status& reason = looks_like_time ? time.status() : currency.status();
  return UsageError(ledger::ToView(reason.message()));
}

absl::StatusOr<ledger::Amount> ParseAmountFor(std::string_view text, std::string_view asset,
                                              ledger::AssetKind kind, bool allow_negative) {
  absl::StatusOr<ledger::Amount> amount = ledger::ParseAmount(text, kind, allow_negative);
  if (amount.ok()) return amount;
  return UsageError(StrCat(ledger::ToView(amount.status().message()), " (", asset,
                           kind == ledger::AssetKind::kTime
                               ? " counts time: write 2h, 90m, 1.5h or 1h30m)"
                               : " counts money: write 12 or 12.50)"));
}

absl::StatusOr<ledger::OperationId> ParsePendingId(std::string_view text) {
  std::optional<ledger::OperationId> id = ledger::OperationIdFromHex(text);
  if (!id.has_value()) {
    return UsageError(StrCat("'", text, "' is not a pending id: expected 32 hex digits"));
  }
  return *id;
}

absl::StatusOr<ledger::OperationId> ParseOperationId(std::string_view text, std::string_view what) {
  std::optional<ledger::OperationId> id = ledger::OperationIdFromHex(text);
  if (!id.has_value()) {
    return UsageError(StrCat("'", text, "' is not a ", what, ": expected 32 hex digits"));
  }
  return *id;
}

absl::Status CheckText(std::string_view text, size_t bytes_max, std::string_view what,
                       bool required) {
  if (required && ledger::StripWhitespace(text).empty()) {
    return UsageError(StrCat(what, " must not be empty"));
  }
  if (text.size() > bytes_max) {
    return UsageError(
        StrCat(what, " is ", text.size(), " bytes; the ledger takes at most ", bytes_max));
  }
  if (!ledger::IsValidText(text, bytes_max)) {
    return UsageError(StrCat(what, " must be UTF-8 text without control characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ledger::ListingKind> ParseListingKind(std::string_view text) {
  for (ledger::ListingKind kind : {ledger::ListingKind::kOffer, ledger::ListingKind::kRequest}) {
    if (text == ledger::ListingKindName(kind)) return kind;
  }
  return UsageError(StrCat("'", text, "' is not a kind of listing: write offer or request"));
}

absl::StatusOr<int64_t> ParseUntilMs(std::string_view text, int64_t now_ms) {
  int64_t until_ms = 0;
  absl::Time day;
  std::string error;
  if (text.size() == 10 && text[4] == '-' &&
      absl::ParseTime("%Y-%m-%d", absl::string_view(text.data(), text.size()), absl::UTCTimeZone(),
                      &day, &error)) {
    // The last millisecond of that day, so it reads as "2026-12-31 23:59 UTC".
    until_ms = absl::ToUnixMillis(day + absl::Hours(24)) - 1;
  } else {
    absl::StatusOr<int64_t> ms = ledger::ParseDurationMs(text);
    if (!ms.ok()) {
      return UsageError(
          StrCat("'", text, "' is neither a date (2026-12-31) nor a duration (30d, 12h)"));
    }
    until_ms = now_ms + *ms;
  }
  if (until_ms <= now_ms) return UsageError(StrCat("'", text, "' lies in the past"));
  if (until_ms - now_ms > kListingAheadMaxMs) {
    return UsageError(StrCat("'", text, "' lies more than ",
                             ledger::FormatDurationMs(kListingAheadMaxMs), " ahead"));
  }
  return until_ms;
}

absl::StatusOr<int64_t> ParseExpiryMs(std::string_view text) {
  absl::StatusOr<int64_t> ms = ledger::ParseDurationMs(text);
  if (!ms.ok()) return UsageError(ledger::ToView(ms.status().message()));
  if (*ms < kRequestExpiryMinMs || *ms > kRequestExpiryMaxMs) {
    return UsageError(StrCat("a request expires after ",
                             ledger::FormatDurationMs(kRequestExpiryMinMs), " to ",
                             ledger::FormatDurationMs(kRequestExpiryMaxMs)));
  }
  return ms;
}

absl::Status CheckYear(int year) {
  if (year >= kYearMin && year <= kYearMax) return absl::OkStatus();
  return UsageError(
      StrCat("--year must lie between ", kYearMin, " and ", kYearMax, ", not ", year));
}

absl::Status CheckLimit(int limit, uint32_t max) {
  if (limit >= 1 && limit <= static_cast<int>(max)) return absl::OkStatus();
  return UsageError(StrCat("--limit must lie between 1 and ", max, ", not ", limit));
}

absl::StatusOr<int64_t> ParseTimeoutMs(std::string_view text) {
  absl::StatusOr<int64_t> ms = ledger::ParseDurationMs(text);
  if (!ms.ok()) return UsageError(ledger::ToView(ms.status().message()));
  if (*ms < ledger::kPendingTimeoutMinMs || *ms > ledger::kPendingTimeoutMaxMs) {
    return UsageError(StrCat("the timeout must lie between ",
                             ledger::FormatDurationMs(ledger::kPendingTimeoutMinMs), " and ",
                             ledger::FormatDurationMs(ledger::kPendingTimeoutMaxMs)));
  }
  return ms;
}

absl::StatusOr<ledger::PublicKey> ParsePublicKey(std::string_view hex) {
  std::optional<ledger::PublicKey> key = ledger::PublicKeyFromHex(hex);
  if (!key.has_value()) {
    return UsageError(StrCat("'", hex, "' is not a public key: expected 64 hex digits"));
  }
  return *key;
}

absl::StatusOr<std::vector<std::string>> SplitKeyNames(std::string_view list) {
  std::vector<std::string> names;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view name = ledger::StripWhitespace(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (!IsValidKeyName(name)) {
      return UsageError(StrCat("'", name, "' is not a key name (in --as)"));
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return UsageError(StrCat("key '", name, "' is named twice in --as"));
    }
    names.emplace_back(name);
  }
  return names;
}

std::optional<ledger::AssetKind> AssetKindFromName(std::string_view name) {
  if (name == "time") return ledger::AssetKind::kTime;
  if (name == "currency") return ledger::AssetKind::kCurrency;
  return std::nullopt;
}

std::optional<ledger::AccountKind> AccountKindFromName(std::string_view name) {
  for (ledger::AccountKind kind :
       {ledger::AccountKind::kResident, ledger::AccountKind::kPartner,
        ledger::AccountKind::kInitiative, ledger::AccountKind::kCommunity}) {
    if (name == ledger::AccountKindName(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace noaber::wallet
