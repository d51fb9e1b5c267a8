// ClusterState on a real RocksDB store: what a member has on disk when its ledger appears.
#include "node/cluster/state.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
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

    FoundingEntry founding;
    founding.genesis = ledger::EncodeGenesis(
        ledger::DefaultGenesis("Teststad", {KeyFor("admin1").public_key}, 1, 1'700'000'000'000));
    founding.log_key = KeyFor("log");
    founding.join_token = std::string(48, 'a');
    founding.member = {1, "127.0.0.1:7001", "127.0.0.1:8001"};

    // Watches as `noaber-node run` does, but without pausing: the moment the ledger appears.
    std::atomic<bool> applied_done = false;
    std::atomic<bool> seen = false;
    std::atomic<bool> key_then = false;
    std::atomic<bool> directory_then = false;
    std::thread watcher([&] {
      while (true) {
        const bool finished = applied_done;  // read first: a ledger set before it shows below
        if (state.ledger() != nullptr) {
          key_then = LoadNodeKey(dir.path()).ok();
          directory_then = std::filesystem::exists(ClusterDirectoryPath(dir.path()));
          seen = true;
          return;
        }
        if (finished) return;
      }
    });
    absl::StatusOr<std::string> applied =
        state.Apply(1, EncodeClusterEntry(ClusterEntry(founding)));
    applied_done = true;
    watcher.join();
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_TRUE(seen);
    EXPECT_TRUE(key_then) << "round " << round << ": the ledger appeared before the log key";
    EXPECT_TRUE(directory_then) << "round " << round
                                << ": the ledger appeared before the directory";
    absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(dir.path());
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(key->public_key, founding.log_key.public_key);
  }
}

}  // namespace
}  // namespace noaber::node
