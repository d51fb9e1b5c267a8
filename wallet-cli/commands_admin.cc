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
  for (absl::Status status :
       {CheckHandle(options.handle), CheckAmountSyntax(options.amount),
        CheckAssetCode(options.asset),
        CheckText(options.reason, ledger::kMemoBytesMax, "the reason", true)}) {
    if (!status.ok()) return status;
  }
  absl::StatusOr<AssetRef> asset = wallet.Asset(options.asset);
  if (!asset.ok()) return asset.status();
  absl::StatusOr<ledger::Amount> amount = ParseAmountFor(options.amount, asset->code, asset->kind);
  if (!amount.ok()) return amount.status();
  ledger::Transfer transfer{
      ledger::kCommunityHandle, options.handle, asset->code, *amount, "", options.reason};
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({transfer});
  if (!response.ok()) return response.status();
  wallet.output().Result(
      StrCat("Issued ", AmountText(asset->code, *amount, asset->kind), " to ", options.handle,
             EntryText(*response), "."),
      SubmitJson(*response, {{"from", ledger::kCommunityHandle},
                             {"to", options.handle},
                             {"amount", AmountJson(asset->code, *amount, asset->kind)},
                             {"reason", options.reason}}));
  return absl::OkStatus();
}

absl::Status RunSetSkill(Wallet& wallet, const SetSkillOptions& options) {
  if (options.code.empty()) return UsageError("say which skill: a code such as tuin");
  if (absl::Status status = CheckSkillCode(options.code); !status.ok()) return status;
  for (const auto& [text, what] :
       {std::pair{&options.label_nl, "--nl"}, std::pair{&options.label_en, "--en"},
        std::pair{&options.category, "--category"}}) {
    if (!text->has_value()) continue;
    if (absl::Status status = CheckText(**text, ledger::kNameBytesMax, what, true); !status.ok()) {
      return status;
    }
  }
  absl::StatusOr<const CommunityInfo*> community = wallet.Community();
  if (!community.ok()) return community.status();
  // What is not given stays as the catalogue has it, so `--retire` alone retires a skill.
  ledger::Skill skill{options.code, "", "", "", options.retire};
  for (const v1::Skill& known : (*community)->proto.skills()) {
    if (known.code() != options.code) continue;
    skill = {known.code(), known.label_nl(), known.label_en(), known.category(), options.retire};
  }
  if (options.label_nl.has_value()) skill.label_nl = *options.label_nl;
  if (options.label_en.has_value()) skill.label_en = *options.label_en;
  if (options.category.has_value()) skill.category = *options.category;
  if (skill.label_nl.empty() || skill.label_en.empty() || skill.category.empty()) {
    return UsageError(StrCat("'", options.code,
                             "' is a new skill: give --nl LABEL, --en LABEL and --category CAT"));
  }
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({ledger::SetSkill{skill}});
  if (!response.ok()) return response.status();
  wallet.output().Result(
      StrCat(skill.retired ? "Retired skill " : "Set skill ", skill.code, ": ", skill.label_nl,
             " / ", skill.label_en, " (", skill.category, ")", EntryText(*response), "."),
      SubmitJson(*response, {{"code", skill.code},
                             {"label_nl", skill.label_nl},
                             {"label_en", skill.label_en},
                             {"category", skill.category},
                             {"retired", skill.retired}}));
  return absl::OkStatus();
}

absl::Status RunAssist(Wallet& wallet, const AssistOptions& options) {
  if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  absl::StatusOr<v1::SubmitResponse> response =
      wallet.SignAndSubmit({ledger::SetAssisted{options.handle, !options.off}});
  if (!response.ok()) return response.status();
  wallet.output().Result(
      options.off ? StrCat(options.handle, " is no longer assisted", EntryText(*response), ".")
                  : StrCat(options.handle,
                           " is assisted: administrators may now sign for them with --from ",
                           options.handle, EntryText(*response), "."),
      SubmitJson(*response, {{"handle", options.handle}, {"assisted", !options.off}}));
  return absl::OkStatus();
}

absl::Status RunCorrect(Wallet& wallet, const CorrectOptions& options) {
  absl::StatusOr<ledger::OperationId> id = ParseOperationId(options.operation_id, "operation id");
  if (!id.ok()) return id.status();
  if (options.action < 1 || options.action > static_cast<int>(ledger::kActionsPerOperationMax)) {
    return UsageError(StrCat("--action counts from 1 to ", ledger::kActionsPerOperationMax,
                             ", not ", options.action));
  }
  if (absl::Status status = CheckText(options.reason, ledger::kReasonBytesMax, "the reason", true);
      !status.ok()) {
    return status;
  }
  ledger::CorrectTransfer correct{*id, static_cast<uint8_t>(options.action - 1), options.reason};
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({correct});
  if (!response.ok()) return response.status();
  wallet.output().Result(StrCat("Corrected action ", options.action, " of operation ", ShortId(*id),
                                ": the transfer is paid back", EntryText(*response), "."),
                         SubmitJson(*response, {{"operation_id", options.operation_id},
                                                {"action", options.action},
                                                {"reason", options.reason}}));
  return absl::OkStatus();
}

}  // namespace noaber::wallet
