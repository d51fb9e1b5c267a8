// RaftNode::Loop: the state machine as libraft sees it. Loop thread only, but for
// FsmSnapshotJob, which runs on a worker of libuv's thread pool.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "noaber/ledger/strings.h"
#include "node/cluster/entry_frame.h"
#include "node/cluster/raft_loop.h"
#include "node/cluster/raft_requests.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;
using ledger::ToView;

// `status` with what the node was doing in front of its message; same code.
absl::Status WithContext(const absl::Status& status, std::string_view context) {
  return absl::Status(status.code(), StrCat(context, ": ", ToView(status.message())));
}

std::string_view View(const raft_buffer& buffer) {
  return {static_cast<const char*>(buffer.base), buffer.len};
}

}  // namespace

int RaftNode::Loop::ApplyCallback(raft_fsm* fsm, const raft_buffer* buffer, void** result) {
  return static_cast<Loop*>(fsm->data)->FsmApply(buffer, result);
}

int RaftNode::Loop::SnapshotCallback(raft_fsm* fsm, raft_buffer* buffers[],
                                     unsigned* buffer_count) {
  return static_cast<Loop*>(fsm->data)->FsmSnapshot(buffers, buffer_count);
}

int RaftNode::Loop::SnapshotAsyncCallback(raft_fsm* fsm, raft_buffer* buffers[],
                                          unsigned* buffer_count) {
  return static_cast<Loop*>(fsm->data)->FsmSnapshotJob(buffers, buffer_count);
}

int RaftNode::Loop::SnapshotFinalizeCallback(raft_fsm* fsm, raft_buffer* buffers[],
                                             unsigned* buffer_count) {
  return static_cast<Loop*>(fsm->data)->FsmSnapshotFinalize(buffers, buffer_count);
}

int RaftNode::Loop::RestoreCallback(raft_fsm* fsm, raft_buffer* buffer) {
  return static_cast<Loop*>(fsm->data)->FsmRestore(buffer);
}

int RaftNode::Loop::FsmApply(const raft_buffer* buffer, void** result) {
  // Results travel in the ProposalRequest, so followers have nothing to leak here.
  *result = nullptr;
  if (!failure_.ok()) return RAFT_IOERR;
  // libraft raises last_applied once this returns: the entry being applied is the next one.
  const uint64_t index = raft_.last_applied + 1;
  absl::StatusOr<std::string_view> payload = ReadEntryFrame(View(*buffer));
  if (!payload.ok()) {
    Fail(WithContext(payload.status(), StrCat("raft folder ", options_.dir, ": entry ", index)));
    return RAFT_CORRUPT;
  }
  if (index <= held_index_) {
    // The state machine held it before this start (or before a snapshot it was past).
    if (index > last_applied_) last_applied_ = index;
    return 0;
  }
  if (index <= last_applied_) {
    Fail(absl::InternalError(
        StrCat("raft apply: entry ", index, " comes after entry ", last_applied_, " was applied")));
    return RAFT_IOERR;
  }
  absl::StatusOr<std::string> applied = options_.state_machine.apply(index, *payload);
  if (!applied.ok()) {
    Fail(WithContext(applied.status(), StrCat("state machine failed to apply entry ", index)));
    return RAFT_IOERR;
  }
  last_applied_ = index;
  auto proposal = proposals_by_index_.find(index);
  if (proposal != proposals_by_index_.end()) proposal->second->result = std::move(*applied);
  return 0;
}

int RaftNode::Loop::FsmSnapshot(raft_buffer** buffers, unsigned* buffer_count) {
  if (!failure_.ok()) return RAFT_IOERR;
  // libraft ignores RAFT_BUSY (any other code could take it down) and asks again after a
  // later apply. While the log replays entries the state machine already held, its state
  // is ahead of libraft's last_applied: a snapshot now would carry too low an index.
  if (raft_.last_applied < held_index_) return RAFT_BUSY;
  if (raft_.last_applied < snapshot_retry_index_) return RAFT_BUSY;
  if (pending_snapshot_ != nullptr) Die("libraft asked for a snapshot while one is pending");
  const uint64_t index = raft_.last_applied;
  absl::StatusOr<SnapshotJob> job = options_.state_machine.snapshot();
  if (!job.ok()) {
    SnapshotFailed(
        WithContext(job.status(), StrCat("state machine failed to pin the snapshot at ", index)));
    return RAFT_BUSY;
  }
  if (!*job) {
    SnapshotFailed(
        absl::InternalError(StrCat("state machine returned no job for the snapshot at ", index)));
    return RAFT_BUSY;
  }
  pending_snapshot_ = std::make_unique<PendingSnapshot>();
  pending_snapshot_->raft_index = index;
  pending_snapshot_->job = std::move(*job);
  // No buffers yet: FsmSnapshotJob fills them in on the worker.
  *buffers = nullptr;
  *buffer_count = 0;
  return 0;
}

int RaftNode::Loop::FsmSnapshotJob(raft_buffer** buffers, unsigned* buffer_count) {
  // On a worker thread: touches nothing of the loop's but *pending_snapshot_ (see
  // raft_loop.h) and the constant options_.
  PendingSnapshot& pending = *pending_snapshot_;
  const uint64_t index = pending.raft_index;
  absl::StatusOr<std::string> state = pending.job();
  pending.job = nullptr;  // releases what the job pinned, off the loop thread
  if (!state.ok()) {
    pending.outcome =
        WithContext(state.status(), StrCat("state machine failed to snapshot at ", index));
    return RAFT_IOERR;
  }
  if (state->size() > kSnapshotStateBytesMax) {
    pending.outcome = absl::ResourceExhaustedError(StrCat("state machine snapshot at ", index,
                                                          " of ", state->size(), " bytes exceeds ",
                                                          kSnapshotStateBytesMax));
    return RAFT_TOOBIG;
  }
  // From raft_malloc like every buffer handed to libraft; FsmSnapshotFinalize frees both.
  auto* array = static_cast<raft_buffer*>(raft_malloc(sizeof(raft_buffer)));
  if (array != nullptr) {
    array->len = SnapshotFrameBytes(state->size());
    array->base = raft_malloc(array->len);
    if (array->base == nullptr) {
      raft_free(array);
      array = nullptr;
    }
  }
  if (array == nullptr) {
    pending.outcome = absl::ResourceExhaustedError(
        StrCat("no memory for the snapshot at ", index, " of ", state->size(), " bytes"));
    return RAFT_NOMEM;
  }
  WriteSnapshotFrame(index, *state, static_cast<char*>(array->base));
  *buffers = array;
  *buffer_count = 1;
  return 0;
}

int RaftNode::Loop::FsmSnapshotFinalize(raft_buffer** buffers, unsigned* buffer_count) {
  FreeSnapshotBuffers(buffers, buffer_count);
  if (pending_snapshot_ == nullptr) Die("libraft finalized a snapshot it never asked for");
  // Destroyed at the end, with the job if it never ran.
  std::unique_ptr<PendingSnapshot> pending = std::move(pending_snapshot_);
  const uint64_t index = pending->raft_index;
  if (!pending->outcome.ok()) {
    SnapshotFailed(std::move(pending->outcome));
  } else if (raft_.log.snapshot.last_index == index) {
    // Stored: libraft moves its log's snapshot to it before it calls here.
    snapshot_failure_ = absl::OkStatus();
  } else if (phase_ == Phase::kRunning) {
    // Storing failed, or the work could not be queued. (While closing, libraft cancels
    // storing it: no failure of the node's.)
    SnapshotFailed(absl::InternalError(
        StrCat("raft folder ", options_.dir, ": the snapshot at ", index, " was not stored")));
  }
  return 0;
}

void RaftNode::Loop::FreeSnapshotBuffers(raft_buffer** buffers, unsigned* buffer_count) {
  if (*buffers != nullptr) {
    for (unsigned i = 0; i < *buffer_count; ++i) raft_free((*buffers)[i].base);
    raft_free(*buffers);
  }
  *buffers = nullptr;
  *buffer_count = 0;
}

void RaftNode::Loop::SnapshotFailed(absl::Status why) {
  snapshot_failure_ = std::move(why);
  snapshot_retry_index_ = raft_.last_applied + options_.snapshot_threshold;
}

int RaftNode::Loop::FsmRestore(raft_buffer* buffer) {
  if (!failure_.ok()) return RAFT_IOERR;
  absl::StatusOr<SnapshotFrame> frame = ReadSnapshotFrame(View(*buffer));
  if (!frame.ok()) {
    Fail(WithContext(frame.status(), StrCat("raft folder ", options_.dir, ": snapshot")));
    return RAFT_CORRUPT;
  }
  const uint64_t index = frame->raft_index;
  // A snapshot the state machine is already past would take it back in time: keep the
  // state, and skip the entries libraft replays after the snapshot up to where it is.
  if (index <= last_applied_ || index <= held_index_) {
    if (last_applied_ > held_index_) held_index_ = last_applied_;
  } else {
    absl::Status restored = options_.state_machine.restore(frame->state);
    if (!restored.ok()) {
      Fail(
          WithContext(restored, StrCat("state machine failed to restore the snapshot at ", index)));
      return RAFT_IOERR;
    }
  }
  if (index > last_applied_) last_applied_ = index;
  // On success the buffer is ours to release (RaftTrapsTest.EveryBuffer... checks it).
  raft_free(buffer->base);
  return 0;
}

void RaftNode::Loop::Fail(absl::Status failure) {
  if (!failure_.ok()) return;
  failure_ = std::move(failure);
  for (auto& [raw, request] : in_flight_) request->Fail(failure_);
  // Not from inside libraft's callback: OnWake closes libraft on the next iteration.
  if (phase_ == Phase::kRunning) uv_async_send(&wake_);
}

}  // namespace noaber::node::cluster
