// RaftNode over real libraft: three (or four) nodes over TCP on 127.0.0.1.
#include "node/cluster/raft_node.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "noaber/ledger/strings.h"
#include "node/cluster/cluster_testing.h"
#include "node/cluster/entry_frame.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;
using testing::ChangeAndWait;
using ::testing::HasSubstr;
using testing::ProposeAndWait;
using testing::TestCluster;
using testing::WaitFor;

using testing::kElectionDeadline;
constexpr auto kHeartbeats = std::chrono::milliseconds(300);  // ten in TestCluster

int AnyFollower(TestCluster& cluster, int leader) {
  for (int i = 0; i < cluster.Size(); ++i) {
    if (i != leader && cluster.Running(i)) return i;
  }
  return -1;
}

// Proposes `count` payloads "<prefix><i>" on `node` without waiting in between; returns
// the answers in proposal order once all have come (or fails the test).
std::vector<absl::StatusOr<Applied>> ProposeMany(RaftNode& node, const std::string& prefix,
                                                 int count) {
  std::vector<std::shared_ptr<std::promise<absl::StatusOr<Applied>>>> answers;
  std::vector<std::future<absl::StatusOr<Applied>>> answered;
  for (int i = 0; i < count; ++i) {
    answers.push_back(std::make_shared<std::promise<absl::StatusOr<Applied>>>());
    answered.push_back(answers.back()->get_future());
    node.Propose(StrCat(prefix, i), [answer = answers.back()](absl::StatusOr<Applied> applied) {
      answer->set_value(std::move(applied));
    });
  }
  std::vector<absl::StatusOr<Applied>> results;
  for (auto& future : answered) {
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "a proposal was never answered";
      results.push_back(absl::DeadlineExceededError("unanswered"));
      continue;
    }
    results.push_back(future.get());
  }
  return results;
}

TEST(RaftNodeTest, ThreeNodesElectOneLeaderAndApplyTheSameEntriesInOrder) {
  TestCluster cluster(3);
  cluster.Bootstrap();
  cluster.StartAll();
  const auto started = std::chrono::steady_clock::now();
  const int leader = cluster.WaitForLeader(kElectionDeadline);
  ASSERT_GE(leader, 0) << "no leader within " << kElectionDeadline.count() << " s";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));

  uint64_t last_index = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string payload = StrCat("entry-", i, std::string(i, 'x'));
    absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(leader), payload);
    ASSERT_TRUE(applied.ok()) << applied.status();
    EXPECT_GT(applied->raft_index, last_index);
    EXPECT_EQ(applied->result, StrCat("applied ", applied->raft_index, ": ", payload));
    last_index = applied->raft_index;
  }
  ASSERT_TRUE(cluster.WaitForApplied(last_index));
  const auto expected = cluster.Machine(leader).Entries();
  ASSERT_EQ(expected.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(expected[i].payload, StrCat("entry-", i, std::string(i, 'x')));
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(cluster.Machine(i).Entries(), expected) << "node " << i;

  // A follower refuses and says where the leader is.
  const int follower = AnyFollower(cluster, leader);
  absl::StatusOr<Applied> refused = ProposeAndWait(cluster.Node(follower), "to a follower");
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  const std::optional<NotLeader> not_leader = GetNotLeader(refused.status());
  ASSERT_TRUE(not_leader.has_value());
  EXPECT_EQ(not_leader->leader_id, cluster.MemberAt(leader).id);
  EXPECT_EQ(not_leader->leader_address, cluster.MemberAt(leader).address);
  EXPECT_FALSE(not_leader->may_have_committed);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr(cluster.MemberAt(leader).address));
  EXPECT_EQ(cluster.Machine(follower).Entries().size(), 20u);  // nothing was appended
}

TEST(RaftNodeTest, StatusReportsStateLeaderTermIndexesAndConfiguration) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(leader), "one");
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_TRUE(cluster.WaitForApplied(applied->raft_index));
  for (int i = 0; i < 3; ++i) {
    const RaftStatus status = cluster.Node(i).Status();
    EXPECT_EQ(status.id, cluster.MemberAt(i).id);
    EXPECT_EQ(status.address, cluster.MemberAt(i).address);
    EXPECT_EQ(status.state, i == leader ? RaftState::kLeader : RaftState::kFollower);
    EXPECT_EQ(status.leader_id, cluster.MemberAt(leader).id);
    EXPECT_EQ(status.leader_address, cluster.MemberAt(leader).address);
    EXPECT_GE(status.term, 2u);  // bootstrap writes term 1; the first election raises it
    EXPECT_GE(status.commit_index, applied->raft_index);
    EXPECT_EQ(status.last_applied_index, applied->raft_index);
    EXPECT_TRUE(status.failure.ok());
    ASSERT_EQ(status.configuration.size(), 3u);
    for (int j = 0; j < 3; ++j) {
      EXPECT_EQ(status.configuration[j].id, cluster.MemberAt(j).id);
      EXPECT_EQ(status.configuration[j].address, cluster.MemberAt(j).address);
      EXPECT_EQ(status.configuration[j].role, Role::kVoter);
    }
  }
  cluster.Stop(leader);
  // A stopped node has nothing to report but itself.
}

TEST(RaftNodeTest, StoppedLeaderIsReplacedAndCatchesUpWhenRestarted) {
  TestCluster cluster(3);
  const int old_leader = cluster.StartElected();
  ASSERT_GE(old_leader, 0);
  for (const auto& applied : ProposeMany(cluster.Node(old_leader), "before-", 10)) {
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  cluster.Stop(old_leader);
  const auto stopped = std::chrono::steady_clock::now();
  const int new_leader = cluster.WaitForLeader(kElectionDeadline);
  ASSERT_GE(new_leader, 0) << "no new leader";
  ASSERT_NE(new_leader, old_leader);
  EXPECT_LT(std::chrono::steady_clock::now() - stopped, std::chrono::seconds(3));
  uint64_t last_index = 0;
  for (const auto& applied : ProposeMany(cluster.Node(new_leader), "after-", 10)) {
    ASSERT_TRUE(applied.ok()) << applied.status();
    last_index = applied->raft_index;
  }

  // Same folder, and the state machine as it was: it skips what it holds, applies the rest.
  ASSERT_TRUE(cluster.Start(old_leader).ok());
  ASSERT_TRUE(cluster.WaitForApplied(last_index));
  const auto expected = cluster.Machine(new_leader).Entries();
  ASSERT_EQ(expected.size(), 20u);
  EXPECT_EQ(cluster.Machine(old_leader).Entries(), expected);
  EXPECT_EQ(cluster.Machine(AnyFollower(cluster, new_leader)).Entries(), expected);
  const RaftStatus status = cluster.Node(old_leader).Status();
  EXPECT_EQ(status.state, RaftState::kFollower);
  EXPECT_EQ(status.leader_id, cluster.MemberAt(new_leader).id);
}

TEST(RaftNodeTest, NodeDownWhileEntriesCommitCatchesUpThroughASnapshot) {
  TestCluster cluster(3);
  cluster.SetSnapshots(16, 8);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  const int follower = AnyFollower(cluster, leader);
  for (const auto& applied : ProposeMany(cluster.Node(leader), "early-", 5)) {
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  ASSERT_TRUE(WaitFor([&] { return cluster.Machine(follower).Count() == 5; }));
  cluster.Stop(follower);
  uint64_t last_index = 0;
  for (const auto& applied : ProposeMany(cluster.Node(leader), "while-down-", 100)) {
    ASSERT_TRUE(applied.ok()) << applied.status();
    last_index = applied->raft_index;
  }
  // libraft snapshots at most once per apply round, so a burst may leave the log long; and
  // the transport keeps the last few messages for an unreachable peer, which may still
  // carry the old entries. Entries one by one until the log has been compacted past the
  // follower and ten heartbeats have pushed the old messages out.
  int extra = 0;
  auto compacted = std::chrono::steady_clock::now() + std::chrono::hours(1);
  while (extra < 200 && std::chrono::steady_clock::now() < compacted + kHeartbeats) {
    absl::StatusOr<Applied> applied =
        ProposeAndWait(cluster.Node(leader), StrCat("while-down-extra-", extra++));
    ASSERT_TRUE(applied.ok()) << applied.status();
    last_index = applied->raft_index;
    if (cluster.Node(leader).Status().snapshot_index >= 48 &&
        compacted > std::chrono::steady_clock::now()) {
      compacted = std::chrono::steady_clock::now();
    }
  }
  ASSERT_GE(cluster.Node(leader).Status().snapshot_index, 48u);

  ASSERT_TRUE(cluster.Start(follower).ok());
  ASSERT_TRUE(cluster.WaitForApplied(last_index));
  EXPECT_GE(cluster.Machine(follower).Restores(), 1) << "caught up without a snapshot";
  EXPECT_EQ(cluster.Machine(follower).Count(), 105u + extra);
  EXPECT_EQ(cluster.Machine(follower).Hash(), cluster.Machine(leader).Hash());

  // And it goes on applying entries after the snapshot.
  absl::StatusOr<Applied> later = ProposeAndWait(cluster.Node(leader), "later");
  ASSERT_TRUE(later.ok()) << later.status();
  ASSERT_TRUE(cluster.WaitForApplied(later->raft_index));
  EXPECT_EQ(cluster.Machine(follower).Hash(), cluster.Machine(leader).Hash());
  EXPECT_EQ(cluster.Machine(follower).Entries().back().payload, "later");
}

TEST(RaftNodeTest, NewNodeWithAnEmptyFolderJoinsAsAVoterAndCatchesUp) {
  TestCluster cluster(3);
  cluster.SetSnapshots(16, 8);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  for (const auto& applied : ProposeMany(cluster.Node(leader), "old-", 40)) {
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  const int joiner = cluster.AddSlot();
  ASSERT_TRUE(cluster.Start(joiner).ok());  // never bootstrapped: waits to be added
  EXPECT_TRUE(cluster.Node(joiner).Status().configuration.empty());
  const Member member = cluster.MemberAt(joiner);
  ASSERT_TRUE(ChangeAndWait([&](RaftNode::ChangeDone done) {
                cluster.Node(leader).Add(member, std::move(done));
              }).ok());
  const RaftStatus status = cluster.Node(leader).Status();
  ASSERT_EQ(status.configuration.size(), 4u);
  EXPECT_EQ(status.configuration[3].id, member.id);
  EXPECT_EQ(status.configuration[3].role, Role::kVoter);

  absl::StatusOr<Applied> later = ProposeAndWait(cluster.Node(leader), "new");
  ASSERT_TRUE(later.ok()) << later.status();
  ASSERT_TRUE(cluster.WaitForApplied(later->raft_index));
  EXPECT_GE(cluster.Machine(joiner).Restores(), 1);
  EXPECT_EQ(cluster.Machine(joiner).Count(), 41u);
  EXPECT_EQ(cluster.Machine(joiner).Hash(), cluster.Machine(leader).Hash());
  EXPECT_EQ(cluster.Machine(joiner).Entries().back().payload, "new");
  EXPECT_EQ(cluster.Node(joiner).Status().configuration.size(), 4u);
}

// The last Raft index a RecordingMachine state ("<count> <hash> <last index>") covers.
uint64_t StateIndex(const std::string& state) {
  unsigned long long count = 0, hash = 0, index = 0;
  EXPECT_EQ(std::sscanf(state.c_str(), "%llu %llu %llu", &count, &hash, &index), 3) << state;
  return index;
}

TEST(RaftNodeTest, ProposalsCommitWhileASnapshotJobRunsAndANewNodeGetsThePinnedState) {
  TestCluster cluster(3);
  cluster.SetSnapshots(16, 8);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  testing::RecordingMachine& machine = cluster.Machine(leader);
  machine.HoldSnapshots();
  ASSERT_TRUE(cluster.ProposeUntilASnapshotJobWaits(leader, "before-")) << "no snapshot job started";
  ASSERT_EQ(machine.Pinned().size(), 1u);
  const uint64_t pinned_index = StateIndex(machine.Pinned()[0]);

  // The job waits on its worker; meanwhile entries commit and are applied one by one.
  const uint64_t count_at_pin = machine.Count();
  uint64_t first_after_pin = 0;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(leader), StrCat("during-", i));
    ASSERT_TRUE(applied.ok()) << applied.status();
    if (first_after_pin == 0) first_after_pin = applied->raft_index;
  }
  EXPECT_EQ(machine.Count(), count_at_pin + 100);
  EXPECT_EQ(machine.JobsWaiting(), 1);
  EXPECT_EQ(machine.JobsFinished(), 0);
  EXPECT_EQ(machine.Pinned().size(), 1u) << "a second snapshot while one was pending";
  EXPECT_EQ(cluster.Node(leader).Status().snapshot_index, 0u) << "stored before the job ended";

  // Released, the snapshot is stored under the index of the moment it was pinned.
  machine.ReleaseSnapshots(1);
  ASSERT_TRUE(WaitFor([&] { return cluster.Node(leader).Status().snapshot_index > 0; }));
  const RaftStatus stored = cluster.Node(leader).Status();
  EXPECT_GE(stored.snapshot_index, pinned_index);
  EXPECT_LT(stored.snapshot_index, first_after_pin);
  EXPECT_TRUE(stored.snapshot_failure.ok()) << stored.snapshot_failure;

  // A new node catches up from it: the state as pinned, then the entries after it from the
  // log. Adding it applies entries, so the leader pins a second snapshot, held: the stored
  // one is what the new node gets.
  const int joiner = cluster.AddSlot();
  ASSERT_TRUE(cluster.Start(joiner).ok());
  const Member member = cluster.MemberAt(joiner);
  ASSERT_TRUE(ChangeAndWait([&](RaftNode::ChangeDone done) {
                cluster.Node(leader).Add(member, std::move(done));
              }).ok());
  absl::StatusOr<Applied> later = ProposeAndWait(cluster.Node(leader), "after the join");
  ASSERT_TRUE(later.ok()) << later.status();
  ASSERT_TRUE(cluster.WaitForApplied(later->raft_index));
  EXPECT_EQ(cluster.Machine(joiner).Restored(), std::vector<std::string>{machine.Pinned()[0]});
  EXPECT_EQ(cluster.Machine(joiner).Count(), machine.Count());
  EXPECT_EQ(cluster.Machine(joiner).Hash(), machine.Hash());
  EXPECT_EQ(cluster.Machine(joiner).Entries().back().payload, "after the join");
  // It applied exactly the entries after the snapshot's index.
  std::vector<testing::RecordingMachine::Entry> after_snapshot;
  for (const auto& entry : machine.Entries()) {
    if (entry.raft_index > stored.snapshot_index) after_snapshot.push_back(entry);
  }
  EXPECT_EQ(cluster.Machine(joiner).Entries(), after_snapshot);
}

TEST(RaftNodeTest, FailedSnapshotLeavesTheNodeWorkingAndALaterOneIsStored) {
  TestCluster cluster(3);
  cluster.SetSnapshots(16, 8);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  RaftNode& node = cluster.Node(leader);
  testing::RecordingMachine& machine = cluster.Machine(leader);
  int proposed = 0;
  auto propose = [&](int count) {
    for (int i = 0; i < count; ++i) {
      absl::StatusOr<Applied> applied = ProposeAndWait(node, StrCat("entry-", proposed++));
      ASSERT_TRUE(applied.ok()) << applied.status();
    }
  };

  // The job fails: the node goes on and says why.
  machine.FailSnapshots(absl::DataLossError("disk on fire"), /*pin=*/false);
  for (int i = 0; i < 40 && machine.JobsFailed() == 0; ++i) propose(1);
  ASSERT_EQ(machine.JobsFailed(), 1);
  ASSERT_TRUE(WaitFor([&] { return !node.Status().snapshot_failure.ok(); }));
  RaftStatus status = node.Status();
  EXPECT_EQ(status.snapshot_failure.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(status.snapshot_failure.message()), HasSubstr("disk on fire"));
  EXPECT_EQ(status.snapshot_index, 0u);
  EXPECT_EQ(status.state, RaftState::kLeader);
  EXPECT_TRUE(status.failure.ok()) << status.failure;
  // No new attempt before another snapshot_threshold (16) entries.
  propose(10);
  EXPECT_EQ(machine.JobsStarted(), 1);

  // Then the hook fails to pin: the same.
  machine.FailSnapshots(absl::OkStatus(), /*pin=*/false);
  machine.FailSnapshots(absl::UnavailableError("cannot pin"), /*pin=*/true);
  ASSERT_TRUE(WaitFor([&] {
    propose(1);
    return std::string(node.Status().snapshot_failure.message()).find("cannot pin") !=
           std::string::npos;
  }));
  EXPECT_EQ(machine.JobsStarted(), 1);
  EXPECT_EQ(node.Status().snapshot_failure.code(), absl::StatusCode::kUnavailable);

  // Once the state machine can again, a snapshot is stored and the failure cleared.
  machine.FailSnapshots(absl::OkStatus(), /*pin=*/true);
  ASSERT_TRUE(WaitFor([&] {
    propose(1);
    return node.Status().snapshot_index > 0;
  }));
  status = node.Status();
  EXPECT_TRUE(status.snapshot_failure.ok()) << status.snapshot_failure;
  EXPECT_TRUE(status.failure.ok()) << status.failure;
  EXPECT_EQ(status.state, RaftState::kLeader);
  EXPECT_EQ(machine.JobsFinished(), 2);
  EXPECT_EQ(machine.Count(), static_cast<uint64_t>(proposed));
}

TEST(RaftNodeTest, RemovedNodeLeavesTheConfigurationAndTheRestGoesOn) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  const int removed = AnyFollower(cluster, leader);
  const uint64_t removed_id = cluster.MemberAt(removed).id;
  ASSERT_TRUE(ChangeAndWait([&](RaftNode::ChangeDone done) {
                cluster.Node(leader).Remove(removed_id, std::move(done));
              }).ok());
  const RaftStatus status = cluster.Node(leader).Status();
  ASSERT_EQ(status.configuration.size(), 2u);
  for (const Member& member : status.configuration) EXPECT_NE(member.id, removed_id);
  EXPECT_EQ(status.leader_id, cluster.MemberAt(leader).id);

  // Removing it again, or someone unknown, is refused; adding a used id too.
  absl::Status again = ChangeAndWait(
      [&](RaftNode::ChangeDone done) { cluster.Node(leader).Remove(removed_id, std::move(done)); });
  EXPECT_EQ(again.code(), absl::StatusCode::kInvalidArgument) << again;
  absl::Status duplicate = ChangeAndWait([&](RaftNode::ChangeDone done) {
    cluster.Node(leader).Add(cluster.MemberAt(leader), std::move(done));
  });
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists) << duplicate;

  cluster.Stop(removed);
  absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(leader), "two of two");
  ASSERT_TRUE(applied.ok()) << applied.status();
}

TEST(RaftNodeTest, AssignChangesAMembersRole) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  const int follower = AnyFollower(cluster, leader);
  const uint64_t follower_id = cluster.MemberAt(follower).id;
  ASSERT_TRUE(ChangeAndWait([&](RaftNode::ChangeDone done) {
                cluster.Node(leader).Assign(follower_id, Role::kStandby, std::move(done));
              }).ok());
  for (const Member& member : cluster.Node(leader).Status().configuration) {
    EXPECT_EQ(member.role, member.id == follower_id ? Role::kStandby : Role::kVoter);
  }
  // A standby still receives the log.
  absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(leader), "to a standby too");
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_TRUE(cluster.WaitForApplied(applied->raft_index));
  EXPECT_EQ(cluster.Machine(follower).Entries().back().payload, "to a standby too");
  // It has the role already: refused.
  absl::Status again = ChangeAndWait([&](RaftNode::ChangeDone done) {
    cluster.Node(leader).Assign(follower_id, Role::kStandby, std::move(done));
  });
  EXPECT_EQ(again.code(), absl::StatusCode::kInvalidArgument) << again;
  // Too large a payload is refused before it reaches the loop thread.
  absl::StatusOr<Applied> too_large =
      ProposeAndWait(cluster.Node(leader), std::string(kPayloadBytesMax + 1, 'x'));
  EXPECT_EQ(too_large.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RaftNodeTest, BarrierCompletesOnTheLeaderOnly) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  const auto answers = ProposeMany(cluster.Node(leader), "before-barrier-", 10);
  auto barrier = [&](int node) {
    auto answer = std::make_shared<std::promise<absl::StatusOr<uint64_t>>>();
    auto answered = answer->get_future();
    cluster.Node(node).Barrier(
        [answer](absl::StatusOr<uint64_t> index) { answer->set_value(std::move(index)); });
    EXPECT_EQ(answered.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    return answered.get();
  };
  absl::StatusOr<uint64_t> index = barrier(leader);
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_GT(*index, answers.back()->raft_index);
  EXPECT_EQ(cluster.Machine(leader).Count(), 10u);
  absl::StatusOr<uint64_t> refused = barrier(AnyFollower(cluster, leader));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(GetNotLeader(refused.status()).has_value());
}

TEST(RaftNodeTest, LeadershipTransfersToTheChosenVoter) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  const int target = AnyFollower(cluster, leader);
  ASSERT_TRUE(ChangeAndWait([&](RaftNode::ChangeDone done) {
                cluster.Node(leader).TransferLeadership(cluster.MemberAt(target).id,
                                                        std::move(done));
              }).ok());
  EXPECT_EQ(cluster.WaitForLeader(kElectionDeadline), target);
  absl::Status from_follower = ChangeAndWait([&](RaftNode::ChangeDone done) {
    cluster.Node(leader).TransferLeadership(0, std::move(done));
  });
  EXPECT_EQ(from_follower.code(), absl::StatusCode::kFailedPrecondition) << from_follower;
}

TEST(RaftNodeTest, StateMachineFailureFailsTheNodeAndTheOthersGoOn) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  absl::StatusOr<Applied> first = ProposeAndWait(cluster.Node(leader), "fine");
  ASSERT_TRUE(first.ok()) << first.status();
  cluster.Machine(leader).FailFrom(first->raft_index + 1,
                                   absl::ResourceExhaustedError("disk full"));
  absl::StatusOr<Applied> failed = ProposeAndWait(cluster.Node(leader), "fails here");
  ASSERT_EQ(failed.status().code(), absl::StatusCode::kResourceExhausted) << failed.status();
  EXPECT_THAT(std::string(failed.status().message()), HasSubstr("disk full"));
  ASSERT_TRUE(
      WaitFor([&] { return cluster.Node(leader).Status().state == RaftState::kUnavailable; }));
  const RaftStatus status = cluster.Node(leader).Status();
  EXPECT_EQ(status.failure.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.last_applied_index, first->raft_index);
  absl::StatusOr<Applied> later = ProposeAndWait(cluster.Node(leader), "after the failure");
  EXPECT_EQ(later.status().code(), absl::StatusCode::kResourceExhausted) << later.status();

  // The failed node left consensus: the other two elect a leader and apply the entry.
  int new_leader = -1;
  ASSERT_TRUE(WaitFor([&] {
    for (int i = 0; i < 3; ++i) {
      if (i != leader && cluster.Node(i).Status().state == RaftState::kLeader) new_leader = i;
    }
    return new_leader >= 0;
  }));
  absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(new_leader), "goes on");
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(cluster.Machine(new_leader).Entries().back().payload, "goes on");
}

TEST(RaftNodeTest, StopAnswersPendingProposalsAndLaterOnes) {
  TestCluster cluster(3);
  const int leader = cluster.StartElected();
  ASSERT_GE(leader, 0);
  for (int i = 0; i < 3; ++i) {
    if (i != leader) cluster.Stop(i);
  }
  // Without followers nothing commits: these wait until the leader stops.
  auto answer = std::make_shared<std::promise<absl::StatusOr<Applied>>>();
  auto answered = answer->get_future();
  cluster.Node(leader).Propose("never committed", [answer](absl::StatusOr<Applied> applied) {
    answer->set_value(std::move(applied));
  });
  cluster.Node(leader).Stop();
  ASSERT_EQ(answered.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  const absl::Status stopped = answered.get().status();
  EXPECT_EQ(stopped.code(), absl::StatusCode::kUnavailable) << stopped;
  EXPECT_THAT(std::string(stopped.message()), HasSubstr("node stopping"));

  absl::StatusOr<Applied> later = ProposeAndWait(cluster.Node(leader), "after stop");
  EXPECT_EQ(later.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(cluster.Node(leader).Status().state, RaftState::kUnavailable);
  cluster.Node(leader).Stop();  // idempotent
}

TEST(RaftNodeTest, BootstrapWritesOnceIntoAnEmptyFolder) {
  ledger::testing::TempDir dir;
  const std::vector<Member> voters = {{1, "127.0.0.1:9001"}, {2, "127.0.0.1:9002"}};
  ASSERT_TRUE(RaftNode::Bootstrap(dir.Sub("raft"), voters).ok());
  const absl::Status again = RaftNode::Bootstrap(dir.Sub("raft"), voters);
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(again.message()), HasSubstr(dir.Sub("raft")));
  EXPECT_EQ(RaftNode::Bootstrap(dir.Sub("other"), {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RaftNode::Bootstrap(dir.Sub("other"), {{1, "127.0.0.1:1"}, {1, "127.0.0.1:2"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RaftNode::Bootstrap(dir.Sub("other"), {{0, "127.0.0.1:1"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RaftNode::Bootstrap(dir.Sub("other"), {{1, "localhost:1"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RaftNode::Bootstrap(dir.Sub("other"), {{1, "127.0.0.1:1", Role::kSpare}}).code(),
            absl::StatusCode::kInvalidArgument);
  // The refused attempts wrote nothing: the folder can still be bootstrapped.
  EXPECT_TRUE(RaftNode::Bootstrap(dir.Sub("other"), voters).ok());
}

TEST(RaftNodeTest, StartFailsCleanlyWhenTheAddressIsTaken) {
  TestCluster cluster(1);
  cluster.Bootstrap();
  // Someone else listens on the node's port.
  const std::string address = cluster.MemberAt(0).address;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in bound{};
  bound.sin_family = AF_INET;
  bound.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bound.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(10))));
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&bound), sizeof bound), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  const absl::Status started = cluster.Start(0);
  EXPECT_FALSE(started.ok());
  EXPECT_THAT(std::string(started.message()), HasSubstr(cluster.Dir(0))) << started;
  close(fd);
  // Nothing was left behind: the same folder and address start now, and elect themselves.
  ASSERT_TRUE(cluster.Start(0).ok());
  EXPECT_EQ(cluster.WaitForLeader(kElectionDeadline), 0);
  absl::StatusOr<Applied> applied = ProposeAndWait(cluster.Node(0), "alone");
  EXPECT_TRUE(applied.ok()) << applied.status();
}

TEST(RaftNodeTest, StartRefusesBadOptions) {
  ledger::testing::TempDir dir;
  testing::RecordingMachine machine;
  RaftOptions options;
  options.id = 1;
  options.address = StrCat("127.0.0.1:", testing::FreePort());
  options.dir = dir.Sub("raft");
  options.state_machine = machine.Hooks();
  options.heartbeat_timeout_ms = options.election_timeout_ms;
  EXPECT_EQ(RaftNode::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.heartbeat_timeout_ms = 100;
  options.state_machine.restore = nullptr;
  EXPECT_EQ(RaftNode::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.state_machine = machine.Hooks();
  options.id = 0;
  EXPECT_EQ(RaftNode::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.id = 1;
  options.address = "localhost:7430";
  EXPECT_EQ(RaftNode::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace noaber::node::cluster
