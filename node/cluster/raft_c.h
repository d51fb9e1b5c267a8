// The C headers of libraft 0.15 (canonical's C Raft, Debian's libraft-dev) and its libuv
// backend. They carry no `extern "C"` guards of their own, so C++ must include them through
// this file only. raft/uv.h includes uv.h, which has its own guards. Also the mapping of our
// Role to libraft's constants, shared by the bootstrap and the loop.
#ifndef NOABER_NODE_CLUSTER_RAFT_C_H_
#define NOABER_NODE_CLUSTER_RAFT_C_H_

#include <uv.h>

extern "C" {
#include <raft.h>
#include <raft/uv.h>
}

#include "node/cluster/raft_node.h"

namespace noaber::node::cluster {

// libraft's constant (RAFT_VOTER, RAFT_STANDBY, RAFT_SPARE) for `role`.
inline int RaftRole(Role role) {
  switch (role) {
    case Role::kVoter:
      return RAFT_VOTER;
    case Role::kStandby:
      return RAFT_STANDBY;
    case Role::kSpare:
      return RAFT_SPARE;
  }
  return RAFT_SPARE;
}

}  // namespace noaber::node::cluster

#endif  // NOABER_NODE_CLUSTER_RAFT_C_H_
