// RaftNode: one member of a Raft cluster, replicating an ordered log of opaque payloads onto
// a state machine given as three hooks. It wraps libraft 0.15 (canonical's C Raft, with its
// libuv disk and TCP backend) and works around that version's traps: entries are framed to
// a multiple of 8 bytes (entry_frame.h), every raft_apply carries exactly one buffer, the
// automatic "recovery" that drops corrupt log segments is off (a damaged folder refuses to
// start), every buffer handed to libraft comes from raft_malloc, and snapshots are built off
// the loop (fsm version 3; the libuv io, which 0.15 mislabels as version 1, is marked 2).
//
// Threads. libraft is single-threaded: each RaftNode owns one thread running its own libuv
// loop, and everything libraft does happens there, including every hook and every `done`
// callback ("the loop thread"). The one exception is the snapshot job (StateMachine::snapshot),
// which runs on a worker of libuv's thread pool while the loop goes on applying entries.
// Other threads hand work to the loop through a bounded, mutex-protected queue and a
// uv_async_t. The public methods are thread-safe. Hooks and `done` callbacks may call
// Propose, Barrier, the membership methods and Status, but never Stop() or the destructor
// (they would wait for the loop thread from the loop thread).
//
// Owned by whoever calls Start(); the destructor stops the node.
#ifndef NOABER_NODE_CLUSTER_RAFT_NODE_H_
#define NOABER_NODE_CLUSTER_RAFT_NODE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "node/cluster/raft_errors.h"

namespace noaber::node::cluster {

// What a server does in the configuration. Voters count in elections and commits; standbys
// replicate the log without voting; spares do neither (a new member starts as a spare).
enum class Role { kVoter, kStandby, kSpare };
std::string_view RoleName(Role role);

struct Member {
  uint64_t id = 0;      // > 0, unique in the cluster
  std::string address;  // Raft address, IPv4 "a.b.c.d:port"
  Role role = Role::kVoter;
};

// Builds the snapshot bytes of a state pinned earlier; runs on a worker thread.
using SnapshotJob = std::function<absl::StatusOr<std::string>()>;

// The state machine being replicated. The hooks are called on the loop thread only, one at
// a time, in Raft order; only the job a `snapshot` returns runs elsewhere.
struct StateMachine {
  // Applies the committed entry at `raft_index` (increasing; configuration and barrier
  // entries take indexes too, so there are gaps). Called on every node, same order. Its result
  // reaches the proposer's `done` on the leader. A non-OK status means the state machine
  // cannot go on (a storage error): the node applies nothing more, answers every waiting
  // and later request with that status, and leaves the cluster's consensus (it stops its
  // Raft instance, as if it had crashed) until it is stopped and restarted.
  std::function<absl::StatusOr<std::string>(uint64_t raft_index, std::string_view payload)> apply;
  // Called on the loop thread when libraft wants a snapshot: must be quick. Returns a job that
  // builds the snapshot bytes of the state as it is NOW (its compact state, covering every
  // entry applied so far). The job runs later on a worker thread while entries keep being
  // applied, so it must not read live state: pin it here (a RocksDB snapshot, a copy). The
  // job, and what it captured, is destroyed on the worker (on the loop thread if it never
  // ran). The worker is one of libuv's process-wide pool (UV_THREADPOOL_SIZE, 4 by default),
  // which libraft's own disk work shares. At most one job exists at a time. An error from
  // the hook or the job, or a state over kSnapshotStateBytesMax bytes, fails that snapshot
  // only: the node goes on, says why in RaftStatus::snapshot_failure and tries again once
  // another snapshot_threshold entries are applied. Stop() waits for a running job.
  std::function<absl::StatusOr<SnapshotJob>()> snapshot;
  // Replaces the state machine's state with `state` (a snapshot from this node's folder at
  // start, or from the leader when this node is too far behind). An error fails the node
  // like an apply error (at start: Start() returns it).
  std::function<absl::Status(std::string_view state)> restore;
  // The last Raft index the state machine already holds durably. libraft replays its log
  // from its last snapshot at every start: entries up to here are counted as applied but
  // not passed to `apply` again, and a snapshot at or below it is not restored.
  uint64_t applied_index = 0;
};

struct RaftOptions {
  uint64_t id = 0;      // this node's server id, > 0
  std::string address;  // this node's Raft address, IPv4 "a.b.c.d:port"; it listens there
  std::string dir;      // this node's Raft folder (created if missing)
  // Followers start an election after 1x..2x this without hearing from a leader; a leader
  // steps down after this without reaching a majority. The defaults suit a LAN.
  uint32_t election_timeout_ms = 1000;
  uint32_t heartbeat_timeout_ms = 100;
  // A snapshot is taken every `snapshot_threshold` applied entries; the last
  // `snapshot_trailing` entries stay in the log so slightly lagging followers need none.
  // While a snapshot job runs the log is not compacted: it grows by what is applied
  // meanwhile. A failed snapshot is tried again `snapshot_threshold` entries later.
  uint32_t snapshot_threshold = 1024;
  uint32_t snapshot_trailing = 128;
  // Delay between attempts to connect to an unreachable peer.
  uint32_t connect_retry_delay_ms = 1000;
  // A leader that sent a snapshot to a lagging follower sends it again only after this
  // without an answer. libraft 0.15 refuses a snapshot arriving while it installs one or
  // while its own snapshot job runs, and the leader then waits this long before it tries
  // again: a follower catching up may stall this long. It must cover sending the largest
  // snapshot.
  uint32_t install_snapshot_timeout_ms = 30'000;
  StateMachine state_machine;
};

enum class RaftState { kUnavailable, kFollower, kCandidate, kLeader };
std::string_view RaftStateName(RaftState state);

// A snapshot of the node's Raft state, kept by the loop thread after every loop iteration.
struct RaftStatus {
  uint64_t id = 0;
  std::string address;
  RaftState state = RaftState::kUnavailable;
  uint64_t leader_id = 0;  // 0: no leader known
  std::string leader_address;
  uint64_t term = 0;
  uint64_t commit_index = 0;  // highest index known to be committed
  // Highest index applied: commands (or skipped as already held), barriers, changes.
  uint64_t last_applied_index = 0;
  uint64_t snapshot_index = 0;  // last index of the latest snapshot; the log starts after
                                // it, less the trailing entries kept
  std::vector<Member> configuration;
  absl::Status failure;  // OK, or why the node stopped applying
  // OK, or why the latest snapshot failed (the hook, the job, or storing it); a failed
  // snapshot does not stop the node. OK again once a snapshot is stored.
  absl::Status snapshot_failure;
};

// Requests waiting for the loop thread; beyond it they are refused (kResourceExhausted).
inline constexpr size_t kQueuedRequestsMax = 10'000;
// Requests handed to libraft and not answered yet; beyond it new ones are refused.
inline constexpr size_t kInFlightRequestsMax = 10'000;

// A committed and applied proposal: its Raft index and the apply hook's result.
struct Applied {
  uint64_t raft_index = 0;
  std::string result;
};

class RaftNode {
 public:
  // Writes the first configuration, `voters` (with their roles; at least one voter), into
  // `dir` (created if missing): once per cluster, on every founding member, with the same
  // list. kFailedPrecondition when `dir` is not empty (it already holds Raft state, or
  // anything else); kInvalidArgument for an empty list, no voter, a zero or repeated id, a
  // repeated address or one that is not "a.b.c.d:port".
  static absl::Status Bootstrap(const std::string& dir, const std::vector<Member>& voters);

  // Starts the node from its folder: restores its latest snapshot, listens on
  // `options.address` and joins the configuration in its log. A folder never bootstrapped
  // starts a node with no configuration, which waits to be added by the leader (Add()).
  // Logged entries past the state machine's applied_index are applied once known to be
  // committed: after a restart of the whole cluster, only once the new leader commits an
  // entry of its own term (a Barrier() does).
  // kInvalidArgument for bad options; kDataLoss when the folder is damaged (a corrupt
  // segment or snapshot: the message names the folder and the file); another error when
  // the address cannot be bound or a restore hook fails. Sets SIGPIPE to be ignored if it
  // has its default action (libuv writes to sockets peers may have closed).
  static absl::StatusOr<std::unique_ptr<RaftNode>> Start(RaftOptions options);

  ~RaftNode();  // Stop()
  RaftNode(const RaftNode&) = delete;
  RaftNode& operator=(const RaftNode&) = delete;

  using ProposeDone = std::function<void(absl::StatusOr<Applied>)>;
  using BarrierDone = std::function<void(absl::StatusOr<uint64_t>)>;
  using ChangeDone = std::function<void(absl::Status)>;

  // Appends `payload` (<= kPayloadBytesMax bytes) to the log if this node is the leader.
  // `done` is called exactly once: with the entry's index and apply result once it is
  // committed and applied here; or with an error (raft_errors.h: not the leader, leadership
  // lost, stopping, the state machine's failure; kResourceExhausted when
  // kQueuedRequestsMax requests wait or kInFlightRequestsMax are in libraft;
  // kInvalidArgument for a payload too large). Called on the loop thread, except when the
  // node is stopping, stopped or its queue is full (or for a payload too large): then on
  // this thread, before Propose returns.
  void Propose(std::string payload, ProposeDone done);

  // Completes, with the barrier's Raft index, once every entry committed before it has
  // been applied on this node, which must be the leader: for reads that must be current.
  // Errors and threads as for Propose.
  void Barrier(BarrierDone done);

  // Membership changes, on the leader; one at a time in the cluster (kAborted while another
  // is in progress). Errors and threads as for Propose.
  // Add: adds `member` as a spare, then (unless member.role is kSpare) assigns its role; a
  // new voter is first brought up to date by the leader (maybe through a snapshot).
  void Add(Member member, ChangeDone done);
  void Assign(uint64_t id, Role role, ChangeDone done);
  void Remove(uint64_t id, ChangeDone done);
  // Hands leadership to voter `id`, or with 0 to the most up-to-date voter. OK once this
  // node is no longer the leader (and, for a given id, that node leads); kDeadlineExceeded
  // if the target did not take over within an election timeout.
  void TransferLeadership(uint64_t id, ChangeDone done);

  RaftStatus Status() const;

  // Stops taking requests, closes libraft (pending requests get "unavailable: node
  // stopping"), closes the transport and the loop, and joins the loop thread. Idempotent.
  // A snapshot job still running is waited for (its snapshot is then dropped, not stored),
  // so the job must end on its own. From the loop thread (a hook or `done`) it aborts the
  // process: it would wait forever.
  void Stop();

  class Loop;  // the loop thread's side, in raft_loop.h

 private:
  explicit RaftNode(std::unique_ptr<Loop> loop);
  std::unique_ptr<Loop> loop_;
};

}  // namespace noaber::node::cluster

#endif  // NOABER_NODE_CLUSTER_RAFT_NODE_H_
