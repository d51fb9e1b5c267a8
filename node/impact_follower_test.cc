// The node's impact follower over a real write pipeline on the in-memory store: it follows
// what is committed, a report includes everything acknowledged before it and equals a
// recomputation, the figures are saved on stop and loaded on start, and a state file that
// does not belong to the journal is set aside.
#include "node/impact_follower.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"

namespace noaber::node {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::ResultCode;
using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

class ImpactFollowerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    c_.now_ms = SystemNowMs();  // the pipeline stamps entries with the system clock
    pipeline_ = std::make_unique<WritePipeline>(&c_.ledger(), WritePipelineOptions{});
    pipeline_->Start();
    for (int i = 0; i < kResidents; ++i) {
      const std::string handle = Resident(i);
      ASSERT_EQ(Submit(c_.Op({ledger::OpenAccount{
                           handle, AccountKind::kResident, {KeyFor(handle).public_key}, 1}}),
                       "admin1"),
                ResultCode::kAccepted);
    }
  }
  static std::string Resident(int i) { return "bewoner" + std::to_string(i); }
  ResultCode Submit(const ledger::Operation& op, const std::string& signer) {
    return pipeline_->Submit(TestCommunity::SignBy(op, {signer})).code;
  }
  ResultCode Help(int from, int to, int64_t minutes) {
    return Submit(c_.Op({ledger::Transfer{Resident(from), Resident(to), "HOUR", Amount{minutes},
                                          "tuin", ""}}),
                  Resident(from));
  }
  std::unique_ptr<ImpactFollower> Follower() {
    return std::make_unique<ImpactFollower>(&c_.store(), c_.ledger().genesis(), c_.id(),
                                            pipeline_.get(), ImpactStatePath(dir_.path()));
  }
  impact::ReportOptions Options() const {
    const impact::Month month = impact::MonthOf(c_.now_ms);
    return impact::ReportOptions{month, month, /*suppress=*/false, 5};
  }

  static constexpr int kResidents = 6;
  ledger::testing::TempDir dir_;
  TestCommunity c_;
  std::unique_ptr<WritePipeline> pipeline_;
};

TEST_F(ImpactFollowerTest, AReportIncludesEverythingAcknowledgedAndEqualsARecomputation) {
  auto follower = Follower();
  follower->Start();
  std::vector<std::thread> payers;
  for (int t = 0; t < 3; ++t) {
    payers.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) EXPECT_EQ(Help(t, t + 3, 10 + i), ResultCode::kAccepted);
    });
  }
  for (std::thread& payer : payers) payer.join();
  absl::StatusOr<impact::ImpactReport> report = follower->Report(Options());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->applied_index, pipeline_->committed_head().index);
  EXPECT_EQ(report->total.hours.count, 60);
  EXPECT_EQ(report->total.hours.amount, 3 * (20 * 10 + 190));
  impact::ImpactAggregator recomputed(c_.ledger().genesis());
  ASSERT_TRUE(recomputed.CatchUp(c_.store(), c_.ledger().head().index).ok());
  EXPECT_EQ(*report, *impact::BuildReport(recomputed, Options()));
}

TEST_F(ImpactFollowerTest, SavesOnStopAndContinuesFromTheSavedEntry) {
  auto follower = Follower();
  follower->Start();
  ASSERT_EQ(Help(0, 1, 45), ResultCode::kAccepted);
  ASSERT_TRUE(follower->Report(Options()).ok());
  follower->Stop();
  const uint64_t saved_at = follower->applied_index();
  ASSERT_EQ(Help(1, 2, 30), ResultCode::kAccepted);

  auto restarted = Follower();
  restarted->Start();
  // Loaded in Start(), before the thread reads anything: at least the saved entry.
  EXPECT_GE(restarted->applied_index(), saved_at);
  absl::StatusOr<impact::ImpactReport> report = restarted->Report(Options());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->total.hours.amount, 75);
}

TEST_F(ImpactFollowerTest, AStateFileOfAnotherJournalIsRecomputed) {
  ASSERT_EQ(Help(0, 1, 45), ResultCode::kAccepted);
  // Figures of another community, saved by its node, in this node's folder.
  TestCommunity other(nullptr, ledger::testing::EconomyGenesis());
  for (int i = 0; i < 2; ++i) ASSERT_EQ(other.Open(Resident(i)).code, ResultCode::kAccepted);
  ASSERT_EQ(other.Pay(Resident(0), Resident(1), 500).code, ResultCode::kAccepted);
  WritePipeline other_pipeline(&other.ledger(), WritePipelineOptions{});
  {
    ImpactFollower foreign(&other.store(), other.ledger().genesis(), other.id(), &other_pipeline,
                           ImpactStatePath(dir_.path()));
    foreign.Start();
    const impact::Month month = impact::MonthOf(other.now_ms);
    absl::StatusOr<impact::ImpactReport> foreign_report =
        foreign.Report(impact::ReportOptions{month, month, false, 5});
    ASSERT_TRUE(foreign_report.ok()) << foreign_report.status();
    ASSERT_EQ(foreign_report->total.hours.amount, 500);
  }
  auto follower = Follower();
  follower->Start();
  absl::StatusOr<impact::ImpactReport> report = follower->Report(Options());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->total.hours.amount, 45);
  // Damaged bytes are set aside the same way.
  follower->Stop();
  std::ofstream(ImpactStatePath(dir_.path()), std::ios::trunc) << "damaged";
  auto again = Follower();
  again->Start();
  EXPECT_EQ(again->Report(Options())->total.hours.amount, 45);
}

TEST_F(ImpactFollowerTest, UnavailableUntilCaughtUp) {
  auto follower = Follower();  // not started: it never catches up
  absl::StatusOr<impact::ImpactReport> report =
      follower->Report(Options(), std::chrono::milliseconds(20));
  EXPECT_EQ(report.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(report.status().message().find("catching up"), absl::string_view::npos);
}

}  // namespace
}  // namespace noaber::node
