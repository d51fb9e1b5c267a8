// The demo neighbourhood is written through the real rules: none may refuse it, and the
// result must pass the same checks as any journal.
#include "deploy/demo/bornholm.h"

#include <gtest/gtest.h>

#include <map>

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

// The demo shows the whole economy: the board, payment requests in every state, an
// assisted resident, a correction.
TEST(BornholmTest, UsesTheBoardRequestsAndAssistance) {
  ledger::MemoryStore store;
  ASSERT_TRUE(SeedBornholm(&store, kNow).ok());
  int open_listings = 0, closed_listings = 0;
  ASSERT_TRUE(store.ForEachListing([&](const ledger::Listing& l) {
    (l.state == ledger::ListingState::kOpen ? open_listings : closed_listings)++;
    return true;
  }).ok());
  EXPECT_GE(open_listings, 4);
  EXPECT_EQ(closed_listings, 1);
  std::map<ledger::RequestState, int> requests;
  ASSERT_TRUE(store.ForEachRequest([&](const ledger::PaymentRequest& q) {
    ++requests[q.state];
    return true;
  }).ok());
  EXPECT_EQ(requests[ledger::RequestState::kAccepted], 2);
  EXPECT_EQ(requests[ledger::RequestState::kOpen], 1);
  auto truus = store.GetAccount("truus");
  ASSERT_TRUE(truus.ok() && truus->has_value());
  EXPECT_TRUE((*truus)->assisted);
  int corrections = 0;
  ASSERT_TRUE(store.ForEachCorrection([&](const ledger::CorrectionKey&, uint64_t) {
    ++corrections;
    return true;
  }).ok());
  EXPECT_EQ(corrections, 1);
  // Welcome credits came from the genesis: 2h and 10.00 for every resident.
  auto issued = store.GetBalance("community", "HOUR");
  EXPECT_LE((*issued)->balance.minor_units, -13 * 120);
}

}  // namespace
}  // namespace noaber::demo
