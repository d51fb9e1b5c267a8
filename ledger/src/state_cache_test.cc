// The sequencer's cache of accounts, balances and skills: what it answers is what the store
// holds once committed, and it stays within its bound.
#include "ledger/src/state_cache.h"

#include <gtest/gtest.h>

#include "noaber/ledger/memory_store.h"

namespace noaber::ledger {
namespace {

// A store that counts the reads that reach it.
class CountingStore : public MemoryStore {
 public:
  absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const override {
    ++account_reads;
    return MemoryStore::GetAccount(handle);
  }
  absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                    std::string_view asset) const override {
    ++balance_reads;
    return MemoryStore::GetBalance(handle, asset);
  }
  mutable int account_reads = 0;
  mutable int balance_reads = 0;
};

Account MakeAccount(std::string handle, uint8_t threshold = 1) {
  Account account;
  account.handle = std::move(handle);
  account.threshold = threshold;
  return account;
}

Balance MakeBalance(int64_t minor_units) {
  Balance balance;
  balance.balance = Amount{minor_units};
  return balance;
}

TEST(StateCacheTest, ReadsTheStoreOnceThenAnswersItself) {
  CountingStore store;
  Delta delta;
  delta.accounts["anna"] = MakeAccount("anna");
  delta.balances[{"anna", "HOUR"}] = MakeBalance(90);
  ASSERT_TRUE(store.Commit(delta).ok());
  StateCache cache(&store);

  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<std::optional<Account>> account = cache.GetAccount("anna");
    ASSERT_TRUE(account.ok() && account->has_value());
    EXPECT_EQ((*account)->handle, "anna");
    absl::StatusOr<std::optional<Balance>> balance = cache.GetBalance("anna", "HOUR");
    ASSERT_TRUE(balance.ok() && balance->has_value());
    EXPECT_EQ((*balance)->balance.minor_units, 90);
  }
  EXPECT_EQ(store.account_reads, 1);
  EXPECT_EQ(store.balance_reads, 1);
}

TEST(StateCacheTest, DoesNotRememberWhatIsNotThere) {
  CountingStore store;
  StateCache cache(&store);
  ASSERT_FALSE(cache.GetAccount("bert")->has_value());
  Delta delta;
  delta.accounts["bert"] = MakeAccount("bert");
  ASSERT_TRUE(store.Commit(delta).ok());
  cache.Remember(delta);
  absl::StatusOr<std::optional<Account>> account = cache.GetAccount("bert");
  ASSERT_TRUE(account.ok() && account->has_value());
  EXPECT_EQ((*account)->handle, "bert");
}

TEST(StateCacheTest, CommittedValuesAreWrittenThrough) {
  CountingStore store;
  Delta first;
  first.accounts["anna"] = MakeAccount("anna", 1);
  first.balances[{"anna", "HOUR"}] = MakeBalance(10);
  ASSERT_TRUE(store.Commit(first).ok());
  StateCache cache(&store);
  ASSERT_TRUE(cache.GetAccount("anna").ok());
  ASSERT_TRUE(cache.GetBalance("anna", "HOUR").ok());

  Delta second;
  second.accounts["anna"] = MakeAccount("anna", 2);
  second.balances[{"anna", "HOUR"}] = MakeBalance(-25);
  ASSERT_TRUE(store.Commit(second).ok());
  cache.Remember(second);
  EXPECT_EQ((*cache.GetAccount("anna"))->threshold, 2);
  EXPECT_EQ((*cache.GetBalance("anna", "HOUR"))->balance.minor_units, -25);
  EXPECT_EQ(store.account_reads, 1);
  EXPECT_EQ(store.balance_reads, 1);
}

TEST(StateCacheTest, ClearForgetsEverything) {
  CountingStore store;
  Delta delta;
  delta.accounts["anna"] = MakeAccount("anna");
  ASSERT_TRUE(store.Commit(delta).ok());
  StateCache cache(&store);
  ASSERT_TRUE(cache.GetAccount("anna").ok());
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  ASSERT_TRUE(cache.GetAccount("anna").ok());
  EXPECT_EQ(store.account_reads, 2);
}

TEST(StateCacheTest, KeepsAtMostItsBoundAndForgetsTheOldestFirst) {
  CountingStore store;
  StateCache cache(&store);
  Delta delta;
  for (size_t i = 0; i < kStateCacheEntriesMax + 10; ++i) {
    delta.balances[{"a" + std::to_string(i), "HOUR"}] = MakeBalance(static_cast<int64_t>(i));
  }
  ASSERT_TRUE(store.Commit(delta).ok());
  cache.Remember(delta);
  EXPECT_EQ(cache.size(), kStateCacheEntriesMax);
  // Remembered in key order: "a0", "a1", "a10", ... The first ten are gone, read again.
  const int before = store.balance_reads;
  absl::StatusOr<std::optional<Balance>> first = cache.GetBalance("a0", "HOUR");
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->balance.minor_units, 0);
  EXPECT_EQ(store.balance_reads, before + 1);
  EXPECT_EQ(cache.size(), kStateCacheEntriesMax);
  // The newest are still there.
  ASSERT_TRUE(cache.GetBalance("a99", "HOUR").ok());
  EXPECT_EQ(store.balance_reads, before + 1);
}

}  // namespace
}  // namespace noaber::ledger
