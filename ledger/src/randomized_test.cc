// Thousands of random operation sequences on the in-memory store: after each, the
// conservation invariants hold and a replay of the journal gives the same state exactly.
#include <gtest/gtest.h>

#include "ledger/testing/random_operations.h"

namespace noaber::ledger {
namespace {

using testing::RandomOperations;
using testing::TestCommunity;

constexpr int kSequences = 1000;
constexpr int kBatchesPerSequence = 6;

TEST(RandomizedTest, InvariantsHoldAndReplayReproducesState) {
  testing::RandomStats totals;
  for (int seed = 1; seed <= kSequences; ++seed) {
    TestCommunity c;
    RandomOperations random(c, seed, /*accounts=*/3 + seed % 8);
    for (int b = 0; b < kBatchesPerSequence; ++b) random.Batch(/*size_max=*/8);
    ASSERT_TRUE(CheckInvariants(c.store()).ok()) << "seed " << seed;

    MemoryStore replayed;
    absl::Status replay = ReplayJournal(c.store(), &replayed);
    ASSERT_TRUE(replay.ok()) << "seed " << seed << ": " << replay;
    absl::Status same = CompareState(c.store(), replayed);
    ASSERT_TRUE(same.ok()) << "seed " << seed << ": " << same;
    ASSERT_EQ(*replayed.GetHead(), *c.store().GetHead()) << "seed " << seed;

    totals.submitted += random.stats().submitted;
    totals.accepted += random.stats().accepted;
    totals.rejected += random.stats().rejected;
    totals.already_applied += random.stats().already_applied;
  }
  // The generator must exercise both sides of the rules, or this test proves little.
  EXPECT_GT(totals.accepted, totals.submitted / 5);
  EXPECT_GT(totals.rejected, totals.submitted / 10);
  EXPECT_GT(totals.already_applied, 0u);
  std::printf("random sequences: %d, operations submitted %llu, accepted %llu, rejected %llu, "
              "retries %llu\n",
              kSequences, static_cast<unsigned long long>(totals.submitted),
              static_cast<unsigned long long>(totals.accepted),
              static_cast<unsigned long long>(totals.rejected),
              static_cast<unsigned long long>(totals.already_applied));
}

TEST(RandomizedTest, ReplayNamesATamperedEntry) {
  TestCommunity c;
  RandomOperations random(c, 7, 5);
  for (int b = 0; b < 5; ++b) random.Batch(6);
  auto store = dynamic_cast<MemoryStore*>(&c.store());
  auto entry = c.store().GetEntry(3);
  ASSERT_TRUE(entry.ok() && entry->has_value());
  JournalEntry changed = **entry;
  changed.timestamp_ms += 1;
  store->CorruptEntryForTest(changed);
  MemoryStore replayed;
  absl::Status s = ReplayJournal(c.store(), &replayed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(s.message()).find("journal entry 4"), std::string::npos) << s;
}

TEST(RandomizedTest, CheckInvariantsNamesACorruptBalance) {
  TestCommunity c;
  RandomOperations random(c, 11, 4);
  random.Batch(4);
  ASSERT_TRUE(CheckInvariants(c.store()).ok());
  Balance b = c.BalanceOf("user1");
  b.balance = Amount{b.balance.minor_units + 1};
  dynamic_cast<MemoryStore*>(&c.store())->CorruptBalanceForTest({"user1", "HOUR"}, b);
  absl::Status s = CheckInvariants(c.store());
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(s.message()).find("HOUR"), std::string::npos) << s;
}

}  // namespace
}  // namespace noaber::ledger
