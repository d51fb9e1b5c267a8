// How noaber-bench counts what a mode saw: only new work counts as accepted.
#include "bench/noaber_bench_tally.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace noaber::bench {
namespace {

TEST(TallyTest, OnlyAcceptedIsNewWorkAndARepeatIsListedByName) {
  Tally t;
  t.CountOutcome("accepted", "");
  t.CountOutcome("accepted", "");
  t.CountOutcome("already_applied", "operation 0190 was applied as entry 7");
  t.CountOutcome("exceeds_minimum", "the payer would go below -600");
  EXPECT_EQ(t.answered, 4u);
  EXPECT_EQ(t.accepted, 2u);
  EXPECT_EQ(t.rejected_total(), 2u);
  EXPECT_EQ(t.rejected["already_applied"], 1u);
  EXPECT_EQ(t.rejected["exceeds_minimum"], 1u);
  EXPECT_EQ(t.first_failure, "already_applied: operation 0190 was applied as entry 7");
}

TEST(TallyTest, AFailedCallCountsEachOfItsOperations) {
  Tally t;
  t.CountOutcome("accepted", "");
  t.CountErrors("RESOURCE_EXHAUSTED", 512, "the node's write queue is full");
  t.CountErrors("UNAVAILABLE", 3, "connection reset");
  EXPECT_EQ(t.answered, 516u);
  EXPECT_EQ(t.accepted, 1u);
  EXPECT_EQ(t.errors_total(), 515u);
  EXPECT_EQ(t.errors["RESOURCE_EXHAUSTED"], 512u);
  EXPECT_EQ(t.first_failure, "RESOURCE_EXHAUSTED: the node's write queue is full");
}

TEST(TallyTest, PercentilesAreNearestRank) {
  std::vector<uint32_t> latencies_us;
  for (uint32_t ms = 100; ms >= 1; --ms) latencies_us.push_back(ms * 1000);  // unsorted
  const LatencySummary s = Summarize(latencies_us);
  EXPECT_DOUBLE_EQ(s.p50_ms, 50);
  EXPECT_DOUBLE_EQ(s.p95_ms, 95);
  EXPECT_DOUBLE_EQ(s.p99_ms, 99);
  EXPECT_DOUBLE_EQ(s.max_ms, 100);
  const LatencySummary one = Summarize({2500});
  EXPECT_DOUBLE_EQ(one.p50_ms, 2.5);
  EXPECT_DOUBLE_EQ(one.p99_ms, 2.5);
  const LatencySummary none = Summarize({});
  EXPECT_DOUBLE_EQ(none.max_ms, 0);
}

}  // namespace
}  // namespace noaber::bench
