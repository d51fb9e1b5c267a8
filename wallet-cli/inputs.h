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
absl::StatusOr<int64_t> ParseTimeoutMs(std::string_view text);
absl::StatusOr<ledger::PublicKey> ParsePublicKey(std::string_view hex);
// "--as anna,bert" -> {"anna", "bert"}: distinct, non-empty names.
absl::StatusOr<std::vector<std::string>> SplitKeyNames(std::string_view list);
// "time" / "currency" as the node writes them.
std::optional<ledger::AssetKind> AssetKindFromName(std::string_view name);
std::optional<ledger::AccountKind> AccountKindFromName(std::string_view name);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_INPUTS_H_
