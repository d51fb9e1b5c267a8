// ClusterState on a real RocksDB store: what a member has on disk when its ledger appears.
#include "node/cluster/state.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/genesis.h"
#include "node/cluster/log_entry.h"
#include "node/node_key.h"

namespace noaber::node {
namespace {

using ledger::testing::KeyFor;

FoundingEntry TestFounding() {
  FoundingEntry founding;
  founding.genesis = ledger::EncodeGenesis(
      ledger::DefaultGenesis("Teststad", {KeyFor("admin1").public_key}, 1, 1'700'000'000'000));
  founding.log_key = KeyFor("log");
  founding.join_token = std::string(48, 'a');
  founding.member = {1, "127.0.0.1:7001", "127.0.0.1:8001"};
  return founding;
}

// What a thread watching `state` without pause found on disk in `dir` the moment the ledger
// appeared, while `change` ran on this thread; `seen` false if it never appeared.
struct OnDiskWhenTheLedgerAppeared {
  bool seen = false;
  bool key = false;
  bool directory = false;
};

OnDiskWhenTheLedgerAppeared Watch(const ClusterState& state, const std::string& dir,
                                  const std::function<void()>& change) {
  std::atomic<bool> change_done = false;
  OnDiskWhenTheLedgerAppeared found;
  std::thread watcher([&] {
    while (true) {
      const bool finished = change_done;  // read first: a ledger set before it shows below
      if (state.ledger() != nullptr) {
        found.key = LoadNodeKey(dir).ok();
        found.directory = std::filesystem::exists(ClusterDirectoryPath(dir));
        found.seen = true;
        return;
      }
      if (finished) return;
    }
  });
  change();
  change_done = true;
  watcher.join();
  return found;
}

// `noaber-node run` on a joining member waits for the ledger and then loads the node key and
// reads the directory: both must be on disk by the time the ledger can be seen. It once saw
// the ledger first and stopped with "no node key" (cluster_e2e, under load).
TEST(ClusterStateTest, TheLogKeyAndDirectoryAreOnDiskBeforeTheLedgerAppears) {
  for (int round = 0; round < 5; ++round) {
    ledger::testing::TempDir dir;
    auto store = ledger::RocksDbStore::Open(dir.Sub("store"), /*create_if_missing=*/true);
    ASSERT_TRUE(store.ok()) << store.status();
    ClusterState state(store->get(), dir.path());
    ASSERT_TRUE(state.Open().ok());
    ASSERT_EQ(state.ledger(), nullptr);

    const FoundingEntry founding = TestFounding();
    absl::StatusOr<std::string> applied;
    const OnDiskWhenTheLedgerAppeared found = Watch(state, dir.path(), [&] {
      applied = state.Apply(1, EncodeClusterEntry(ClusterEntry(founding)));
    });
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_TRUE(found.seen);
    EXPECT_TRUE(found.key) << "round " << round << ": the ledger appeared before the log key";
    EXPECT_TRUE(found.directory) << "round " << round
                                 << ": the ledger appeared before the directory";
    absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(dir.path());
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(key->public_key, founding.log_key.public_key);
  }
}

// A member restoring a snapshot (a new member catching up, or one far behind) is watched the
// same way: its key and directory are on disk before its restored ledger appears.
TEST(ClusterStateTest, ARestoredMembersKeyAndDirectoryAreOnDiskBeforeItsLedgerAppears) {
  ledger::testing::TempDir source_dir;
  auto source_store = ledger::RocksDbStore::Open(source_dir.Sub("store"), true);
  ASSERT_TRUE(source_store.ok()) << source_store.status();
  ClusterState source(source_store->get(), source_dir.path());
  ASSERT_TRUE(source.Open().ok());
  const FoundingEntry founding = TestFounding();
  ASSERT_TRUE(source.Apply(1, EncodeClusterEntry(ClusterEntry(founding))).ok());
  absl::StatusOr<cluster::SnapshotJob> job = source.Snapshot();
  ASSERT_TRUE(job.ok()) << job.status();
  absl::StatusOr<std::string> snapshot = (*job)();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();

  for (int round = 0; round < 5; ++round) {
    ledger::testing::TempDir dir;
    auto store = ledger::RocksDbStore::Open(dir.Sub("store"), /*create_if_missing=*/true);
    ASSERT_TRUE(store.ok()) << store.status();
    ClusterState state(store->get(), dir.path());
    ASSERT_TRUE(state.Open().ok());
    ASSERT_EQ(state.ledger(), nullptr);

    absl::Status restored;
    const OnDiskWhenTheLedgerAppeared found =
        Watch(state, dir.path(), [&] { restored = state.Restore(*snapshot); });
    ASSERT_TRUE(restored.ok()) << restored;
    ASSERT_TRUE(found.seen);
    EXPECT_TRUE(found.key) << "round " << round << ": the ledger appeared before the log key";
    EXPECT_TRUE(found.directory) << "round " << round
                                 << ": the ledger appeared before the directory";
    EXPECT_EQ(state.directory().members.size(), 1u);
    EXPECT_EQ(state.ledger()->community_id(), source.ledger()->community_id());
    absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(dir.path());
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(key->public_key, founding.log_key.public_key);
  }
}

}  // namespace
}  // namespace noaber::node
