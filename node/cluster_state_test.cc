// ClusterState on a real RocksDB store: what a member has on disk when its ledger appears.
#include "node/cluster/state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
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

// A member's folder with an empty store and its ClusterState opened: no ledger yet.
struct Member {
  ledger::testing::TempDir dir;
  std::unique_ptr<ledger::RocksDbStore> store;
  std::unique_ptr<ClusterState> state;
};

void OpenMember(Member* member) {
  auto store = ledger::RocksDbStore::Open(member->dir.Sub("store"), /*create_if_missing=*/true);
  ASSERT_TRUE(store.ok()) << store.status();
  member->store = *std::move(store);
  member->state = std::make_unique<ClusterState>(member->store.get(), member->dir.path());
  ASSERT_TRUE(member->state->Open().ok());
  ASSERT_EQ(member->state->ledger(), nullptr);
}

// The log key and the directory were there when the ledger appeared, and the key is the
// cluster's.
void ExpectKeyAndDirectoryFirst(const OnDiskWhenTheLedgerAppeared& found, int round,
                                const Member& member, const ledger::PublicKey& log_key) {
  ASSERT_TRUE(found.seen);
  EXPECT_TRUE(found.key) << "round " << round << ": the ledger appeared before the log key";
  EXPECT_TRUE(found.directory) << "round " << round
                               << ": the ledger appeared before the directory";
  absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(member.dir.path());
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->public_key, log_key);
}

// `noaber-node run` on a joining member waits for the ledger and then loads the node key and
// reads the directory: both must be on disk by the time the ledger can be seen. It once saw
// the ledger first and stopped with "no node key" (cluster_e2e, under load).
TEST(ClusterStateTest, TheLogKeyAndDirectoryAreOnDiskBeforeTheLedgerAppears) {
  const FoundingEntry founding = TestFounding();
  for (int round = 0; round < 5; ++round) {
    Member member;
    ASSERT_NO_FATAL_FAILURE(OpenMember(&member));
    absl::StatusOr<std::string> applied;
    const OnDiskWhenTheLedgerAppeared found = Watch(*member.state, member.dir.path(), [&] {
      applied = member.state->Apply(1, EncodeClusterEntry(ClusterEntry(founding)));
    });
    ASSERT_TRUE(applied.ok()) << applied.status();
    ExpectKeyAndDirectoryFirst(found, round, member, founding.log_key.public_key);
  }
}

// A member restoring a snapshot (a new member catching up, or one far behind) is watched the
// same way: its key and directory are on disk before its restored ledger appears.
TEST(ClusterStateTest, ARestoredMembersKeyAndDirectoryAreOnDiskBeforeItsLedgerAppears) {
  const FoundingEntry founding = TestFounding();
  Member source;
  ASSERT_NO_FATAL_FAILURE(OpenMember(&source));
  ASSERT_TRUE(source.state->Apply(1, EncodeClusterEntry(ClusterEntry(founding))).ok());
  absl::StatusOr<cluster::SnapshotJob> job = source.state->Snapshot();
  ASSERT_TRUE(job.ok()) << job.status();
  absl::StatusOr<std::string> snapshot = (*job)();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();

  for (int round = 0; round < 5; ++round) {
    Member member;
    ASSERT_NO_FATAL_FAILURE(OpenMember(&member));
    absl::Status restored;
    const OnDiskWhenTheLedgerAppeared found = Watch(
        *member.state, member.dir.path(), [&] { restored = member.state->Restore(*snapshot); });
    ASSERT_TRUE(restored.ok()) << restored;
    ExpectKeyAndDirectoryFirst(found, round, member, founding.log_key.public_key);
    EXPECT_EQ(member.state->directory().members.size(), 1u);
    EXPECT_EQ(member.state->ledger()->community_id(), source.state->ledger()->community_id());
  }
}

// A member whose folder already holds another node key is refused at founding, before
// anything is created: every member signs with the cluster's one log key.
TEST(ClusterStateTest, AFoundingWithAnotherNodeKeyOnDiskIsRefusedAndCreatesNothing) {
  const FoundingEntry founding = TestFounding();
  Member member;
  ASSERT_NO_FATAL_FAILURE(OpenMember(&member));
  ASSERT_TRUE(WriteNodeKey(member.dir.path(), KeyFor("someone else")).ok());
  absl::StatusOr<std::string> applied =
      member.state->Apply(1, EncodeClusterEntry(ClusterEntry(founding)));
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(applied.status().message()),
              ::testing::HasSubstr("is not the cluster's log key"));
  EXPECT_EQ(member.state->ledger(), nullptr);
  EXPECT_FALSE(std::filesystem::exists(ClusterDirectoryPath(member.dir.path())));
  absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(member.dir.path());
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->public_key, KeyFor("someone else").public_key);
}

}  // namespace
}  // namespace noaber::node
