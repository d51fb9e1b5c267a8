// A node running as a member of a Raft cluster (docs/operations.md): owns the RaftNode
// replicating the ClusterState, proposes the write pipeline's batches when it leads
// (Replicator), answers "where is the leader", runs barriers for current reads, and keeps the
// cluster in shape in the background: the founding member proposes the founding entry once
// it leads, and the leader makes caught-up spares voters.
//
// Borrows the ClusterState, which must outlive it. Thread-safe.
#ifndef NOABER_NODE_CLUSTER_MEMBER_H_
#define NOABER_NODE_CLUSTER_MEMBER_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "node/cluster/raft_node.h"
#include "node/cluster/config_file.h"
#include "node/cluster/state.h"
#include "node/config.h"
#include "node/write_pipeline.h"

namespace noaber::node {

// How often the background work looks at the cluster.
inline constexpr std::chrono::milliseconds kClusterHousekeepingInterval{500};
// How long a current read waits for its barrier.
inline constexpr std::chrono::milliseconds kBarrierWait{5000};

class ClusterMember final : public Replicator {
 public:
  // Starts Raft for the member `config` describes, on `state` (opened). The member founded
  // the cluster when `config.founder`: it proposes the founding entry (the community from
  // its store, its node key as the log key, the join token) once it leads.
  static absl::StatusOr<std::unique_ptr<ClusterMember>> Start(const ClusterConfig& config,
                                                              const ClusterTimings& timings,
                                                              ClusterState* state);
  ~ClusterMember() override;  // Stop()

  // Stops the background work and Raft (waiting proposals fail). Idempotent.
  void Stop();

  // Replicator.
  std::optional<std::string> NotLeader() const override;
  std::string NotLeaderMessage() const override;
  void Propose(int64_t timestamp_ms, std::vector<std::string> signed_operations,
               Done done) override;
  bool ExpiriesDue(int64_t now_ms) const override;

  // OK once everything committed before the call is applied here, on the leader; kNotLeader
  // situations as FailedPrecondition with the NotLeader payload (cluster/raft_errors.h);
  // DeadlineExceeded after kBarrierWait.
  absl::Status AwaitCurrent();

  // Membership changes (on the leader, else the NotLeader error). `Add` adds a spare and
  // records its addresses; the leader makes it a voter once it has caught up.
  absl::Status AddMember(const MemberAddress& member);
  absl::Status RemoveMember(uint64_t id);

  cluster::RaftStatus RaftStatus() const;
  const ClusterState& state() const { return *state_; }
  uint64_t id() const { return config_.node_id; }

 private:
  ClusterMember(ClusterConfig config, ClusterState* state);
  // Proposes `entry` and waits for it to be applied (membership and founding entries).
  absl::Status ProposeAndWait(const ClusterEntry& entry);
  void Housekeeping();
  // The founding member, leading a cluster with no founding entry yet, proposes it.
  void FoundIfNeeded();
  // The leader assigns the voter role to spares it knows the addresses of.
  void PromoteSpares();

  const ClusterConfig config_;
  ClusterState* const state_;
  std::unique_ptr<cluster::RaftNode> raft_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread housekeeper_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_CLUSTER_MEMBER_H_
