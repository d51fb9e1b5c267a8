#include "node/write_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <future>
#include <thread>

#include "ledger/testing/test_community.h"
#include "noaber/ledger/strings.h"

namespace noaber::node {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::Outcome;
using ledger::ResultCode;
using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

class WritePipelineTest : public ::testing::Test {
 protected:
  WritePipelineTest() { now_ms_ = c_.now_ms; }

  std::unique_ptr<WritePipeline> Pipeline(size_t queue_max = 100, int64_t tick_ms = 1000) {
    WritePipelineOptions options;
    options.queue_operations_max = queue_max;
    options.tick_interval_ms = tick_ms;
    options.clock_ms = [this] { return now_ms_.load(); };
    return std::make_unique<WritePipeline>(&c_.ledger(), options);
  }
  std::string OpenBytes(const std::string& handle) {
    return TestCommunity::SignBy(
        c_.Op(
            {ledger::OpenAccount{handle, AccountKind::kResident, {KeyFor(handle).public_key}, 1}}),
        {"admin1"});
  }
  std::string PayBytes(const std::string& from, const std::string& to, int64_t minutes) {
    return TestCommunity::SignBy(
        c_.Op({ledger::Transfer{from, to, "HOUR", Amount{minutes}, "", ""}}), {from});
  }
  ledger::VerifiedOperation Verified(const std::string& bytes) {
    ledger::VerifiedOperation v;
    EXPECT_TRUE(ledger::VerifyOperation(c_.id(), bytes, &v).ok());
    return v;
  }

  TestCommunity c_;
  std::atomic<int64_t> now_ms_;
};

TEST_F(WritePipelineTest, CommitsAndReportsTheJournalIndex) {
  auto pipeline = Pipeline();
  pipeline->Start();
  Outcome opened = pipeline->Submit(OpenBytes("anna"));
  EXPECT_EQ(opened.code, ResultCode::kAccepted) << opened.message;
  EXPECT_EQ(opened.index, 1u);
  EXPECT_EQ(pipeline->committed_head().index, 1u);
  EXPECT_EQ(c_.AccountOf("anna").handle, "anna");
  const std::string again = OpenBytes("bob");
  EXPECT_EQ(pipeline->Submit(again).code, ResultCode::kAccepted);
  Outcome retried = pipeline->Submit(again);
  EXPECT_EQ(retried.code, ResultCode::kAlreadyApplied);
  EXPECT_EQ(retried.index, 2u);
}

TEST_F(WritePipelineTest, PassesRejectionsThrough) {
  auto pipeline = Pipeline();
  pipeline->Start();
  EXPECT_EQ(pipeline->Submit("garbage").code, ResultCode::kMalformedEncoding);
  ASSERT_EQ(pipeline->Submit(OpenBytes("anna")).code, ResultCode::kAccepted);
  ASSERT_EQ(pipeline->Submit(OpenBytes("bob")).code, ResultCode::kAccepted);
  Outcome overdraft = pipeline->Submit(PayBytes("anna", "bob", 601));  // credit line is 10h
  EXPECT_EQ(overdraft.code, ResultCode::kExceedsMinimum);
  EXPECT_FALSE(overdraft.message.empty());
  EXPECT_EQ(pipeline->committed_head().index, 2u);
}

TEST_F(WritePipelineTest, FullQueueAnswersBusyAtOnce) {
  auto pipeline = Pipeline(/*queue_max=*/2);  // not started: nothing drains the queue
  std::promise<Outcome> first, second;
  ASSERT_TRUE(
      pipeline->Enqueue(Verified(OpenBytes("anna")), [&](const Outcome& o) { first.set_value(o); })
          .ok());
  ASSERT_TRUE(
      pipeline->Enqueue(Verified(OpenBytes("bob")), [&](const Outcome& o) { second.set_value(o); })
          .ok());
  ledger::Rejection busy = pipeline->Enqueue(Verified(OpenBytes("carl")), [](const Outcome&) {
    ADD_FAILURE() << "a refused operation must not complete";
  });
  EXPECT_EQ(busy.code, ResultCode::kBusy);
  EXPECT_EQ(pipeline->Submit(OpenBytes("dora")).code, ResultCode::kBusy);
  pipeline->Start();
  EXPECT_EQ(first.get_future().get().code, ResultCode::kAccepted);
  EXPECT_EQ(second.get_future().get().code, ResultCode::kAccepted);
}

TEST_F(WritePipelineTest, ConcurrentSubmitsAllCommit) {
  auto pipeline = Pipeline();
  pipeline->Start();
  constexpr int kThreads = 8;
  std::vector<std::string> operations;
  for (int i = 0; i < kThreads; ++i) operations.push_back(OpenBytes("user" + std::to_string(i)));
  std::vector<std::future<Outcome>> outcomes;
  for (const std::string& bytes : operations) {
    outcomes.push_back(std::async(std::launch::async, [&] { return pipeline->Submit(bytes); }));
  }
  std::set<uint64_t> indexes;
  for (auto& outcome : outcomes) {
    Outcome o = outcome.get();
    EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
    indexes.insert(o.index);
  }
  EXPECT_EQ(indexes.size(), static_cast<size_t>(kThreads));
  EXPECT_EQ(pipeline->committed_head().index, static_cast<uint64_t>(kThreads));
}

TEST_F(WritePipelineTest, StorageErrorStopsWritesAndIsNeverAcknowledged) {
  auto store = std::make_unique<ledger::MemoryStore>();
  TestCommunity c(store.get());
  WritePipelineOptions options;
  options.clock_ms = [&c] { return c.now_ms; };
  WritePipeline pipeline(&c.ledger(), options);
  const std::string anna = TestCommunity::SignBy(
      c.Op({ledger::OpenAccount{"anna", AccountKind::kResident, {KeyFor("anna").public_key}, 1}}),
      {"admin1"});
  store->FailNextCommit(absl::DataLossError("disk on fire"));
  pipeline.Start();
  Outcome failed = pipeline.Submit(anna);
  EXPECT_EQ(failed.code, ResultCode::kUnavailable);
  EXPECT_NE(failed.message.find("disk on fire"), std::string::npos) << failed.message;
  EXPECT_FALSE(pipeline.failure().ok());
  Outcome later = pipeline.Submit(anna);
  EXPECT_EQ(later.code, ResultCode::kUnavailable);
  EXPECT_NE(later.message.find("storage error"), std::string::npos) << later.message;
  EXPECT_FALSE(c.store().GetAccount("anna")->has_value());
  EXPECT_EQ(pipeline.committed_head().index, 0u);
}

TEST_F(WritePipelineTest, TicksExpireDuePendingTransfers) {
  auto pipeline = Pipeline(/*queue_max=*/100, /*tick_ms=*/5);
  pipeline->Start();
  ASSERT_EQ(pipeline->Submit(OpenBytes("anna")).code, ResultCode::kAccepted);
  ASSERT_EQ(pipeline->Submit(OpenBytes("bob")).code, ResultCode::kAccepted);
  ledger::Operation op =
      c_.Op({ledger::CreatePending{{"anna", "bob", "HOUR", Amount{60}, "", ""}, 1000}});
  ASSERT_EQ(pipeline->Submit(TestCommunity::SignBy(op, {"anna"})).code, ResultCode::kAccepted);
  const uint64_t head = pipeline->committed_head().index;
  now_ms_ += 1001;  // no submit follows: only the tick can write the expiry
  EXPECT_EQ(pipeline->WaitForCommitAfter(head, std::chrono::seconds(10)), head + 1);
  auto pending = c_.store().GetPending(op.id);
  ASSERT_TRUE(pending.ok() && pending->has_value());
  EXPECT_EQ((*pending)->state, ledger::PendingState::kExpired);
}

TEST_F(WritePipelineTest, StopFailsWhatNeverRanAndEndsWatches) {
  auto pipeline = Pipeline();
  std::promise<Outcome> queued;
  ASSERT_TRUE(
      pipeline->Enqueue(Verified(OpenBytes("anna")), [&](const Outcome& o) { queued.set_value(o); })
          .ok());
  pipeline->Stop();
  EXPECT_EQ(queued.get_future().get().code, ResultCode::kUnavailable);
  EXPECT_EQ(pipeline->Submit(OpenBytes("bob")).code, ResultCode::kUnavailable);
  EXPECT_TRUE(pipeline->watches_ended());
  // Returns at once rather than after the timeout.
  EXPECT_EQ(pipeline->WaitForCommitAfter(0, std::chrono::hours(1)), 0u);
}

TEST_F(WritePipelineTest, StopCommitsWhatIsQueued) {
  auto pipeline = Pipeline();
  std::vector<std::promise<Outcome>> outcomes(3);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(pipeline
                    ->Enqueue(Verified(OpenBytes("user" + std::to_string(i))),
                              [&outcomes, i](const Outcome& o) { outcomes[i].set_value(o); })
                    .ok());
  }
  pipeline->Start();
  pipeline->Stop();  // right away: the sequencer still drains the queue before it exits
  for (auto& outcome : outcomes) EXPECT_EQ(outcome.get_future().get().code, ResultCode::kAccepted);
  EXPECT_EQ(c_.ledger().head().index, 3u);
}

}  // namespace
}  // namespace noaber::node

namespace noaber::node {
namespace {

// Batches (SubmitGroup): one outcome per operation, in order, only after the commit.
class WritePipelineGroupTest : public WritePipelineTest {
 protected:
  std::vector<Outcome> SubmitAll(WritePipeline& pipeline, std::vector<std::string> operations,
                                 ledger::Rejection* queued = nullptr) {
    std::promise<std::vector<Outcome>> promise;
    ledger::Rejection r = pipeline.SubmitGroup(
        &pool_, operations,
        [&promise](std::vector<Outcome> outcomes) { promise.set_value(std::move(outcomes)); });
    if (queued != nullptr) *queued = r;
    if (!r.ok()) return {};
    return promise.get_future().get();
  }
  VerifyPool pool_{2};
};

TEST_F(WritePipelineGroupTest, EveryOperationGetsItsOwnOutcomeInOrder) {
  auto pipeline = Pipeline(/*queue_max=*/1000);
  pipeline->Start();
  // Valid and invalid mixed: a bad encoding, a refusal by the rules, a repeat.
  const std::string anna = OpenBytes("anna");
  std::vector<Outcome> outcomes =
      SubmitAll(*pipeline, {anna, "garbage", OpenBytes("bob"), PayBytes("anna", "bob", 601),
                            PayBytes("anna", "bob", 30), anna});
  ASSERT_EQ(outcomes.size(), 6u);
  EXPECT_EQ(outcomes[0].code, ResultCode::kAccepted);
  EXPECT_EQ(outcomes[0].index, 1u);
  EXPECT_EQ(outcomes[1].code, ResultCode::kMalformedEncoding);
  EXPECT_EQ(outcomes[2].code, ResultCode::kAccepted);
  EXPECT_EQ(outcomes[2].index, 2u);
  EXPECT_EQ(outcomes[3].code, ResultCode::kExceedsMinimum) << outcomes[3].message;
  EXPECT_EQ(outcomes[4].code, ResultCode::kAccepted);
  EXPECT_EQ(outcomes[4].index, 3u) << "applied in the order given, after bob was opened";
  EXPECT_EQ(outcomes[5].code, ResultCode::kAlreadyApplied);
  EXPECT_EQ(outcomes[5].index, 1u);
  EXPECT_EQ(pipeline->committed_head().index, 3u);
  EXPECT_EQ(c_.BalanceOf("bob", "HOUR").balance.minor_units, 30);
}

TEST_F(WritePipelineGroupTest, ALinkedOperationIsAllOrNothingInsideABatch) {
  auto pipeline = Pipeline(/*queue_max=*/1000);
  pipeline->Start();
  ASSERT_EQ(SubmitAll(*pipeline, {OpenBytes("anna"), OpenBytes("bob")})[1].code,
            ResultCode::kAccepted);
  // One operation with two transfers, the second past anna's credit line: neither moves.
  const std::string linked = TestCommunity::SignBy(
      c_.Op({ledger::Transfer{"anna", "bob", "HOUR", Amount{60}, "", ""},
             ledger::Transfer{"anna", "bob", "HOUR", Amount{600}, "", ""}}),
      {"anna"});
  std::vector<Outcome> outcomes = SubmitAll(*pipeline, {linked, PayBytes("anna", "bob", 60)});
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].code, ResultCode::kExceedsMinimum);
  EXPECT_EQ(outcomes[1].code, ResultCode::kAccepted);
  EXPECT_EQ(c_.BalanceOf("bob", "HOUR").balance.minor_units, 60);
}

TEST_F(WritePipelineGroupTest, AGroupThatDoesNotFitIsRefusedWhole) {
  auto pipeline = Pipeline(/*queue_max=*/3);  // not started: nothing drains the queue
  ledger::Rejection queued;
  std::promise<std::vector<Outcome>> first;
  ASSERT_TRUE(pipeline
                  ->SubmitGroup(&pool_, std::vector<std::string>{OpenBytes("anna"), OpenBytes("bob")},
                                [&first](std::vector<Outcome> o) { first.set_value(std::move(o)); })
                  .ok());
  SubmitAll(*pipeline, {OpenBytes("carl"), OpenBytes("dora")}, &queued);
  EXPECT_EQ(queued.code, ResultCode::kBusy);
  EXPECT_NE(queued.message.find("queue is full"), std::string::npos);
  // Nothing of the refused group is applied once the pipeline runs; the first one is.
  pipeline->Start();
  std::vector<Outcome> applied = first.get_future().get();
  EXPECT_EQ(applied[1].index, 2u);
  EXPECT_FALSE(c_.store().GetAccount("carl")->has_value());
}

TEST_F(WritePipelineGroupTest, NothingIsAnsweredBeforeTheCommitAndAFailedCommitIsNotAccepted) {
  auto store = std::make_unique<ledger::MemoryStore>();
  TestCommunity c(store.get());
  WritePipelineOptions options;
  options.clock_ms = [&c] { return c.now_ms; };
  WritePipeline pipeline(&c.ledger(), options);
  auto open = [&c](const std::string& handle) {
    return TestCommunity::SignBy(
        c.Op({ledger::OpenAccount{handle, AccountKind::kResident, {KeyFor(handle).public_key}, 1}}),
        {"admin1"});
  };
  store->FailNextCommit(absl::DataLossError("disk on fire"));
  pipeline.Start();
  std::promise<std::vector<Outcome>> promise;
  ASSERT_TRUE(pipeline
                  .SubmitGroup(&pool_, std::vector<std::string>{open("anna"), open("bob")},
                               [&](std::vector<Outcome> o) { promise.set_value(std::move(o)); })
                  .ok());
  std::vector<Outcome> outcomes = promise.get_future().get();
  ASSERT_EQ(outcomes.size(), 2u);
  for (const Outcome& o : outcomes) EXPECT_EQ(o.code, ResultCode::kUnavailable) << o.message;
  EXPECT_FALSE(c.store().GetAccount("anna")->has_value());
}

TEST_F(WritePipelineGroupTest, ConcurrentGroupsAllCommitInOneOrder) {
  auto pipeline = Pipeline(/*queue_max=*/100'000);
  pipeline->Start();
  constexpr int kGroups = 8, kPerGroup = 50;
  std::vector<std::vector<std::string>> groups(kGroups);
  for (int g = 0; g < kGroups; ++g) {
    for (int i = 0; i < kPerGroup; ++i) groups[g].push_back(OpenBytes(ledger::StrCat("r", g, "x", i)));
  }
  std::vector<std::future<std::vector<Outcome>>> results;
  for (int g = 0; g < kGroups; ++g) {
    results.push_back(std::async(std::launch::async, [&, g] { return SubmitAll(*pipeline, groups[g]); }));
  }
  std::set<uint64_t> indexes;
  for (auto& result : results) {
    std::vector<Outcome> outcomes = result.get();
    ASSERT_EQ(outcomes.size(), static_cast<size_t>(kPerGroup));
    for (size_t i = 0; i < outcomes.size(); ++i) {
      ASSERT_EQ(outcomes[i].code, ResultCode::kAccepted) << outcomes[i].message;
      indexes.insert(outcomes[i].index);
      // Within a group, consecutive indexes in the order given.
      if (i > 0) EXPECT_EQ(outcomes[i].index, outcomes[i - 1].index + 1);
    }
  }
  EXPECT_EQ(indexes.size(), static_cast<size_t>(kGroups * kPerGroup));
  EXPECT_EQ(*indexes.rbegin(), static_cast<uint64_t>(kGroups * kPerGroup));
}

}  // namespace
}  // namespace noaber::node

namespace noaber::node {
namespace {

// A Replicator standing in for the Raft log: it leads or not as told, and "commits" a
// proposal by applying it to the ledger on its own thread, as a member's apply would, or
// fails it as a lost leadership would.
class FakeReplicator final : public Replicator {
 public:
  explicit FakeReplicator(ledger::Ledger* ledger) : ledger_(ledger) {}
  ~FakeReplicator() override {
    for (std::thread& t : threads_) t.join();
  }
  std::optional<std::string> NotLeader() const override {
    if (leading_) return std::nullopt;
    return leader_;
  }
  std::string NotLeaderMessage() const override { return "not the leader: ask " + leader_; }
  void Propose(int64_t timestamp_ms, std::vector<std::string> signed_operations,
               Done done) override {
    ++proposals_;
    operations_proposed_ += signed_operations.size();
    threads_.emplace_back([this, timestamp_ms, ops = std::move(signed_operations),
                           done = std::move(done)]() mutable {
      std::lock_guard<std::mutex> lock(mutex_);  // one apply at a time, in proposal order
      if (fail_next_) {
        fail_next_ = false;
        leading_ = false;
        return done(absl::UnavailableError("leadership lost"));
      }
      std::vector<ledger::VerifiedOperation> verified;
      for (const std::string& bytes : ops) {
        ledger::VerifiedOperation v;
        EXPECT_TRUE(ledger::DecodeReplicatedOperation(ledger_->community_id(), bytes, &v).ok());
        verified.push_back(std::move(v));
      }
      done(ledger_->ApplyBatch(timestamp_ms, std::move(verified), ++raft_index_));
    });
  }
  bool ExpiriesDue(int64_t now_ms) const override { return false; }

  std::atomic<bool> leading_{true};
  std::string leader_ = "10.0.0.2:7420";
  std::atomic<bool> fail_next_{false};
  std::atomic<int> proposals_{0};
  std::atomic<size_t> operations_proposed_{0};

 private:
  ledger::Ledger* ledger_;
  std::mutex mutex_;
  uint64_t raft_index_ = 0;
  std::vector<std::thread> threads_;
};

class ReplicatedPipelineTest : public ::testing::Test {
 protected:
  std::unique_ptr<WritePipeline> Pipeline() {
    WritePipelineOptions options;
    options.clock_ms = [this] { return c_.now_ms; };
    options.replicator = &replicator_;
    return std::make_unique<WritePipeline>(&c_.ledger(), options);
  }
  std::string OpenBytes(const std::string& handle) {
    return ledger::testing::TestCommunity::SignBy(
        c_.Op({ledger::OpenAccount{handle, ledger::AccountKind::kResident,
                                   {ledger::testing::KeyFor(handle).public_key}, 1}}),
        {"admin1"});
  }

  ledger::testing::TestCommunity c_;
  FakeReplicator replicator_{&c_.ledger()};
};

TEST_F(ReplicatedPipelineTest, TheLeaderProposesAndAnswersWithTheAppliedOutcomes) {
  auto pipeline = Pipeline();
  pipeline->Start();
  ledger::Outcome opened = pipeline->Submit(OpenBytes("anna"));
  EXPECT_EQ(opened.code, ledger::ResultCode::kAccepted) << opened.message;
  EXPECT_EQ(opened.index, 1u);
  EXPECT_EQ(replicator_.proposals_.load(), 1);
  EXPECT_EQ(c_.store().GetRaftAppliedIndex().value_or(0), 1u);
  // The pipeline never applied anything itself: its head moves when the member says so.
  EXPECT_EQ(pipeline->committed_head().index, 0u);
  pipeline->Committed(c_.ledger().head());
  EXPECT_EQ(pipeline->committed_head().index, 1u);
  const std::string bytes = OpenBytes("bob");
  EXPECT_EQ(pipeline->Submit(bytes).code, ledger::ResultCode::kAccepted);
  EXPECT_EQ(pipeline->Submit(bytes).code, ledger::ResultCode::kAlreadyApplied);
}

TEST_F(ReplicatedPipelineTest, AFollowerRefusesWritesNamingTheLeader) {
  auto pipeline = Pipeline();
  pipeline->Start();
  replicator_.leading_ = false;
  ledger::Outcome refused = pipeline->Submit(OpenBytes("anna"));
  EXPECT_EQ(refused.code, ledger::ResultCode::kNotLeader);
  EXPECT_NE(refused.message.find("10.0.0.2:7420"), std::string::npos) << refused.message;
  EXPECT_EQ(replicator_.proposals_.load(), 0);
  EXPECT_EQ(c_.ledger().head().index, 0u);
}

TEST_F(ReplicatedPipelineTest, ALostLeadershipAnswersEveryCallerThatItMayHaveBeenApplied) {
  auto pipeline = Pipeline();
  pipeline->Start();
  replicator_.fail_next_ = true;
  ledger::Outcome lost = pipeline->Submit(OpenBytes("anna"));
  EXPECT_EQ(lost.code, ledger::ResultCode::kNotLeader);
  EXPECT_NE(lost.message.find("may have been applied"), std::string::npos) << lost.message;
  EXPECT_EQ(c_.ledger().head().index, 0u);
}

TEST_F(ReplicatedPipelineTest, GroupsKeepTheirOrderAndOutcomesThroughTheLog) {
  auto pipeline = Pipeline();
  pipeline->Start();
  VerifyPool pool;
  std::vector<std::string> group = {OpenBytes("anna"), "garbage", OpenBytes("bob"),
                                    OpenBytes("anna")};
  std::promise<std::vector<ledger::Outcome>> promise;
  ASSERT_TRUE(pipeline
                  ->SubmitGroup(&pool, group,
                                [&](std::vector<ledger::Outcome> o) { promise.set_value(o); })
                  .ok());
  std::vector<ledger::Outcome> outcomes = promise.get_future().get();
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_EQ(outcomes[0].code, ledger::ResultCode::kAccepted);
  EXPECT_EQ(outcomes[1].code, ledger::ResultCode::kMalformedEncoding);
  EXPECT_EQ(outcomes[2].code, ledger::ResultCode::kAccepted);
  EXPECT_EQ(outcomes[3].code, ledger::ResultCode::kAccountExists);
  EXPECT_EQ(outcomes[2].index, outcomes[0].index + 1);
  // Only what verified went into the log.
  EXPECT_EQ(replicator_.operations_proposed_.load(), 3u);
}

}  // namespace
}  // namespace noaber::node
