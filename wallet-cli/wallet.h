// What every command shares: the global options, the keystore, the node connection, the
// community (fetched once), the accounts of the --as keys, unlocked secret keys, and signing
// and submitting operations. One Wallet per command run; not thread-safe.
#ifndef NOABER_WALLET_CLI_WALLET_H_
#define NOABER_WALLET_CLI_WALLET_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/operation.h"
#include "noaber/v1/ledger.pb.h"
#include "wallet-cli/channel_security.h"
#include "wallet-cli/describe.h"
#include "wallet-cli/keystore.h"
#include "wallet-cli/node_client.h"
#include "wallet-cli/output.h"

namespace noaber::wallet {

inline constexpr char kDefaultNode[] = "127.0.0.1:7420";

struct GlobalOptions {
  std::string node = kDefaultNode;  // --node, NOABER_NODE
  std::string home;                 // --home, NOABER_HOME; empty: ~/.noaber
  std::string as;                   // --as, NOABER_KEY: key names, comma-separated
  std::string from;                 // --from: which of the key's accounts acts
  bool json = false;                // --json
  // --ca-file (NOABER_CA_FILE), --client-cert and --client-key (NOABER_CLIENT_CERT,
  // NOABER_CLIENT_KEY): TLS to the node; main() reads them into `channel`.
  std::string ca_file;
  std::string client_cert_file;
  std::string client_key_file;
  ChannelSecurity channel;
};

// The local clock, in milliseconds since the epoch.
int64_t ClockMs();

// "~/.noaber" resolved against $HOME when `home` is empty; a leading "~/" expanded.
std::string ResolveHome(std::string_view home);

struct AssetRef {
  std::string code;
  ledger::AssetKind kind = ledger::AssetKind::kTime;
};

struct CommunityInfo {
  ledger::CommunityId id{};
  v1::Community proto;
};

class Wallet {
 public:
  Wallet(GlobalOptions options, Output* output);
  ~Wallet();

  const GlobalOptions& options() const { return options_; }
  Output& output() { return *output_; }
  Keystore& keystore() { return keystore_; }
  NodeClient& node();

  // The --as key names: a usage error when there are none or they are malformed.
  absl::StatusOr<std::vector<std::string>> KeyNames() const;

  // The community, fetched on first use.
  absl::StatusOr<const CommunityInfo*> Community();
  // The kind of every asset of the community, for formatting amounts.
  absl::StatusOr<AssetKinds> Kinds();
  // The asset named `code`, or the default (HOUR if there is one, else the first) when empty.
  // A rejection (unknown_asset) when the community has no such asset.
  absl::StatusOr<AssetRef> Asset(std::string_view code);

  // The account the --as keys act for. With --from, that account, when one of the --as keys
  // holds it (an initiative's owners) or it is assisted and one of them is an administrator's
  // (signing on its behalf); a rejection otherwise. Without --from, the first key's only
  // account, or the first resident or partner among several; a rejection when it holds none.
  absl::StatusOr<std::string> OwnHandle();
  // The handle a read is about: `handle` if given, else OwnHandle().
  absl::StatusOr<std::string> HandleOrOwn(std::string_view handle);

  // The local name of `key`, if the keystore has it.
  std::optional<std::string> LocalKeyName(const ledger::PublicKey& key);

  // "noaber-auth" text for a private read, signed by the first --as key.
  absl::StatusOr<std::string> CallAuth(std::string_view method);

  // The cosignature line (ledger::Cosign) of a checkpoint body by the first --as key, as the
  // witness `name`. Unlocks the key.
  absl::StatusOr<std::string> Cosign(std::string_view checkpoint_body, std::string_view name,
                                     uint64_t timestamp_s);

  // Checks `actions` as the node will (ledger::CheckOperation: a usage error, before any
  // network call), signs them with every --as key (valid for kValidForMs, a fresh id) and
  // submits them.
  // `id` receives the operation id (a pending transfer's id) when not null.
  absl::StatusOr<v1::SubmitResponse> SignAndSubmit(std::vector<ledger::Action> actions,
                                                   ledger::OperationId* id = nullptr);

 private:
  struct UnlockedKey;
  // OwnHandle() when --from is given.
  absl::StatusOr<std::string> CheckFrom(const std::vector<std::string>& names);
  // Decrypts every --as key once; later calls reuse them.
  absl::Status Unlock();
  // Checks the receipt of an accepted operation against its signed bytes, the pinned log key
  // and the books' newest checkpoint, and keeps it in the books (books.h). Unverified when
  // it does not check out.
  absl::Status KeepReceipt(const v1::SubmitResponse& response, const std::string& signed_bytes,
                           const ledger::Operation& operation);

  GlobalOptions options_;
  Output* output_;
  Keystore keystore_;
  std::unique_ptr<NodeClient> node_;
  std::optional<CommunityInfo> community_;
  std::vector<UnlockedKey> unlocked_;
};

// The keys an account is to hold: `public_keys` in hex and the public parts of the local
// keys `key_names`, sorted. A usage error for malformed hex, a repeated key or a threshold
// outside 1..255; a keystore error for a missing local key.
absl::StatusOr<std::vector<ledger::PublicKey>> CollectPublicKeys(
    Wallet& wallet, const std::vector<std::string>& public_keys,
    const std::vector<std::string>& key_names, int threshold);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_WALLET_H_
