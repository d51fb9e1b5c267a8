// The wallet's side of the noaber.v1.Ledger API: one channel to one node, a deadline on
// every call, the "noaber-auth" entry on private reads, and node answers turned into wallet
// failures (failure.h): a refusal by the node or the ledger is kRejected, a transport
// failure kUnreachable naming the address. Not thread-safe; one command at a time.
#ifndef NOABER_WALLET_CLI_NODE_CLIENT_H_
#define NOABER_WALLET_CLI_NODE_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"
#include "noaber/v1/impact.grpc.pb.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "noaber/v1/log.grpc.pb.h"
#include "wallet-cli/channel_security.h"

namespace noaber::wallet {

inline constexpr int64_t kCallDeadlineMs = 10'000;
inline constexpr int64_t kConnectWindowMs = 2'000;

// Full method names, as signed in the call authentication.
inline constexpr char kGetBalancesMethod[] = "/noaber.v1.Ledger/GetBalances";
inline constexpr char kGetHistoryMethod[] = "/noaber.v1.Ledger/GetHistory";
inline constexpr char kGetPendingMethod[] = "/noaber.v1.Ledger/GetPending";
inline constexpr char kListListingsMethod[] = "/noaber.v1.Ledger/ListListings";
inline constexpr char kListRequestsMethod[] = "/noaber.v1.Ledger/ListRequests";
inline constexpr char kGetInitiativeMethod[] = "/noaber.v1.Ledger/GetInitiative";
inline constexpr char kGetStatementMethod[] = "/noaber.v1.Ledger/GetStatement";
inline constexpr char kGetImpactMethod[] = "/noaber.v1.Impact/GetImpact";

class NodeClient {
 public:
  // Plain gRPC unless `security` has a CA (TLS, see channel_security.h).
  explicit NodeClient(std::string address, const ChannelSecurity& security = {});

  const std::string& address() const { return address_; }

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

  // The log (noaber.v1.Log): checkpoints, proofs, cosignatures. All public.
  absl::StatusOr<v1::Checkpoints> GetCheckpoint();
  absl::StatusOr<v1::InclusionProof> GetInclusionProof(uint64_t index, uint64_t tree_size);
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(uint64_t old_size, uint64_t new_size);
  absl::StatusOr<v1::AddCosignatureResponse> AddCosignature(uint64_t tree_size,
                                                            const std::string& line);

  // Submits signed bytes. If the transport fails after sending, sends the identical bytes
  // once more (the ledger answers kAlreadyApplied if the first one got through); never
  // anything else. A rejection carries the ledger's sentence and result (LedgerResultOf).
  absl::StatusOr<v1::SubmitResponse> Submit(const std::string& signed_operation);

 private:
  // Sets the deadline and auth of a call; before the first call, waits up to
  // kConnectWindowMs for the connection, retrying quickly, so a connect that fails for a
  // moment on a loaded machine is not reported as an unreachable node.
  void Prepare(grpc::ClientContext* context, const std::string* auth);
  // The wallet failure for a call that failed; when the connection itself failed, says what
  // TLS has to do with it.
  absl::Status Failure(const grpc::Status& status, const grpc::ClientContext& context) const;
  // What went wrong with the connection, as far as gRPC's `grpc_message` tells; nullopt
  // when it says nothing about TLS.
  std::optional<std::string> ConnectionTrouble(std::string_view grpc_message) const;

  std::string address_;
  std::string ca_file_;           // empty: plain gRPC
  std::string client_cert_file_;  // empty: no client certificate
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Ledger::Stub> stub_;
  std::unique_ptr<v1::Log::Stub> log_stub_;
  std::unique_ptr<v1::Impact::Stub> impact_stub_;
  bool connect_attempted_ = false;
};

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_NODE_CLIENT_H_
