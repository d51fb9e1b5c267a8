// Test helpers for RaftNode: a recording state machine, free loopback ports, polling with a
// deadline, and a small cluster of real nodes over TCP on 127.0.0.1 in a temporary folder.
#ifndef NOABER_NODE_CLUSTER_CLUSTER_TESTING_H_
#define NOABER_NODE_CLUSTER_CLUSTER_TESTING_H_

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string_view>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "ledger/testing/temp_dir.h"
#include "noaber/ledger/strings.h"
#include "node/cluster/raft_node.h"

namespace noaber::node::cluster::testing {

// Polls `condition` every few milliseconds until it holds or `timeout` passes.
inline bool WaitFor(const std::function<bool()>& condition,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// A loopback port nobody listened on a moment ago (the kernel's pick for port 0).
inline uint16_t FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ADD_FAILURE() << "cannot find a free loopback port";
  }
  close(fd);
  return ntohs(address.sin_port);
}

// A state machine that records every applied (index, payload), keeps a running hash and
// count over the payloads, and snapshots as "<count> <hash> <last index>": its snapshot hook
// pins a copy of that state and returns a job that hands the copy back. The test can hold
// jobs (they wait on the worker until released) and make pins or jobs fail. Thread-safe:
// the hooks run on a node's loop thread, jobs on a worker, the test reads from its own.
class RecordingMachine {
 public:
  struct Entry {
    uint64_t raft_index;
    std::string payload;
    bool operator==(const Entry&) const = default;
  };
  // A job never waits longer than this for the test to release it (a test that failed
  // before releasing must not hang in Stop()); it then fails.
  static constexpr auto kHoldMax = std::chrono::seconds(20);

  StateMachine Hooks() {
    StateMachine machine;
    machine.apply = [this](uint64_t index, std::string_view payload) {
      return Apply(index, payload);
    };
    machine.snapshot = [this] { return Snapshot(); };
    machine.restore = [this](std::string_view state) { return Restore(state); };
    machine.applied_index = AppliedIndex();
    return machine;
  }

  // The next apply at or after `raft_index` fails with `failure`.
  void FailFrom(uint64_t raft_index, absl::Status failure) {
    std::lock_guard<std::mutex> lock(mutex_);
    fail_from_ = raft_index;
    failure_ = std::move(failure);
  }

  // Jobs started from now on wait until released (one per ReleaseSnapshots(1)).
  void HoldSnapshots() {
    std::lock_guard<std::mutex> lock(mutex_);
    releases_ = 0;
  }
  void ReleaseSnapshots(int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (releases_ >= 0) releases_ += count;
    released_.notify_all();
  }
  // No more holding: waiting jobs go on, later ones do not wait.
  void ReleaseAllSnapshots() {
    std::lock_guard<std::mutex> lock(mutex_);
    releases_ = -1;
    released_.notify_all();
  }
  // The snapshot hook (when `pin`) or the job (otherwise) fails with `failure` until
  // called again with OK.
  void FailSnapshots(absl::Status failure, bool pin) {
    std::lock_guard<std::mutex> lock(mutex_);
    (pin ? pin_failure_ : job_failure_) = std::move(failure);
  }

  // States pinned by the snapshot hook, in order.
  std::vector<std::string> Pinned() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return pinned_;
  }
  int JobsStarted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return jobs_started_;
  }
  int JobsWaiting() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return jobs_waiting_;
  }
  int JobsFinished() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return jobs_finished_;
  }
  int JobsFailed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return jobs_failed_;
  }
  // States the restore hook was given, in order.
  std::vector<std::string> Restored() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return restored_;
  }

  std::vector<Entry> Entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_;
  }
  uint64_t Count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }
  uint64_t Hash() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return hash_;
  }
  uint64_t AppliedIndex() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return applied_index_;
  }
  int Restores() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return restores_;
  }
  // Forget everything, as a state machine that lost its storage: a restart with
  // applied_index 0 replays the whole log into it.
  void Reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
    count_ = 0;
    hash_ = 0;
    applied_index_ = 0;
  }

 private:
  absl::StatusOr<std::string> Apply(uint64_t index, std::string_view payload) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fail_from_ != 0 && index >= fail_from_) return failure_;
    entries_.push_back({index, std::string(payload)});
    ++count_;
    hash_ = Mix(hash_, payload);
    applied_index_ = index;
    return ledger::StrCat("applied ", index, ": ", payload);
  }

  absl::StatusOr<SnapshotJob> Snapshot() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!pin_failure_.ok()) return pin_failure_;
    std::string state = ledger::StrCat(count_, " ", hash_, " ", applied_index_);
    pinned_.push_back(state);
    return SnapshotJob([this, state = std::move(state)]() -> absl::StatusOr<std::string> {
      return RunJob(state);
    });
  }

  // The job: waits while held, then hands back the pinned copy (or the job failure).
  absl::StatusOr<std::string> RunJob(const std::string& state) {
    std::unique_lock<std::mutex> lock(mutex_);
    ++jobs_started_;
    ++jobs_waiting_;
    const bool released = released_.wait_for(lock, kHoldMax, [this] { return releases_ != 0; });
    --jobs_waiting_;
    if (releases_ > 0) --releases_;
    ++jobs_finished_;
    if (!released) {
      ++jobs_failed_;
      return absl::DeadlineExceededError("test snapshot job held too long");
    }
    if (!job_failure_.ok()) {
      ++jobs_failed_;
      return job_failure_;
    }
    return state;
  }

  absl::Status Restore(std::string_view state) {
    std::lock_guard<std::mutex> lock(mutex_);
    unsigned long long count = 0, hash = 0, index = 0;
    if (std::sscanf(std::string(state).c_str(), "%llu %llu %llu", &count, &hash, &index) != 3) {
      return absl::DataLossError("bad test snapshot");
    }
    count_ = count;
    hash_ = hash;
    applied_index_ = index;
    ++restores_;
    restored_.emplace_back(state);
    return absl::OkStatus();
  }

  // FNV-1a over the payload's length and bytes.
  static uint64_t Mix(uint64_t hash, std::string_view payload) {
    if (hash == 0) hash = 14695981039346656037ull;
    const std::string length = std::to_string(payload.size()) + ":";
    for (std::string_view part : {std::string_view(length), payload}) {
      for (unsigned char c : part) hash = (hash ^ c) * 1099511628211ull;
    }
    return hash;
  }

  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  uint64_t count_ = 0;
  uint64_t hash_ = 0;
  uint64_t applied_index_ = 0;
  int restores_ = 0;
  std::vector<std::string> restored_;
  uint64_t fail_from_ = 0;
  absl::Status failure_;
  // Snapshots.
  std::condition_variable released_;
  int releases_ = -1;  // jobs that may still go on; -1: not held
  absl::Status pin_failure_;
  absl::Status job_failure_;
  std::vector<std::string> pinned_;
  int jobs_started_ = 0;
  int jobs_waiting_ = 0;
  int jobs_finished_ = 0;
  int jobs_failed_ = 0;
};

// Proposes on `node` and waits for `done` (at most `timeout`).
inline absl::StatusOr<Applied> ProposeAndWait(
    RaftNode& node, std::string payload,
    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto answer = std::make_shared<std::promise<absl::StatusOr<Applied>>>();
  std::future<absl::StatusOr<Applied>> answered = answer->get_future();
  node.Propose(std::move(payload), [answer](absl::StatusOr<Applied> applied) {
    answer->set_value(std::move(applied));
  });
  if (answered.wait_for(timeout) != std::future_status::ready) {
    return absl::DeadlineExceededError("no answer to the proposal");
  }
  return answered.get();
}

// Runs a membership method and waits for its `done`.
inline absl::Status ChangeAndWait(const std::function<void(RaftNode::ChangeDone)>& change,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto answer = std::make_shared<std::promise<absl::Status>>();
  std::future<absl::Status> answered = answer->get_future();
  change([answer](absl::Status status) { answer->set_value(std::move(status)); });
  if (answered.wait_for(timeout) != std::future_status::ready) {
    return absl::DeadlineExceededError("no answer to the change");
  }
  return answered.get();
}

// Up to a few nodes, ids 1..n, each with its own folder, port and RecordingMachine (which
// outlives restarts, as a durable state machine would).
// How long the tests give a cluster to elect a leader.
inline constexpr auto kElectionDeadline = std::chrono::seconds(5);

class TestCluster {
 public:
  explicit TestCluster(int size) {
    for (int i = 0; i < size; ++i) AddSlot();
  }
  ~TestCluster() {
    // A held snapshot job would keep Stop() waiting.
    for (auto& machine : machines_) machine->ReleaseAllSnapshots();
    for (auto& node : nodes_) node.reset();
  }

  // A new slot (not in any configuration, not started); returns its position.
  int AddSlot() {
    const int position = static_cast<int>(nodes_.size());
    members_.push_back({static_cast<uint64_t>(position + 1),
                        ledger::StrCat("127.0.0.1:", FreePort()), Role::kVoter});
    machines_.push_back(std::make_unique<RecordingMachine>());
    nodes_.emplace_back();
    return position;
  }

  // Bootstraps the first `voters` slots (all of them when 0) with the same configuration.
  void Bootstrap(int voters = 0) {
    if (voters == 0) voters = static_cast<int>(members_.size());
    std::vector<Member> configuration(members_.begin(), members_.begin() + voters);
    for (int i = 0; i < voters; ++i) {
      ASSERT_TRUE(RaftNode::Bootstrap(Dir(i), configuration).ok());
    }
  }

  RaftOptions Options(int i) {
    RaftOptions options;
    options.id = members_[i].id;
    options.address = members_[i].address;
    options.dir = Dir(i);
    options.election_timeout_ms = 300;
    options.heartbeat_timeout_ms = 30;
    options.connect_retry_delay_ms = 50;
    options.install_snapshot_timeout_ms = 1000;
    options.state_machine = machines_[i]->Hooks();
    options.snapshot_threshold = snapshot_threshold_;
    options.snapshot_trailing = snapshot_trailing_;
    return options;
  }

  absl::Status Start(int i) {
    absl::StatusOr<std::unique_ptr<RaftNode>> node = RaftNode::Start(Options(i));
    if (!node.ok()) return node.status();
    nodes_[i] = std::move(*node);
    return absl::OkStatus();
  }
  void StartAll() {
    for (int i = 0; i < Size(); ++i) ASSERT_TRUE(Start(i).ok()) << "node " << i;
  }
  void Stop(int i) { nodes_[i].reset(); }

  // The position of the node every running node agrees leads, or -1 within `timeout`.
  int WaitForLeader(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    int leader = -1;
    WaitFor([&] { return (leader = AgreedLeader()) >= 0; }, timeout);
    return leader;
  }

  // Bootstraps every slot, starts them all and waits for a leader: its position, or -1.
  int StartElected() {
    Bootstrap();
    StartAll();
    return WaitForLeader(kElectionDeadline);
  }

  // With the leader's snapshots held (RecordingMachine::HoldSnapshots): proposes entries
  // named `prefix`N until a snapshot job waits, at most 40. False if none started.
  bool ProposeUntilASnapshotJobWaits(int leader, std::string_view prefix) {
    RecordingMachine& machine = Machine(leader);
    for (int i = 0; i < 40 && machine.JobsWaiting() == 0; ++i) {
      if (!ProposeAndWait(Node(leader), ledger::StrCat(prefix, i)).ok()) return false;
    }
    return WaitFor([&] { return machine.JobsWaiting() == 1; });
  }

  // Until every running node has applied (or skipped) up to `raft_index`.
  bool WaitForApplied(uint64_t raft_index,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return WaitFor(
        [&] {
          for (auto& node : nodes_) {
            if (node && node->Status().last_applied_index < raft_index) return false;
          }
          return true;
        },
        timeout);
  }

  int Size() const { return static_cast<int>(nodes_.size()); }
  RaftNode& Node(int i) { return *nodes_[i]; }
  bool Running(int i) const { return nodes_[i] != nullptr; }
  RecordingMachine& Machine(int i) { return *machines_[i]; }
  const Member& MemberAt(int i) const { return members_[i]; }
  std::string Dir(int i) const { return dir_.Sub(ledger::StrCat("node", i + 1)); }
  void SetSnapshots(uint32_t threshold, uint32_t trailing) {
    snapshot_threshold_ = threshold;
    snapshot_trailing_ = trailing;
  }

 private:
  int AgreedLeader() {
    int leader = -1;
    uint64_t leader_id = 0;
    for (int i = 0; i < Size(); ++i) {
      if (!nodes_[i]) continue;
      const RaftStatus status = nodes_[i]->Status();
      if (status.leader_id == 0 || (leader_id != 0 && status.leader_id != leader_id)) return -1;
      leader_id = status.leader_id;
      if (status.state == RaftState::kLeader) leader = i;
    }
    if (leader < 0 || members_[leader].id != leader_id) return -1;
    return leader;
  }

  ledger::testing::TempDir dir_;
  std::vector<Member> members_;
  std::vector<std::unique_ptr<RecordingMachine>> machines_;
  std::vector<std::unique_ptr<RaftNode>> nodes_;
  uint32_t snapshot_threshold_ = 1024;
  uint32_t snapshot_trailing_ = 128;
};

}  // namespace noaber::node::cluster::testing

#endif  // NOABER_NODE_CLUSTER_CLUSTER_TESTING_H_
