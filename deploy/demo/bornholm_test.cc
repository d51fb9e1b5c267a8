// The demo neighbourhood is written through the real rules: none may refuse it, and the
// result must pass the same checks as any journal.
#include "deploy/demo/bornholm.h"

#include <gtest/gtest.h>

#include "noaber/ledger/ledger.h"
#include "noaber/ledger/memory_store.h"

namespace noaber::demo {
namespace {

constexpr int64_t kNow = 1767603600000;

TEST(BornholmTest, SeedsThreeWeeksThatReplayExactly) {
  ledger::MemoryStore store;
  absl::StatusOr<DemoSummary> summary = SeedBornholm(&store, kNow);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->rejected, 0u);
  EXPECT_GT(summary->accepted, 100u);
  EXPECT_EQ(summary->keys.count("wijkcentrum"), 1u);
  EXPECT_EQ(summary->keys.count("anna"), 1u);
  EXPECT_TRUE(ledger::CheckInvariants(store).ok());
  ledger::MemoryStore replayed;
  ASSERT_TRUE(ledger::ReplayJournal(store, &replayed).ok());
  EXPECT_TRUE(ledger::CompareState(store, replayed).ok());
  auto moestuin = store.GetBalance("buurtmoestuin", "BORN");
  ASSERT_TRUE(moestuin.ok() && moestuin->has_value());
  EXPECT_GT((*moestuin)->balance.minor_units, 0);
  auto sanne = store.GetBalance("sanne", "HOUR");
  EXPECT_EQ((*sanne)->pending_credits.minor_units, 180);
}

}  // namespace
}  // namespace noaber::demo
