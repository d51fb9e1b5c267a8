// The randomized test on a real RocksDB in a temporary folder, with reopens: after each,
// the ledger opens at the same head, the invariants hold, and replaying the journal from
// RocksDB gives exactly the state RocksDB holds. Odd sequences run on a genesis with welcome
// credits and annual earning caps, so what those rules store is reopened and replayed too.
#include <gtest/gtest.h>

#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/testing/random_operations.h"
#include "ledger/testing/temp_dir.h"

namespace noaber::ledger {
namespace {

using testing::EconomyGenesis;
using testing::RandomOperations;
using testing::TempDir;
using testing::TestCommunity;
using testing::TestGenesis;

TEST(RandomizedRocksDbTest, SurvivesReopenAndReplaysExactly) {
  constexpr int kSequences = 12;
  constexpr int kBatches = 25;
  for (int seed = 1; seed <= kSequences; ++seed) {
    TempDir dir;
    JournalHead head;
    {
      auto store = RocksDbStore::Open(dir.Sub("db"), /*create_if_missing=*/true);
      ASSERT_TRUE(store.ok()) << store.status();
      TestCommunity c(store->get(), seed % 2 ? EconomyGenesis() : TestGenesis());
      RandomOperations random(c, 1000 + seed, 4 + seed % 6);
      for (int b = 0; b < kBatches; ++b) random.Batch(16);
      head = c.ledger().head();
      ASSERT_GT(random.stats().accepted, 0u);
    }
    auto reopened = RocksDbStore::Open(dir.Sub("db"), /*create_if_missing=*/false);
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    auto ledger = Ledger::Open(reopened->get());
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    EXPECT_EQ((*ledger)->head(), head) << "seed " << seed;
    ASSERT_TRUE(CheckInvariants(**reopened).ok()) << "seed " << seed;

    auto replayed = RocksDbStore::Open(dir.Sub("replay"), /*create_if_missing=*/true);
    ASSERT_TRUE(replayed.ok());
    absl::Status s = ReplayJournal(**reopened, replayed->get());
    ASSERT_TRUE(s.ok()) << "seed " << seed << ": " << s;
    s = CompareState(**reopened, **replayed);
    ASSERT_TRUE(s.ok()) << "seed " << seed << ": " << s;
  }
}

// The same random operations on RocksDB and in memory give byte-identical journals.
TEST(RandomizedRocksDbTest, MatchesTheMemoryStore) {
  TempDir dir;
  auto store = RocksDbStore::Open(dir.Sub("db"), true);
  ASSERT_TRUE(store.ok());
  TestCommunity on_disk(store->get(), EconomyGenesis());
  TestCommunity in_memory(nullptr, EconomyGenesis());
  RandomOperations a(on_disk, 99, 6), b(in_memory, 99, 6);
  for (int i = 0; i < 30; ++i) {
    a.Batch(10);
    b.Batch(10);
  }
  // Operation ids are random, so the journals differ; the rules' results must not.
  EXPECT_EQ(a.stats().accepted, b.stats().accepted);
  EXPECT_EQ(a.stats().rejected, b.stats().rejected);
  EXPECT_EQ(a.stats().codes, b.stats().codes);
  EXPECT_TRUE(CheckInvariants(**store).ok());
}

}  // namespace
}  // namespace noaber::ledger
