// Tests of RocksDbStore's compact state (Raft snapshots): a store restored from another's
// compact state opens as the same ledger, and goes on exactly as the original does; a pinned
// state exports its moment whatever is committed after; damage is refused before anything
// changes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ledger/rocksdb/compact_state.h"
#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/random_operations.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using testing::RandomOperations;
using testing::TempDir;
using testing::TestCommunity;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// Operations made before the snapshot that those after it refer to.
struct Fixtures {
  std::string transfer_bytes;  // anna pays bert: corrected after the snapshot
  OperationId transfer_id{};
  uint64_t transfer_index = 0;
  OperationId limits_id{};  // no transfer: its entry is not kept
  uint64_t limits_index = 0;
  OperationId pending_to_post{};
  OperationId pending_to_expire{};
  OperationId request{};
  OperationId listing{};
};

Fixtures MakeFixtures(TestCommunity& c) {
  Fixtures f;
  for (const char* handle : {"anna", "bert", "carla"}) {
    EXPECT_EQ(c.Open(handle).code, ResultCode::kAccepted);
  }
  Operation transfer = c.Op({Transfer{"anna", "bert", "HOUR", Amount{45}, "", "Heg"}});
  f.transfer_id = transfer.id;
  f.transfer_bytes = TestCommunity::SignBy(transfer, {"anna"});
  Outcome paid = c.Submit(f.transfer_bytes);
  EXPECT_EQ(paid.code, ResultCode::kAccepted);
  f.transfer_index = paid.index;
  Operation limits = c.Op({SetLimits{"carla", "HOUR", Amount{-300}, std::nullopt}});
  f.limits_id = limits.id;
  Outcome limited = c.Submit(limits, {"admin1"});
  EXPECT_EQ(limited.code, ResultCode::kAccepted);
  f.limits_index = limited.index;
  Transfer hour{"anna", "carla", "HOUR", Amount{60}, "", ""};
  Operation post = c.Op({CreatePending{hour, 30 * kDayMs}});
  f.pending_to_post = post.id;
  EXPECT_EQ(c.Submit(post, {"anna"}).code, ResultCode::kAccepted);
  Operation expire = c.Op({CreatePending{hour, 20 * kDayMs}});
  f.pending_to_expire = expire.id;
  EXPECT_EQ(c.Submit(expire, {"anna"}).code, ResultCode::kAccepted);
  Operation request =
      c.Op({RequestPayment{"bert", "anna", "HOUR", Amount{30}, "", "Soep", std::nullopt, 0}});
  f.request = request.id;
  EXPECT_EQ(c.Submit(request, {"bert"}).code, ResultCode::kAccepted);
  Operation listing =
      c.Op({PostListing{"carla", ListingKind::kOffer, "tuin", "Heg knippen", "", Amount{0}, 0}});
  f.listing = listing.id;
  EXPECT_EQ(c.Submit(listing, {"carla"}).code, ResultCode::kAccepted);
  return f;
}

// The key of journal entry `index` in the compact state: 8 bytes, big-endian.
std::string JournalKey(uint64_t index) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, index >>= 8) key[i] = static_cast<char>(index & 0xff);
  return key;
}

// Commits are not synced, as on a cluster member: these tests are about contents, not
// durability, and run faster (ImportCompactState syncs all the same).
std::unique_ptr<RocksDbStore> OpenStore(const std::string& path) {
  absl::StatusOr<std::unique_ptr<RocksDbStore>> store = RocksDbStore::Open(path, true);
  if (!store.ok()) {
    ADD_FAILURE() << store.status();
    return nullptr;
  }
  (*store)->SetSyncCommits(false);
  return *std::move(store);
}

std::string Export(const RocksDbStore& store) {
  absl::StatusOr<std::string> bytes = store.ExportCompactState();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::string();
}

std::string Export(const RocksDbStore::PinnedState& pinned) {
  absl::StatusOr<std::string> bytes = pinned.Export();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::string();
}

// Two ledgers that must go on identically: the original and one on a restored store.
struct Pair {
  Ledger& ledger_a;
  Store& store_a;
  Ledger& ledger_b;
  Store& store_b;
};

// Applies the same operations at the same time, as the same Raft entry, on both ledgers;
// expects the same outcomes (with their sentences unless `same_sentences` is false), heads,
// Merkle roots and Merkle nodes, and the same new journal entries.
void ApplyOnBoth(const Pair& p, const CommunityId& community, int64_t now_ms,
                 const std::vector<std::string>& signed_operations, uint64_t raft_index,
                 bool same_sentences = true, std::vector<ResultCode>* codes = nullptr) {
  std::vector<VerifiedOperation> batch;
  for (const std::string& bytes : signed_operations) {
    VerifiedOperation v;
    Rejection r = VerifyOperation(community, bytes, &v);
    ASSERT_TRUE(r.ok()) << r.message;
    batch.push_back(std::move(v));
  }
  const uint64_t head_before = p.ledger_a.head().index;
  absl::StatusOr<std::vector<Outcome>> a = p.ledger_a.ApplyBatch(now_ms, batch, raft_index);
  absl::StatusOr<std::vector<Outcome>> b = p.ledger_b.ApplyBatch(now_ms, batch, raft_index);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(a->size(), b->size());
  if (codes != nullptr) {
    for (const Outcome& o : *a) codes->push_back(o.code);
  }
  for (size_t i = 0; i < a->size(); ++i) {
    const Outcome& x = (*a)[i];
    const Outcome& y = (*b)[i];
    EXPECT_EQ(x.code, y.code) << "operation " << i << ": " << x.message << " / " << y.message;
    if (same_sentences) {
      EXPECT_EQ(x.message, y.message) << "operation " << i;
    }
    EXPECT_EQ(x.index, y.index) << "operation " << i;
    EXPECT_EQ(x.timestamp_ms, y.timestamp_ms) << "operation " << i;
    EXPECT_EQ(x.previous_hash, y.previous_hash) << "operation " << i;
    EXPECT_EQ(x.leaf_hash, y.leaf_hash) << "operation " << i;
  }
  EXPECT_EQ(p.ledger_a.head(), p.ledger_b.head());
  EXPECT_EQ(p.ledger_a.merkle_root(), p.ledger_b.merkle_root());
  EXPECT_EQ(p.ledger_a.last_merkle_nodes(), p.ledger_b.last_merkle_nodes());
  for (uint64_t i = head_before + 1; i <= p.ledger_a.head().index; ++i) {
    absl::StatusOr<std::optional<JournalEntry>> x = p.store_a.GetEntry(i);
    absl::StatusOr<std::optional<JournalEntry>> y = p.store_b.GetEntry(i);
    ASSERT_TRUE(x.ok() && y.ok() && x->has_value() && y->has_value()) << "entry " << i;
    EXPECT_EQ(**x, **y) << "entry " << i;
  }
  EXPECT_EQ(*p.store_a.GetRaftAppliedIndex(), *p.store_b.GetRaftAppliedIndex());
}

class CompactStateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_a_ = OpenStore(dir_.Sub("a"));
    ASSERT_NE(store_a_, nullptr);
    c_ = std::make_unique<TestCommunity>(store_a_.get());
  }

  // A journal of a few hundred entries: the fixtures, then random operations of every kind.
  void FillJournal() {
    fixtures_ = MakeFixtures(*c_);
    random_ = std::make_unique<RandomOperations>(*c_, /*seed=*/9, /*accounts=*/16);
    for (int i = 0; i < 110; ++i) random_->Batch(8);
    ASSERT_GT(c_->HeadIndex(), 200u);
    // The last batch before the snapshot came through Raft, as entry 1000.
    ASSERT_NO_FATAL_FAILURE(CommitRaftEntry(1000));
  }

  // One batch through Raft as entry `raft_index`: bert pays anna 5 minutes (even entries)
  // or anna pays them back (odd ones), so any number of them is accepted.
  void CommitRaftEntry(uint64_t raft_index) {
    c_->now_ms += 1'000;
    const std::string from = raft_index % 2 == 0 ? "bert" : "anna";
    const std::string to = raft_index % 2 == 0 ? "anna" : "bert";
    std::vector<VerifiedOperation> batch(1);
    ASSERT_TRUE(VerifyOperation(c_->id(),
                                Signed({Transfer{from, to, "HOUR", Amount{5}, "", ""}}, from),
                                &batch[0])
                    .ok());
    absl::StatusOr<std::vector<Outcome>> outcomes =
        c_->ledger().ApplyBatch(c_->now_ms, batch, raft_index);
    ASSERT_TRUE(outcomes.ok()) << outcomes.status();
    ASSERT_EQ((*outcomes)[0].code, ResultCode::kAccepted) << (*outcomes)[0].message;
  }

  // After FillJournal: a random batch (operations of every kind), then one through Raft as
  // entry `*raft_index`, which goes up by one.
  void CommitMore(uint64_t* raft_index) {
    random_->Batch(8);
    ASSERT_NO_FATAL_FAILURE(CommitRaftEntry((*raft_index)++));
  }

  std::string Signed(std::vector<Action> actions, const std::string& signer) {
    return TestCommunity::SignBy(c_->Op(std::move(actions)), {signer});
  }

  TempDir dir_;
  std::unique_ptr<RocksDbStore> store_a_;
  std::unique_ptr<TestCommunity> c_;
  std::unique_ptr<RandomOperations> random_;  // on c_
  Fixtures fixtures_;
};

TEST_F(CompactStateStoreTest, ARestoredStoreOpensAsTheSameLedgerAndGoesOnTheSame) {
  ASSERT_NO_FATAL_FAILURE(FillJournal());
  const Ledger& a = c_->ledger();
  ASSERT_GT(a.head().index, 200u);
  const std::string state = Export(*store_a_);

  std::unique_ptr<RocksDbStore> store_b = OpenStore(dir_.Sub("b"));
  ASSERT_TRUE(store_b->ImportCompactState(state).ok());
  absl::StatusOr<std::unique_ptr<Ledger>> b = Ledger::Open(store_b.get());
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ((*b)->head(), a.head());
  EXPECT_EQ((*b)->genesis(), a.genesis());
  EXPECT_EQ((*b)->community_id(), a.community_id());
  EXPECT_EQ((*b)->merkle_root(), a.merkle_root());
  EXPECT_EQ((*b)->last_timestamp_ms(), a.last_timestamp_ms());
  // Every row of every family, byte for byte (CompareState would also compare the history,
  // which a restored store does not have).
  EXPECT_EQ(Export(*store_b), state);
  EXPECT_EQ(*store_b->GetRaftAppliedIndex(), 1000u);
  const uint64_t first = std::min((a.head().index + 1) / 16 * 16, a.head().index);
  EXPECT_EQ(*store_b->GetJournalFirstIndex(), first);
  EXPECT_EQ(*store_a_->GetJournalFirstIndex(), 0u);

  // What it does not hold it says so; what a correction may read it holds.
  absl::StatusOr<std::optional<JournalEntry>> gone = store_b->GetEntry(fixtures_.limits_index);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(gone.status().message(), HasSubstr("is not on this node"));
  EXPECT_THAT(gone.status().message(), HasSubstr("read it from another member"));
  EXPECT_EQ(*store_b->GetEntry(fixtures_.transfer_index),
            *store_a_->GetEntry(fixtures_.transfer_index));
  EXPECT_EQ(*store_b->GetEntry(0), *store_a_->GetEntry(0));  // the genesis
  for (const uint64_t board : {(*store_a_->GetListing(fixtures_.listing))->created_index,
                               (*store_a_->GetRequest(fixtures_.request))->created_index}) {
    ASSERT_LT(board, first);
    EXPECT_EQ(*store_b->GetEntry(board), *store_a_->GetEntry(board)) << "entry " << board;
  }
  EXPECT_TRUE(store_b->GetHistory("anna", UINT64_MAX, 10)->empty());
  EXPECT_EQ(InclusionProof(StoreMerkleNodes(*store_b), fixtures_.limits_index, a.head().index + 1)
                .status()
                .code(),
            absl::StatusCode::kNotFound);

  // The same next batches on both: operations on state from before the snapshot.
  const Pair p{c_->ledger(), *store_a_, **b, *store_b};
  const uint64_t snapshot_size = a.head().index + 1;
  std::vector<ResultCode> codes;
  c_->now_ms += 60'000;
  std::string id_reused = Signed({Transfer{"anna", "bert", "HOUR", Amount{46}, "", "Heg"}}, "anna");
  {
    Operation op = c_->Op({Transfer{"anna", "bert", "HOUR", Amount{46}, "", "Heg"}});
    op.id = fixtures_.transfer_id;
    id_reused = TestCommunity::SignBy(op, {"anna"});
  }
  ApplyOnBoth(
      p, c_->id(), c_->now_ms,
      {Signed({CorrectTransfer{fixtures_.transfer_id, 0, "Verkeerde buur"}}, "admin1"),
       Signed({PostPending{fixtures_.pending_to_post, Amount{40}}}, "anna"),
       Signed({AcceptRequest{fixtures_.request}}, "anna"),
       Signed({CloseListing{fixtures_.listing}}, "carla"), fixtures_.transfer_bytes, id_reused,
       Signed({SetSkill{Skill{"fietsen", "Fietsen", "Bikes", "home", false}}}, "admin1"),
       Signed({Transfer{"carla", "bert", "HOUR", Amount{20}, "fietsen", ""}}, "carla"),
       Signed({Transfer{"bert", "anna", "HOUR", Amount{100 * 60}, "", ""}}, "bert"),
       Signed({Transfer{"user1", "user2", "BORN", Amount{250}, "", ""}}, "user1")},
      1001, /*same_sentences=*/true, &codes);
  // The old transfer is corrected, the old pending posted, request accepted, listing
  // closed; a retry is recognised and a reused id refused, from the state in the snapshot.
  EXPECT_EQ(std::vector<ResultCode>(codes.begin(), codes.begin() + 9),
            (std::vector<ResultCode>{
                ResultCode::kAccepted, ResultCode::kAccepted, ResultCode::kAccepted,
                ResultCode::kAccepted, ResultCode::kAlreadyApplied, ResultCode::kIdReused,
                ResultCode::kAccepted, ResultCode::kAccepted, ResultCode::kExceedsMinimum}));
  c_->now_ms += 21 * kDayMs;  // the other pending transfer expires
  ApplyOnBoth(p, c_->id(), c_->now_ms,
              {Signed({Transfer{"user3", "anna", "HOUR", Amount{15}, "", ""}}, "user3")}, 1002);
  EXPECT_EQ(*store_b->GetPending(fixtures_.pending_to_expire),
            *store_a_->GetPending(fixtures_.pending_to_expire));
  EXPECT_EQ((*store_b->GetPending(fixtures_.pending_to_expire))->state, PendingState::kExpired);
  // Naming an operation without a transfer: refused on both with the same sentence, though
  // the restored store does not hold that operation's entry (rules/corrections.cc).
  codes.clear();
  ApplyOnBoth(p, c_->id(), c_->now_ms,
              {Signed({CorrectTransfer{fixtures_.limits_id, 0, "Vergissing"}}, "admin1"),
               Signed({Transfer{"anna", "carla", "HOUR", Amount{1}, "", ""}}, "anna")},
              1003, /*same_sentences=*/true, &codes);
  EXPECT_EQ(codes, (std::vector<ResultCode>{ResultCode::kNotCorrectable, ResultCode::kAccepted}));

  EXPECT_EQ(Export(*store_b), Export(*store_a_));
  // The restored store's history starts at the snapshot.
  std::vector<uint64_t> since_snapshot = *store_a_->GetHistory("anna", UINT64_MAX, 100);
  std::erase_if(since_snapshot, [&](uint64_t i) { return i < snapshot_size; });
  EXPECT_FALSE(since_snapshot.empty());
  EXPECT_EQ(*store_b->GetHistory("anna", UINT64_MAX, 100), since_snapshot);
  // Receipts and the log's consistency since the snapshot come out the same.
  const uint64_t size = a.head().index + 1;
  for (uint64_t leaf = snapshot_size - 1; leaf < size; ++leaf) {
    EXPECT_EQ(*InclusionProof(StoreMerkleNodes(*store_b), leaf, size),
              *InclusionProof(StoreMerkleNodes(*store_a_), leaf, size))
        << "leaf " << leaf;
  }
  absl::StatusOr<std::vector<Hash>> consistency =
      ConsistencyProof(StoreMerkleNodes(*store_b), snapshot_size, size);
  ASSERT_TRUE(consistency.ok()) << consistency.status();
  EXPECT_EQ(*consistency, *ConsistencyProof(StoreMerkleNodes(*store_a_), snapshot_size, size));
}

// A store that held something else (another community, its journal and history) holds
// exactly the imported state afterwards, also once reopened (and so read from its files).
TEST_F(CompactStateStoreTest, ImportReplacesEverythingAStoreHeld) {
  ASSERT_NO_FATAL_FAILURE(FillJournal());
  const std::string state = Export(*store_a_);
  std::unique_ptr<RocksDbStore> store_c = OpenStore(dir_.Sub("c"));
  {
    TestCommunity other(store_c.get(), testing::EconomyGenesis());
    for (const char* handle : {"zora", "yuri", "xena", "anna"}) {
      ASSERT_EQ(other.Open(handle).code, ResultCode::kAccepted);
    }
    for (int i = 0; i < 40; ++i) {
      other.now_ms += 1'000;
      ASSERT_EQ(other.Pay("zora", "yuri", 1).code, ResultCode::kAccepted);
    }
    ASSERT_GT(other.HeadIndex(), c_->HeadIndex() / 8);
  }
  ASSERT_TRUE(store_c->ImportCompactState(state).ok());
  EXPECT_EQ(Export(*store_c), state);
  EXPECT_FALSE(store_c->GetAccount("zora")->has_value());
  EXPECT_TRUE(store_c->GetHistory("zora", UINT64_MAX, 10)->empty());
  EXPECT_TRUE(store_c->GetHistory("anna", UINT64_MAX, 10)->empty());
  EXPECT_TRUE(store_c->FindAccountsByKey(testing::KeyFor("zora").public_key)->empty());

  store_c.reset();
  store_c = OpenStore(dir_.Sub("c"));
  ASSERT_NE(store_c, nullptr);
  EXPECT_EQ(Export(*store_c), state);
  EXPECT_EQ(*store_c->GetJournalFirstIndex(),
            CompactStateReader::Open(state)->header().journal_first_index);
  EXPECT_FALSE(store_c->GetAccount("zora")->has_value());
  absl::StatusOr<std::unique_ptr<Ledger>> reopened = Ledger::Open(store_c.get());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ((*reopened)->merkle_root(), c_->ledger().merkle_root());
  EXPECT_TRUE(CheckInvariants(*store_c).ok());
}

// A restored store exports the same again, old transfers included, for the next member.
TEST_F(CompactStateStoreTest, ARestoredStoreIsRestoredFromAgain) {
  ASSERT_NO_FATAL_FAILURE(FillJournal());
  std::unique_ptr<RocksDbStore> store_b = OpenStore(dir_.Sub("b"));
  ASSERT_TRUE(store_b->ImportCompactState(Export(*store_a_)).ok());
  absl::StatusOr<std::unique_ptr<Ledger>> b = Ledger::Open(store_b.get());
  ASSERT_TRUE(b.ok());
  const Pair p{c_->ledger(), *store_a_, **b, *store_b};
  for (int i = 0; i < 40; ++i) {
    c_->now_ms += 1'000;
    ApplyOnBoth(p, c_->id(), c_->now_ms,
                {Signed({Transfer{"anna", "bert", "HOUR", Amount{1}, "", ""}}, "anna"),
                 Signed({SetLimits{"carla", "HOUR", Amount{-301 - i}, std::nullopt}}, "admin1")},
                1001 + i);
  }
  b->reset();
  std::unique_ptr<RocksDbStore> store_d = OpenStore(dir_.Sub("d"));
  ASSERT_TRUE(store_d->ImportCompactState(Export(*store_b)).ok());
  EXPECT_EQ(Export(*store_d), Export(*store_a_));
  EXPECT_EQ(*store_d->GetRaftAppliedIndex(), 1040u);
  EXPECT_EQ(*store_d->GetEntry(fixtures_.transfer_index),
            *store_a_->GetEntry(fixtures_.transfer_index));
  absl::StatusOr<std::unique_ptr<Ledger>> d = Ledger::Open(store_d.get());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ((*d)->merkle_root(), c_->ledger().merkle_root());
}

// A pinned state exports the moment it was pinned, byte for byte, however much is committed
// after: the head, the Raft index, the journal's tail and every family as they were then.
TEST_F(CompactStateStoreTest, APinnedStateExportsTheMomentItWasPinned) {
  ASSERT_NO_FATAL_FAILURE(FillJournal());
  const std::string at_pin = Export(*store_a_);
  const JournalHead head_at_pin = c_->ledger().head();
  const std::unique_ptr<RocksDbStore::PinnedState> pinned = store_a_->PinState();
  uint64_t raft_index = 1001;
  for (int i = 0; i < 20; ++i) ASSERT_NO_FATAL_FAILURE(CommitMore(&raft_index));
  ASSERT_GT(c_->HeadIndex(), head_at_pin.index + 16);  // the journal's tail moved on too
  const std::string now = Export(*store_a_);
  ASSERT_NE(now, at_pin);

  EXPECT_EQ(Export(*pinned), at_pin);
  EXPECT_EQ(Export(*pinned), at_pin);  // and again, the same
  EXPECT_EQ(*pinned->GetRaftAppliedIndex(), 1000u);
  EXPECT_EQ(*store_a_->GetRaftAppliedIndex(), 1020u);
  // A state pinned now holds those commits.
  EXPECT_EQ(Export(*store_a_->PinState()), now);
  // The pinned state restores as the ledger of its moment.
  std::unique_ptr<RocksDbStore> store_b = OpenStore(dir_.Sub("b"));
  ASSERT_TRUE(store_b->ImportCompactState(Export(*pinned)).ok());
  absl::StatusOr<std::unique_ptr<Ledger>> b = Ledger::Open(store_b.get());
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ((*b)->head(), head_at_pin);
  EXPECT_EQ(*store_b->GetRaftAppliedIndex(), 1000u);
}

// Every read of an export goes through the pin: when the store's whole contents are
// replaced after PinState() (every row of every family, the meta rows included), the pinned
// state still exports what was there, down to the old entries kept for the listings and
// payment requests (which a read of today's families would leave out).
TEST_F(CompactStateStoreTest, APinnedStateOutlivesAnImportOverItsStore) {
  ASSERT_NO_FATAL_FAILURE(FillJournal());
  const std::string at_pin = Export(*store_a_);
  const std::unique_ptr<RocksDbStore::PinnedState> pinned = store_a_->PinState();
  random_.reset();
  c_.reset();  // no Ledger on a store being imported into
  std::unique_ptr<RocksDbStore> store_c = OpenStore(dir_.Sub("c"));
  {
    TestCommunity other(store_c.get(), testing::EconomyGenesis());
    ASSERT_EQ(other.Open("zora").code, ResultCode::kAccepted);
  }
  ASSERT_TRUE(store_a_->ImportCompactState(Export(*store_c)).ok());
  ASSERT_FALSE(store_a_->GetListing(fixtures_.listing)->has_value());
  ASSERT_NE(Export(*store_a_), at_pin);

  EXPECT_EQ(Export(*pinned), at_pin);
  EXPECT_EQ(*pinned->GetRaftAppliedIndex(), 1000u);
  EXPECT_EQ(*store_a_->GetRaftAppliedIndex(), 0u);
}

// Export() on another thread while this one commits, as a Raft snapshot is taken: every export
// is the pinned moment, and a state pinned in the middle of the commits is a whole one (it
// restores as a ledger whose invariants hold).
TEST_F(CompactStateStoreTest, PinnedStatesExportOnAnotherThreadWhileCommitsGoOn) {
  ASSERT_NO_FATAL_FAILURE(FillJournal());
  const std::string at_pin = Export(*store_a_);
  const uint64_t head_at_pin = c_->HeadIndex();
  const std::unique_ptr<RocksDbStore::PinnedState> pinned = store_a_->PinState();
  constexpr int kBatchesWhileExportingMin = 20;
  constexpr int kBatchesMax = 2'000;
  std::atomic<int> batches{0};
  std::atomic<bool> exporting{true};
  // The exporter's, until it is joined.
  int exports = 0;
  int exports_different = 0;
  std::string pinned_meanwhile;
  std::thread exporter([&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const int batches_at_start = batches.load();
    while (std::chrono::steady_clock::now() < deadline) {
      if (Export(*pinned) != at_pin) ++exports_different;
      ++exports;
      if (exports == 1) pinned_meanwhile = Export(*store_a_->PinState());
      if (exports >= 2 && batches.load() - batches_at_start >= kBatchesWhileExportingMin) break;
    }
    exporting.store(false);
  });
  uint64_t raft_index = 1001;
  for (int i = 0; i < kBatchesMax && exporting.load() && !HasFatalFailure(); ++i) {
    CommitMore(&raft_index);
    batches.fetch_add(1);
  }
  exporter.join();

  EXPECT_GE(exports, 2);
  EXPECT_EQ(exports_different, 0) << "of " << exports << " exports";
  EXPECT_GE(batches.load(), kBatchesWhileExportingMin);
  ASSERT_NE(Export(*store_a_), at_pin);
  std::unique_ptr<RocksDbStore> store_b = OpenStore(dir_.Sub("b"));
  ASSERT_TRUE(store_b->ImportCompactState(pinned_meanwhile).ok());
  absl::StatusOr<std::unique_ptr<Ledger>> b = Ledger::Open(store_b.get());
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(CheckInvariants(*store_b).ok());
  EXPECT_GE((*b)->head().index, head_at_pin);
  EXPECT_LE((*b)->head().index, c_->HeadIndex());
}

// A damaged or foreign state, or one that would not open as a ledger, changes nothing.
TEST_F(CompactStateStoreTest, ImportRefusesBadStatesAndChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(FillJournal());
  const std::string state = Export(*store_a_);
  std::unique_ptr<RocksDbStore> store_b = OpenStore(dir_.Sub("b"));
  TestCommunity other(store_b.get());
  ASSERT_EQ(other.Open("zora").code, ResultCode::kAccepted);
  const std::string before = Export(*store_b);

  std::string damaged = state;
  damaged[damaged.size() / 2] ^= 0x01;
  absl::Status s = store_b->ImportCompactState(damaged);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_THAT(s.message(), HasSubstr("checksum"));
  EXPECT_EQ(store_b->ImportCompactState(state.substr(0, state.size() - 1)).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(store_b->ImportCompactState("not a state").code(), absl::StatusCode::kInvalidArgument);
  std::string newer = state;
  newer[kCompactStateMagic.size() + 1] = 2;
  s = store_b->ImportCompactState(newer);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("version 2"));

  // Checksums that match, over rows that do not make a ledger.
  absl::StatusOr<CompactStateReader> reader = CompactStateReader::Open(state);
  ASSERT_TRUE(reader.ok());
  auto rewrite = [&](const std::function<bool(std::string_view, std::string_view)>& keep,
                     std::string_view extra_family) {
    CompactStateWriter writer(reader->header());
    std::string family;
    EXPECT_TRUE(reader
                    ->ForEachRow([&](std::string_view f, std::string_view k, std::string_view v) {
                      if (f != family) writer.BeginSection(family = std::string(f));
                      if (keep(f, k)) writer.AddRow(k, v);
                      return absl::OkStatus();
                    })
                    .ok());
    if (!extra_family.empty()) {
      writer.BeginSection(extra_family);
      writer.AddRow("k", "v");
    }
    return writer.Finish();
  };
  const std::string head_key = JournalKey(c_->HeadIndex());
  s = store_b->ImportCompactState(rewrite(
      [&](std::string_view f, std::string_view k) { return f != "journal" || k != head_key; }, ""));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_THAT(s.message(), HasSubstr("is not its head"));
  const uint64_t first = reader->header().journal_first_index;
  if (first < c_->HeadIndex()) {  // a tail longer than the head entry alone: take one out
    const std::string first_key = JournalKey(first);
    s = store_b->ImportCompactState(rewrite(
        [&](std::string_view f, std::string_view k) { return f != "journal" || k != first_key; },
        ""));
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
    EXPECT_THAT(s.message(), HasSubstr("lacks journal entries"));
  }
  s = store_b->ImportCompactState(
      rewrite([](std::string_view f, std::string_view) { return f != "meta"; }, ""));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  s = store_b->ImportCompactState(
      rewrite([](std::string_view, std::string_view) { return true; }, "mystery"));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_THAT(s.message(), HasSubstr("mystery"));

  EXPECT_EQ(Export(*store_b), before);
  EXPECT_EQ(*store_b->GetJournalFirstIndex(), 0u);
  // And the intact state still goes in.
  EXPECT_TRUE(store_b->ImportCompactState(state).ok());
  EXPECT_EQ(Export(*store_b), state);
}

// The journal's tail when the tree is a perfect one (no entries needed for it, but the head
// entry is), at the genesis alone, and an empty store. Heads 0, 15 and 17: first journal
// indexes 0, 15 (the head alone) and 16.
TEST(CompactStateEdgeTest, TailsAtTheEdges) {
  TempDir dir;
  for (uint64_t head : {0, 15, 17}) {
    SCOPED_TRACE(StrCat("head ", head));
    std::unique_ptr<RocksDbStore> a = OpenStore(dir.Sub(StrCat("a", head)));
    TestCommunity c(a.get());
    if (head > 0) {
      ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    }
    while (c.HeadIndex() < head) {
      ASSERT_EQ(c.Pay("anna", "community", 1).code, ResultCode::kAccepted);
    }
    const std::string state = Export(*a);
    std::unique_ptr<RocksDbStore> b = OpenStore(dir.Sub(StrCat("b", head)));
    ASSERT_TRUE(b->ImportCompactState(state).ok());
    EXPECT_EQ(*b->GetJournalFirstIndex(), std::min((head + 1) / 16 * 16, head));
    absl::StatusOr<std::unique_ptr<Ledger>> lb = Ledger::Open(b.get());
    ASSERT_TRUE(lb.ok()) << lb.status();
    const Pair p{c.ledger(), *a, **lb, *b};
    c.now_ms += 1'000;
    ApplyOnBoth(p, c.id(), c.now_ms,
                {TestCommunity::SignBy(
                    c.Op({OpenAccount{
                        "bert", AccountKind::kResident, {testing::KeyFor("bert").public_key}, 1}}),
                    {"admin1"})},
                7);
  }
  std::unique_ptr<RocksDbStore> empty = OpenStore(dir.Sub("empty"));
  const std::string state = Export(*empty);
  std::unique_ptr<RocksDbStore> b = OpenStore(dir.Sub("b-empty"));
  ASSERT_TRUE(b->ImportCompactState(state).ok());
  EXPECT_FALSE(b->GetHead()->has_value());
}

// A store opened read-only (noaber-node audit) pins and exports as well, the same bytes.
TEST(CompactStateEdgeTest, AReadOnlyStorePinsAndExportsTheSame) {
  TempDir dir;
  std::string state;
  {
    std::unique_ptr<RocksDbStore> store = OpenStore(dir.Sub("db"));
    TestCommunity c(store.get());
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Pay("anna", "community", 1).code, ResultCode::kAccepted);
    state = Export(*store);
  }
  absl::StatusOr<std::unique_ptr<RocksDbStore>> read_only =
      RocksDbStore::OpenReadOnly(dir.Sub("db"));
  ASSERT_TRUE(read_only.ok()) << read_only.status();
  EXPECT_EQ(Export(*(*read_only)->PinState()), state);
}

// The size figure for docs: the compact state of a journal of 1,000 transfers next to the
// journal itself. Every transfer entry stays in it (a correction may name any of them).
TEST(CompactStateSizeTest, OfAThousandTransfers) {
  TempDir dir;
  std::unique_ptr<RocksDbStore> store = OpenStore(dir.Sub("db"));
  TestCommunity c(store.get());
  const std::vector<std::string> handles = {"anna", "bert", "carla", "dirk", "eva"};
  for (const std::string& handle : handles) ASSERT_EQ(c.Open(handle).code, ResultCode::kAccepted);
  for (int batch = 0; batch < 20; ++batch) {
    c.now_ms += 1'000;
    std::vector<VerifiedOperation> operations(50);
    for (int i = 0; i < 50; ++i) {
      const std::string& from = handles[(batch + i) % 5];
      const std::string& to = handles[(batch + i + 1) % 5];
      ASSERT_TRUE(
          VerifyOperation(c.id(),
                          TestCommunity::SignBy(c.Op({Transfer{from, to, "HOUR", Amount{15}, "tuin",
                                                               "Bedankt voor de hulp"}}),
                                                {from}),
                          &operations[i])
              .ok());
    }
    absl::StatusOr<std::vector<Outcome>> outcomes =
        c.ledger().ApplyBatch(c.now_ms, std::move(operations));
    ASSERT_TRUE(outcomes.ok());
    for (const Outcome& o : *outcomes) ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  }
  ASSERT_EQ(c.HeadIndex(), 1005u);
  uint64_t journal_bytes = 0;
  for (uint64_t i = 0; i <= c.HeadIndex(); ++i) {
    journal_bytes += EncodeJournalEntry(**store->GetEntry(i)).size() + 8;  // with its key
  }
  const std::string state = Export(*store);
  std::map<std::string, std::pair<uint64_t, uint64_t>> families;  // rows, bytes
  ASSERT_TRUE(CompactStateReader::Open(state)
                  ->ForEachRow([&](std::string_view f, std::string_view k, std::string_view v) {
                    auto& [rows, bytes] = families[std::string(f)];
                    ++rows;
                    bytes += k.size() + v.size() + 8;
                    return absl::OkStatus();
                  })
                  .ok());
  // The genesis, the 1,000 transfers and the tail's entries; the five openings are gone.
  EXPECT_EQ(families["journal"].first, 1'001u);
  EXPECT_EQ(families.count("history"), 0u);
  std::printf(
      "journal of %llu entries (1,000 transfers): %llu bytes; compact state: %zu bytes,"
      " of which %llu in the %llu journal entries it keeps\n",
      static_cast<unsigned long long>(c.HeadIndex() + 1),
      static_cast<unsigned long long>(journal_bytes), state.size(),
      static_cast<unsigned long long>(families["journal"].second),
      static_cast<unsigned long long>(families["journal"].first));
  for (const auto& [family, figures] : families) {
    std::printf("  %-12s %6llu rows %8llu bytes\n", family.c_str(),
                static_cast<unsigned long long>(figures.first),
                static_cast<unsigned long long>(figures.second));
  }
  EXPECT_LT(state.size() - families["journal"].second, journal_bytes / 2);
}

// A store closed while its state is pinned would leave the pin to release its snapshot on a
// closed database: it crashes at once instead, saying why.
TEST(PinnedStateDeathTest, AStoreClosedWhileItsStateIsPinnedCrashes) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // RocksDB runs threads of its own
  EXPECT_DEATH(
      {
        TempDir dir;
        std::unique_ptr<RocksDbStore> store = OpenStore(dir.Sub("db"));
        const std::unique_ptr<RocksDbStore::PinnedState> pinned = store->PinState();
        // This process dies without running destructors: the folder goes now (the store
        // holds its files open).
        std::filesystem::remove_all(dir.path());
        store.reset();
      },
      "closed with a PinnedState alive");
}

}  // namespace
}  // namespace noaber::ledger
