// Thousands of random operation sequences on the in-memory store: after each, the
// conservation invariants hold and a replay of the journal gives the same state exactly.
// Half the sequences run on a genesis with welcome credits and annual earning caps.
#include <gtest/gtest.h>

#include "ledger/testing/random_operations.h"

namespace noaber::ledger {
namespace {

using testing::EconomyGenesis;
using testing::RandomOperations;
using testing::TestCommunity;
using testing::TestGenesis;

// What the sequences left in the state: resolved requests, closed listings, corrections and
// amounts counted against caps, so the test knows the economy's rules were reached.
struct EconomyTotals {
  uint64_t requests_accepted = 0;
  uint64_t requests_declined = 0;
  uint64_t listings_open = 0;
  uint64_t listings_closed = 0;
  uint64_t corrections = 0;
  uint64_t received_counted = 0;
  uint64_t assisted = 0;

  void Add(const Store& store) {
    (void)store.ForEachRequest([&](const PaymentRequest& q) {
      requests_accepted += q.state == RequestState::kAccepted;
      requests_declined += q.state == RequestState::kDeclined;
      return true;
    });
    (void)store.ForEachListing([&](const Listing& l) {
      (l.state == ListingState::kOpen ? listings_open : listings_closed) += 1;
      return true;
    });
    (void)store.ForEachCorrection([&](const CorrectionKey&, uint64_t) {
      ++corrections;
      return true;
    });
    (void)store.ForEachReceived([&](const ReceivedKey&, Amount) {
      ++received_counted;
      return true;
    });
    (void)store.ForEachAccount([&](const Account& a) {
      assisted += a.assisted;
      return true;
    });
  }
};

constexpr int kSequences = 1000;
constexpr int kBatchesPerSequence = 6;

TEST(RandomizedTest, InvariantsHoldAndReplayReproducesState) {
  testing::RandomStats totals;
  EconomyTotals economy;
  for (int seed = 1; seed <= kSequences; ++seed) {
    TestCommunity c(nullptr, seed % 2 ? EconomyGenesis() : TestGenesis());
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
    for (const auto& [code, count] : random.stats().codes) totals.codes[code] += count;
    economy.Add(c.store());
  }
  // The generator must exercise both sides of the rules, or this test proves little.
  EXPECT_GT(totals.accepted, totals.submitted / 5);
  EXPECT_GT(totals.rejected, totals.submitted / 10);
  EXPECT_GT(totals.already_applied, 0u);
  EXPECT_GT(economy.requests_accepted, 0u);
  EXPECT_GT(economy.requests_declined, 0u);
  EXPECT_GT(economy.listings_open, 0u);
  EXPECT_GT(economy.listings_closed, 0u);
  EXPECT_GT(economy.corrections, 0u);
  EXPECT_GT(economy.received_counted, 0u);
  EXPECT_GT(economy.assisted, 0u);
  // ... and their refusals.
  for (ResultCode code :
       {ResultCode::kEarningCapExceeded, ResultCode::kUnknownListing, ResultCode::kListingNotOpen,
        ResultCode::kUnknownRequest, ResultCode::kRequestNotOpen, ResultCode::kRequestExpired,
        ResultCode::kNotCorrectable, ResultCode::kAlreadyCorrected, ResultCode::kSkillRetired,
        ResultCode::kUnknownSkill, ResultCode::kTimeInPast, ResultCode::kReasonRequired,
        ResultCode::kNotAuthorized, ResultCode::kExceedsMinimum}) {
    EXPECT_GT(totals.codes[code], 0u) << ResultCodeName(code);
  }
  std::printf("random sequences: %d, operations submitted %llu, accepted %llu, rejected %llu, "
              "retries %llu\n",
              kSequences, static_cast<unsigned long long>(totals.submitted),
              static_cast<unsigned long long>(totals.accepted),
              static_cast<unsigned long long>(totals.rejected),
              static_cast<unsigned long long>(totals.already_applied));
  std::printf("requests accepted %llu, declined %llu; listings open %llu, closed %llu; "
              "corrections %llu; earning caps refused %llu\n",
              static_cast<unsigned long long>(economy.requests_accepted),
              static_cast<unsigned long long>(economy.requests_declined),
              static_cast<unsigned long long>(economy.listings_open),
              static_cast<unsigned long long>(economy.listings_closed),
              static_cast<unsigned long long>(economy.corrections),
              static_cast<unsigned long long>(totals.codes[ResultCode::kEarningCapExceeded]));
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
  // The timestamp is not signed, and entry 3 re-applies as changed; the Merkle tree stored
  // with the journal still holds the original entry 3 (and entry 4 no longer links to it).
  EXPECT_NE(std::string(s.message()).find("journal entry 3: its Merkle leaf differs"),
            std::string::npos)
      << s;
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
