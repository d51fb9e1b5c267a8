// The wallet's side of the noaber.v1.Ledger API: channels to the node (or to the nodes of a
// cluster), a deadline on every call, the "noaber-auth" entry on private reads, and node
// answers turned into wallet failures (failure.h): a refusal by the node or the ledger is
// kRejected, a transport failure kUnreachable naming the address.
//
// A cluster (issue 9, docs/wallet.md "Clusters"): the client keeps the list of addresses
// given with --node and sends each call to the current one (the first, at start). A node
// that cannot be reached is left for the next address; a member that is not the leader
// answers not_leader (302) naming the leader, and the client sends the identical request
// there and keeps it as the current address. Every read asks for current state
// ("noaber-read: current"), so the wallet sees its own writes; a single node ignores that.
// Not thread-safe; one command at a time.
#ifndef NOABER_WALLET_CLI_NODE_CLIENT_H_
#define NOABER_WALLET_CLI_NODE_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"
#include "noaber/v1/impact.grpc.pb.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "noaber/v1/log.grpc.pb.h"
#include "wallet-cli/channel_security.h"

namespace noaber::wallet {

inline constexpr int64_t kCallDeadlineMs = 10'000;
inline constexpr int64_t kConnectWindowMs = 2'000;
// Bound on the addresses --node may list.
inline constexpr size_t kNodeAddressesMax = 16;
// Bound on the attempts of one call, whatever the nodes answer (time bounds it first).
inline constexpr int kCallAttemptsMax = 64;

// The cluster's metadata entries (as node/status_mapping.h names them; the wallet does not
// include node/ headers). On a not_leader answer, "noaber-leader" holds the leader's
// HOST:PORT, or nothing while none is known. A read carrying "noaber-read: current" is
// answered by the leader only, after every write acknowledged before it.
inline constexpr char kLeaderMetadataKey[] = "noaber-leader";
inline constexpr char kReadMetadataKey[] = "noaber-read";
inline constexpr char kReadCurrent[] = "current";

// Full method names, as signed in the call authentication.
inline constexpr char kGetBalancesMethod[] = "/noaber.v1.Ledger/GetBalances";
inline constexpr char kGetHistoryMethod[] = "/noaber.v1.Ledger/GetHistory";
inline constexpr char kGetPendingMethod[] = "/noaber.v1.Ledger/GetPending";
inline constexpr char kListListingsMethod[] = "/noaber.v1.Ledger/ListListings";
inline constexpr char kListRequestsMethod[] = "/noaber.v1.Ledger/ListRequests";
inline constexpr char kGetInitiativeMethod[] = "/noaber.v1.Ledger/GetInitiative";
inline constexpr char kGetStatementMethod[] = "/noaber.v1.Ledger/GetStatement";
inline constexpr char kGetImpactMethod[] = "/noaber.v1.Impact/GetImpact";

// The addresses of --node (NOABER_NODE): one HOST:PORT, or several separated by commas
// (spaces around them are dropped, a repeated address counts once). HOST is a name, an IPv4
// address or a bracketed IPv6 address; PORT is 1 to 65535. A usage error naming the first
// bad address, or when there are none or more than kNodeAddressesMax.
absl::StatusOr<std::vector<std::string>> ParseNodeAddresses(std::string_view text);

// How one call follows a cluster and how long it may take. Plain values; the defaults are
// what the wallet uses, tests shorten them.
struct FollowLimits {
  // Everything one call does, redirects, other addresses and waits included, ends within
  // this; every attempt's gRPC deadline is its end.
  int64_t call_window_ms = kCallDeadlineMs;
  // Before the first call to an address, how long to wait for its connection.
  int64_t connect_window_ms = kConnectWindowMs;
  // not_leader answers naming a leader that one call follows.
  int redirects_max = 5;
  // While no leader is known (an election), the wait before asking again; it doubles up
  // to leader_wait_max_ms.
  int64_t leader_wait_first_ms = 200;
  int64_t leader_wait_max_ms = 1'000;
};

class NodeClient {
 public:
  // `addresses` as ParseNodeAddresses takes them. Malformed addresses are not an error here:
  // every call then fails with ParseNodeAddresses's usage error and nothing is sent, so
  // commands that never reach the node still run. Plain gRPC unless `security` has a CA
  // (TLS, see channel_security.h); the same security for every address.
  explicit NodeClient(std::string_view addresses, const ChannelSecurity& security = {},
                      FollowLimits limits = {});
  ~NodeClient();

  // The current address: the one the last call went to (the leader, in a cluster), or
  // the first given before any call.
  const std::string& address() const;

  // Every call below is sent as described at the top. The statuses: OK; a rejection
  // (kRejected) as the node answered it; kUnreachable when no node answered, naming the
  // address (one) or every address tried and what each said (several), also when no
  // leader was found within the window or after redirects_max redirects; kUsage for
  // malformed addresses.
  absl::StatusOr<v1::Community> GetCommunity();
  absl::StatusOr<v1::AccountInfo> GetAccountByHandle(std::string_view handle);
  absl::StatusOr<v1::AccountInfo> GetAccountByKey(const ledger::PublicKey& key);
  // `auth` is the EncodeCallAuth() text for the method.
  absl::StatusOr<v1::Balances> GetBalances(std::string_view handle, const std::string& auth);
  absl::StatusOr<v1::History> GetHistory(const v1::GetHistoryRequest& request,
                                         const std::string& auth);
  absl::StatusOr<v1::PendingInfo> GetPending(const ledger::OperationId& id,
                                             const std::string& auth);

  // The board of listings: any account's key may read it (`auth` for ListListings).
  absl::StatusOr<v1::Listings> ListListings(const v1::ListListingsRequest& request,
                                            const std::string& auth);
  absl::StatusOr<v1::PaymentRequests> ListRequests(const v1::ListRequestsRequest& request,
                                                   const std::string& auth);
  absl::StatusOr<v1::InitiativeInfo> GetInitiative(std::string_view handle,
                                                   const std::string& auth);
  absl::StatusOr<v1::Statements> GetStatement(const v1::GetStatementRequest& request,
                                              const std::string& auth);
  absl::StatusOr<v1::NodeKey> GetNodeKey();
  // The impact report (noaber.v1.Impact); `auth` for GetImpact.
  absl::StatusOr<v1::ImpactReport> GetImpact(const v1::GetImpactRequest& request,
                                             const std::string& auth);

  // The log (noaber.v1.Log): checkpoints, proofs, cosignatures. All public. AddCosignature
  // is not a read: it carries no "noaber-read" entry.
  absl::StatusOr<v1::Checkpoints> GetCheckpoint();
  absl::StatusOr<v1::InclusionProof> GetInclusionProof(uint64_t index, uint64_t tree_size);
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(uint64_t old_size, uint64_t new_size);
  absl::StatusOr<v1::AddCosignatureResponse> AddCosignature(uint64_t tree_size,
                                                            const std::string& line);

  // Submits signed bytes, always the identical bytes: to the leader a member names, and
  // after a transport failure to the next address that has not failed in this call. With
  // one address, a transport failure after sending leads to one resend there (the ledger
  // answers kAlreadyApplied if the first one got through); never anything else, never new
  // bytes. A rejection carries the ledger's sentence and result (LedgerResultOf).
  absl::StatusOr<v1::SubmitResponse> Submit(const std::string& signed_operation);

 private:
  // One address and its channel and stubs, made on first use.
  struct Endpoint;
  // What one call has tried so far (node_client.cc).
  struct Trail;
  enum class CallKind { kRead, kWrite, kSubmit };
  // One attempt of a call at `node`, with `context` prepared.
  using Attempt = std::function<grpc::Status(Endpoint& node, grpc::ClientContext* context)>;

  // Runs `attempt` at the current address and, as the answers require, at others (see the
  // top); the statuses are those of the public calls.
  absl::Status Call(CallKind kind, const std::string* auth, const Attempt& attempt);
  // After a not_leader answer: makes the leader it names the current address, or waits and
  // moves on while none is known. An error when the call should give up.
  absl::Status FollowLeader(const grpc::ClientContext& context, Trail* trail);
  // After a transport failure `failure`: moves to the next address that has not failed
  // in this call. An error when the call should give up.
  absl::Status MoveOn(absl::Status failure, CallKind kind, Trail* trail);
  // The failure that ends a call: the last one when a single address was tried and did not
  // answer, else an UnreachableError: `reason`, then a line per address tried with the last
  // thing it said.
  absl::Status GiveUp(const Trail& trail, std::string_view reason) const;
  // The next endpoint after the current one that has not failed in this call; nullopt when
  // every one has.
  std::optional<size_t> NextReachable(const Trail& trail) const;
  // The index of `address`, added to the list when it is not in it yet.
  size_t IndexOf(const std::string& address);
  Endpoint& EndpointAt(size_t index);

  // Sets the deadline, auth and read entry of a call; before the first call to `node`,
  // waits up to connect_window_ms for the connection, retrying quickly, so a connect that
  // fails for a moment on a loaded machine is not reported as an unreachable node.
  void Prepare(Endpoint& node, grpc::ClientContext* context, const std::string* auth, CallKind kind,
               std::chrono::system_clock::time_point deadline);
  // The wallet failure for a call to `address` that failed; when the connection itself
  // failed, says what TLS has to do with it.
  absl::Status Failure(const grpc::Status& status, const grpc::ClientContext& context,
                       const std::string& address) const;
  // What went wrong with the connection to `address`, as far as gRPC's `grpc_message`
  // tells; nullopt when it says nothing about TLS.
  std::optional<std::string> ConnectionTrouble(const std::string& address,
                                               std::string_view grpc_message) const;

  // Made once from the ChannelSecurity and shared by every channel, so the client key's PEM
  // is not kept here; the file names are, for messages.
  std::shared_ptr<grpc::ChannelCredentials> credentials_;
  std::string ca_file_;           // empty: plain gRPC
  std::string client_cert_file_;  // empty: no client certificate
  FollowLimits limits_;
  absl::Status addresses_error_;  // not OK: --node was malformed, nothing is ever sent
  std::string addresses_text_;    // as given, for address() when it was malformed
  // The addresses given, in order, then at most one leader named by a member that is not in
  // that list (replaced when another is named). Never empty when addresses_error_ is OK.
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  size_t configured_count_ = 0;
  size_t current_ = 0;
};

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_NODE_CLIENT_H_
