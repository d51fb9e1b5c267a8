// How noaber-bench counts what a mode saw: only new work counts as accepted.
#include "bench/noaber_bench_tally.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace noaber::bench {
namespace {

TEST(TallyTest, OnlyAcceptedIsNewWorkAndARepeatIsListedByName) {
  Tally tally;
  tally.CountOutcome("accepted", "");
  tally.CountOutcome("accepted", "");
  tally.CountOutcome("already_applied", "operation 0190 was applied as entry 7");
  tally.CountOutcome("exceeds_minimum", "the payer would go below -600");
  EXPECT_EQ(tally.answered, 4u);
  EXPECT_EQ(tally.accepted, 2u);
  EXPECT_EQ(tally.rejected_total(), 2u);
  EXPECT_EQ(tally.rejected["already_applied"], 1u);
  EXPECT_EQ(tally.rejected["exceeds_minimum"], 1u);
  EXPECT_EQ(tally.first_failure, "already_applied: operation 0190 was applied as entry 7");
}

TEST(TallyTest, AFailedCallCountsEachOfItsOperations) {
  Tally tally;
  tally.CountOutcome("accepted", "");
  tally.CountErrors("RESOURCE_EXHAUSTED", 512, "the node's write queue is full");
  tally.CountErrors("UNAVAILABLE", 3, "connection reset");
  EXPECT_EQ(tally.answered, 516u);
  EXPECT_EQ(tally.accepted, 1u);
  EXPECT_EQ(tally.errors_total(), 515u);
  EXPECT_EQ(tally.errors["RESOURCE_EXHAUSTED"], 512u);
  EXPECT_EQ(tally.first_failure, "RESOURCE_EXHAUSTED: the node's write queue is full");
}

TEST(TallyTest, PercentilesAreNearestRank) {
  std::vector<uint32_t> latencies_us;
  for (uint32_t ms = 100; ms >= 1; --ms) latencies_us.push_back(ms * 1000);  // unsorted
  const LatencySummary hundred = Summarize(latencies_us);
  EXPECT_DOUBLE_EQ(hundred.p50_ms, 50);
  EXPECT_DOUBLE_EQ(hundred.p95_ms, 95);
  EXPECT_DOUBLE_EQ(hundred.p99_ms, 99);
  EXPECT_DOUBLE_EQ(hundred.max_ms, 100);
  const LatencySummary single = Summarize({2500});
  EXPECT_DOUBLE_EQ(single.p50_ms, 2.5);
  EXPECT_DOUBLE_EQ(single.p99_ms, 2.5);
  const LatencySummary empty = Summarize({});
  EXPECT_DOUBLE_EQ(empty.max_ms, 0);
}

}  // namespace
}  // namespace noaber::bench
