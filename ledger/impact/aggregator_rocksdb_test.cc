// The impact aggregator on the node's store: CatchUp reads the journal with RocksDbStore's
// one iterator (Store::ForEachEntry) and gives exactly the figures, and the errors, of
// reading and applying the entries one at a time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "ledger/impact/aggregator.h"
#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/testing/random_operations.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/strings.h"

namespace noaber::impact {
namespace {

using ledger::RocksDbStore;
using ledger::StrCat;
using ledger::testing::EconomyGenesis;
using ledger::testing::RandomOperations;
using ledger::testing::TempDir;
using ledger::testing::TestCommunity;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

std::unique_ptr<RocksDbStore> OpenStore(const std::string& path) {
  auto store = RocksDbStore::Open(path, /*create_if_missing=*/true);
  if (!store.ok()) std::abort();
  (*store)->SetSyncCommits(false);  // faster; durability is not what is tested
  return *std::move(store);
}

// Applies entries applied_index() + 1 .. `last_index`, each read with GetEntry, as CatchUp
// did before it read the journal in one pass; stops at the first error.
absl::Status ApplyOneByOne(const ledger::Store& store, uint64_t last_index,
                           ImpactAggregator* aggregator) {
  while (aggregator->applied_index() < last_index) {
    const uint64_t index = aggregator->applied_index() + 1;
    absl::StatusOr<std::optional<ledger::JournalEntry>> entry = store.GetEntry(index);
    if (!entry.ok()) return entry.status();
    if (!entry->has_value()) {
      return absl::DataLossError(StrCat("journal entry ", index, " is missing"));
    }
    if (absl::Status s = aggregator->Apply(store, **entry); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Random journals of every kind of operation over several months, caught up in steps as the
// node's follower does, and in one go.
TEST(AggregatorRocksDbTest, CatchUpEqualsApplyingEachEntry) {
  TempDir dir;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(StrCat("seed ", seed));
    std::unique_ptr<RocksDbStore> store = OpenStore(dir.Sub(StrCat("db", seed)));
    TestCommunity c(store.get(), EconomyGenesis());
    RandomOperations random(c, seed, /*accounts=*/12);
    ImpactAggregator stepwise(c.ledger().genesis());
    for (int batch = 0; batch < 120; ++batch) {
      if (batch % 20 == 0) c.now_ms += 11 * kDayMs;  // into later months
      random.Batch(8);
      if (batch % 7 == 0) {
        ASSERT_TRUE(stepwise.CatchUp(*store, c.HeadIndex()).ok());
      }
    }
    ASSERT_TRUE(stepwise.CatchUp(*store, c.HeadIndex()).ok());
    ImpactAggregator at_once(c.ledger().genesis());
    ASSERT_TRUE(at_once.CatchUp(*store, c.HeadIndex()).ok());
    ImpactAggregator one_by_one(c.ledger().genesis());
    ASSERT_TRUE(ApplyOneByOne(*store, c.HeadIndex(), &one_by_one).ok());
    ASSERT_GT(one_by_one.months().size(), 2u);
    EXPECT_GT(random.economy().corrections, 0u);
    EXPECT_EQ(stepwise, one_by_one);
    EXPECT_EQ(at_once, one_by_one);
    EXPECT_EQ(stepwise.Encode(), one_by_one.Encode());
    EXPECT_EQ(at_once.Encode(), one_by_one.Encode());
  }
}

// Beyond the head, and on a store restored from a compact state (which holds only some of
// the entries below its first journal index), CatchUp stops where reading one entry at a
// time stops, with the same error, having applied the same entries.
TEST(AggregatorRocksDbTest, CatchUpFailsWhereApplyingEachEntryFails) {
  TempDir dir;
  std::unique_ptr<RocksDbStore> a = OpenStore(dir.Sub("a"));
  TestCommunity c(a.get(), EconomyGenesis());
  ASSERT_EQ(c.Open("anna").code, ledger::ResultCode::kAccepted);
  ASSERT_EQ(c.Open("bert").code, ledger::ResultCode::kAccepted);
  for (int i = 0; i < 16; ++i) {
    ASSERT_EQ(c.Pay("anna", "bert", 10 + i).code, ledger::ResultCode::kAccepted);
    ASSERT_EQ(c.Open(StrCat("buur", i)).code, ledger::ResultCode::kAccepted);
  }
  const uint64_t head = c.HeadIndex();

  ImpactAggregator caught_up(c.ledger().genesis());
  absl::Status s = caught_up.CatchUp(*a, head + 2);
  EXPECT_EQ(s, absl::DataLossError(StrCat("journal entry ", head + 1, " is missing")));
  EXPECT_EQ(caught_up.applied_index(), head);
  ImpactAggregator one_by_one(c.ledger().genesis());
  EXPECT_EQ(ApplyOneByOne(*a, head + 2, &one_by_one), s);
  EXPECT_EQ(caught_up, one_by_one);

  absl::StatusOr<std::string> state = a->ExportCompactState();
  ASSERT_TRUE(state.ok()) << state.status();
  std::unique_ptr<RocksDbStore> b = OpenStore(dir.Sub("b"));
  ASSERT_TRUE(b->ImportCompactState(*state).ok());
  ImpactAggregator restored(c.ledger().genesis());
  s = restored.CatchUp(*b, head);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("is not on this node"));
  EXPECT_LT(restored.applied_index(), *b->GetJournalFirstIndex());
  ImpactAggregator restored_one_by_one(c.ledger().genesis());
  EXPECT_EQ(ApplyOneByOne(*b, head, &restored_one_by_one), s);
  EXPECT_EQ(restored, restored_one_by_one);
  EXPECT_EQ(restored.Encode(), restored_one_by_one.Encode());
}

}  // namespace
}  // namespace noaber::impact
