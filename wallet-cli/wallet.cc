#include "wallet-cli/wallet.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/result.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/books.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/inputs.h"
#include "wallet-cli/log_check.h"
#include "wallet-cli/passphrase.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;

// Bounds the lookups made to pick one of several accounts sharing a key.
constexpr size_t kAccountLookupsMax = 16;

}  // namespace

int64_t ClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Wallet::UnlockedKey {
  std::string name;
  Secret<ledger::SecretKey> secret_key;
};

std::string ResolveHome(std::string_view home) {
  const char* user_home = std::getenv("HOME");
  std::string base = user_home != nullptr ? user_home : ".";
  if (home.empty()) return StrCat(base, "/.noaber");
  if (home == "~") return base;
  if (home.starts_with("~/")) return StrCat(base, home.substr(1));
  return std::string(home);
}

Wallet::Wallet(GlobalOptions options, Output* output)
    : options_(std::move(options)), output_(output), keystore_(ResolveHome(options_.home)) {}

Wallet::~Wallet() = default;

NodeClient& Wallet::node() {
  if (node_ == nullptr) node_ = std::make_unique<NodeClient>(options_.node, options_.channel);
  return *node_;
}

absl::StatusOr<std::vector<std::string>> Wallet::KeyNames() const {
  absl::StatusOr<std::vector<std::string>> names = SplitKeyNames(options_.as);
  if (names.ok() && names->empty()) {
    return UsageError("say which key to use: --as NAME (or set NOABER_KEY)");
  }
  return names;
}

absl::StatusOr<const CommunityInfo*> Wallet::Community() {
  if (community_.has_value()) return &*community_;
  absl::StatusOr<v1::Community> proto = node().GetCommunity();
  if (!proto.ok()) return proto.status();
  CommunityInfo info;
  if (proto->community_id().size() != info.id.size()) {
    return UnreachableError(
        StrCat("the node at ", node().address(), " sent a malformed community id"));
  }
  std::copy(proto->community_id().begin(), proto->community_id().end(), info.id.begin());
  info.proto = *std::move(proto);
  community_ = std::move(info);
  return &*community_;
}

absl::StatusOr<AssetKinds> Wallet::Kinds() {
  absl::StatusOr<const CommunityInfo*> community = Community();
  if (!community.ok()) return community.status();
  AssetKinds kinds;
  for (const v1::Asset& asset : (*community)->proto.assets()) {
    kinds[asset.code()] = AssetKindFromName(asset.kind()).value_or(ledger::AssetKind::kTime);
  }
  return kinds;
}

absl::StatusOr<AssetRef> Wallet::Asset(std::string_view code) {
  absl::StatusOr<const CommunityInfo*> community = Community();
  if (!community.ok()) return community.status();
  const auto& assets = (*community)->proto.assets();
  const v1::Asset* found = nullptr;
  for (const v1::Asset& asset : assets) {
    if (asset.code() == (code.empty() ? std::string_view(kPreferredAsset) : code)) {
      found = &asset;
      break;
    }
  }
  if (found == nullptr && code.empty() && !assets.empty()) found = &assets[0];
  if (found == nullptr) {
    std::string known;
    for (const v1::Asset& asset : assets) {
      StrAppend(&known, known.empty() ? "" : ", ", asset.code());
    }
    return RejectedError(StrCat("the community has no asset '", code, "' (it has ", known, ")"),
                         LedgerResult{static_cast<uint32_t>(ledger::ResultCode::kUnknownAsset),
                                      ledger::ResultCodeName(ledger::ResultCode::kUnknownAsset)});
  }
  std::optional<ledger::AssetKind> kind = AssetKindFromName(found->kind());
  if (!kind.has_value()) {
    return UnreachableError(StrCat("the node sent an unknown asset kind '", found->kind(), "'"));
  }
  return AssetRef{found->code(), *kind};
}

absl::StatusOr<std::string> Wallet::OwnHandle() {
  absl::StatusOr<std::vector<std::string>> names = KeyNames();
  if (!names.ok()) return names.status();
  if (!options_.from.empty()) return CheckFrom(*names);
  absl::StatusOr<KeyInfo> key = keystore_.Read(names->front());
  if (!key.ok()) return FromKeystore(key.status());
  absl::StatusOr<v1::AccountInfo> found = node().GetAccountByKey(key->public_key);
  if (!found.ok() && ExitCodeOf(found.status()) != ExitCode::kRejected) return found.status();
  std::vector<std::string> handles;
  if (found.ok()) {
    handles.assign(found->handles_with_key().begin(), found->handles_with_key().end());
  }
  if (handles.empty()) {
    return RejectedError(StrCat("key '", key->name, "' holds no account in this community"),
                         std::nullopt);
  }
  if (handles.size() == 1) return handles.front();
  for (size_t i = 0; i < handles.size() && i < kAccountLookupsMax; ++i) {
    absl::StatusOr<v1::AccountInfo> account = node().GetAccountByHandle(handles[i]);
    if (!account.ok()) return account.status();
    if (account->kind() == "resident" || account->kind() == "partner") return handles[i];
  }
  return handles.front();
}

absl::StatusOr<std::string> Wallet::CheckFrom(const std::vector<std::string>& names) {
  if (absl::Status status = CheckHandle(options_.from); !status.ok()) return status;
  std::vector<ledger::PublicKey> keys;
  for (const std::string& name : names) {
    absl::StatusOr<KeyInfo> key = keystore_.Read(name);
    if (!key.ok()) return FromKeystore(key.status());
    keys.push_back(key->public_key);
  }
  absl::StatusOr<v1::AccountInfo> account = node().GetAccountByHandle(options_.from);
  if (!account.ok()) {
    if (ExitCodeOf(account.status()) != ExitCode::kRejected) return account.status();
    return RejectedError(StrCat("there is no account '", options_.from, "' (--from)"),
                         LedgerResult{static_cast<uint32_t>(ledger::ResultCode::kUnknownAccount),
                                      ledger::ResultCodeName(ledger::ResultCode::kUnknownAccount)});
  }
  auto holds = [&](const auto& held) {
    for (const ledger::PublicKey& key : keys) {
      const std::string wanted(key.begin(), key.end());
      if (std::find(held.begin(), held.end(), wanted) != held.end()) return true;
    }
    return false;
  };
  // An initiative's owners sign together; any one of them names it.
  if (holds(account->keys())) return options_.from;
  // Administrators sign on behalf of an assisted resident.
  if (account->assisted()) {
    absl::StatusOr<const CommunityInfo*> community = Community();
    if (!community.ok()) return community.status();
    if (holds((*community)->proto.admin_keys())) return options_.from;
  }
  std::string named;
  for (const std::string& name : names) StrAppend(&named, named.empty() ? "'" : ", '", name, "'");
  return RejectedError(
      StrCat(names.size() == 1 ? "key " : "none of the keys ", named,
             names.size() == 1 ? " does not hold account '" : " holds account '", options_.from,
             "'", account->assisted() ? ", and none is an administrator's" : ""),
      std::nullopt);
}

absl::StatusOr<std::string> Wallet::HandleOrOwn(std::string_view handle) {
  if (!handle.empty()) return std::string(handle);
  return OwnHandle();
}

std::optional<std::string> Wallet::LocalKeyName(const ledger::PublicKey& key) {
  absl::StatusOr<KeyListing> listing = keystore_.List();
  if (!listing.ok()) return std::nullopt;
  for (const KeyInfo& info : listing->keys) {
    if (info.public_key == key) return info.name;
  }
  return std::nullopt;
}

absl::Status Wallet::Unlock() {
  if (!unlocked_.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<std::string>> names = KeyNames();
  if (!names.ok()) return names.status();
  std::vector<UnlockedKey> unlocked;
  for (const std::string& name : *names) {
    // Fail on a missing or damaged key before asking for its passphrase.
    if (absl::StatusOr<KeyInfo> info = keystore_.Read(name); !info.ok()) {
      return FromKeystore(info.status());
    }
    Secret<Passphrase> passphrase;
    absl::Status status = ReadPassphrase(StrCat("Passphrase for key '", name, "': "), &passphrase);
    if (!status.ok()) return KeystoreError(ledger::ToView(status.message()));
    UnlockedKey key{name, Secret<ledger::SecretKey>()};
    status = keystore_.Unlock(name, *passphrase, &key.secret_key);
    if (!status.ok()) return FromKeystore(status);
    unlocked.push_back(std::move(key));
  }
  unlocked_ = std::move(unlocked);
  return absl::OkStatus();
}

absl::StatusOr<std::string> Wallet::CallAuth(std::string_view method) {
  absl::StatusOr<const CommunityInfo*> community = Community();
  if (!community.ok()) return community.status();
  if (absl::Status status = Unlock(); !status.ok()) return status;
  return ledger::EncodeCallAuth(
      ledger::SignCall(*unlocked_.front().secret_key, (*community)->id, method, ClockMs()));
}

absl::StatusOr<std::string> Wallet::Cosign(std::string_view checkpoint_body, std::string_view name,
                                           uint64_t timestamp_s) {
  if (absl::Status status = Unlock(); !status.ok()) return status;
  absl::StatusOr<std::string> line =
      ledger::Cosign(checkpoint_body, name, *unlocked_.front().secret_key, timestamp_s);
  if (!line.ok()) return UsageError(ledger::ToView(line.status().message()));
  return line;
}

absl::StatusOr<v1::SubmitResponse> Wallet::SignAndSubmit(std::vector<ledger::Action> actions,
                                                         ledger::OperationId* id) {
  ledger::Operation operation;
  operation.id = ledger::NewOperationId();
  operation.valid_until_ms = ClockMs() + kValidForMs;
  operation.actions = std::move(actions);
  // Never sign bytes the node must refuse as malformed: caught here, nothing is sent.
  if (ledger::Rejection r = ledger::CheckOperation(operation); !r.ok()) {
    return UsageError(StrCat(r.message, " (", ledger::ResultCodeName(r.code), ")"));
  }
  absl::StatusOr<const CommunityInfo*> community = Community();
  if (!community.ok()) return community.status();
  if (absl::Status status = Unlock(); !status.ok()) return status;
  operation.community = (*community)->id;
  ledger::SignedOperation signed_operation;
  signed_operation.body = ledger::EncodeOperation(operation);
  for (const UnlockedKey& key : unlocked_) {
    absl::Status status = ledger::AddSignature(*key.secret_key, &signed_operation);
    if (!status.ok()) return UsageError(ledger::ToView(status.message()));
  }
  if (id != nullptr) *id = operation.id;
  const std::string signed_bytes = ledger::EncodeSignedOperation(signed_operation);
  absl::StatusOr<v1::SubmitResponse> response = node().Submit(signed_bytes);
  if (!response.ok()) return response;
  if (absl::Status s = KeepReceipt(*response, signed_bytes, operation); !s.ok()) return s;
  return response;
}

absl::Status Wallet::KeepReceipt(const v1::SubmitResponse& response,
                                 const std::string& signed_bytes,
                                 const ledger::Operation& operation) {
  const std::string accepted =
      StrCat("the node accepted the operation as journal entry ", response.index(), ", but ");
  if (!response.has_receipt()) return UnverifiedError(StrCat(accepted, "sent no receipt"));
  absl::StatusOr<ledger::Receipt> receipt = ReceiptFromProto(response.receipt());
  if (!receipt.ok()) return receipt.status();
  absl::StatusOr<const CommunityInfo*> community = Community();
  if (!community.ok()) return community.status();
  absl::StatusOr<AssetKinds> kinds = Kinds();
  if (!kinds.ok()) return kinds.status();
  std::string summary;
  for (const ledger::Action& action : operation.actions) {
    if (!summary.empty()) summary += "; ";
    summary += DescribeAction(action, operation.id, "", *kinds);
  }
  return UpdateBooks(ResolveHome(options_.home), (*community)->id, [&](Books& books) {
    for (const StoredReceipt& kept : books.receipts) {
      if (kept.receipt.index == receipt->index) return absl::OkStatus();  // a resend
    }
    bool pinned_now = false;
    std::string offered;
    if (books.log_key.empty()) {
      absl::StatusOr<v1::Checkpoints> checkpoints = node().GetCheckpoint();
      if (!checkpoints.ok()) return checkpoints.status();
      offered = checkpoints->log_key();
    }
    absl::StatusOr<ledger::VerifierKey> key =
        PinLogKey(&books.log_key, books.origin, offered, &pinned_now);
    if (!key.ok()) return key.status();
    absl::StatusOr<ledger::Checkpoint> checkpoint =
        ledger::VerifyReceipt(*receipt, signed_bytes, books.origin, key->public_key);
    if (!checkpoint.ok()) {
      return UnverifiedError(StrCat(accepted, "its receipt does not check out: ",
                                    ledger::ToView(checkpoint.status().message())));
    }
    const VerifiedCheckpoint now{*checkpoint, receipt->checkpoint};
    if (!books.checkpoint.empty()) {
      absl::StatusOr<VerifiedCheckpoint> seen =
          OpenCheckpoint(*key, books.origin, books.checkpoint, "the books' newest checkpoint");
      if (!seen.ok()) return seen.status();
      // A receipt's checkpoint may be older than the books' newest (a command running at the
      // same time stored a later one first): smaller is fine if the node proves it a prefix.
      absl::Status consistent =
          CheckConsistent(node(), *seen, SeenLabel(books, *seen), now, /*allow_smaller=*/true);
      if (ExitCodeOf(consistent) == ExitCode::kUnverified) {
        return UnverifiedError(StrCat(accepted, ledger::ToView(consistent.message())));
      }
      if (!consistent.ok()) return consistent;
    }
    RememberCheckpoint(books, now, node().address(), ClockMs());
    books.receipts.push_back(StoredReceipt{*receipt, signed_bytes, summary, ClockMs()});
    if (pinned_now) {
      output().Note(StrCat("noaber: first contact with this community's log; pinned its key ",
                           books.log_key, " (compare it with the one the wijkcentrum publishes)"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<ledger::PublicKey>> CollectPublicKeys(
    Wallet& wallet, const std::vector<std::string>& public_keys,
    const std::vector<std::string>& key_names, int threshold) {
  if (threshold < 1 || threshold > 255) {
    return UsageError(StrCat("the threshold must lie between 1 and 255, not ", threshold));
  }
  std::vector<ledger::PublicKey> keys;
  for (const std::string& hex : public_keys) {
    absl::StatusOr<ledger::PublicKey> key = ParsePublicKey(hex);
    if (!key.ok()) return key.status();
    keys.push_back(*key);
  }
  for (const std::string& name : key_names) {
    absl::StatusOr<KeyInfo> info = wallet.keystore().Read(name);
    if (!info.ok()) return FromKeystore(info.status());
    keys.push_back(info->public_key);
  }
  if (keys.empty()) return UsageError("give the account's key: --pubkey HEX or --key NAME");
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
    return UsageError("the same key is given twice");
  }
  return keys;
}

}  // namespace noaber::wallet
