#include "ledger/rocksdb/rocksdb_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "ledger/rocksdb/fault_env.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using testing::TempDir;
using testing::TestCommunity;

TEST(RocksDbStoreTest, OpenWithoutCreateRefusesAnEmptyFolder) {
  TempDir dir;
  auto store = RocksDbStore::Open(dir.Sub("none"), /*create_if_missing=*/false);
  EXPECT_FALSE(store.ok());
}

TEST(RocksDbStoreTest, SecondOpenOfTheSameFolderIsRefused) {
  TempDir dir;
  auto first = RocksDbStore::Open(dir.Sub("db"), true);
  ASSERT_TRUE(first.ok());
  auto second = RocksDbStore::Open(dir.Sub("db"), true);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
}

TEST(RocksDbStoreTest, ReadOnlyOpenReadsWhatWasWrittenAndWritesNothing) {
  TempDir dir;
  EXPECT_EQ(RocksDbStore::OpenReadOnly(dir.Sub("none")).status().code(),
            absl::StatusCode::kNotFound);
  {
    auto store = RocksDbStore::Open(dir.Sub("db"), true);
    ASSERT_TRUE(store.ok());
    TestCommunity c(store->get());
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
  }
  auto store = RocksDbStore::OpenReadOnly(dir.Sub("db"));
  ASSERT_TRUE(store.ok()) << store.status();
  auto head = (*store)->GetHead();
  ASSERT_TRUE(head.ok() && head->has_value());
  EXPECT_EQ((*head)->index, 1u);
  auto anna = (*store)->GetAccount("anna");
  EXPECT_TRUE(anna.ok() && anna->has_value());
  Delta delta;
  delta.genesis = "something else";
  EXPECT_FALSE((*store)->Commit(delta).ok());
  MemoryStore replayed;
  EXPECT_TRUE(ReplayJournal(**store, &replayed).ok());
}

TEST(RocksDbStoreTest, KeepsEverythingAcrossReopen) {
  TempDir dir;
  OperationId pending_id;
  {
    auto store = RocksDbStore::Open(dir.Sub("db"), true);
    ASSERT_TRUE(store.ok());
    TestCommunity c(store->get());
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Pay("anna", "bert", 75).code, ResultCode::kAccepted);
    Operation op = c.Op({CreatePending{{"bert", "anna", "HOUR", Amount{30}, "", ""}, 3'600'000}});
    pending_id = op.id;
    ASSERT_EQ(c.Submit(op, {"bert"}).code, ResultCode::kAccepted);
  }
  auto store = RocksDbStore::Open(dir.Sub("db"), false);
  ASSERT_TRUE(store.ok()) << store.status();
  auto ledger = Ledger::Open(store->get());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_EQ((*ledger)->head().index, 4u);
  auto anna = (*store)->GetBalance("anna", "HOUR");
  ASSERT_TRUE(anna.ok() && anna->has_value());
  EXPECT_EQ((*anna)->balance, Amount{-75});
  EXPECT_EQ((*anna)->pending_credits, Amount{30});
  auto pending = (*store)->GetPending(pending_id);
  ASSERT_TRUE(pending.ok() && pending->has_value());
  EXPECT_EQ((*pending)->state, PendingState::kOpen);
  auto history = (*store)->GetHistory("anna", UINT64_MAX, 10);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(*history, (std::vector<uint64_t>{4, 3, 1}));
  auto older = (*store)->GetHistory("anna", 3, 10);
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(*older, (std::vector<uint64_t>{1}));
  auto holders = (*store)->FindAccountsByKey(testing::KeyFor("anna").public_key);
  ASSERT_TRUE(holders.ok());
  EXPECT_EQ(*holders, (std::vector<std::string>{"anna"}));
  auto due = (*store)->ListExpiredPendings(testing::kStartMs + 10'000'000, 10);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->size(), 1u);
}

TEST(RocksDbStoreTest, ExpiresPendingTransfersAfterReopen) {
  TempDir dir;
  int64_t now = 0;
  {
    auto store = RocksDbStore::Open(dir.Sub("db"), true);
    ASSERT_TRUE(store.ok());
    TestCommunity c(store->get());
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
    Operation op = c.Op({CreatePending{{"anna", "bert", "HOUR", Amount{60}, "", ""}, 60'000}});
    ASSERT_EQ(c.Submit(op, {"anna"}).code, ResultCode::kAccepted);
    now = c.now_ms;
  }
  auto store = RocksDbStore::Open(dir.Sub("db"), false);
  ASSERT_TRUE(store.ok());
  auto ledger = Ledger::Open(store->get());
  ASSERT_TRUE(ledger.ok());
  auto outcomes = (*ledger)->ApplyBatch(now + 120'000, {});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ((*ledger)->head().index, 4u);  // the expiry is journal entry 4
  auto anna = (*store)->GetBalance("anna", "HOUR");
  EXPECT_EQ((*anna)->pending_debits, Amount{0});
  EXPECT_TRUE(CheckInvariants(**store).ok());
}

// A damaged head is found when the ledger opens, not later.
TEST(RocksDbStoreTest, OpenDetectsAHeadThatDoesNotMatch) {
  TempDir dir;
  {
    auto store = RocksDbStore::Open(dir.Sub("db"), true);
    ASSERT_TRUE(store.ok());
    TestCommunity c(store->get());
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    Delta tamper;
    tamper.head = JournalHead{1, Hash{}};
    ASSERT_TRUE((*store)->Commit(tamper).ok());
  }
  auto store = RocksDbStore::Open(dir.Sub("db"), false);
  ASSERT_TRUE(store.ok());
  auto ledger = Ledger::Open(store->get());
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(ledger.status().message()).find("entry 1"), std::string::npos);
}

TEST(RocksDbStoreTest, TheRaftIndexIsWrittenWithTheBatchAndKeptAcrossReopen) {
  TempDir dir;
  {
    auto store = RocksDbStore::Open(dir.Sub("db"), true);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(*(*store)->GetRaftAppliedIndex(), 0u);
    TestCommunity c(store->get());
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    std::vector<VerifiedOperation> batch(1);
    ASSERT_TRUE(VerifyOperation(
                    c.id(),
                    TestCommunity::SignBy(
                        c.Op({Transfer{"anna", "community", "HOUR", Amount{5}, "", ""}}), {"anna"}),
                    &batch[0])
                    .ok());
    ASSERT_TRUE(c.ledger().ApplyBatch(c.now_ms, batch, 0x0102030405060708).ok());
    EXPECT_EQ(*(*store)->GetRaftAppliedIndex(), 0x0102030405060708u);
  }
  auto store = RocksDbStore::Open(dir.Sub("db"), false);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->GetRaftAppliedIndex(), 0x0102030405060708u);
  EXPECT_EQ(*(*store)->GetJournalFirstIndex(), 0u);
}

// With syncs off a commit hands the batch to the write-ahead log without syncing it: a
// file system whose syncs all fail shows the difference.
TEST(RocksDbStoreTest, ACommitWithoutSyncDoesNotSyncTheLog) {
  TempDir dir;
  for (const bool sync : {true, false}) {
    SCOPED_TRACE(sync ? "synced" : "not synced");
    testing::FaultInjection fault = testing::MakeFaultInjection();
    const std::string path = dir.Sub(sync ? "synced" : "unsynced");
    {
      auto store = RocksDbStore::Open(path, true, fault.env.get());
      ASSERT_TRUE(store.ok()) << store.status();
      (*store)->SetSyncCommits(sync);
      Delta delta;
      delta.raft_index = 11;
      fault.file_system->Inject(testing::Fault::kFailSyncs);
      const absl::Status committed = (*store)->Commit(delta);
      EXPECT_EQ(committed.ok(), !sync) << committed;
      EXPECT_EQ(fault.file_system->failures() > 0, sync);
      fault.file_system->Inject(testing::Fault::kNone);
    }
    if (sync) continue;
    auto store = RocksDbStore::Open(path, false, fault.env.get());
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ(*(*store)->GetRaftAppliedIndex(), 11u);  // the log was written, and read again
  }
}

}  // namespace
}  // namespace noaber::ledger
