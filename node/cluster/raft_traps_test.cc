// The known traps of libraft 0.15, each shown not to bite through RaftNode.
#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "noaber/ledger/strings.h"
#include "node/cluster/cluster_testing.h"
#include "node/cluster/raft_c.h"
#include "node/cluster/raft_node.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;
using ::testing::HasSubstr;
using testing::ProposeAndWait;
using testing::TestCluster;
using testing::WaitFor;

using testing::kElectionDeadline;

// Waits for a barrier on the leader: after a restart of every node nothing is known to be
// committed until the new leader commits an entry of its own term.
absl::StatusOr<uint64_t> BarrierAndWait(RaftNode& node) {
  auto answer = std::make_shared<std::promise<absl::StatusOr<uint64_t>>>();
  auto answered = answer->get_future();
  node.Barrier([answer](absl::StatusOr<uint64_t> index) { answer->set_value(std::move(index)); });
  if (answered.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    return absl::DeadlineExceededError("no answer to the barrier");
  }
  return answered.get();
}

// Trap 1: libraft 0.15 reads entries back as if their lengths were multiples of 8.
TEST(RaftTrapsTest, PayloadsOfEveryLengthReplayByteForByteAfterARestart) {
  TestCluster cluster(3);
  cluster.Bootstrap();
  cluster.StartAll();
  int leader = cluster.WaitForLeader(kElectionDeadline);
  ASSERT_GE(leader, 0);
  std::vector<std::string> payloads;
  for (size_t length : {1, 3, 7, 9, 13, 15, 17, 23, 31, 33, 63, 65, 100, 127, 1001}) {
    std::string payload(length, '\0');
    for (size_t i = 0; i < length; ++i) payload[i] = static_cast<char>((i * 37 + length) % 256);
    payloads.push_back(payload);
  }
  payloads.push_back("");
  uint64_t last_index = 0;
  for (const std::string& payload : payloads) {
    absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(leader), payload);
    ASSERT_TRUE(applied.ok()) << applied.status();
    last_index = applied->raft_index;
  }
  ASSERT_TRUE(cluster.WaitForApplied(last_index));
  const auto before = cluster.Machine(leader).Entries();
  ASSERT_EQ(before.size(), payloads.size());
  for (size_t i = 0; i < payloads.size(); ++i) ASSERT_EQ(before[i].payload, payloads[i]);

  for (int i = 0; i < 3; ++i) cluster.Stop(i);
  for (int i = 0; i < 3; ++i) cluster.Machine(i).Reset();  // applied_index 0: replay all
  cluster.StartAll();
  leader = cluster.WaitForLeader(kElectionDeadline);
  ASSERT_GE(leader, 0);
  absl::StatusOr<uint64_t> barrier = BarrierAndWait(cluster.Node(leader));
  ASSERT_TRUE(barrier.ok()) << barrier.status();
  ASSERT_TRUE(cluster.WaitForApplied(*barrier));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(cluster.Machine(i).Entries(), before) << "node " << i << " replayed otherwise";
    EXPECT_TRUE(cluster.Node(i).Status().failure.ok());
  }
}

// Trap 2: raft_apply with several buffers calls back for the first only.
TEST(RaftTrapsTest, ProposalsFromManyThreadsGetExactlyOneAnswerEach) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  constexpr int kTotal = kThreads * kPerThread;
  std::vector<std::atomic<int>> answers(kTotal);
  std::mutex mutex;
  std::vector<absl::StatusOr<Applied>> results(kTotal, absl::UnknownError("unanswered"));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = t * kPerThread + i;
        cluster.Node(leader).Propose(StrCat("p", n), [&, n](absl::StatusOr<Applied> applied) {
          answers[n].fetch_add(1);
          std::lock_guard<std::mutex> lock(mutex);
          results[n] = std::move(applied);
        });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto answered = [&] {
    int count = 0;
    for (const auto& answer : answers) count += answer.load();
    return count;
  };
  ASSERT_TRUE(WaitFor([&] { return answered() >= kTotal; })) << answered() << " answered";
  // Anything still to come would arrive before a later barrier is applied.
  ASSERT_TRUE(BarrierAndWait(cluster.Node(leader)).ok());
  EXPECT_EQ(answered(), kTotal);

  std::lock_guard<std::mutex> lock(mutex);
  std::set<uint64_t> indexes;
  std::map<uint64_t, std::string> applied_at;
  for (const auto& entry : cluster.Machine(leader).Entries()) {
    applied_at[entry.raft_index] = entry.payload;
  }
  for (int n = 0; n < kTotal; ++n) {
    EXPECT_EQ(answers[n].load(), 1) << "proposal " << n;
    ASSERT_TRUE(results[n].ok()) << results[n].status();
    const std::string payload = StrCat("p", n);
    EXPECT_EQ(results[n]->result, StrCat("applied ", results[n]->raft_index, ": ", payload));
    EXPECT_EQ(applied_at[results[n]->raft_index], payload);
    indexes.insert(results[n]->raft_index);
  }
  EXPECT_EQ(indexes.size(), static_cast<size_t>(kTotal));
}

// Closed segments are named "<first index>-<last index>", each 16 decimal digits.
std::vector<std::filesystem::path> ClosedSegments(const std::string& dir) {
  std::vector<std::filesystem::path> segments;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() == 33 && name[16] == '-' &&
        std::all_of(name.begin(), name.begin() + 16, ::isdigit)) {
      segments.push_back(entry.path());
    }
  }
  std::sort(segments.begin(), segments.end());
  return segments;
}

// Trap 3: with auto-recovery on, libraft renames a corrupt last segment away and starts
// with fewer entries. A damaged node must refuse to start instead.
TEST(RaftTrapsTest, CorruptClosedSegmentStopsTheNodeFromStarting) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  uint64_t last_index = 0;
  for (int i = 0; i < 30; ++i) {
    absl::StatusOr<Applied> applied =
        ProposeAndWait(cluster.Node(leader), StrCat(i, ":", std::string(200, 'a' + i % 26)));
    ASSERT_TRUE(applied.ok()) << applied.status();
    last_index = applied->raft_index;
  }
  ASSERT_TRUE(cluster.WaitForApplied(last_index));
  const int damaged = (leader + 1) % 3;
  cluster.Stop(damaged);

  const std::vector<std::filesystem::path> segments = ClosedSegments(cluster.Dir(damaged));
  ASSERT_FALSE(segments.empty());
  const std::filesystem::path last = segments.back();
  const auto size = std::filesystem::file_size(last);
  ASSERT_GT(size, 4000u) << last << " should hold the 30 entries";
  {
    std::fstream file(last, std::ios::in | std::ios::out | std::ios::binary);
    for (std::streamoff offset :
         {static_cast<std::streamoff>(size / 2), static_cast<std::streamoff>(size / 2 + 1)}) {
      file.seekg(offset);
      const char byte = static_cast<char>(file.get());
      file.seekp(offset);
      file.put(static_cast<char>(~byte));
    }
  }

  const absl::Status started = cluster.Start(damaged);
  ASSERT_FALSE(started.ok()) << "a damaged node started";
  EXPECT_EQ(started.code(), absl::StatusCode::kDataLoss) << started;
  EXPECT_THAT(std::string(started.message()), HasSubstr(cluster.Dir(damaged)));
  EXPECT_THAT(std::string(started.message()), HasSubstr(last.filename().string()));
  // Nothing was renamed away ("corrupt-..."), and a second attempt fails the same way.
  EXPECT_TRUE(std::filesystem::exists(last));
  for (const auto& entry : std::filesystem::directory_iterator(cluster.Dir(damaged))) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr("corrupt")));
  }
  EXPECT_EQ(cluster.Start(damaged).code(), absl::StatusCode::kDataLoss);
}

// Trap 4: libraft frees entry and snapshot buffers with raft_free, so they must come from
// raft_malloc, and the restore buffer becomes the state machine's to free. A heap that
// records every live raft allocation catches a foreign free, a double free and a leak.
class TrackingHeap {
 public:
  static TrackingHeap& Get() {
    static TrackingHeap heap;
    return heap;
  }
  void Install() {
    heap_.data = this;
    heap_.malloc = [](void* data, size_t size) { return Self(data)->Track(std::malloc(size)); };
    heap_.free = [](void* data, void* pointer) { Self(data)->Untrack(pointer); };
    heap_.calloc = [](void* data, size_t count, size_t size) {
      return Self(data)->Track(std::calloc(count, size));
    };
    heap_.realloc = [](void* data, void* pointer, size_t size) {
      if (pointer != nullptr) Self(data)->Forget(pointer);
      return Self(data)->Track(std::realloc(pointer, size));
    };
    heap_.aligned_alloc = [](void* data, size_t alignment, size_t size) {
      void* pointer = nullptr;
      if (posix_memalign(&pointer, alignment, size) != 0) return static_cast<void*>(nullptr);
      return Self(data)->Track(pointer);
    };
    heap_.aligned_free = [](void* data, size_t, void* pointer) { Self(data)->Untrack(pointer); };
    raft_heap_set(&heap_);
  }
  void Uninstall() { raft_heap_set_default(); }
  size_t Live() {
    std::lock_guard<std::mutex> lock(mutex_);
    return live_.size();
  }
  size_t ForeignFrees() {
    std::lock_guard<std::mutex> lock(mutex_);
    return foreign_frees_;
  }
  size_t Allocations() {
    std::lock_guard<std::mutex> lock(mutex_);
    return allocations_;
  }

 private:
  static TrackingHeap* Self(void* data) { return static_cast<TrackingHeap*>(data); }
  void* Track(void* pointer) {
    if (pointer == nullptr) return pointer;
    std::lock_guard<std::mutex> lock(mutex_);
    live_.insert(pointer);
    ++allocations_;
    return pointer;
  }
  void Forget(void* pointer) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (live_.erase(pointer) == 0) ++foreign_frees_;
  }
  void Untrack(void* pointer) {
    if (pointer == nullptr) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (live_.erase(pointer) == 0) {
        ++foreign_frees_;
        return;  // not ours to free: leak it rather than corrupt the heap
      }
    }
    std::free(pointer);
  }

  raft_heap heap_{};
  std::mutex mutex_;
  std::set<void*> live_;
  size_t foreign_frees_ = 0;
  size_t allocations_ = 0;
};

TEST(RaftTrapsTest, EveryBufferGoesThroughLibraftsHeapAndIsFreedOnce) {
  TrackingHeap& heap = TrackingHeap::Get();
  heap.Install();
  {
    TestCluster cluster(3);
    cluster.SetSnapshots(16, 8);
    const int leader = cluster.StartElected();
    ASSERT_GE(leader, 0);
    const int follower = (leader + 1) % 3;
    cluster.Stop(follower);
    uint64_t last_index = 0;
    for (int i = 0; i < 60; ++i) {
      absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(leader), StrCat("e", i));
      ASSERT_TRUE(applied.ok()) << applied.status();
      last_index = applied->raft_index;
    }
    // The stopped follower catches up through a snapshot (taken, sent, restored).
    ASSERT_TRUE(cluster.Start(follower).ok());
    ASSERT_TRUE(cluster.WaitForApplied(last_index));
    EXPECT_GE(cluster.Machine(follower).Restores(), 1);
    for (int i = 0; i < 3; ++i) cluster.Stop(i);
    // Restarting replays the log and loads the snapshot from disk (restored at start).
    const int restores = cluster.Machine(follower).Restores();
    cluster.Machine(follower).Reset();
    ASSERT_TRUE(cluster.Start(follower).ok());
    EXPECT_EQ(cluster.Machine(follower).Restores(), restores + 1);
    cluster.Stop(follower);
  }
  heap.Uninstall();
  EXPECT_GT(heap.Allocations(), 100u) << "the heap was not used";
  EXPECT_EQ(heap.ForeignFrees(), 0u) << "libraft freed memory it did not allocate";
  EXPECT_EQ(heap.Live(), 0u) << "raft allocations leaked";
}

// Trap 5: with fsm version 3 the snapshot job runs on a worker of libuv's thread pool, and
// libraft's io does not close until that work is done; when it is, libraft still tries to
// store the snapshot (the closing io cancels it) and only then finalizes it. Stop() must
// wait for the job, free its buffers once, and leave a folder that starts again.
TEST(RaftTrapsTest, StopWaitsForARunningSnapshotJobAndFreesItsBuffers) {
  TrackingHeap& heap = TrackingHeap::Get();
  heap.Install();
  {
    TestCluster cluster(3);
    cluster.SetSnapshots(16, 8);
    const int leader = cluster.StartElected();
    ASSERT_GE(leader, 0);
    testing::RecordingMachine& machine = cluster.Machine(leader);
    machine.HoldSnapshots();
    ASSERT_TRUE(cluster.ProposeUntilASnapshotJobWaits(leader, "e")) << "no job started";

    RaftNode* node = &cluster.Node(leader);
    auto stopped = std::async(std::launch::async, [node] { node->Stop(); });
    // Stop() has closed libraft (the node reports itself unavailable) but not returned.
    ASSERT_TRUE(WaitFor([&] { return node->Status().state == RaftState::kUnavailable; }));
    EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
        << "Stop() returned while the snapshot job was running";
    EXPECT_EQ(machine.JobsFinished(), 0);
    machine.ReleaseAllSnapshots();
    ASSERT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(machine.JobsFinished(), 1);
    EXPECT_TRUE(node->Status().snapshot_failure.ok()) << "a cancelled store counted as failed";
    cluster.Stop(leader);

    // Nothing half-written: the node starts from its folder and catches up.
    ASSERT_TRUE(cluster.Start(leader).ok());
    const int new_leader = cluster.WaitForLeader(kElectionDeadline);
    ASSERT_GE(new_leader, 0);
    absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(new_leader), "after");
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_TRUE(cluster.WaitForApplied(applied->raft_index));
    EXPECT_EQ(cluster.Machine(leader).Hash(), cluster.Machine(new_leader).Hash());
    for (int i = 0; i < 3; ++i) cluster.Stop(i);
  }
  heap.Uninstall();
  EXPECT_EQ(heap.ForeignFrees(), 0u) << "libraft freed memory it did not allocate";
  EXPECT_EQ(heap.Live(), 0u) << "raft allocations leaked";
}

}  // namespace
}  // namespace noaber::node::cluster
