// What the gRPC services ask when the node is a cluster member (docs/operations.md): where
// the leader is (for the "noaber-leader" trailer of a not_leader answer) and whether a read
// sent with "noaber-read: current" may be answered here. A single node registers nothing:
// then every read is answered and no trailer is added.
//
// The hooks are set once, before the server starts, and read by every handler. Thread-safe
// after that.
#ifndef NOABER_NODE_CLUSTER_GATE_H_
#define NOABER_NODE_CLUSTER_GATE_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"

namespace noaber::node {

struct ClusterHooks {
  // nullopt while this member leads; else the leader's gRPC address ("" while unknown).
  std::function<std::optional<std::string>()> not_leader;
  std::function<std::string()> not_leader_message;
  // OK once everything committed before the call is applied here (a Raft barrier).
  std::function<absl::Status()> await_current;
};

// Registers the member's hooks (or, with empty hooks, none). Call before serving.
void SetClusterHooks(ClusterHooks hooks);

// The leader's address to put in a not_leader answer's trailer, "" when unknown or no
// cluster.
std::string LeaderAddressForTrailer();

// For read handlers: OK to answer, or the not_leader / unavailable status to return. Only
// reads whose metadata has "noaber-read: current" are checked; on the leader they wait for
// a barrier first.
grpc::Status CheckReadIsCurrent(grpc::ServerContext* context);

}  // namespace noaber::node

#endif  // NOABER_NODE_CLUSTER_GATE_H_
