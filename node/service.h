// The noaber.v1.Ledger gRPC service. Each handler validates the request, authenticates the
// caller where the call is private, makes one call into the write pipeline or the read
// queries, and maps the result to a status (status_mapping.h). See docs/api.md.
//
// Borrows everything it uses; all of it must outlive the gRPC server. Thread-safe: handlers
// run on many gRPC threads at once.
#ifndef NOABER_NODE_SERVICE_H_
#define NOABER_NODE_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/store.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "node/checkpoint_log.h"
#include "node/rate_limit.h"
#include "node/read_auth.h"
#include "node/verify_pool.h"
#include "node/write_pipeline.h"

namespace noaber::node {

// Entries a watch reads and sends before it looks at its client again.
inline constexpr uint64_t kWatchEntriesPerRoundMax = 256;
// How often a waiting watch notices that its client has gone.
inline constexpr std::chrono::milliseconds kWatchPollInterval{250};

// "/noaber.v1.Ledger/<method>": the name a call is signed for. (gRPC 1.51's synchronous
// ServerContext does not expose the method, so each handler names its own.)
std::string FullMethodName(std::string_view method);

class LedgerService final : public v1::Ledger::Service {
 public:
  // `node_key` signs contribution statements; `log` gives the checkpoint of each Submit's
  // receipt; `clock_ms` dates statements and tells listings and requests past their end.
  LedgerService(const ledger::Store* store, const ledger::Genesis& genesis,
                const ledger::CommunityId& community_id, WritePipeline* pipeline,
                ReadAuthenticator* authenticator, uint32_t history_page_max,
                const ledger::KeyPair& node_key, const CheckpointLog* log,
                VerifyPool* verify_pool, std::function<int64_t()> clock_ms = &SystemNowMs);

  // Rate limits for the Submit calls (none when unset). Set before the server starts.
  void set_submit_limiter(SubmitLimiter* limiter) { limiter_ = limiter; }

  grpc::Status Submit(grpc::ServerContext* context, const v1::SubmitRequest* request,
                      v1::SubmitResponse* response) override;
  grpc::Status SubmitBatch(grpc::ServerContext* context, const v1::SubmitBatchRequest* request,
                           v1::SubmitBatchResponse* response) override;
  grpc::Status SubmitStream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::SubmitBatchResponse, v1::SubmitBatchRequest>* stream) override;
  grpc::Status GetCommunity(grpc::ServerContext* context, const v1::GetCommunityRequest* request,
                            v1::Community* response) override;
  grpc::Status GetAccount(grpc::ServerContext* context, const v1::GetAccountRequest* request,
                          v1::AccountInfo* response) override;
  grpc::Status GetBalances(grpc::ServerContext* context, const v1::GetBalancesRequest* request,
                           v1::Balances* response) override;
  grpc::Status GetHistory(grpc::ServerContext* context, const v1::GetHistoryRequest* request,
                          v1::History* response) override;
  grpc::Status GetPending(grpc::ServerContext* context, const v1::GetPendingRequest* request,
                          v1::PendingInfo* response) override;
  grpc::Status WatchJournal(grpc::ServerContext* context, const v1::WatchJournalRequest* request,
                            grpc::ServerWriter<v1::JournalEntry>* writer) override;
  grpc::Status ListListings(grpc::ServerContext* context, const v1::ListListingsRequest* request,
                            v1::Listings* response) override;
  grpc::Status ListRequests(grpc::ServerContext* context, const v1::ListRequestsRequest* request,
                            v1::PaymentRequests* response) override;
  grpc::Status GetInitiative(grpc::ServerContext* context, const v1::GetInitiativeRequest* request,
                             v1::InitiativeInfo* response) override;
  grpc::Status GetStatement(grpc::ServerContext* context, const v1::GetStatementRequest* request,
                            v1::Statements* response) override;
  grpc::Status GetNodeKey(grpc::ServerContext* context, const v1::GetNodeKeyRequest* request,
                          v1::NodeKey* response) override;

 private:
  // Authenticates the caller of `method` from the "noaber-auth" metadata.
  absl::StatusOr<Caller> Authenticate(grpc::ServerContext* context, std::string_view method);
  // Checks a watch request and its caller; the first index to send.
  absl::StatusOr<uint64_t> StartWatch(grpc::ServerContext* context,
                                      const v1::WatchJournalRequest& request);
  // Sends the entries from `next` on as they commit, until the client or the node goes.
  grpc::Status StreamEntries(grpc::ServerContext* context, std::string_view handle, uint64_t next,
                             grpc::ServerWriter<v1::JournalEntry>* writer);

  const ledger::Store* const store_;
  const ledger::Genesis& genesis_;
  const ledger::CommunityId community_id_;
  WritePipeline* const pipeline_;
  ReadAuthenticator* const authenticator_;
  const uint32_t history_page_max_;
  ledger::KeyPair node_key_;
  const ledger::KeyGuard node_key_guard_{&node_key_};
  const CheckpointLog* const log_;
  VerifyPool* const verify_pool_;
  const std::function<int64_t()> clock_ms_;
  SubmitLimiter* limiter_ = nullptr;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_SERVICE_H_
