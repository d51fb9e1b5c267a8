#include "node/cluster/service.h"

#include <sodium.h>

#include "noaber/ledger/strings.h"
#include "node/cluster/raft_errors.h"
#include "node/status_mapping.h"

namespace noaber::node {

using ledger::StrCat;

grpc::Status ClusterService::GetClusterStatus(grpc::ServerContext* context,
                                              const v1::GetClusterStatusRequest* request,
                                              v1::ClusterStatus* response) {
  const cluster::RaftStatus raft = member_->RaftStatus();
  const ClusterDirectory directory = member_->state().directory();
  response->set_node_id(raft.id);
  response->set_state(std::string(cluster::RaftStateName(raft.state)));
  response->set_leader_id(raft.leader_id);
  response->set_term(raft.term);
  response->set_commit_index(raft.commit_index);
  response->set_applied_index(raft.last_applied_index);
  if (!raft.failure.ok()) response->set_failure(std::string(ledger::ToView(raft.failure.message())));
  if (!raft.snapshot_failure.ok()) {
    response->set_snapshot_failure(std::string(ledger::ToView(raft.snapshot_failure.message())));
  }
  for (const cluster::Member& member : raft.configuration) {
    v1::ClusterMember* out = response->add_members();
    out->set_id(member.id);
    out->set_raft_address(member.address);
    out->set_role(std::string(cluster::RoleName(member.role)));
    for (const MemberAddress& known : directory.members) {
      if (known.id == member.id) out->set_grpc_address(known.grpc_address);
      if (known.id == raft.leader_id) response->set_leader_grpc_address(known.grpc_address);
    }
  }
  absl::StatusOr<std::optional<ledger::JournalHead>> head = member_->state().store().GetHead();
  if (head.ok() && head->has_value()) {
    response->set_journal_size((*head)->index + 1);
    response->set_journal_head_hash((*head)->hash.data(), (*head)->hash.size());
  }
  const ledger::Hash root = member_->state().merkle_root();
  response->set_merkle_root(root.data(), root.size());
  return grpc::Status::OK;
}

grpc::Status ClusterService::CheckToken(const std::string& token,
                                        grpc::ServerContext* context) const {
  // Before the founding entry is applied nobody knows the token (nor takes changes).
  if (!member_->state().founded()) return ChangeFailed(absl::OkStatus(), context);
  const std::string expected = member_->state().directory().join_token;
  if (expected.empty() || token.size() != expected.size() ||
      sodium_memcmp(token.data(), expected.data(), token.size()) != 0) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "the join token is wrong (it is in the founding member's "
                        "cluster.toml, and `noaber-node cluster init` printed it)");
  }
  return grpc::Status::OK;
}

grpc::Status ClusterService::ChangeFailed(const absl::Status& status,
                                          grpc::ServerContext* context) const {
  if (cluster::GetNotLeader(status).has_value() || member_->NotLeader().has_value()) {
    return RejectionStatus(ledger::ResultCode::kNotLeader, member_->NotLeaderMessage(), context);
  }
  return ToGrpcStatus(status);
}

grpc::Status ClusterService::AddMember(grpc::ServerContext* context,
                                       const v1::AddMemberRequest* request,
                                       v1::AddMemberResponse* response) {
  if (grpc::Status s = CheckToken(request->join_token(), context); !s.ok()) return s;
  if (request->id() == 0) return InvalidArgument("id must be 1 or more");
  if (absl::Status s = CheckRaftAddress(request->raft_address(), "raft_address"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  if (request->grpc_address().empty()) return InvalidArgument("grpc_address is required");
  if (member_->NotLeader().has_value()) return ChangeFailed(absl::OkStatus(), context);
  absl::Status added = member_->AddMember(
      MemberAddress{request->id(), request->raft_address(), request->grpc_address()});
  if (!added.ok()) return ChangeFailed(added, context);
  return grpc::Status::OK;
}

grpc::Status ClusterService::RemoveMember(grpc::ServerContext* context,
                                          const v1::RemoveMemberRequest* request,
                                          v1::RemoveMemberResponse* response) {
  if (grpc::Status s = CheckToken(request->join_token(), context); !s.ok()) return s;
  if (member_->NotLeader().has_value()) return ChangeFailed(absl::OkStatus(), context);
  absl::Status removed = member_->RemoveMember(request->id());
  if (!removed.ok()) return ChangeFailed(removed, context);
  return grpc::Status::OK;
}

}  // namespace noaber::node
