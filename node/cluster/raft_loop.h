// RaftNode::Loop: the thread that owns the libuv loop and the libraft instance of one
// RaftNode, and everything only that thread touches. Private to RaftNode.
//
// Lifecycle on the loop thread: Open() (loop, handles, transport, io, raft_init,
// raft_start) -> running -> raft_close (on Stop(), or after a state-machine failure) ->
// raft closed (io and transport released) -> handles closed once Stop() asked -> uv_run
// returns -> loop closed. Submit(), Stop() and Status() are the only entries from other
// threads; they share `queue_mutex_` and `status_mutex_` with the loop thread.
#ifndef NOABER_NODE_CLUSTER_RAFT_LOOP_H_
#define NOABER_NODE_CLUSTER_RAFT_LOOP_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "absl/status/status.h"
#include "node/cluster/raft_c.h"
#include "node/cluster/raft_node.h"

namespace noaber::node::cluster {

struct Request;
struct ProposalRequest;
struct ChangeRequest;

class RaftNode::Loop {
 public:
  // Work for the loop thread: called there with OK, or with the reason it is refused
  // (on the loop thread, or on the submitting thread when the loop takes no more work).
  using Command = std::function<void(const absl::Status& refused)>;

  explicit Loop(RaftOptions options);
  ~Loop();  // Stop()
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Starts the loop thread and waits until libraft has started (or failed to).
  absl::Status Start();
  void Stop();
  void Submit(Command command);
  RaftStatus Status() const;

  // On the loop thread, from commands (raft_loop_requests.cc).
  void Propose(const std::string& payload, ProposeDone done);
  void Barrier(BarrierDone done);
  void Add(Member member, ChangeDone done);
  void Assign(uint64_t id, Role role, ChangeDone done);
  void Remove(uint64_t id, ChangeDone done);
  void TransferLeadership(uint64_t id, ChangeDone done);

 private:
  enum class Phase { kOpening, kRunning, kClosingRaft, kRaftClosed, kClosingHandles };

  // A broken invariant of the wrapper or of libraft's contract: crash, never limp on.
  [[noreturn]] static void Die(std::string_view what);

  // Lifecycle (raft_loop.cc).
  void Run(std::promise<absl::Status>* started);
  absl::Status Open();
  absl::Status OpenRaft();
  void AbandonOpen(bool raft_initialized);
  void FinishRun();
  void OnWake();
  void CloseRaft();
  void OnRaftClosed();
  void CloseHandles();
  void RefreshStatus();
  static void WakeCallback(uv_async_t* handle);
  static void CheckCallback(uv_check_t* handle);
  static void RaftClosedCallback(raft* raft);

  // The state machine as libraft sees it (raft_loop_fsm.cc). fsm version 3: libraft calls
  // FsmSnapshot on the loop thread, then FsmSnapshotJob on a worker (io->async_work), then
  // FsmSnapshotFinalize on the loop thread, whatever became of the job or of storing it.
  int FsmApply(const raft_buffer* buffer, void** result);
  int FsmSnapshot(raft_buffer** buffers, unsigned* buffer_count);
  int FsmSnapshotJob(raft_buffer** buffers, unsigned* buffer_count);
  int FsmSnapshotFinalize(raft_buffer** buffers, unsigned* buffer_count);
  int FsmRestore(raft_buffer* buffer);
  static int ApplyCallback(raft_fsm* fsm, const raft_buffer* buffer, void** result);
  static int SnapshotCallback(raft_fsm* fsm, raft_buffer* buffers[], unsigned* buffer_count);
  static int SnapshotAsyncCallback(raft_fsm* fsm, raft_buffer* buffers[], unsigned* buffer_count);
  static int SnapshotFinalizeCallback(raft_fsm* fsm, raft_buffer* buffers[],
                                      unsigned* buffer_count);
  static int RestoreCallback(raft_fsm* fsm, raft_buffer* buffer);
  // A failed snapshot: recorded for Status; the next one waits for another
  // snapshot_threshold entries.
  void SnapshotFailed(absl::Status why);
  // Releases the buffers of a snapshot libraft has let go of (raft_free'd, set to empty).
  static void FreeSnapshotBuffers(raft_buffer** buffers, unsigned* buffer_count);
  // Records the state machine's failure: answers every waiting request with it and has
  // OnWake close libraft (not from inside libraft's callback).
  void Fail(absl::Status failure);

  // Requests (raft_loop_requests.cc).
  // Why no request can be handed to libraft now (failure, stopping), or OK.
  absl::Status Unavailability(std::string_view context) const;
  // Unavailability, or too many requests in flight.
  absl::Status Refusal(std::string_view context) const;
  absl::Status NotLeaderOrError(int raft_code, std::string_view context, std::string_view detail);
  template <typename T>
  T* Track(std::unique_ptr<T> request);
  void Release(Request* request);
  void Answer(ProposalRequest* proposal, int raft_code);
  void Change(std::unique_ptr<ChangeRequest> request);
  int SubmitChange(ChangeRequest* request);
  void AssignAfterAdd(ChangeRequest* request);
  static void ApplyDoneCallback(struct raft_apply* apply, int raft_code, void* result);
  static void BarrierDoneCallback(struct raft_barrier* barrier, int raft_code);
  static void ChangeDoneCallback(raft_change* change, int raft_code);
  static void TransferDoneCallback(struct raft_transfer* transfer);

  const RaftOptions options_;
  std::thread thread_;
  std::mutex stop_mutex_;  // serializes Stop()

  mutable std::mutex queue_mutex_;
  std::deque<Command> queue_;    // guarded by queue_mutex_
  bool stop_requested_ = false;  // guarded by queue_mutex_; wake_ is open while false
  bool accepting_ = false;       // guarded by queue_mutex_; the loop runs

  mutable std::mutex status_mutex_;
  RaftStatus status_;  // guarded by status_mutex_

  // Loop thread only.
  uv_loop_t loop_{};
  uv_async_t wake_{};
  uv_check_t check_{};
  raft_uv_transport transport_{};
  raft_io io_{};
  raft_fsm fsm_{};
  raft raft_{};
  Phase phase_ = Phase::kOpening;
  absl::Status failure_;       // the state machine's failure, or OK
  uint64_t last_applied_ = 0;  // the last index applied or skipped
  // Entries up to here are already in the state machine: counted, not applied again.
  uint64_t held_index_ = 0;
  std::unordered_map<Request*, std::unique_ptr<Request>> in_flight_;
  std::map<uint64_t, ProposalRequest*> proposals_by_index_;

  // The snapshot being taken, from FsmSnapshot to FsmSnapshotFinalize. Created and released
  // on the loop thread; in between only the worker running FsmSnapshotJob touches it, and
  // libuv's work queue orders the handovers (queued before the worker starts, completed
  // before the loop calls back).
  struct PendingSnapshot {
    uint64_t raft_index = 0;  // libraft's last_applied when the state was pinned
    SnapshotJob job;          // reset on the worker once it ran
    absl::Status outcome;     // the job's, written by the worker
  };
  std::unique_ptr<PendingSnapshot> pending_snapshot_;
  absl::Status snapshot_failure_;      // Loop thread only: for RaftStatus
  uint64_t snapshot_retry_index_ = 0;  // after a failure, no snapshot before this index
};

}  // namespace noaber::node::cluster

#endif  // NOABER_NODE_CLUSTER_RAFT_LOOP_H_
