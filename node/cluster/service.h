// The noaber.v1.Cluster gRPC service (proto/noaber/v1/cluster.proto): a member's view of the
// cluster for `noaber-node cluster status`, and membership changes for `cluster join` and
// `cluster remove`, which need the cluster's join token and the leader.
//
// Borrows the ClusterMember, which must outlive the server. Thread-safe.
#ifndef NOABER_NODE_CLUSTER_SERVICE_H_
#define NOABER_NODE_CLUSTER_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "noaber/v1/cluster.grpc.pb.h"
#include "node/cluster/member.h"

namespace noaber::node {

class ClusterService final : public v1::Cluster::Service {
 public:
  explicit ClusterService(ClusterMember* member) : member_(member) {}

  grpc::Status GetClusterStatus(grpc::ServerContext* context,
                                const v1::GetClusterStatusRequest* request,
                                v1::ClusterStatus* response) override;
  grpc::Status AddMember(grpc::ServerContext* context, const v1::AddMemberRequest* request,
                         v1::AddMemberResponse* response) override;
  grpc::Status RemoveMember(grpc::ServerContext* context, const v1::RemoveMemberRequest* request,
                            v1::RemoveMemberResponse* response) override;

 private:
  // OK when `token` is the cluster's join token (compared in constant time); not_leader
  // while the cluster is being founded.
  grpc::Status CheckToken(const std::string& token, grpc::ServerContext* context) const;
  // The status for a failed membership change: not_leader with the trailer, or the error.
  grpc::Status ChangeFailed(const absl::Status& status, grpc::ServerContext* context) const;

  ClusterMember* const member_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_CLUSTER_SERVICE_H_
