// The loop thread's record of one request handed to libraft: the libraft request struct
// (which libraft references until it calls back, or until raft_close completes) and the
// caller's `done`. Private to RaftNode::Loop; loop thread only.
#ifndef NOABER_NODE_CLUSTER_RAFT_REQUESTS_H_
#define NOABER_NODE_CLUSTER_RAFT_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "node/cluster/raft_c.h"
#include "node/cluster/raft_node.h"

namespace noaber::node::cluster {

struct Request {
  virtual ~Request() = default;
  RaftNode::Loop* loop = nullptr;  // the loop that handed the request to libraft
  // Answers the caller with an error, once: later answers are dropped, because libraft
  // may still call back for a request the node already failed (stopping, failure).
  void Fail(const absl::Status& status) {
    if (answered) return;
    answered = true;
    FailDone(status);
  }
  bool answered = false;

 private:
  virtual void FailDone(const absl::Status& status) = 0;
};

struct ProposalRequest : Request {
  struct raft_apply apply {};
  RaftNode::ProposeDone done;
  uint64_t raft_index = 0;            // set once raft_apply accepted the entry
  std::optional<std::string> result;  // the apply hook's result, once applied here

 private:
  void FailDone(const absl::Status& status) override { done(status); }
};

struct BarrierRequest : Request {
  struct raft_barrier barrier {};
  RaftNode::BarrierDone done;

 private:
  void FailDone(const absl::Status& status) override { done(status); }
};

enum class ChangeKind { kAdd, kAssign, kRemove };

// raft_add, raft_assign or raft_remove; an Add of a non-spare goes on with raft_assign.
struct ChangeRequest : Request {
  raft_change change{};
  RaftNode::ChangeDone done;
  ChangeKind kind = ChangeKind::kAdd;
  Member member;                  // the server changed (Remove: its id only)
  bool assign_after_add = false;  // Add: assign member.role once added as a spare

 private:
  void FailDone(const absl::Status& status) override { done(status); }
};

struct TransferRequest : Request {
  struct raft_transfer transfer {};
  RaftNode::ChangeDone done;
  uint64_t target_id = 0;  // 0: any voter

 private:
  void FailDone(const absl::Status& status) override { done(status); }
};

}  // namespace noaber::node::cluster

#endif  // NOABER_NODE_CLUSTER_RAFT_REQUESTS_H_
