#include "wallet-cli/node_client.h"

#include <charconv>
#include <chrono>

#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

void PrepareContext(grpc::ClientContext* context, const std::string* auth) {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::milliseconds(kCallDeadlineMs));
  if (auth != nullptr) context->AddMetadata(ledger::kCallAuthMetadataKey, *auth);
}

std::optional<std::string> Trailer(const grpc::ClientContext& context, const char* key) {
  const auto& trailers = context.GetServerTrailingMetadata();
  auto found = trailers.find(key);
  if (found == trailers.end()) return std::nullopt;
  return std::string(found->second.data(), found->second.size());
}

// The ledger's result, when the node sent one with the status.
std::optional<LedgerResult> ResultOf(const grpc::ClientContext& context) {
  std::optional<std::string> code = Trailer(context, "noaber-result-code");
  if (!code.has_value()) return std::nullopt;
  LedgerResult result;
  if (std::from_chars(code->data(), code->data() + code->size(), result.code).ec != std::errc()) {
    return std::nullopt;
  }
  result.name = Trailer(context, "noaber-result-name").value_or("");
  return result;
}

// Codes that mean the request may never have been answered, rather than refused.
bool IsTransportFailure(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNIMPLEMENTED:
      return true;
    default:
      return false;
  }
}

absl::Status FromRpc(const grpc::Status& status, const grpc::ClientContext& context,
                     const std::string& address) {
  if (status.ok()) return absl::OkStatus();
  std::optional<LedgerResult> result = ResultOf(context);
  if (result.has_value()) return RejectedError(status.error_message(), result);
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return UnreachableError(
          StrCat("cannot reach the node at ", address, ": ", status.error_message()));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return UnreachableError(
          StrCat("the node at ", address, " did not answer within ", kCallDeadlineMs / 1000, " s"));
    default:
      break;
  }
  if (IsTransportFailure(status.error_code())) {
    return UnreachableError(StrCat("the call to the node at ", address, " failed (gRPC code ",
                                   static_cast<int>(status.error_code()),
                                   "): ", status.error_message()));
  }
  return RejectedError(status.error_message(), std::nullopt);
}

// gRPC's target for HOST:PORT. IP literals go straight to the ipv4:/ipv6: resolvers, so
// talking to 127.0.0.1 needs no DNS resolver (nor an /etc/hosts, which minimal systems lack).
std::string ChannelTarget(const std::string& address) {
  if (!address.empty() && address.front() == '[') return "ipv6:" + address;
  const size_t colon = address.rfind(':');
  const std::string host = address.substr(0, colon == std::string::npos ? 0 : colon);
  const bool ipv4 = !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
  return ipv4 ? "ipv4:" + address : address;
}

grpc::ChannelArguments QuickReconnects() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  return args;
}

}  // namespace

NodeClient::NodeClient(std::string address, const ChannelSecurity& security)
    : address_(std::move(address)),
      ca_file_(security.ca_file),
      client_cert_file_(security.client_cert_file),
      channel_(grpc::CreateCustomChannel(ChannelTarget(address_), CredentialsFor(security),
                                         QuickReconnects())),
      stub_(v1::Ledger::NewStub(channel_)),
      log_stub_(v1::Log::NewStub(channel_)),
      impact_stub_(v1::Impact::NewStub(channel_)) {}

void NodeClient::Prepare(grpc::ClientContext* context, const std::string* auth) {
  if (!connect_attempted_) {
    connect_attempted_ = true;
    channel_->WaitForConnected(std::chrono::system_clock::now() +
                               std::chrono::milliseconds(kConnectWindowMs));
  }
  PrepareContext(context, auth);
}

std::optional<std::string> NodeClient::ConnectionTrouble(std::string_view grpc_message) const {
  auto says = [&](std::string_view text) { return grpc_message.find(text) != std::string::npos; };
  if (ca_file_.empty()) {
    if (!says("Socket closed")) return std::nullopt;
    return StrCat("the node at ", address_, " closed the connection; if it serves TLS, ",
                  "give its CA with --ca-file (or NOABER_CA_FILE)");
  }
  if (says("certificate verify failed")) {
    return StrCat("the node's certificate at ", address_, " is not trusted: it is not signed by ",
                  "the CA in --ca-file ", ca_file_);
  }
  if (says("not in peer certificate")) {
    return StrCat("the node's certificate at ", address_, " does not name that host; connect ",
                  "with --node set to a name or address the certificate lists");
  }
  if (says("wrong version number")) {
    return StrCat("the node at ", address_, " does not serve TLS; leave out --ca-file to ",
                  "connect without it");
  }
  if (!says("Socket closed")) return std::nullopt;
  if (client_cert_file_.empty()) {
    return StrCat("the node at ", address_, " closed the TLS connection; it may require a ",
                  "client certificate: give one with --client-cert and --client-key");
  }
  return StrCat("the node at ", address_, " closed the TLS connection; it may not accept the ",
                "client certificate ", client_cert_file_, " (not signed by the CA it trusts)");
}

absl::Status NodeClient::Failure(const grpc::Status& status,
                                 const grpc::ClientContext& context) const {
  absl::Status failure = FromRpc(status, context, address_);
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return failure;
  std::optional<std::string> trouble = ConnectionTrouble(status.error_message());
  if (!trouble.has_value()) return failure;
  return UnreachableError(StrCat(*trouble, " (", status.error_message(), ")"));
}

absl::StatusOr<v1::Community> NodeClient::GetCommunity() {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::Community response;
  grpc::Status status = stub_->GetCommunity(&context, v1::GetCommunityRequest(), &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::AccountInfo> NodeClient::GetAccountByHandle(std::string_view handle) {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::GetAccountRequest request;
  request.set_handle(std::string(handle));
  v1::AccountInfo response;
  grpc::Status status = stub_->GetAccount(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::AccountInfo> NodeClient::GetAccountByKey(const ledger::PublicKey& key) {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::GetAccountRequest request;
  request.set_public_key(std::string(key.begin(), key.end()));
  v1::AccountInfo response;
  grpc::Status status = stub_->GetAccount(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::Balances> NodeClient::GetBalances(std::string_view handle,
                                                     const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::GetBalancesRequest request;
  request.set_handle(std::string(handle));
  v1::Balances response;
  grpc::Status status = stub_->GetBalances(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::History> NodeClient::GetHistory(const v1::GetHistoryRequest& request,
                                                   const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::History response;
  grpc::Status status = stub_->GetHistory(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::PendingInfo> NodeClient::GetPending(const ledger::OperationId& id,
                                                       const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::GetPendingRequest request;
  request.set_pending_id(std::string(id.begin(), id.end()));
  v1::PendingInfo response;
  grpc::Status status = stub_->GetPending(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::Listings> NodeClient::ListListings(const v1::ListListingsRequest& request,
                                                      const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::Listings response;
  grpc::Status status = stub_->ListListings(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::PaymentRequests> NodeClient::ListRequests(const v1::ListRequestsRequest& request,
                                                             const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::PaymentRequests response;
  grpc::Status status = stub_->ListRequests(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::InitiativeInfo> NodeClient::GetInitiative(std::string_view handle,
                                                             const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::GetInitiativeRequest request;
  request.set_handle(std::string(handle));
  v1::InitiativeInfo response;
  grpc::Status status = stub_->GetInitiative(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::ImpactReport> NodeClient::GetImpact(const v1::GetImpactRequest& request,
                                                       const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::ImpactReport response;
  grpc::Status status = impact_stub_->GetImpact(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::Statements> NodeClient::GetStatement(const v1::GetStatementRequest& request,
                                                        const std::string& auth) {
  grpc::ClientContext context;
  Prepare(&context, &auth);
  v1::Statements response;
  grpc::Status status = stub_->GetStatement(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::NodeKey> NodeClient::GetNodeKey() {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::NodeKey response;
  grpc::Status status = stub_->GetNodeKey(&context, v1::GetNodeKeyRequest(), &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::SubmitResponse> NodeClient::Submit(const std::string& signed_operation) {
  v1::SubmitRequest request;
  request.set_signed_operation(signed_operation);
  absl::Status last;
  for (int attempt = 0; attempt < 2; ++attempt) {
    grpc::ClientContext context;
    Prepare(&context, nullptr);
    v1::SubmitResponse response;
    grpc::Status status = stub_->Submit(&context, request, &response);
    if (status.ok()) return response;
    last = Failure(status, context);
    // Only a transport failure is worth the one resend of the same bytes.
    if (!IsTransportFailure(status.error_code()) || ResultOf(context).has_value()) break;
  }
  return last;
}

absl::StatusOr<v1::Checkpoints> NodeClient::GetCheckpoint() {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::Checkpoints response;
  grpc::Status status = log_stub_->GetCheckpoint(&context, v1::GetCheckpointRequest(), &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::InclusionProof> NodeClient::GetInclusionProof(uint64_t index,
                                                                 uint64_t tree_size) {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::GetInclusionProofRequest request;
  request.set_index(index);
  request.set_tree_size(tree_size);
  v1::InclusionProof response;
  grpc::Status status = log_stub_->GetInclusionProof(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::ConsistencyProof> NodeClient::GetConsistencyProof(uint64_t old_size,
                                                                     uint64_t new_size) {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::GetConsistencyProofRequest request;
  request.set_old_size(old_size);
  request.set_new_size(new_size);
  v1::ConsistencyProof response;
  grpc::Status status = log_stub_->GetConsistencyProof(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

absl::StatusOr<v1::AddCosignatureResponse> NodeClient::AddCosignature(uint64_t tree_size,
                                                                      const std::string& line) {
  grpc::ClientContext context;
  Prepare(&context, nullptr);
  v1::AddCosignatureRequest request;
  request.set_tree_size(tree_size);
  request.set_cosignature(line);
  v1::AddCosignatureResponse response;
  grpc::Status status = log_stub_->AddCosignature(&context, request, &response);
  if (!status.ok()) return Failure(status, context);
  return response;
}

}  // namespace noaber::wallet
