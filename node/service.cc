#include "node/service.h"

#include <algorithm>

#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"
#include "node/account_sums.h"
#include "node/batch_submit.h"
#include "node/board_queries.h"
#include "node/cluster/gate.h"
#include "node/config.h"
#include "node/log_service.h"
#include "node/queries.h"
#include "node/request_checks.h"
#include "node/status_mapping.h"
#include "node/view_text.h"

namespace noaber::node {

using ledger::StrCat;

std::string FullMethodName(std::string_view method) {
  return StrCat("/", v1::Ledger::service_full_name(), "/", method);
}

LedgerService::LedgerService(const ledger::Store* store, const ledger::Genesis& genesis,
                             const ledger::CommunityId& community_id, WritePipeline* pipeline,
                             ReadAuthenticator* authenticator, uint32_t history_page_max,
                             const ledger::KeyPair& node_key, const CheckpointLog* log,
                             VerifyPool* verify_pool, std::function<int64_t()> clock_ms)
    : store_(store),
      genesis_(genesis),
      community_id_(community_id),
      pipeline_(pipeline),
      authenticator_(authenticator),
      history_page_max_(history_page_max),
      node_key_(node_key),
      log_(log),
      verify_pool_(verify_pool),
      clock_ms_(std::move(clock_ms)) {}

grpc::Status LedgerService::Submit(grpc::ServerContext* context, const v1::SubmitRequest* request,
                                   v1::SubmitResponse* response) {
  if (request->signed_operation().empty()) return InvalidArgument("signed_operation is required");
  ledger::Rejection admitted = AdmitCall(limiter_, *context, request->signed_operation());
  if (!admitted.ok()) return RejectionStatus(admitted.code, admitted.message, context);
  ledger::Outcome outcome = pipeline_->Submit(request->signed_operation());
  if (!outcome.accepted()) return RejectionStatus(outcome.code, outcome.message, context);
  response->set_result_code(static_cast<uint32_t>(outcome.code));
  response->set_result_name(ledger::ResultCodeName(outcome.code));
  response->set_message(outcome.message);
  response->set_index(outcome.index);
  response->set_timestamp_ms(outcome.timestamp_ms);
  absl::StatusOr<v1::Receipt> receipt = MakeReceipt(*store_, *log_, outcome);
  if (!receipt.ok()) return ToGrpcStatus(receipt.status());
  *response->mutable_receipt() = *std::move(receipt);
  return grpc::Status::OK;
}

grpc::Status LedgerService::SubmitBatch(grpc::ServerContext* context,
                                        const v1::SubmitBatchRequest* request,
                                        v1::SubmitBatchResponse* response) {
  return SubmitBatchCall({store_, log_, pipeline_, verify_pool_, limiter_}, context, *request,
                         response);
}

grpc::Status LedgerService::SubmitStream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::SubmitBatchResponse, v1::SubmitBatchRequest>* stream) {
  return SubmitStreamCall({store_, log_, pipeline_, verify_pool_, limiter_}, context, stream);
}

grpc::Status LedgerService::GetCommunity(grpc::ServerContext* context,
                                         const v1::GetCommunityRequest* request,
                                         v1::Community* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<v1::Community> community = QueryCommunity(*store_, genesis_, community_id_);
  if (!community.ok()) return ToGrpcStatus(community.status());
  *response = *std::move(community);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetAccount(grpc::ServerContext* context,
                                       const v1::GetAccountRequest* request,
                                       v1::AccountInfo* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<v1::AccountInfo> account;
  if (request->by_case() == v1::GetAccountRequest::kHandle) {
    if (absl::Status s = CheckHandle(request->handle(), "handle"); !s.ok()) return ToGrpcStatus(s);
    account = QueryAccount(*store_, request->handle());
  } else if (request->by_case() == v1::GetAccountRequest::kPublicKey) {
    absl::StatusOr<ledger::PublicKey> key = PublicKeyField(request->public_key(), "public_key");
    if (!key.ok()) return ToGrpcStatus(key.status());
    account = QueryAccountByKey(*store_, *key);
  } else {
    return InvalidArgument("give either handle or public_key");
  }
  if (!account.ok()) return ToGrpcStatus(account.status());
  *response = *std::move(account);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetBalances(grpc::ServerContext* context,
                                        const v1::GetBalancesRequest* request,
                                        v1::Balances* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  if (absl::Status s = CheckHandle(request->handle(), "handle"); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<Caller> caller = Authenticate(context, "GetBalances");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = authenticator_->AllowAccount(*caller, request->handle(), "balances");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<v1::Balances> balances = QueryBalances(*store_, genesis_, request->handle());
  if (!balances.ok()) return ToGrpcStatus(balances.status());
  *response = *std::move(balances);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetHistory(grpc::ServerContext* context,
                                       const v1::GetHistoryRequest* request,
                                       v1::History* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  if (absl::Status s = CheckHandle(request->handle(), "handle"); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<size_t> limit = PageSize(
      request->limit(), std::min(kHistoryPageDefault, history_page_max_), history_page_max_);
  if (!limit.ok()) return ToGrpcStatus(limit.status());
  absl::StatusOr<Caller> caller = Authenticate(context, "GetHistory");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = authenticator_->AllowAccount(*caller, request->handle(), "the history");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<v1::History> history =
      QueryHistory(*store_, genesis_, request->handle(), request->before_index(), *limit);
  if (!history.ok()) return ToGrpcStatus(history.status());
  *response = *std::move(history);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetPending(grpc::ServerContext* context,
                                       const v1::GetPendingRequest* request,
                                       v1::PendingInfo* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<ledger::OperationId> id = OperationIdField(request->pending_id(), "pending_id");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<Caller> caller = Authenticate(context, "GetPending");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<std::optional<ledger::Pending>> pending = store_->GetPending(*id);
  if (!pending.ok()) return ToGrpcStatus(pending.status());
  if (!pending->has_value()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        StrCat("no pending transfer ", ledger::OperationIdToHex(*id)));
  }
  const ledger::Pending& p = **pending;
  if (absl::Status s = authenticator_->AllowAnyOf(
          *caller, {p.from, p.to},
          StrCat("a pending transfer is visible to its payer '", p.from, "', its payee '", p.to,
                 "' and the administrators only"));
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  *response = PendingView(p);
  return grpc::Status::OK;
}

grpc::Status LedgerService::WatchJournal(grpc::ServerContext* context,
                                         const v1::WatchJournalRequest* request,
                                         grpc::ServerWriter<v1::JournalEntry>* writer) {
  absl::StatusOr<uint64_t> next = StartWatch(context, *request);
  if (!next.ok()) return ToGrpcStatus(next.status());
  return StreamEntries(context, request->handle(), *next, writer);
}

grpc::Status LedgerService::ListListings(grpc::ServerContext* context,
                                         const v1::ListListingsRequest* request,
                                         v1::Listings* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<ListingFilter> filter = ListingFilterFrom(*request);
  if (!filter.ok()) return ToGrpcStatus(filter.status());
  absl::StatusOr<Caller> caller = Authenticate(context, "ListListings");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = authenticator_->AllowMember(*caller, "the board"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<v1::Listings> listings = QueryListings(*store_, genesis_, *filter, clock_ms_());
  if (!listings.ok()) return ToGrpcStatus(listings.status());
  *response = *std::move(listings);
  return grpc::Status::OK;
}

grpc::Status LedgerService::ListRequests(grpc::ServerContext* context,
                                         const v1::ListRequestsRequest* request,
                                         v1::PaymentRequests* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<RequestFilter> filter = RequestFilterFrom(*request);
  if (!filter.ok()) return ToGrpcStatus(filter.status());
  absl::StatusOr<Caller> caller = Authenticate(context, "ListRequests");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = authenticator_->AllowAccount(*caller, filter->handle, "payment requests");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<v1::PaymentRequests> requests =
      QueryRequests(*store_, genesis_, *filter, clock_ms_());
  if (!requests.ok()) return ToGrpcStatus(requests.status());
  *response = *std::move(requests);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetInitiative(grpc::ServerContext* context,
                                          const v1::GetInitiativeRequest* request,
                                          v1::InitiativeInfo* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  if (absl::Status s = CheckHandle(request->handle(), "handle"); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<Caller> caller = Authenticate(context, "GetInitiative");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  // The owners of an initiative hold its keys: they are "the account" here.
  if (absl::Status s = authenticator_->AllowAccount(*caller, request->handle(), "the accounts");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<v1::InitiativeInfo> initiative =
      QueryInitiative(*store_, genesis_, request->handle());
  if (!initiative.ok()) return ToGrpcStatus(initiative.status());
  *response = *std::move(initiative);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetStatement(grpc::ServerContext* context,
                                         const v1::GetStatementRequest* request,
                                         v1::Statements* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  if (absl::Status s = CheckHandle(request->handle(), "handle"); !s.ok()) return ToGrpcStatus(s);
  const int64_t now_ms = clock_ms_();
  absl::StatusOr<int> year = StatementYear(
      request->year(), ledger::CalendarYearOf(genesis_.created_ms), ledger::CalendarYearOf(now_ms));
  if (!year.ok()) return ToGrpcStatus(year.status());
  absl::StatusOr<Caller> caller = Authenticate(context, "GetStatement");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = authenticator_->AllowAccount(*caller, request->handle(), "statements");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<v1::Statements> statements =
      QueryStatement(*store_, genesis_, community_id_, node_key_,
                     StatementRequest{request->handle(), *year, request->asset()}, now_ms);
  if (!statements.ok()) return ToGrpcStatus(statements.status());
  *response = *std::move(statements);
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetNodeKey(grpc::ServerContext* context,
                                       const v1::GetNodeKeyRequest* request,
                                       v1::NodeKey* response) {
  response->set_public_key(Bytes(node_key_.public_key));
  response->set_public_key_hex(ledger::ToHex(node_key_.public_key));
  response->set_community_id(Bytes(community_id_));
  return grpc::Status::OK;
}

absl::StatusOr<Caller> LedgerService::Authenticate(grpc::ServerContext* context,
                                                   std::string_view method) {
  const auto& metadata = context->client_metadata();
  auto found = metadata.find(ledger::kCallAuthMetadataKey);
  std::optional<std::string_view> text;
  if (found != metadata.end()) text = std::string_view(found->second.data(), found->second.size());
  return authenticator_->Authenticate(text, FullMethodName(method));
}

absl::StatusOr<uint64_t> LedgerService::StartWatch(grpc::ServerContext* context,
                                                   const v1::WatchJournalRequest& request) {
  const std::string& handle = request.handle();
  if (!handle.empty()) {
    if (absl::Status s = CheckHandle(handle, "handle"); !s.ok()) return s;
  }
  absl::StatusOr<Caller> caller = Authenticate(context, "WatchJournal");
  if (!caller.ok()) return caller.status();
  if (handle.empty() && !caller->administrator) {
    return absl::PermissionDeniedError(
        "every journal entry is visible to the administrators only; name the account to "
        "follow in handle");
  }
  if (!handle.empty()) {
    if (absl::Status s = authenticator_->AllowAccount(*caller, handle, "the journal entries");
        !s.ok()) {
      return s;
    }
  }
  const uint64_t end = pipeline_->committed_head().index + 1;
  if (request.from_index() > end) {
    return absl::InvalidArgumentError(
        StrCat("from_index ", request.from_index(), " lies beyond the journal's end (", end, ")"));
  }
  return request.from_index() == 0 ? end : request.from_index();
}

grpc::Status LedgerService::StreamEntries(grpc::ServerContext* context, std::string_view handle,
                                          uint64_t next,
                                          grpc::ServerWriter<v1::JournalEntry>* writer) {
  while (!context->IsCancelled() && !pipeline_->watches_ended()) {
    const uint64_t head = pipeline_->WaitForCommitAfter(next - 1, kWatchPollInterval);
    if (head < next) continue;
    const uint64_t last = std::min(head, next + kWatchEntriesPerRoundMax - 1);
    absl::StatusOr<std::vector<uint64_t>> indexes = WatchedIndexes(*store_, handle, next, last);
    if (!indexes.ok()) return ToGrpcStatus(indexes.status());
    for (uint64_t index : *indexes) {
      absl::StatusOr<v1::JournalEntry> entry = QueryEntry(*store_, genesis_, index);
      if (!entry.ok()) return ToGrpcStatus(entry.status());
      if (!writer->Write(*entry)) return grpc::Status::CANCELLED;  // the client has gone
    }
    next = last + 1;
  }
  if (context->IsCancelled()) return grpc::Status::CANCELLED;
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      StrCat("the node is shutting down; watch again with from_index ", next));
}

}  // namespace noaber::node
