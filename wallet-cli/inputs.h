// Checks of what a person typed, made before any network call so that a typo never reaches
// the node. Each returns a usage error (failure.h) naming the problem. Thread-safe.
#ifndef NOABER_WALLET_CLI_INPUTS_H_
#define NOABER_WALLET_CLI_INPUTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/amount.h"
#include "noaber/ledger/types.h"

namespace noaber::wallet {

// How long signed operations stay valid.
inline constexpr int64_t kValidForMs = 10 * 60 * 1000;
inline constexpr char kDefaultPendingTimeout[] = "7d";
inline constexpr uint32_t kHistoryLimitMax = 200;
inline constexpr char kPreferredAsset[] = "HOUR";
// How far ahead a listing's end (--until) and a payment request's expiry (--expires) may lie.
inline constexpr int64_t kListingAheadMaxMs = 366LL * 24 * 3600 * 1000;
inline constexpr int64_t kRequestExpiryMinMs = 1000;
inline constexpr int64_t kRequestExpiryMaxMs = 366LL * 24 * 3600 * 1000;
// Pages of listings and requests the wallet asks for.
inline constexpr uint32_t kListLimitMax = 200;
inline constexpr int kYearMin = 2000;
inline constexpr int kYearMax = 9999;

absl::Status CheckHandle(std::string_view handle);
absl::Status CheckAssetCode(std::string_view code);  // empty: the default asset
absl::Status CheckSkillCode(std::string_view code);  // empty: none
absl::Status CheckMemo(std::string_view memo);
// An amount must read as time ("1h30m") or as currency ("12.50"), before the asset is known.
absl::Status CheckAmountSyntax(std::string_view text, bool allow_negative = false);
// Parses once the asset is known; the usage error says how `asset` is counted.
absl::StatusOr<ledger::Amount> ParseAmountFor(std::string_view text, std::string_view asset,
                                              ledger::AssetKind kind, bool allow_negative = false);
absl::StatusOr<ledger::OperationId> ParsePendingId(std::string_view text);
// 32 hex digits naming an operation; `what` says which ("listing id", "request id", ...).
absl::StatusOr<ledger::OperationId> ParseOperationId(std::string_view text, std::string_view what);
// Text that enters the ledger: UTF-8 without control characters, at most `bytes_max` bytes,
// and not empty when `required`. `what` names it in the usage error ("the listing's text").
absl::Status CheckText(std::string_view text, size_t bytes_max, std::string_view what,
                       bool required);
// "offer" or "request".
absl::StatusOr<ledger::ListingKind> ParseListingKind(std::string_view text);
// When a listing ends: a DATE (YYYY-MM-DD: through that day, to 23:59:59.999 UTC) or a DURATION
// from `now_ms` ("30d", "1d12h"). It must lie in the future and at most kListingAheadMaxMs ahead.
// Milliseconds since the epoch.
absl::StatusOr<int64_t> ParseUntilMs(std::string_view text, int64_t now_ms);
// A payment request's lifetime: kRequestExpiryMinMs to kRequestExpiryMaxMs.
absl::StatusOr<int64_t> ParseExpiryMs(std::string_view text);
absl::Status CheckYear(int year);
// A --limit for lists: 1 to `max`.
absl::Status CheckLimit(int limit, uint32_t max);
absl::StatusOr<int64_t> ParseTimeoutMs(std::string_view text);
absl::StatusOr<ledger::PublicKey> ParsePublicKey(std::string_view hex);
// "--as anna,bert" -> {"anna", "bert"}: distinct, non-empty names.
absl::StatusOr<std::vector<std::string>> SplitKeyNames(std::string_view list);
// "time" / "currency" as the node writes them.
std::optional<ledger::AssetKind> AssetKindFromName(std::string_view name);
std::optional<ledger::AccountKind> AccountKindFromName(std::string_view name);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_INPUTS_H_
