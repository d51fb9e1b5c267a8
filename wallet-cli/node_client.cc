#include "wallet-cli/node_client.h"

#include <algorithm>
#include <charconv>
#include <thread>
#include <utility>

#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/result.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;
using Clock = std::chrono::system_clock;

constexpr uint32_t kNotLeaderCode = static_cast<uint32_t>(ledger::ResultCode::kNotLeader);

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

// "10 s", or "1500 ms" for a window that is not whole seconds.
std::string WindowText(int64_t window_ms) {
  if (window_ms % 1000 == 0) return StrCat(window_ms / 1000, " s");
  return StrCat(window_ms, " ms");
}

absl::Status FromRpc(const grpc::Status& status, const grpc::ClientContext& context,
                     const std::string& address, int64_t window_ms) {
  if (status.ok()) return absl::OkStatus();
  std::optional<LedgerResult> result = ResultOf(context);
  if (result.has_value()) return RejectedError(status.error_message(), result);
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return UnreachableError(
          StrCat("cannot reach the node at ", address, ": ", status.error_message()));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return UnreachableError(
          StrCat("the node at ", address, " did not answer within ", WindowText(window_ms)));
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

std::string_view TrimSpaces(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// HOST:PORT with a name or IPv4 host, or [IPv6]:PORT; PORT from 1 to 65535.
bool IsNodeAddress(std::string_view address) {
  std::string_view host;
  size_t colon = std::string_view::npos;
  if (address.starts_with('[')) {
    const size_t close = address.find(']');
    if (close == std::string_view::npos) return false;
    host = address.substr(1, close - 1);
    if (host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos) return false;
    if (close + 1 < address.size() && address[close + 1] == ':') colon = close + 1;
  } else {
    colon = address.rfind(':');
    host = address.substr(0, colon == std::string_view::npos ? 0 : colon);
    constexpr std::string_view kNameCharacters =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_";
    if (host.find_first_not_of(kNameCharacters) != std::string_view::npos) return false;
  }
  if (host.empty() || colon == std::string_view::npos) return false;
  const std::string_view port = address.substr(colon + 1);
  if (port.empty() || port.size() > 5) return false;
  if (port.find_first_not_of("0123456789") != std::string_view::npos) return false;
  uint32_t number = 0;
  std::from_chars(port.data(), port.data() + port.size(), number);
  return number >= 1 && number <= 65535;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseNodeAddresses(std::string_view text) {
  if (TrimSpaces(text).empty()) {
    return UsageError(
        "--node (NOABER_NODE) names no node: give HOST:PORT, or several separated by commas");
  }
  std::vector<std::string> addresses;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view address = TrimSpaces(text.substr(start, comma - start));
    if (address.empty()) {
      return UsageError(
          StrCat("--node (NOABER_NODE) has an empty address between its commas: '", text, "'"));
    }
    if (!IsNodeAddress(address)) {
      return UsageError(StrCat("'", address, "' in --node (NOABER_NODE) is not HOST:PORT with a ",
                               "port from 1 to 65535 (for example 10.0.0.1:7420)"));
    }
    if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) {
      if (addresses.size() == kNodeAddressesMax) {
        return UsageError(
            StrCat("--node (NOABER_NODE) lists more than ", kNodeAddressesMax, " addresses"));
      }
      addresses.emplace_back(address);
    }
    start = comma + 1;
  }
  return addresses;
}

struct NodeClient::Endpoint {
  explicit Endpoint(std::string address_in) : address(std::move(address_in)) {}
  std::string address;
  std::shared_ptr<grpc::Channel> channel;  // null until the first call to this address
  std::unique_ptr<v1::Ledger::Stub> ledger;
  std::unique_ptr<v1::Log::Stub> log;
  std::unique_ptr<v1::Impact::Stub> impact;
  bool connect_attempted = false;
};

struct NodeClient::Trail {
  // Records what `address` said, keeping the first-tried order and its latest sentence.
  void Note(const std::string& address, std::string sentence) {
    for (auto& [tried, said] : notes) {
      if (tried == address) {
        said = std::move(sentence);
        return;
      }
    }
    notes.emplace_back(address, std::move(sentence));
  }
  bool Failed(const std::string& address) const {
    return std::find(unreachable.begin(), unreachable.end(), address) != unreachable.end();
  }

  Clock::time_point deadline;
  int redirects = 0;
  size_t transport_failures = 0;
  bool not_leader_seen = false;
  int64_t leader_wait_ms = 0;
  std::vector<std::string> unreachable;  // addresses whose transport failed in this call
  std::vector<std::pair<std::string, std::string>> notes;  // address, what it said last
  absl::Status last_failure;                               // the latest transport failure
};

NodeClient::NodeClient(std::string_view addresses, const ChannelSecurity& security,
                       FollowLimits limits)
    : credentials_(CredentialsFor(security)),
      ca_file_(security.ca_file),
      client_cert_file_(security.client_cert_file),
      limits_(limits),
      addresses_text_(addresses) {
  absl::StatusOr<std::vector<std::string>> parsed = ParseNodeAddresses(addresses);
  if (!parsed.ok()) {
    addresses_error_ = parsed.status();
    return;
  }
  for (std::string& address : *parsed) {
    endpoints_.push_back(std::make_unique<Endpoint>(std::move(address)));
  }
  configured_count_ = endpoints_.size();
}

NodeClient::~NodeClient() = default;

const std::string& NodeClient::address() const {
  if (endpoints_.empty()) return addresses_text_;
  return endpoints_[current_]->address;
}

NodeClient::Endpoint& NodeClient::EndpointAt(size_t index) {
  Endpoint& node = *endpoints_[index];
  if (node.channel == nullptr) {
    node.channel =
        grpc::CreateCustomChannel(ChannelTarget(node.address), credentials_, QuickReconnects());
    node.ledger = v1::Ledger::NewStub(node.channel);
    node.log = v1::Log::NewStub(node.channel);
    node.impact = v1::Impact::NewStub(node.channel);
  }
  return node;
}

size_t NodeClient::IndexOf(const std::string& address) {
  for (size_t i = 0; i < endpoints_.size(); ++i) {
    if (endpoints_[i]->address == address) return i;
  }
  // A leader outside the list given gets the one extra place, so the list stays bounded.
  if (endpoints_.size() > configured_count_) endpoints_.pop_back();
  endpoints_.push_back(std::make_unique<Endpoint>(address));
  return endpoints_.size() - 1;
}

std::optional<size_t> NodeClient::NextReachable(const Trail& trail) const {
  for (size_t step = 1; step < endpoints_.size(); ++step) {
    const size_t index = (current_ + step) % endpoints_.size();
    if (!trail.Failed(endpoints_[index]->address)) return index;
  }
  return std::nullopt;
}

void NodeClient::Prepare(Endpoint& node, grpc::ClientContext* context, const std::string* auth,
                         CallKind kind, Clock::time_point deadline) {
  if (!node.connect_attempted) {
    node.connect_attempted = true;
    node.channel->WaitForConnected(
        std::min(deadline, Clock::now() + std::chrono::milliseconds(limits_.connect_window_ms)));
  }
  context->set_deadline(deadline);
  if (auth != nullptr) context->AddMetadata(ledger::kCallAuthMetadataKey, *auth);
  if (kind == CallKind::kRead) context->AddMetadata(kReadMetadataKey, kReadCurrent);
}

absl::Status NodeClient::Call(CallKind kind, const std::string* auth, const Attempt& attempt) {
  if (!addresses_error_.ok()) return addresses_error_;
  Trail trail;
  trail.deadline = Clock::now() + std::chrono::milliseconds(limits_.call_window_ms);
  trail.leader_wait_ms = limits_.leader_wait_first_ms;
  for (int number = 0; number < kCallAttemptsMax; ++number) {
    if (number > 0 && Clock::now() >= trail.deadline) {
      return GiveUp(trail, StrCat(trail.not_leader_seen ? "found no leader" : "no node answered",
                                  " within ", WindowText(limits_.call_window_ms)));
    }
    Endpoint& node = EndpointAt(current_);
    grpc::ClientContext context;
    Prepare(node, &context, auth, kind, trail.deadline);
    const grpc::Status status = attempt(node, &context);
    if (status.ok()) return absl::OkStatus();
    const std::optional<LedgerResult> result = ResultOf(context);
    absl::Status next;
    if (result.has_value() && result->code == kNotLeaderCode) {
      next = FollowLeader(context, &trail);
    } else if (!result.has_value() && IsTransportFailure(status.error_code())) {
      next = MoveOn(Failure(status, context, node.address), kind, &trail);
    } else {
      return Failure(status, context, node.address);
    }
    if (!next.ok()) return next;
  }
  return GiveUp(trail, StrCat("gave up after ", kCallAttemptsMax, " attempts"));
}

absl::Status NodeClient::FollowLeader(const grpc::ClientContext& context, Trail* trail) {
  const std::string address = endpoints_[current_]->address;
  trail->not_leader_seen = true;
  const std::string leader = Trailer(context, kLeaderMetadataKey).value_or("");
  const std::string said = StrCat("the node at ", address, " is not the leader and ");
  if (IsNodeAddress(leader) && !trail->Failed(leader)) {
    trail->Note(address, StrCat(said, "names ", leader));
    if (++trail->redirects > limits_.redirects_max) {
      return GiveUp(*trail, StrCat("found no leader after ", limits_.redirects_max, " redirects"));
    }
    current_ = IndexOf(leader);
    return absl::OkStatus();
  }
  if (leader.empty()) {
    trail->Note(address, StrCat(said, "knows of none (an election may be under way)"));
  } else if (IsNodeAddress(leader)) {
    trail->Note(address, StrCat(said, "names ", leader, ", which could not be reached"));
  } else {
    trail->Note(address, StrCat(said, "names '", leader, "', which is not HOST:PORT"));
  }
  // No leader to go to: wait a little for an election, then ask the next address.
  const Clock::duration remaining = trail->deadline - Clock::now();
  if (remaining <= Clock::duration::zero()) {
    return GiveUp(*trail, StrCat("found no leader within ", WindowText(limits_.call_window_ms)));
  }
  std::this_thread::sleep_for(
      std::min<Clock::duration>(std::chrono::milliseconds(trail->leader_wait_ms), remaining));
  trail->leader_wait_ms = std::min(2 * trail->leader_wait_ms, limits_.leader_wait_max_ms);
  current_ = NextReachable(*trail).value_or(current_);
  return absl::OkStatus();
}

absl::Status NodeClient::MoveOn(absl::Status failure, CallKind kind, Trail* trail) {
  const std::string address = endpoints_[current_]->address;
  trail->Note(address, std::string(ledger::ToView(failure.message())));
  trail->last_failure = std::move(failure);
  if (!trail->Failed(address)) trail->unreachable.push_back(address);
  // Each address once; with one address, a Submit keeps its one resend of the same bytes.
  const size_t failures_max =
      std::max<size_t>(endpoints_.size(), kind == CallKind::kSubmit ? 2 : 1);
  if (++trail->transport_failures >= failures_max) {
    return GiveUp(*trail, "no node could be reached");
  }
  current_ = NextReachable(*trail).value_or(current_);
  return absl::OkStatus();
}

absl::Status NodeClient::GiveUp(const Trail& trail, std::string_view reason) const {
  if (!trail.not_leader_seen && trail.notes.size() == 1) return trail.last_failure;
  // One line per address tried, as `verify` lists its findings: gRPC's own reasons may
  // hold semicolons and commas.
  std::string message = StrCat(reason, ":");
  for (const auto& [address, sentence] : trail.notes) StrAppend(&message, "\n  - ", sentence);
  return UnreachableError(message);
}

std::optional<std::string> NodeClient::ConnectionTrouble(const std::string& address,
                                                         std::string_view grpc_message) const {
  auto says = [&](std::string_view text) { return grpc_message.find(text) != std::string::npos; };
  if (ca_file_.empty()) {
    if (!says("Socket closed")) return std::nullopt;
    return StrCat("the node at ", address, " closed the connection; if it serves TLS, ",
                  "give its CA with --ca-file (or NOABER_CA_FILE)");
  }
  if (says("certificate verify failed")) {
    return StrCat("the node's certificate at ", address, " is not trusted: it is not signed by ",
                  "the CA in --ca-file ", ca_file_);
  }
  if (says("not in peer certificate")) {
    return StrCat("the node's certificate at ", address, " does not name that host; connect ",
                  "with --node set to a name or address the certificate lists");
  }
  if (says("wrong version number")) {
    return StrCat("the node at ", address, " does not serve TLS; leave out --ca-file to ",
                  "connect without it");
  }
  if (!says("Socket closed")) return std::nullopt;
  if (client_cert_file_.empty()) {
    return StrCat("the node at ", address, " closed the TLS connection; it may require a ",
                  "client certificate: give one with --client-cert and --client-key");
  }
  return StrCat("the node at ", address, " closed the TLS connection; it may not accept the ",
                "client certificate ", client_cert_file_, " (not signed by the CA it trusts)");
}

absl::Status NodeClient::Failure(const grpc::Status& status, const grpc::ClientContext& context,
                                 const std::string& address) const {
  absl::Status failure = FromRpc(status, context, address, limits_.call_window_ms);
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return failure;
  std::optional<std::string> trouble = ConnectionTrouble(address, status.error_message());
  if (!trouble.has_value()) return failure;
  return UnreachableError(StrCat(*trouble, " (", status.error_message(), ")"));
}

absl::StatusOr<v1::Community> NodeClient::GetCommunity() {
  v1::Community response;
  absl::Status status = Call(CallKind::kRead, nullptr, [&](Endpoint& node, auto* context) {
    return node.ledger->GetCommunity(context, v1::GetCommunityRequest(), &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::AccountInfo> NodeClient::GetAccountByHandle(std::string_view handle) {
  v1::GetAccountRequest request;
  request.set_handle(std::string(handle));
  v1::AccountInfo response;
  absl::Status status = Call(CallKind::kRead, nullptr, [&](Endpoint& node, auto* context) {
    return node.ledger->GetAccount(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::AccountInfo> NodeClient::GetAccountByKey(const ledger::PublicKey& key) {
  v1::GetAccountRequest request;
  request.set_public_key(std::string(key.begin(), key.end()));
  v1::AccountInfo response;
  absl::Status status = Call(CallKind::kRead, nullptr, [&](Endpoint& node, auto* context) {
    return node.ledger->GetAccount(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Balances> NodeClient::GetBalances(std::string_view handle,
                                                     const std::string& auth) {
  v1::GetBalancesRequest request;
  request.set_handle(std::string(handle));
  v1::Balances response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.ledger->GetBalances(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::History> NodeClient::GetHistory(const v1::GetHistoryRequest& request,
                                                   const std::string& auth) {
  v1::History response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.ledger->GetHistory(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::PendingInfo> NodeClient::GetPending(const ledger::OperationId& id,
                                                       const std::string& auth) {
  v1::GetPendingRequest request;
  request.set_pending_id(std::string(id.begin(), id.end()));
  v1::PendingInfo response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.ledger->GetPending(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Listings> NodeClient::ListListings(const v1::ListListingsRequest& request,
                                                      const std::string& auth) {
  v1::Listings response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.ledger->ListListings(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::PaymentRequests> NodeClient::ListRequests(const v1::ListRequestsRequest& request,
                                                             const std::string& auth) {
  v1::PaymentRequests response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.ledger->ListRequests(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::InitiativeInfo> NodeClient::GetInitiative(std::string_view handle,
                                                             const std::string& auth) {
  v1::GetInitiativeRequest request;
  request.set_handle(std::string(handle));
  v1::InitiativeInfo response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.ledger->GetInitiative(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ImpactReport> NodeClient::GetImpact(const v1::GetImpactRequest& request,
                                                       const std::string& auth) {
  v1::ImpactReport response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.impact->GetImpact(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Statements> NodeClient::GetStatement(const v1::GetStatementRequest& request,
                                                        const std::string& auth) {
  v1::Statements response;
  absl::Status status = Call(CallKind::kRead, &auth, [&](Endpoint& node, auto* context) {
    return node.ledger->GetStatement(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::NodeKey> NodeClient::GetNodeKey() {
  v1::NodeKey response;
  absl::Status status = Call(CallKind::kRead, nullptr, [&](Endpoint& node, auto* context) {
    return node.ledger->GetNodeKey(context, v1::GetNodeKeyRequest(), &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::SubmitResponse> NodeClient::Submit(const std::string& signed_operation) {
  v1::SubmitRequest request;
  request.set_signed_operation(signed_operation);
  v1::SubmitResponse response;
  // Every attempt sends this very request: the same signed bytes, wherever it goes.
  absl::Status status = Call(CallKind::kSubmit, nullptr, [&](Endpoint& node, auto* context) {
    return node.ledger->Submit(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Checkpoints> NodeClient::GetCheckpoint() {
  v1::Checkpoints response;
  absl::Status status = Call(CallKind::kRead, nullptr, [&](Endpoint& node, auto* context) {
    return node.log->GetCheckpoint(context, v1::GetCheckpointRequest(), &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::InclusionProof> NodeClient::GetInclusionProof(uint64_t index,
                                                                 uint64_t tree_size) {
  v1::GetInclusionProofRequest request;
  request.set_index(index);
  request.set_tree_size(tree_size);
  v1::InclusionProof response;
  absl::Status status = Call(CallKind::kRead, nullptr, [&](Endpoint& node, auto* context) {
    return node.log->GetInclusionProof(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ConsistencyProof> NodeClient::GetConsistencyProof(uint64_t old_size,
                                                                     uint64_t new_size) {
  v1::GetConsistencyProofRequest request;
  request.set_old_size(old_size);
  request.set_new_size(new_size);
  v1::ConsistencyProof response;
  absl::Status status = Call(CallKind::kRead, nullptr, [&](Endpoint& node, auto* context) {
    return node.log->GetConsistencyProof(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::AddCosignatureResponse> NodeClient::AddCosignature(uint64_t tree_size,
                                                                      const std::string& line) {
  v1::AddCosignatureRequest request;
  request.set_tree_size(tree_size);
  request.set_cosignature(line);
  v1::AddCosignatureResponse response;
  absl::Status status = Call(CallKind::kWrite, nullptr, [&](Endpoint& node, auto* context) {
    return node.log->AddCosignature(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace noaber::wallet
