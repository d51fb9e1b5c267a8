#include "node/cluster/raft_node.h"

#include <csignal>
#include <filesystem>
#include <system_error>
#include <utility>

#include "noaber/ledger/strings.h"
#include "node/cluster/entry_frame.h"
#include "node/cluster/raft_address.h"
#include "node/cluster/raft_loop.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;

absl::Status CheckOptions(const RaftOptions& options) {
  if (options.id == 0) return absl::InvalidArgumentError("raft: the server id must be > 0");
  if (options.dir.empty()) return absl::InvalidArgumentError("raft: no folder given");
  if (absl::Status address = CheckRaftAddress(options.address); !address.ok()) {
    return address;
  }
  if (options.heartbeat_timeout_ms == 0 ||
      options.heartbeat_timeout_ms >= options.election_timeout_ms) {
    return absl::InvalidArgumentError(StrCat(
        "raft: the heartbeat timeout (", options.heartbeat_timeout_ms,
        " ms) must be > 0 and below the election timeout (", options.election_timeout_ms, " ms)"));
  }
  if (options.install_snapshot_timeout_ms == 0 || options.connect_retry_delay_ms == 0) {
    return absl::InvalidArgumentError("raft: the snapshot and connection retry delays must be > 0");
  }
  if (options.snapshot_threshold == 0) {
    return absl::InvalidArgumentError("raft: the snapshot threshold must be > 0");
  }
  const StateMachine& machine = options.state_machine;
  if (!machine.apply || !machine.snapshot || !machine.restore) {
    return absl::InvalidArgumentError("raft: the state machine needs all three hooks");
  }
  return absl::OkStatus();
}

absl::Status CreateFolder(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        StrCat("raft folder ", dir, ": cannot create it: ", error.message()));
  }
  return absl::OkStatus();
}

// libuv writes to sockets a peer may have closed; the default SIGPIPE would end the process.
void IgnoreSigpipe() {
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    std::signal(SIGPIPE, SIG_IGN);
  }
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kVoter:
      return "voter";
    case Role::kStandby:
      return "standby";
    case Role::kSpare:
      return "spare";
  }
  return "unknown";
}

std::string_view RaftStateName(RaftState state) {
  switch (state) {
    case RaftState::kUnavailable:
      return "unavailable";
    case RaftState::kFollower:
      return "follower";
    case RaftState::kCandidate:
      return "candidate";
    case RaftState::kLeader:
      return "leader";
  }
  return "unknown";
}

absl::StatusOr<std::unique_ptr<RaftNode>> RaftNode::Start(RaftOptions options) {
  if (absl::Status valid = CheckOptions(options); !valid.ok()) return valid;
  if (absl::Status created = CreateFolder(options.dir); !created.ok()) return created;
  IgnoreSigpipe();
  auto loop = std::make_unique<Loop>(std::move(options));
  if (absl::Status started = loop->Start(); !started.ok()) return started;
  return std::unique_ptr<RaftNode>(new RaftNode(std::move(loop)));
}

RaftNode::RaftNode(std::unique_ptr<Loop> loop) : loop_(std::move(loop)) {}

RaftNode::~RaftNode() { Stop(); }

void RaftNode::Stop() { loop_->Stop(); }

RaftStatus RaftNode::Status() const { return loop_->Status(); }

void RaftNode::Propose(std::string payload, ProposeDone done) {
  if (payload.size() > kPayloadBytesMax) {
    done(absl::InvalidArgumentError(StrCat("raft propose: a payload of ", payload.size(),
                                           " bytes exceeds ", kPayloadBytesMax)));
    return;
  }
  Loop* loop = loop_.get();
  loop->Submit([loop, payload = std::move(payload),
                done = std::move(done)](const absl::Status& refused) mutable {
    if (!refused.ok()) return done(refused);
    loop->Propose(payload, std::move(done));
  });
}

void RaftNode::Barrier(BarrierDone done) {
  Loop* loop = loop_.get();
  loop->Submit([loop, done = std::move(done)](const absl::Status& refused) mutable {
    if (!refused.ok()) return done(refused);
    loop->Barrier(std::move(done));
  });
}

void RaftNode::Add(Member member, ChangeDone done) {
  Loop* loop = loop_.get();
  loop->Submit([loop, member = std::move(member),
                done = std::move(done)](const absl::Status& refused) mutable {
    if (!refused.ok()) return done(refused);
    loop->Add(std::move(member), std::move(done));
  });
}

void RaftNode::Assign(uint64_t id, Role role, ChangeDone done) {
  Loop* loop = loop_.get();
  loop->Submit([loop, id, role, done = std::move(done)](const absl::Status& refused) mutable {
    if (!refused.ok()) return done(refused);
    loop->Assign(id, role, std::move(done));
  });
}

void RaftNode::Remove(uint64_t id, ChangeDone done) {
  Loop* loop = loop_.get();
  loop->Submit([loop, id, done = std::move(done)](const absl::Status& refused) mutable {
    if (!refused.ok()) return done(refused);
    loop->Remove(id, std::move(done));
  });
}

void RaftNode::TransferLeadership(uint64_t id, ChangeDone done) {
  Loop* loop = loop_.get();
  loop->Submit([loop, id, done = std::move(done)](const absl::Status& refused) mutable {
    if (!refused.ok()) return done(refused);
    loop->TransferLeadership(id, std::move(done));
  });
}

}  // namespace noaber::node::cluster
