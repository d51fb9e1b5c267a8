// A cluster member's own settings, in DATA_DIR/cluster.toml (written by `noaber-node cluster
// init|join`, mode 0600 since the founder's holds the join token), and where its Raft log
// lives (DATA_DIR/raft). A data folder with a cluster.toml runs as a cluster member.
// Functions touch only those files; thread-compatible.
#ifndef NOABER_NODE_CLUSTER_CONFIG_FILE_H_
#define NOABER_NODE_CLUSTER_CONFIG_FILE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace noaber::node {

struct ClusterConfig {
  uint64_t node_id = 0;
  std::string raft_address;  // IPv4 host:port the member's Raft listens on
  std::string grpc_address;  // host:port clients reach the member's gRPC service at
  bool founder = false;      // this member ran `cluster init`
  std::string join_token;    // the founder's copy (others learn it from the log)
  std::string data_dir;      // the folder it was read from (not written to the file)
};

std::string ClusterConfigPath(const std::string& data_dir);
std::string ClusterRaftDir(const std::string& data_dir);

// nullopt when the folder has no cluster.toml (a single node); InvalidArgument naming the
// file and field when it is malformed.
absl::StatusOr<std::optional<ClusterConfig>> LoadClusterConfig(const std::string& data_dir);
// Writes cluster.toml atomically. AlreadyExists if there is one.
absl::Status SaveClusterConfig(const std::string& data_dir, const ClusterConfig& config);

// InvalidArgument unless `address` is IPv4 "a.b.c.d:port" with a port in 1..65535 (libraft's
// TCP transport takes nothing else); `what` names the option in the message.
absl::Status CheckRaftAddress(const std::string& address, std::string_view what);

}  // namespace noaber::node

#endif  // NOABER_NODE_CLUSTER_CONFIG_FILE_H_
