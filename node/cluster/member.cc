#include "node/cluster/member.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <future>

#include "noaber/ledger/strings.h"
#include "node/cluster/raft_errors.h"
#include "node/node_key.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

// Waits for an asynchronous RaftNode call. Its callbacks always come (at the latest when the
// node stops), so this cannot hang past a Stop().
template <typename T>
class Waiter {
 public:
  std::function<void(T)> Callback() {
    return [promise = promise_](T value) { promise->set_value(std::move(value)); };
  }
  T Wait() { return future_.get(); }

 private:
  std::shared_ptr<std::promise<T>> promise_ = std::make_shared<std::promise<T>>();
  std::future<T> future_ = promise_->get_future();
};

}  // namespace

ClusterMember::ClusterMember(ClusterConfig config, ClusterState* state)
    : config_(std::move(config)), state_(state) {}

absl::StatusOr<std::unique_ptr<ClusterMember>> ClusterMember::Start(const ClusterConfig& config,
                                                                    const ClusterTimings& timings,
                                                                    ClusterState* state) {
  std::unique_ptr<ClusterMember> member(new ClusterMember(config, state));
  absl::StatusOr<uint64_t> applied = state->AppliedIndex();
  if (!applied.ok()) return applied.status();
  cluster::RaftOptions options;
  options.id = config.node_id;
  options.address = config.raft_address;
  options.dir = ClusterRaftDir(config.data_dir);
  options.election_timeout_ms = timings.election_timeout_ms;
  options.heartbeat_timeout_ms = timings.heartbeat_ms;
  options.snapshot_threshold = timings.snapshot_threshold;
  options.snapshot_trailing = timings.snapshot_trailing;
  options.state_machine.apply = [state](uint64_t index, std::string_view payload) {
    return state->Apply(index, payload);
  };
  options.state_machine.snapshot = [state] { return state->Snapshot(); };
  options.state_machine.restore = [state](std::string_view bytes) { return state->Restore(bytes); };
  options.state_machine.applied_index = *applied;
  absl::StatusOr<std::unique_ptr<cluster::RaftNode>> raft =
      cluster::RaftNode::Start(std::move(options));
  if (!raft.ok()) return raft.status();
  member->raft_ = *std::move(raft);
  member->housekeeper_ = std::thread([m = member.get()] { m->Housekeeping(); });
  return member;
}

ClusterMember::~ClusterMember() { Stop(); }

void ClusterMember::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  // Raft first: that answers whatever the housekeeper waits for.
  if (raft_ != nullptr) raft_->Stop();
  if (housekeeper_.joinable()) housekeeper_.join();
}

std::optional<std::string> ClusterMember::NotLeader() const {
  // Until the founding entry is applied nobody takes writes: it must be the log's first.
  if (!state_->founded()) return std::string();
  const cluster::RaftStatus status = raft_->Status();
  if (status.state == cluster::RaftState::kLeader && status.failure.ok()) return std::nullopt;
  for (const MemberAddress& member : state_->directory().members) {
    if (status.leader_id != 0 && member.id == status.leader_id) return member.grpc_address;
  }
  return std::string();
}

std::string ClusterMember::NotLeaderMessage() const {
  std::optional<std::string> leader = NotLeader();
  if (!leader.has_value()) return "this node leads the cluster";
  if (leader->empty()) {
    return StrCat("node ", config_.node_id,
                  " is not the cluster's leader and no leader is known right now (an election "
                  "may be under way): try again in a moment");
  }
  return StrCat("node ", config_.node_id, " is not the cluster's leader: send writes to ",
                *leader);
}

void ClusterMember::Propose(int64_t timestamp_ms, std::vector<std::string> signed_operations,
                            Done done) {
  BatchEntry batch{timestamp_ms, std::move(signed_operations)};
  raft_->Propose(EncodeClusterEntry(batch),
                 [done = std::move(done)](absl::StatusOr<cluster::Applied> applied) {
                   if (!applied.ok()) return done(applied.status());
                   done(DecodeOutcomes(applied->result));
                 });
}

bool ClusterMember::ExpiriesDue(int64_t now_ms) const {
  if (!state_->founded()) return false;
  absl::StatusOr<std::vector<ledger::OperationId>> due =
      state_->store().ListExpiredPendings(now_ms, 1);
  return due.ok() && !due->empty();
}

absl::Status ClusterMember::AwaitCurrent() {
  Waiter<absl::StatusOr<uint64_t>> barrier;
  raft_->Barrier(barrier.Callback());
  // A barrier completes or fails on the loop thread; Stop() fails it too.
  absl::StatusOr<uint64_t> index = barrier.Wait();
  return index.status();
}

absl::Status ClusterMember::ProposeAndWait(const ClusterEntry& entry) {
  Waiter<absl::StatusOr<cluster::Applied>> applied;
  raft_->Propose(EncodeClusterEntry(entry), applied.Callback());
  return applied.Wait().status();
}

absl::Status ClusterMember::AddMember(const MemberAddress& member) {
  for (const cluster::Member& known : raft_->Status().configuration) {
    if (known.id == member.id) {
      return absl::AlreadyExistsError(StrCat("node ", member.id, " is a member already"));
    }
  }
  // Its addresses first: once it is in the configuration, followers may name it as leader.
  if (absl::Status s = ProposeAndWait(MemberEntry{member}); !s.ok()) return s;
  Waiter<absl::Status> added;
  raft_->Add(cluster::Member{member.id, member.raft_address, cluster::Role::kSpare},
             added.Callback());
  return added.Wait();
}

absl::Status ClusterMember::RemoveMember(uint64_t id) {
  Waiter<absl::Status> removed;
  raft_->Remove(id, removed.Callback());
  if (absl::Status s = removed.Wait(); !s.ok()) return s;
  return ProposeAndWait(RemovalEntry{id});
}

cluster::RaftStatus ClusterMember::RaftStatus() const { return raft_->Status(); }

void ClusterMember::Housekeeping() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kClusterHousekeepingInterval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    if (raft_->Status().state == cluster::RaftState::kLeader) {
      FoundIfNeeded();
      PromoteSpares();
    }
    lock.lock();
  }
}

void ClusterMember::FoundIfNeeded() {
  if (!config_.founder || state_->founded()) return;
  const ledger::Ledger* ledger = state_->ledger();
  absl::StatusOr<std::optional<std::string>> genesis = state_->store().GetGenesis();
  absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(config_.data_dir);
  if (ledger == nullptr || !genesis.ok() || !genesis->has_value() || !key.ok()) {
    std::fprintf(stderr, "noaber-node: cannot found the cluster: the folder %s has no "
                 "community or node key\n", config_.data_dir.c_str());
    return;
  }
  FoundingEntry founding{**genesis, "", *key, config_.join_token,
                         MemberAddress{config_.node_id, config_.raft_address,
                                       config_.grpc_address}};
  sodium_memzero(&*key, sizeof(ledger::KeyPair));
  // Nothing is applied before the founding entry (writes wait for it), so this is the state
  // the cluster starts from.
  if (ledger->head().index > 0) {
    absl::StatusOr<std::string> state = state_->store().ExportCompactState();
    if (!state.ok()) {
      std::fprintf(stderr, "noaber-node: cannot found the cluster: %s\n",
                   std::string(ledger::ToView(state.status().message())).c_str());
      return;
    }
    founding.compact_state = *std::move(state);
  }
  if (absl::Status s = ProposeAndWait(founding); !s.ok()) {
    std::fprintf(stderr, "noaber-node: founding the cluster failed (will retry): %s\n",
                 std::string(ledger::ToView(s.message())).c_str());
  }
  sodium_memzero(&founding.log_key, sizeof(ledger::KeyPair));
}

void ClusterMember::PromoteSpares() {
  const ClusterDirectory directory = state_->directory();
  for (const cluster::Member& member : raft_->Status().configuration) {
    if (member.role != cluster::Role::kSpare) continue;
    const bool known = std::any_of(directory.members.begin(), directory.members.end(),
                                   [&](const MemberAddress& m) { return m.id == member.id; });
    if (!known) continue;
    // The leader brings it up to date first; this waits until it is (or fails, and the
    // next round tries again).
    Waiter<absl::Status> assigned;
    raft_->Assign(member.id, cluster::Role::kVoter, assigned.Callback());
    if (absl::Status s = assigned.Wait(); s.ok()) {
      std::fprintf(stderr, "noaber-node: node %llu caught up and is now a voter\n",
                   static_cast<unsigned long long>(member.id));
    }
    return;  // one change at a time
  }
}

}  // namespace noaber::node
