#include "ledger/rocksdb/rocksdb_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <vector>

#include "ledger/rocksdb/fault_env.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/strings.h"

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

// What ForEachEntry visits of `first`..`last` when the callback stops after `visits_max`
// entries, and how it ends; `one_by_one` runs Store's default, which reads each entry with
// GetEntry, instead of RocksDbStore's one iterator.
struct Visit {
  std::vector<JournalEntry> entries;
  absl::Status status;
};
Visit VisitEntries(const Store& store, uint64_t first, uint64_t last, bool one_by_one = false,
                   size_t visits_max = std::numeric_limits<size_t>::max()) {
  Visit visit;
  auto fn = [&](const JournalEntry& entry) {
    visit.entries.push_back(entry);
    return visit.entries.size() < visits_max;
  };
  visit.status =
      one_by_one ? store.Store::ForEachEntry(first, last, fn) : store.ForEachEntry(first, last, fn);
  return visit;
}

// Checks that the iterator visits `first`..`last` of `store` exactly as the default reads it
// with GetEntry: the same entries and the same ending.
void ExpectVisitAsOneByOne(const Store& store, uint64_t first, uint64_t last) {
  SCOPED_TRACE(StrCat("entries ", first, " to ", last));
  const Visit iterated = VisitEntries(store, first, last);
  const Visit one_by_one = VisitEntries(store, first, last, /*one_by_one=*/true);
  EXPECT_EQ(iterated.status, one_by_one.status);
  EXPECT_EQ(iterated.entries, one_by_one.entries);
  for (size_t i = 0; i < iterated.entries.size(); ++i) {
    EXPECT_EQ(iterated.entries[i].index, first + i);
  }
}

// The iterator gives what GetEntry gives, in order, over ranges within the journal, at its
// ends and beyond its head (a missing entry ends the visit, after those before it); from
// files (the store is closed halfway, which flushes) and from the memtable.
TEST(RocksDbStoreTest, ForEachEntryVisitsARangeAsGetEntryReadsIt) {
  TempDir dir;
  uint64_t flushed = 0;
  {
    auto store = RocksDbStore::Open(dir.Sub("db"), true);
    ASSERT_TRUE(store.ok());
    TestCommunity c(store->get());
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
    for (int i = 1; i <= 10; ++i) ASSERT_EQ(c.Pay("anna", "bert", i).code, ResultCode::kAccepted);
    flushed = c.HeadIndex();
  }
  auto store = RocksDbStore::Open(dir.Sub("db"), false);
  ASSERT_TRUE(store.ok()) << store.status();
  auto ledger = Ledger::Open(store->get());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  for (int i = 1; i <= 5; ++i) {
    Operation op;
    op.community = (*ledger)->community_id();
    op.id = NewOperationId();
    op.valid_until_ms = testing::kStartMs + 3'600'000;
    op.actions = {Transfer{"bert", "anna", "HOUR", Amount{i}, "", ""}};
    auto outcome =
        (*ledger)->Submit(testing::kStartMs + 120'000, TestCommunity::SignBy(op, {"bert"}));
    ASSERT_TRUE(outcome.ok() && outcome->code == ResultCode::kAccepted);
  }
  const uint64_t head = (*ledger)->head().index;
  ASSERT_EQ(head, flushed + 5);
  const RocksDbStore& s = **store;
  ExpectVisitAsOneByOne(s, 0, head);
  ExpectVisitAsOneByOne(s, 3, 7);
  ExpectVisitAsOneByOne(s, flushed - 1, flushed + 2);  // from the files into the memtable
  ExpectVisitAsOneByOne(s, head, head);
  ExpectVisitAsOneByOne(s, 7, 3);  // none
  ExpectVisitAsOneByOne(s, head - 2, head + 3);
  ExpectVisitAsOneByOne(s, head + 1, head + 1);
  ExpectVisitAsOneByOne(s, 0, std::numeric_limits<uint64_t>::max());
  ExpectVisitAsOneByOne(s, std::numeric_limits<uint64_t>::max(),
                        std::numeric_limits<uint64_t>::max());

  Visit whole = VisitEntries(s, 0, head);
  EXPECT_TRUE(whole.status.ok()) << whole.status;
  ASSERT_EQ(whole.entries.size(), head + 1);
  for (uint64_t i = 0; i <= head; ++i) EXPECT_EQ(whole.entries[i], *s.GetEntry(i).value());
  Visit none = VisitEntries(s, 7, 3);
  EXPECT_TRUE(none.status.ok() && none.entries.empty());
  Visit beyond = VisitEntries(s, head - 2, head + 3);
  EXPECT_EQ(beyond.status, absl::DataLossError(StrCat("journal entry ", head + 1, " is missing")));
  EXPECT_EQ(beyond.entries.size(), 3u);
}

TEST(RocksDbStoreTest, ForEachEntryStopsWhenTheCallbackSaysSo) {
  TempDir dir;
  auto store = RocksDbStore::Open(dir.Sub("db"), true);
  ASSERT_TRUE(store.ok());
  TestCommunity c(store->get());
  ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
  ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
  for (int i = 1; i <= 6; ++i) ASSERT_EQ(c.Pay("anna", "bert", i).code, ResultCode::kAccepted);
  for (const bool one_by_one : {false, true}) {
    // Stopped before the end of the range, and before an entry that is missing.
    Visit stopped = VisitEntries(**store, 2, c.HeadIndex(), one_by_one, /*visits_max=*/3);
    EXPECT_TRUE(stopped.status.ok()) << stopped.status;
    ASSERT_EQ(stopped.entries.size(), 3u);
    EXPECT_EQ(stopped.entries.back().index, 4u);
    stopped = VisitEntries(**store, c.HeadIndex(), c.HeadIndex() + 1, one_by_one, 1);
    EXPECT_TRUE(stopped.status.ok()) << stopped.status;
    EXPECT_EQ(stopped.entries.size(), 1u);
  }
}

// A store restored from a compact state holds only some entries below its first journal
// index: the visit ends at the first it does not hold, with GetEntry's NotFound, and goes
// through from the first index on.
TEST(RocksDbStoreTest, ForEachEntryOnARestoredStoreEndsWhereGetEntryDoes) {
  TempDir dir;
  auto a = RocksDbStore::Open(dir.Sub("a"), true);
  ASSERT_TRUE(a.ok());
  TestCommunity c(a->get());
  ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
  ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
  // Transfers (their entries are kept) between openings (theirs are not).
  for (int i = 0; i < 16; ++i) {
    ASSERT_EQ(c.Pay("anna", "bert", 1 + i).code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open(StrCat("buur", i)).code, ResultCode::kAccepted);
  }
  const uint64_t head = c.HeadIndex();
  absl::StatusOr<std::string> state = (*a)->ExportCompactState();
  ASSERT_TRUE(state.ok()) << state.status();
  auto b = RocksDbStore::Open(dir.Sub("b"), true);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*b)->ImportCompactState(*state).ok());
  const uint64_t first = *(*b)->GetJournalFirstIndex();
  ASSERT_GT(first, 8u);
  ASSERT_LE(first, head);
  uint64_t not_held = 0;  // the first entry b does not hold
  while (not_held < first && (*b)->GetEntry(not_held).ok()) ++not_held;
  ASSERT_LT(not_held, first);

  ExpectVisitAsOneByOne(**b, 0, head);
  ExpectVisitAsOneByOne(**b, not_held, head);
  ExpectVisitAsOneByOne(**b, first, head);
  ExpectVisitAsOneByOne(**b, first - 1, first);
  Visit restored = VisitEntries(**b, 0, head);
  EXPECT_EQ(restored.status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(restored.status.message()),
              ::testing::HasSubstr(StrCat("journal entry ", not_held, " is not on this node")));
  EXPECT_EQ(restored.entries.size(), not_held);
  Visit tail = VisitEntries(**b, first, head);
  EXPECT_TRUE(tail.status.ok()) << tail.status;
  EXPECT_EQ(tail.entries.size(), head - first + 1);
  // A transfer's entry below the first index is held, and visited.
  uint64_t held_index = not_held + 1;
  while (held_index < first && !(*b)->GetEntry(held_index).ok()) ++held_index;
  ASSERT_LT(held_index, first);
  Visit held = VisitEntries(**b, held_index, held_index);
  EXPECT_TRUE(held.status.ok()) << held.status;
  EXPECT_EQ(held.entries.size(), 1u);
}

}  // namespace
}  // namespace noaber::ledger
