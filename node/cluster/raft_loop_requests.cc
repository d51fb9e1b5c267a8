// RaftNode::Loop: handing requests to libraft and answering them. Loop thread only.
#include <memory>
#include <string>
#include <utility>

#include "noaber/ledger/strings.h"
#include "node/cluster/entry_frame.h"
#include "node/cluster/raft_address.h"
#include "node/cluster/raft_errors.h"
#include "node/cluster/raft_loop.h"
#include "node/cluster/raft_requests.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;

std::string ChangeContext(const ChangeRequest& request) {
  switch (request.kind) {
    case ChangeKind::kAdd:
      return StrCat("raft add server ", request.member.id, " at ", request.member.address);
    case ChangeKind::kAssign:
      return StrCat("raft assign server ", request.member.id, " the role ",
                    RoleName(request.member.role));
    case ChangeKind::kRemove:
      return StrCat("raft remove server ", request.member.id);
  }
  return "raft change";
}

}  // namespace

absl::Status RaftNode::Loop::Unavailability(std::string_view context) const {
  if (!failure_.ok()) return failure_;
  if (phase_ != Phase::kRunning) return StoppingError(context);
  return absl::OkStatus();
}

absl::Status RaftNode::Loop::Refusal(std::string_view context) const {
  if (absl::Status unavailable = Unavailability(context); !unavailable.ok()) {
    return unavailable;
  }
  if (in_flight_.size() >= kInFlightRequestsMax) {
    return absl::ResourceExhaustedError(
        StrCat(context, ": ", kInFlightRequestsMax, " requests already in flight"));
  }
  return absl::OkStatus();
}

absl::Status RaftNode::Loop::NotLeaderOrError(int raft_code, std::string_view context,
                                              std::string_view detail) {
  if (absl::Status unavailable = Unavailability(context); !unavailable.ok()) {
    return unavailable;
  }
  if (raft_code == RAFT_SHUTDOWN) return StoppingError(context);
  if (raft_code != RAFT_NOTLEADER && raft_code != RAFT_LEADERSHIPLOST) {
    return RaftCodeError(raft_code, context, detail);
  }
  NotLeader not_leader;
  raft_id leader_id = 0;
  const char* leader_address = nullptr;
  raft_leader(&raft_, &leader_id, &leader_address);
  not_leader.leader_id = leader_id;
  if (leader_address != nullptr) not_leader.leader_address = leader_address;
  not_leader.may_have_committed = raft_code == RAFT_LEADERSHIPLOST;
  return NotLeaderError(not_leader, context);
}

template <typename T>
T* RaftNode::Loop::Track(std::unique_ptr<T> request) {
  T* raw = request.get();
  raw->loop = this;
  in_flight_.emplace(raw, std::move(request));
  return raw;
}

void RaftNode::Loop::Release(Request* request) { in_flight_.erase(request); }

void RaftNode::Loop::Propose(const std::string& payload, ProposeDone done) {
  constexpr std::string_view kContext = "raft propose";
  if (absl::Status refused = Refusal(kContext); !refused.ok()) {
    done(refused);
    return;
  }
  // raft_malloc: libraft frees the entry's memory with raft_free once it is done with it.
  raft_buffer buffer;
  buffer.len = EntryFrameBytes(payload.size());
  buffer.base = raft_malloc(buffer.len);
  if (buffer.base == nullptr) {
    done(absl::ResourceExhaustedError("raft propose: out of memory"));
    return;
  }
  WriteEntryFrame(payload, static_cast<char*>(buffer.base));
  auto owned = std::make_unique<ProposalRequest>();
  owned->done = std::move(done);
  ProposalRequest* proposal = Track(std::move(owned));
  proposal->apply.data = proposal;
  // Exactly one buffer: given several, libraft 0.15 calls back for the first entry only.
  const int rv = raft_apply(&raft_, &proposal->apply, &buffer, 1, &ApplyDoneCallback);
  if (rv != 0) {
    raft_free(buffer.base);  // libraft takes the memory only when raft_apply succeeds
    proposal->Fail(NotLeaderOrError(rv, kContext, raft_errmsg(&raft_)));
    Release(proposal);
    return;
  }
  proposal->raft_index = proposal->apply.index;
  proposals_by_index_[proposal->raft_index] = proposal;
}

void RaftNode::Loop::ApplyDoneCallback(struct raft_apply* apply, int raft_code, void* result) {
  auto* proposal = static_cast<ProposalRequest*>(apply->data);
  Loop* loop = proposal->loop;
  auto indexed = loop->proposals_by_index_.find(proposal->raft_index);
  if (indexed != loop->proposals_by_index_.end() && indexed->second == proposal) {
    loop->proposals_by_index_.erase(indexed);
  }
  loop->Answer(proposal, raft_code);
  loop->Release(proposal);
}

void RaftNode::Loop::Answer(ProposalRequest* proposal, int raft_code) {
  if (proposal->answered) return;
  const std::string context = StrCat("raft propose (entry ", proposal->raft_index, ")");
  if (raft_code != 0) {
    proposal->Fail(NotLeaderOrError(raft_code, context, ""));
  } else if (!proposal->result.has_value()) {
    proposal->Fail(absl::InternalError(
        StrCat(context, ": committed, but at or below the state machine's applied index ",
               held_index_, ", so not applied by this start")));
  } else {
    proposal->answered = true;
    proposal->done(Applied{proposal->raft_index, std::move(*proposal->result)});
  }
}

void RaftNode::Loop::Barrier(BarrierDone done) {
  constexpr std::string_view kContext = "raft barrier";
  if (absl::Status refused = Refusal(kContext); !refused.ok()) {
    done(refused);
    return;
  }
  auto owned = std::make_unique<BarrierRequest>();
  owned->done = std::move(done);
  BarrierRequest* request = Track(std::move(owned));
  request->barrier.data = request;
  const int rv = raft_barrier(&raft_, &request->barrier, &BarrierDoneCallback);
  if (rv != 0) {
    request->Fail(NotLeaderOrError(rv, kContext, raft_errmsg(&raft_)));
    Release(request);
  }
}

void RaftNode::Loop::BarrierDoneCallback(struct raft_barrier* barrier, int raft_code) {
  auto* request = static_cast<BarrierRequest*>(barrier->data);
  Loop* loop = request->loop;
  if (raft_code != 0) {
    request->Fail(loop->NotLeaderOrError(raft_code, "raft barrier", ""));
  } else if (!request->answered) {
    request->answered = true;
    request->done(request->barrier.index);
  }
  loop->Release(request);
}

void RaftNode::Loop::Add(Member member, ChangeDone done) {
  if (absl::Status address = CheckRaftAddress(member.address); !address.ok()) {
    done(address);
    return;
  }
  auto request = std::make_unique<ChangeRequest>();
  request->kind = ChangeKind::kAdd;
  request->assign_after_add = member.role != Role::kSpare;
  request->member = std::move(member);
  request->done = std::move(done);
  Change(std::move(request));
}

void RaftNode::Loop::Assign(uint64_t id, Role role, ChangeDone done) {
  auto request = std::make_unique<ChangeRequest>();
  request->kind = ChangeKind::kAssign;
  request->member.id = id;
  request->member.role = role;
  request->done = std::move(done);
  Change(std::move(request));
}

void RaftNode::Loop::Remove(uint64_t id, ChangeDone done) {
  auto request = std::make_unique<ChangeRequest>();
  request->kind = ChangeKind::kRemove;
  request->member.id = id;
  request->done = std::move(done);
  Change(std::move(request));
}

void RaftNode::Loop::Change(std::unique_ptr<ChangeRequest> owned) {
  const std::string context = ChangeContext(*owned);
  if (absl::Status refused = Refusal(context); !refused.ok()) {
    owned->done(refused);
    return;
  }
  ChangeRequest* request = Track(std::move(owned));
  request->change.data = request;
  const int rv = SubmitChange(request);
  if (rv != 0) {
    request->Fail(NotLeaderOrError(rv, context, raft_errmsg(&raft_)));
    Release(request);
  }
}

int RaftNode::Loop::SubmitChange(ChangeRequest* request) {
  const Member& member = request->member;
  switch (request->kind) {
    case ChangeKind::kAdd:
      return raft_add(&raft_, &request->change, member.id, member.address.c_str(),
                      &ChangeDoneCallback);
    case ChangeKind::kAssign:
      return raft_assign(&raft_, &request->change, member.id, RaftRole(member.role),
                         &ChangeDoneCallback);
    case ChangeKind::kRemove:
      return raft_remove(&raft_, &request->change, member.id, &ChangeDoneCallback);
  }
  return RAFT_INVALID;
}

void RaftNode::Loop::ChangeDoneCallback(raft_change* change, int raft_code) {
  auto* request = static_cast<ChangeRequest*>(change->data);
  Loop* loop = request->loop;
  if (raft_code == 0 && request->kind == ChangeKind::kAdd && request->assign_after_add &&
      !request->answered) {
    // Assign on the next loop iteration, outside libraft's own apply of the change. The
    // request stays in flight meanwhile; if libraft closed first, it is gone.
    loop->Submit([loop, request](const absl::Status& refused) {
      if (loop->in_flight_.count(request) == 0) return;
      if (!refused.ok()) {
        request->Fail(refused);
        loop->Release(request);
        return;
      }
      loop->AssignAfterAdd(request);
    });
    return;
  }
  if (raft_code != 0) {
    request->Fail(loop->NotLeaderOrError(raft_code, ChangeContext(*request), ""));
  } else if (!request->answered) {
    request->answered = true;
    request->done(absl::OkStatus());
  }
  loop->Release(request);
}

void RaftNode::Loop::AssignAfterAdd(ChangeRequest* request) {
  request->kind = ChangeKind::kAssign;
  const std::string context = ChangeContext(*request);
  if (absl::Status unavailable = Unavailability(context); !unavailable.ok()) {
    request->Fail(unavailable);
    Release(request);
    return;
  }
  const int rv = SubmitChange(request);
  if (rv != 0) {
    request->Fail(NotLeaderOrError(rv, context, raft_errmsg(&raft_)));
    Release(request);
  }
}

void RaftNode::Loop::TransferLeadership(uint64_t id, ChangeDone done) {
  const std::string context = StrCat("raft transfer leadership to ", id);
  if (absl::Status refused = Refusal(context); !refused.ok()) {
    done(refused);
    return;
  }
  auto owned = std::make_unique<TransferRequest>();
  owned->done = std::move(done);
  owned->target_id = id;
  TransferRequest* request = Track(std::move(owned));
  request->transfer.data = request;
  const int rv = raft_transfer(&raft_, &request->transfer, id, &TransferDoneCallback);
  if (rv != 0) {
    request->Fail(NotLeaderOrError(rv, context, raft_errmsg(&raft_)));
    Release(request);
  }
}

void RaftNode::Loop::TransferDoneCallback(struct raft_transfer* transfer) {
  auto* request = static_cast<TransferRequest*>(transfer->data);
  Loop* loop = request->loop;
  const std::string context = StrCat("raft transfer leadership to ", request->target_id);
  if (absl::Status unavailable = loop->Unavailability(context); !unavailable.ok()) {
    request->Fail(unavailable);
  } else if (!request->answered) {
    raft_id leader_id = 0;
    const char* leader_address = nullptr;
    raft_leader(&loop->raft_, &leader_id, &leader_address);
    const bool moved = raft_state(&loop->raft_) != RAFT_LEADER &&
                       (request->target_id == 0 || leader_id == request->target_id);
    if (moved) {
      request->answered = true;
      request->done(absl::OkStatus());
    } else {
      request->Fail(absl::DeadlineExceededError(
          StrCat(context, ": did not take over within the election timeout (leader now ", leader_id,
                 ")")));
    }
  }
  loop->Release(request);
}

}  // namespace noaber::node::cluster
