// noaber key new | list | show: the local keystore. No network.
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/passphrase.h"
#include "wallet-cli/qr.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

absl::StatusOr<KdfLimits> KdfNamed(std::string_view name) {
  if (name == "moderate") return ModerateKdf();
  if (name == "interactive") return InteractiveKdf();
  return UsageError(StrCat("--kdf must be moderate or interactive, not '", name, "'"));
}

nlohmann::json KeyJson(const KeyInfo& key) {
  return {{"name", key.name},
          {"public_key", ledger::ToHex(key.public_key)},
          {"opslimit", key.kdf.opslimit},
          {"memlimit", key.kdf.memlimit}};
}

}  // namespace

absl::Status RunKeyNew(Wallet& wallet, const KeyNewOptions& options) {
  absl::StatusOr<KdfLimits> kdf = KdfNamed(options.kdf);
  if (!kdf.ok()) return kdf.status();
  if (!IsValidKeyName(options.name)) {
    return UsageError(StrCat("'", options.name, "' is not a key name: use 1 to ", kKeyNameBytesMax,
                             " of a-z 0-9 . _ -"));
  }
  if (absl::StatusOr<KeyInfo> existing = wallet.keystore().Read(options.name); existing.ok()) {
    return KeystoreError(StrCat("a key named '", options.name, "' already exists"));
  }
  Secret<Passphrase> passphrase;
  absl::Status status = ReadNewPassphrase(options.name, &passphrase);
  if (!status.ok()) return KeystoreError(ledger::ToView(status.message()));
  absl::StatusOr<KeyInfo> key = wallet.keystore().Create(options.name, *passphrase, *kdf);
  if (!key.ok()) return FromKeystore(key.status());
  wallet.output().Result(
      StrCat("Created key '", key->name, "'.\nPublic key: ", ledger::ToHex(key->public_key),
             "\nStored in ", wallet.keystore().PathOf(key->name),
             " (keep the passphrase safe: it cannot be recovered)."),
      KeyJson(*key));
  return absl::OkStatus();
}

absl::Status RunKeyList(Wallet& wallet) {
  absl::StatusOr<KeyListing> listing = wallet.keystore().List();
  if (!listing.ok()) return FromKeystore(listing.status());
  for (const std::string& problem : listing->problems) wallet.output().Note(problem);
  nlohmann::json keys = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows = {{"NAME", "PUBLIC KEY"}};
  for (const KeyInfo& key : listing->keys) {
    keys.push_back(KeyJson(key));
    rows.push_back({key.name, ledger::ToHex(key.public_key)});
  }
  std::string human =
      listing->keys.empty() ? "No keys yet. Make one with: noaber key new NAME" : FormatTable(rows);
  wallet.output().Result(human, {{"keys", keys}});
  return absl::OkStatus();
}

absl::Status RunKeyShow(Wallet& wallet, const KeyShowOptions& options) {
  absl::StatusOr<KeyInfo> key = wallet.keystore().Read(options.name);
  if (!key.ok()) return FromKeystore(key.status());
  std::string hex = ledger::ToHex(key->public_key);
  std::string human = hex;
  if (options.qr) {
    absl::StatusOr<std::vector<std::vector<bool>>> modules = QrModules(hex);
    if (!modules.ok()) return modules.status();
    human = StrCat(DrawQr(*modules), hex);
  }
  wallet.output().Result(human, KeyJson(*key));
  return absl::OkStatus();
}

}  // namespace noaber::wallet
