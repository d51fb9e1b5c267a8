// The errors a RaftNode answers with, as absl::Status. A caller that may retry elsewhere
// needs to know where the leader is: the "not the leader" errors carry a NotLeader payload.
//
//   kFailedPrecondition + NotLeader   this node is not the leader; nothing was written.
//   kUnavailable + NotLeader          leadership was lost after the entry was appended: the
//       (may_have_committed = true)   new leader may still commit it, so the outcome is
//                                     unknown (retry only what is idempotent).
//   kUnavailable                      the node is stopping or not running.
//   anything else                     a failure of this node (storage, state machine) or a
//                                     refused request (bad id, change in progress).
//
// Pure functions, thread-safe.
#ifndef NOABER_NODE_CLUSTER_RAFT_ERRORS_H_
#define NOABER_NODE_CLUSTER_RAFT_ERRORS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace noaber::node::cluster {

// Where the leader is, as far as the answering node knows.
struct NotLeader {
  uint64_t leader_id = 0;      // 0: no leader known (an election may be under way)
  std::string leader_address;  // empty when unknown
  bool may_have_committed = false;
};

// The status for `not_leader`, with `context` (what was refused) in its message.
absl::Status NotLeaderError(const NotLeader& not_leader, std::string_view context);
// The NotLeader payload of `status`, if it carries one.
std::optional<NotLeader> GetNotLeader(const absl::Status& status);

// The status for libraft error code `raft_code` (RAFT_NOTLEADER and RAFT_LEADERSHIPLOST
// excluded: the caller knows the leader), with `context` and libraft's `detail` message.
absl::Status RaftCodeError(int raft_code, std::string_view context, std::string_view detail);

// "unavailable: node stopping", with what was being waited for.
absl::Status StoppingError(std::string_view context);

}  // namespace noaber::node::cluster

#endif  // NOABER_NODE_CLUSTER_RAFT_ERRORS_H_
