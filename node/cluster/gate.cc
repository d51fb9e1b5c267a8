#include "node/cluster/gate.h"

#include "noaber/ledger/result.h"
#include "noaber/ledger/strings.h"
#include "node/status_mapping.h"

namespace noaber::node {

namespace {

ClusterHooks& Hooks() {
  static ClusterHooks hooks;
  return hooks;
}

}  // namespace

void SetClusterHooks(ClusterHooks hooks) { Hooks() = std::move(hooks); }

std::string LeaderAddressForTrailer() {
  if (!Hooks().not_leader) return "";
  return Hooks().not_leader().value_or("");
}

grpc::Status CheckReadIsCurrent(grpc::ServerContext* context) {
  if (!Hooks().not_leader) return grpc::Status::OK;
  const auto& metadata = context->client_metadata();
  auto it = metadata.find(kReadMetadataKey);
  if (it == metadata.end() || std::string_view(it->second.data(), it->second.size()) != "current") {
    return grpc::Status::OK;
  }
  if (Hooks().not_leader().has_value()) {
    return RejectionStatus(ledger::ResultCode::kNotLeader,
                           ledger::StrCat(Hooks().not_leader_message(),
                                          " (a read asked to be current)"),
                           context);
  }
  if (absl::Status s = Hooks().await_current(); !s.ok()) {
    return RejectionStatus(ledger::ResultCode::kUnavailable,
                           ledger::StrCat("cannot confirm this node still leads the cluster: ",
                                          ledger::ToView(s.message())),
                           context);
  }
  return grpc::Status::OK;
}

}  // namespace noaber::node
