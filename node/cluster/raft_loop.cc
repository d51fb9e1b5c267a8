// RaftNode::Loop: starting, running and closing the loop thread.
#include "node/cluster/raft_loop.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "noaber/ledger/strings.h"
#include "node/cluster/raft_errors.h"
#include "node/cluster/raft_requests.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;

RaftState StateFromRaft(int state) {
  switch (state) {
    case RAFT_FOLLOWER:
      return RaftState::kFollower;
    case RAFT_CANDIDATE:
      return RaftState::kCandidate;
    case RAFT_LEADER:
      return RaftState::kLeader;
    default:
      return RaftState::kUnavailable;
  }
}

Role RoleFromRaft(int role) {
  switch (role) {
    case RAFT_VOTER:
      return Role::kVoter;
    case RAFT_STANDBY:
      return Role::kStandby;
    default:
      return Role::kSpare;
  }
}

}  // namespace

void RaftNode::Loop::Die(std::string_view what) {
  std::fprintf(stderr, "noaber cluster: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

RaftNode::Loop::Loop(RaftOptions options)
    : options_(std::move(options)), held_index_(options_.state_machine.applied_index) {
  status_.id = options_.id;
  status_.address = options_.address;
}

RaftNode::Loop::~Loop() { Stop(); }

absl::Status RaftNode::Loop::Start() {
  std::promise<absl::Status> started;
  std::future<absl::Status> opened = started.get_future();
  thread_ = std::thread([this, &started] { Run(&started); });
  absl::Status status = opened.get();
  // On failure the thread has cleaned up and is ending.
  if (!status.ok()) thread_.join();
  return status;
}

void RaftNode::Loop::Stop() {
  std::lock_guard<std::mutex> stop_lock(stop_mutex_);
  if (!thread_.joinable()) return;
  if (std::this_thread::get_id() == thread_.get_id()) {
    Die("RaftNode::Stop() called from the node's own loop thread (a hook or done callback)");
  }
  {
    // Under the lock, so that the loop cannot close wake_ between the flag and the send.
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stop_requested_ = true;
    accepting_ = false;
    uv_async_send(&wake_);
  }
  thread_.join();
}

void RaftNode::Loop::Submit(Command command) {
  absl::Status refused;
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    if (!accepting_) {
      refused = StoppingError("raft request");
    } else if (queue_.size() >= kQueuedRequestsMax) {
      refused = absl::ResourceExhaustedError(
          StrCat("raft request: ", kQueuedRequestsMax, " requests already queued"));
    } else {
      queue_.push_back(std::move(command));
      uv_async_send(&wake_);
      return;
    }
  }
  command(refused);
}

RaftStatus RaftNode::Loop::Status() const {
  std::lock_guard<std::mutex> lock(status_mutex_);
  return status_;
}

void RaftNode::Loop::Run(std::promise<absl::Status>* started) {
  absl::Status opened = Open();
  if (!opened.ok()) {
    started->set_value(std::move(opened));
    return;
  }
  phase_ = Phase::kRunning;
  if (!failure_.ok()) uv_async_send(&wake_);  // a hook failed during raft_start
  RefreshStatus();
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    accepting_ = true;
  }
  started->set_value(absl::OkStatus());
  uv_run(&loop_, UV_RUN_DEFAULT);
  FinishRun();
}

absl::Status RaftNode::Loop::Open() {
  const int initialized = uv_loop_init(&loop_);
  if (initialized != 0) {
    return absl::InternalError(StrCat("uv_loop_init: ", uv_strerror(initialized)));
  }
  wake_.data = this;
  check_.data = this;
  uv_async_init(&loop_, &wake_, &WakeCallback);
  uv_check_init(&loop_, &check_);
  uv_check_start(&check_, &CheckCallback);
  return OpenRaft();
}

absl::Status RaftNode::Loop::OpenRaft() {
  const std::string context = StrCat("raft folder ", options_.dir);
  int rv = raft_uv_tcp_init(&transport_, &loop_);
  if (rv != 0) {
    const std::string detail = transport_.errmsg;
    AbandonOpen(false);
    return RaftCodeError(rv, StrCat(context, ": TCP transport"), detail);
  }
  rv = raft_uv_init(&io_, &loop_, options_.dir.c_str(), &transport_);
  if (rv != 0) {
    const std::string detail = io_.errmsg;
    raft_uv_tcp_close(&transport_);
    AbandonOpen(false);
    return RaftCodeError(rv, context, detail);
  }
  // libraft 0.15's raft_uv_init fills in async_work yet labels the io version 1, and
  // raft_init then refuses an fsm with snapshot_async ("async snapshot requires io->version
  // > 1"). The backend does implement version 2: say so.
  if (io_.async_work == nullptr) {
    raft_uv_close(&io_);
    raft_uv_tcp_close(&transport_);
    AbandonOpen(false);
    return absl::FailedPreconditionError(
        StrCat(context, ": this libraft's libuv backend runs no work off the loop"));
  }
  io_.version = 2;
  // A corrupt segment must stop the node, not be renamed away with the entries in it.
  raft_uv_set_auto_recovery(&io_, false);
  raft_uv_set_connect_retry_delay(&io_, options_.connect_retry_delay_ms);
  // Version 3: snapshots are built on a worker, and whatever FsmSnapshotJob returns is the
  // node's to free (in FsmSnapshotFinalize), not libraft's.
  fsm_.version = 3;
  fsm_.data = this;
  fsm_.apply = &ApplyCallback;
  fsm_.snapshot = &SnapshotCallback;
  fsm_.restore = &RestoreCallback;
  fsm_.snapshot_finalize = &SnapshotFinalizeCallback;
  fsm_.snapshot_async = &SnapshotAsyncCallback;
  rv = raft_init(&raft_, &io_, &fsm_, options_.id, options_.address.c_str());
  if (rv != 0) {
    const std::string detail = raft_errmsg(&raft_);
    raft_uv_close(&io_);
    raft_uv_tcp_close(&transport_);
    AbandonOpen(false);
    return RaftCodeError(rv, context, detail);
  }
  raft_.data = this;
  raft_set_election_timeout(&raft_, options_.election_timeout_ms);
  raft_set_heartbeat_timeout(&raft_, options_.heartbeat_timeout_ms);
  raft_set_snapshot_threshold(&raft_, options_.snapshot_threshold);
  raft_set_snapshot_trailing(&raft_, options_.snapshot_trailing);
  raft_set_install_snapshot_timeout(&raft_, options_.install_snapshot_timeout_ms);
  rv = raft_start(&raft_);
  if (rv != 0) {
    // A failing restore hook explains itself better than libraft does.
    absl::Status failed =
        failure_.ok() ? RaftCodeError(rv, context, raft_errmsg(&raft_)) : failure_;
    AbandonOpen(true);
    return failed;
  }
  return absl::OkStatus();
}

void RaftNode::Loop::AbandonOpen(bool raft_initialized) {
  phase_ = Phase::kClosingHandles;
  if (raft_initialized) raft_close(&raft_, &RaftClosedCallback);
  uv_check_stop(&check_);
  uv_close(reinterpret_cast<uv_handle_t*>(&wake_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&check_), nullptr);
  uv_run(&loop_, UV_RUN_DEFAULT);
  FinishRun();
}

void RaftNode::Loop::FinishRun() {
  // libraft's io closes only once its async work is done, and every snapshot it started
  // ends in FsmSnapshotFinalize: a job still pending would be running on a worker.
  if (pending_snapshot_ != nullptr) Die("the loop closed with a snapshot job not finalized");
  // Every handle is closed: libraft references no request any more.
  const absl::Status why = failure_.ok() ? StoppingError("raft request") : failure_;
  for (auto& [raw, request] : in_flight_) request->Fail(why);
  in_flight_.clear();
  proposals_by_index_.clear();
  int closed = uv_loop_close(&loop_);
  if (closed == UV_EBUSY) {
    // A handle libraft should have closed: close it rather than leak the loop.
    uv_walk(
        &loop_,
        [](uv_handle_t* handle, void*) {
          if (!uv_is_closing(handle)) uv_close(handle, nullptr);
        },
        nullptr);
    uv_run(&loop_, UV_RUN_DEFAULT);
    closed = uv_loop_close(&loop_);
  }
  if (closed != 0) Die(StrCat("uv_loop_close: ", uv_strerror(closed)));
  std::lock_guard<std::mutex> lock(status_mutex_);
  status_.state = RaftState::kUnavailable;
  status_.leader_id = 0;
  status_.leader_address.clear();
  status_.failure = failure_;
  status_.snapshot_failure = snapshot_failure_;
}

void RaftNode::Loop::WakeCallback(uv_async_t* handle) {
  static_cast<Loop*>(handle->data)->OnWake();
}

void RaftNode::Loop::CheckCallback(uv_check_t* handle) {
  static_cast<Loop*>(handle->data)->RefreshStatus();
}

void RaftNode::Loop::RaftClosedCallback(raft* raft) {
  static_cast<Loop*>(raft->data)->OnRaftClosed();
}

void RaftNode::Loop::OnWake() {
  std::deque<Command> commands;
  bool stop = false;
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    commands.swap(queue_);
    stop = stop_requested_;
  }
  for (Command& command : commands) {
    command(stop ? StoppingError("raft request") : absl::OkStatus());
  }
  if (phase_ == Phase::kRunning && (stop || !failure_.ok())) CloseRaft();
  if (stop && phase_ == Phase::kRaftClosed) CloseHandles();
}

void RaftNode::Loop::CloseRaft() {
  phase_ = Phase::kClosingRaft;
  // Fails libraft's pending requests (their callbacks run now or soon), closes the io.
  raft_close(&raft_, &RaftClosedCallback);
}

void RaftNode::Loop::OnRaftClosed() {
  raft_uv_close(&io_);
  raft_uv_tcp_close(&transport_);
  if (phase_ == Phase::kClosingHandles) return;  // a failed Open(): AbandonOpen finishes
  phase_ = Phase::kRaftClosed;
  const absl::Status why = failure_.ok() ? StoppingError("raft request") : failure_;
  for (auto& [raw, request] : in_flight_) request->Fail(why);
  in_flight_.clear();
  proposals_by_index_.clear();
  bool stop = false;
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stop = stop_requested_;
  }
  if (stop) CloseHandles();
}

void RaftNode::Loop::CloseHandles() {
  phase_ = Phase::kClosingHandles;
  uv_check_stop(&check_);
  uv_close(reinterpret_cast<uv_handle_t*>(&wake_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&check_), nullptr);
}

void RaftNode::Loop::RefreshStatus() {
  RaftStatus status;
  status.id = options_.id;
  status.address = options_.address;
  status.last_applied_index = last_applied_;
  status.failure = failure_;
  status.snapshot_failure = snapshot_failure_;
  if (phase_ == Phase::kRunning) {
    status.state = StateFromRaft(raft_state(&raft_));
    raft_id leader_id = 0;
    const char* leader_address = nullptr;
    raft_leader(&raft_, &leader_id, &leader_address);
    status.leader_id = leader_id;
    if (leader_address != nullptr) status.leader_address = leader_address;
    status.term = raft_.current_term;
    status.commit_index = raft_.commit_index;
    status.last_applied_index = std::max<uint64_t>(last_applied_, raft_last_applied(&raft_));
    status.snapshot_index = raft_.log.snapshot.last_index;
    for (unsigned i = 0; i < raft_.configuration.n; ++i) {
      const raft_server& server = raft_.configuration.servers[i];
      status.configuration.push_back({server.id, server.address, RoleFromRaft(server.role)});
    }
  }
  std::lock_guard<std::mutex> lock(status_mutex_);
  status_ = std::move(status);
}

}  // namespace noaber::node::cluster
