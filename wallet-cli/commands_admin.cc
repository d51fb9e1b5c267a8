// noaber admin ...: operations signed by administrator keys (--as may name several to reach
// the community's threshold).
#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/inputs.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

const char* StatusVerb(ledger::AccountStatus status) {
  switch (status) {
    case ledger::AccountStatus::kFrozen:
      return "Froze";
    case ledger::AccountStatus::kActive:
      return "Unfroze";
    case ledger::AccountStatus::kClosed:
      return "Closed";
  }
  return "Changed";
}

std::string LimitText(const std::optional<ledger::Amount>& amount, ledger::AssetKind kind) {
  return amount.has_value() ? ledger::FormatAmount(*amount, kind) : "unchanged";
}

nlohmann::json LimitJson(const std::optional<ledger::Amount>& amount, const AssetRef& asset) {
  if (!amount.has_value()) return nullptr;
  return AmountJson(asset.code, *amount, asset.kind);
}

}  // namespace

absl::Status RunOpenAccount(Wallet& wallet, const OpenAccountOptions& options) {
  if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  std::optional<ledger::AccountKind> kind = AccountKindFromName(options.kind);
  if (!kind.has_value() || *kind == ledger::AccountKind::kCommunity) {
    return UsageError("--kind must be resident, partner or initiative");
  }
  absl::StatusOr<std::vector<ledger::PublicKey>> keys =
      CollectPublicKeys(wallet, options.public_keys, options.key_names, options.threshold);
  if (!keys.ok()) return keys.status();
  ledger::OpenAccount open{options.handle, *kind, *keys, static_cast<uint8_t>(options.threshold)};
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({open});
  if (!response.ok()) return response.status();
  wallet.output().Result(
      StrCat("Opened ", options.kind, " account ", options.handle, EntryText(*response), "."),
      SubmitJson(*response, {{"handle", options.handle}, {"kind", options.kind}}));
  return absl::OkStatus();
}

absl::Status RunSetLimits(Wallet& wallet, const SetLimitsOptions& options) {
  if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  if (absl::Status status = CheckAssetCode(options.asset); !status.ok()) return status;
  if (!options.min.has_value() && !options.max.has_value()) {
    return UsageError("say what to change: --min AMOUNT, --max AMOUNT or both");
  }
  for (const std::optional<std::string>& text : {options.min, options.max}) {
    if (!text.has_value()) continue;
    if (absl::Status status = CheckAmountSyntax(*text, true); !status.ok()) return status;
  }
  absl::StatusOr<AssetRef> asset = wallet.Asset(options.asset);
  if (!asset.ok()) return asset.status();
  ledger::SetLimits limits{options.handle, asset->code, std::nullopt, std::nullopt};
  for (auto [text, amount] :
       {std::pair{&options.min, &limits.min}, std::pair{&options.max, &limits.max}}) {
    if (!text->has_value()) continue;
    absl::StatusOr<ledger::Amount> parsed = ParseAmountFor(**text, asset->code, asset->kind, true);
    if (!parsed.ok()) return parsed.status();
    *amount = *parsed;
  }
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({limits});
  if (!response.ok()) return response.status();
  wallet.output().Result(StrCat("Limits of ", options.handle, " in ", asset->code, ": min ",
                                LimitText(limits.min, asset->kind), ", max ",
                                LimitText(limits.max, asset->kind), EntryText(*response), "."),
                         SubmitJson(*response, {{"handle", options.handle},
                                                {"asset", asset->code},
                                                {"min", LimitJson(limits.min, *asset)},
                                                {"max", LimitJson(limits.max, *asset)}}));
  return absl::OkStatus();
}

absl::Status RunSetStatus(Wallet& wallet, const SetStatusOptions& options) {
  if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  ledger::AccountStatus status = ledger::AccountStatus::kActive;
  if (options.status == "frozen") status = ledger::AccountStatus::kFrozen;
  if (options.status == "closed") status = ledger::AccountStatus::kClosed;
  absl::StatusOr<v1::SubmitResponse> response =
      wallet.SignAndSubmit({ledger::SetStatus{options.handle, status}});
  if (!response.ok()) return response.status();
  wallet.output().Result(StrCat(StatusVerb(status), " ", options.handle, EntryText(*response), "."),
                         SubmitJson(*response, {{"handle", options.handle},
                                                {"status", ledger::AccountStatusName(status)}}));
  return absl::OkStatus();
}

absl::Status RunIssue(Wallet& wallet, const IssueOptions& options) {
  for (absl::Status status : {CheckHandle(options.handle), CheckAmountSyntax(options.amount),
                              CheckAssetCode(options.asset), CheckMemo(options.memo)}) {
    if (!status.ok()) return status;
  }
  absl::StatusOr<AssetRef> asset = wallet.Asset(options.asset);
  if (!asset.ok()) return asset.status();
  absl::StatusOr<ledger::Amount> amount = ParseAmountFor(options.amount, asset->code, asset->kind);
  if (!amount.ok()) return amount.status();
  ledger::Transfer transfer{
      ledger::kCommunityHandle, options.handle, asset->code, *amount, "", options.memo};
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({transfer});
  if (!response.ok()) return response.status();
  wallet.output().Result(
      StrCat("Issued ", AmountText(asset->code, *amount, asset->kind), " to ", options.handle,
             EntryText(*response), "."),
      SubmitJson(*response, {{"from", ledger::kCommunityHandle},
                             {"to", options.handle},
                             {"amount", AmountJson(asset->code, *amount, asset->kind)},
                             {"memo", options.memo}}));
  return absl::OkStatus();
}

}  // namespace noaber::wallet
