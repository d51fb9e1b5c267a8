// noaber pay | post | void | rotate-keys: operations a resident signs with their own key.
#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/inputs.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

// Fetches a pending transfer with the first --as key's authority, and its asset.
struct PendingView {
  v1::PendingInfo info;
  AssetRef asset;
};

absl::StatusOr<PendingView> FetchPending(Wallet& wallet, const ledger::OperationId& id) {
  absl::StatusOr<std::string> auth = wallet.CallAuth(kGetPendingMethod);
  if (!auth.ok()) return auth.status();
  absl::StatusOr<v1::PendingInfo> info = wallet.node().GetPending(id, *auth);
  if (!info.ok()) return info.status();
  absl::StatusOr<AssetRef> asset = wallet.Asset(info->asset());
  if (!asset.ok()) return asset.status();
  return PendingView{*std::move(info), *std::move(asset)};
}

}  // namespace

absl::Status RunPay(Wallet& wallet, const PayOptions& options) {
  for (absl::Status status :
       {CheckHandle(options.to), CheckAmountSyntax(options.amount), CheckAssetCode(options.asset),
        CheckSkillCode(options.skill), CheckMemo(options.memo)}) {
    if (!status.ok()) return status;
  }
  absl::StatusOr<int64_t> timeout_ms = ParseTimeoutMs(
      options.timeout.empty() ? std::string_view(kDefaultPendingTimeout) : options.timeout);
  if (!timeout_ms.ok()) return timeout_ms.status();
  absl::StatusOr<AssetRef> asset = wallet.Asset(options.asset);
  if (!asset.ok()) return asset.status();
  absl::StatusOr<ledger::Amount> amount = ParseAmountFor(options.amount, asset->code, asset->kind);
  if (!amount.ok()) return amount.status();
  absl::StatusOr<std::string> from = wallet.OwnHandle();
  if (!from.ok()) return from.status();
  ledger::Transfer transfer{*from, options.to, asset->code, *amount, options.skill, options.memo};
  ledger::OperationId id{};
  absl::StatusOr<v1::SubmitResponse> response =
      options.pending ? wallet.SignAndSubmit({ledger::CreatePending{transfer, *timeout_ms}}, &id)
                      : wallet.SignAndSubmit({transfer}, &id);
  if (!response.ok()) return response.status();
  nlohmann::json fields = {{"from", *from},
                           {"to", options.to},
                           {"amount", AmountJson(asset->code, *amount, asset->kind)},
                           {"skill", options.skill},
                           {"memo", options.memo}};
  std::string what = AmountText(asset->code, *amount, asset->kind);
  if (!options.pending) {
    // Named when it is not the key's own account: an initiative, an assisted resident.
    std::string payer = wallet.options().from.empty() ? "" : StrCat(" from ", *from);
    wallet.output().Result(
        StrCat("Paid ", what, " to ", options.to, payer, EntryText(*response), "."),
        SubmitJson(*response, fields));
    return absl::OkStatus();
  }
  int64_t expires_at_ms = response->timestamp_ms() + *timeout_ms;
  std::string hex = ledger::OperationIdToHex(id);
  fields["pending_id"] = hex;
  fields["expires_at_ms"] = expires_at_ms;
  wallet.output().Result(
      StrCat("Reserved ", what, " for ", options.to, " until ", FormatTime(expires_at_ms),
             EntryText(*response), ".\nPending id: ", hex, "\nPay it with `noaber post ", hex,
             "`, or release it with `noaber void ", hex, "`."),
      SubmitJson(*response, fields));
  return absl::OkStatus();
}

absl::Status RunPost(Wallet& wallet, const PostOptions& options) {
  absl::StatusOr<ledger::OperationId> id = ParsePendingId(options.id);
  if (!id.ok()) return id.status();
  if (!options.amount.empty()) {
    if (absl::Status status = CheckAmountSyntax(options.amount); !status.ok()) return status;
  }
  absl::StatusOr<PendingView> pending = FetchPending(wallet, *id);
  if (!pending.ok()) return pending.status();
  ledger::PostPending post{*id, std::nullopt};
  ledger::Amount posted{pending->info.amount()};
  if (!options.amount.empty()) {
    absl::StatusOr<ledger::Amount> amount =
        ParseAmountFor(options.amount, pending->asset.code, pending->asset.kind);
    if (!amount.ok()) return amount.status();
    post.amount = posted = *amount;
  }
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({post});
  if (!response.ok()) return response.status();
  const AssetRef& asset = pending->asset;
  wallet.output().Result(
      StrCat("Paid ", AmountText(asset.code, posted, asset.kind), " to ", pending->info.to(),
             " from pending ", ShortId(*id), EntryText(*response), "."),
      SubmitJson(*response, {{"pending_id", options.id},
                             {"from", pending->info.from()},
                             {"to", pending->info.to()},
                             {"amount", AmountJson(asset.code, posted, asset.kind)}}));
  return absl::OkStatus();
}

absl::Status RunVoid(Wallet& wallet, const VoidOptions& options) {
  absl::StatusOr<ledger::OperationId> id = ParsePendingId(options.id);
  if (!id.ok()) return id.status();
  absl::StatusOr<PendingView> pending = FetchPending(wallet, *id);
  if (!pending.ok()) return pending.status();
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({ledger::VoidPending{*id}});
  if (!response.ok()) return response.status();
  const AssetRef& asset = pending->asset;
  ledger::Amount amount{pending->info.amount()};
  wallet.output().Result(
      StrCat("Released pending ", ShortId(*id), " of ", AmountText(asset.code, amount, asset.kind),
             " to ", pending->info.to(), EntryText(*response), "."),
      SubmitJson(*response, {{"pending_id", options.id},
                             {"from", pending->info.from()},
                             {"to", pending->info.to()},
                             {"amount", AmountJson(asset.code, amount, asset.kind)}}));
  return absl::OkStatus();
}

absl::Status RunRotateKeys(Wallet& wallet, const RotateKeysOptions& options) {
  if (!options.account.empty()) {
    if (absl::Status status = CheckHandle(options.account); !status.ok()) return status;
  }
  absl::StatusOr<std::vector<ledger::PublicKey>> keys =
      CollectPublicKeys(wallet, options.public_keys, options.key_names, options.threshold);
  if (!keys.ok()) return keys.status();
  absl::StatusOr<std::string> handle = wallet.HandleOrOwn(options.account);
  if (!handle.ok()) return handle.status();
  ledger::RotateKeys rotate{*handle, *keys, static_cast<uint8_t>(options.threshold)};
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({rotate});
  if (!response.ok()) return response.status();
  wallet.output().Result(
      StrCat("Replaced the keys of ", *handle, ": ", keys->size(), " key(s), ", options.threshold,
             " to sign", EntryText(*response), "."),
      SubmitJson(*response,
                 {{"handle", *handle}, {"keys", keys->size()}, {"threshold", options.threshold}}));
  return absl::OkStatus();
}

}  // namespace noaber::wallet
