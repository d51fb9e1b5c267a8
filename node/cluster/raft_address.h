// Raft addresses as libraft 0.15's TCP transport takes them: an IPv4 address and a port,
// "a.b.c.d:port" (it parses them with uv_ip4_addr; host names are not resolved).
#ifndef NOABER_NODE_CLUSTER_RAFT_ADDRESS_H_
#define NOABER_NODE_CLUSTER_RAFT_ADDRESS_H_

#include <string_view>

#include "absl/status/status.h"

namespace noaber::node::cluster {

// OK for "a.b.c.d:port" with port 1..65535; kInvalidArgument naming `address` otherwise.
absl::Status CheckRaftAddress(std::string_view address);

}  // namespace noaber::node::cluster

#endif  // NOABER_NODE_CLUSTER_RAFT_ADDRESS_H_
