// The state machine a cluster member replicates (docs/operations.md): the ledger in the
// member's RocksDB store, plus the cluster directory (join token, members' addresses) in
// DATA_DIR/cluster.members. RaftNode (cluster/raft_node.h) calls Apply, Snapshot and Restore
// on its loop thread, in log order, and runs the job Snapshot returns on a worker; Apply runs
// the same deterministic Ledger::ApplyBatch as a single node, recording the Raft index in the
// same write, so an entry applied again after a crash is skipped. A member that joins with an
// empty folder has no ledger until the founding entry (or a snapshot) arrives.
//
// Owns the Ledger; borrows the store, which must outlive it. Apply/Snapshot/Restore: one
// thread at a time (the loop thread). The accessors are thread-safe.
#ifndef NOABER_NODE_CLUSTER_STATE_H_
#define NOABER_NODE_CLUSTER_STATE_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ledger/rocksdb/rocksdb_store.h"
#include "noaber/ledger/ledger.h"
#include "node/cluster/log_entry.h"
#include "node/cluster/raft_node.h"

namespace noaber::node {

// DATA_DIR/cluster.members.
std::string ClusterDirectoryPath(const std::string& data_dir);

class ClusterState {
 public:
  // Told about every change of the ledger, on the loop thread: after each committed batch
  // (`restored` false) and after a snapshot replaced the state (`restored` true). The node
  // signs its checkpoint and wakes its readers there. An error stops the member.
  using Listener = std::function<absl::Status(const ledger::Ledger& ledger, bool restored)>;

  ClusterState(ledger::RocksDbStore* store, std::string data_dir);
  ~ClusterState();

  // Opens the ledger if the store holds a community, and the directory file if there is one.
  absl::Status Open();

  // The Raft index the store holds durably (RaftNode's StateMachine::applied_index).
  absl::StatusOr<uint64_t> AppliedIndex() const;

  // The RaftNode hooks (loop thread).
  absl::StatusOr<std::string> Apply(uint64_t raft_index, std::string_view payload);
  // Pins the ledger's state and copies the directory, at once; the job serializes them on a
  // worker while entries go on being applied. The job must not outlive the store.
  absl::StatusOr<cluster::SnapshotJob> Snapshot();
  absl::Status Restore(std::string_view snapshot);

  // Set once, before the member starts serving: calls `listener` once at once (restored
  // true) with the ledger as it is, then after every change; no change falls in between.
  // Needs the ledger (WaitForLedger).
  absl::Status SetListener(Listener listener);

  // Waits up to `timeout` for a ledger (a joining member receives its community first).
  bool WaitForLedger(std::chrono::milliseconds timeout) const;
  // The ledger, or null before the community arrived. Only the loop thread applies to it;
  // others may read its immutable parts (genesis, community id).
  const ledger::Ledger* ledger() const;
  ClusterDirectory directory() const;
  const ledger::RocksDbStore& store() const { return *store_; }
  // The Merkle root after the last applied batch (zero before the community arrived).
  ledger::Hash merkle_root() const;
  // Whether the founding entry has been applied (the directory has members).
  bool founded() const;

 private:
  absl::StatusOr<std::string> ApplyBatch(uint64_t raft_index, const BatchEntry& batch);
  absl::Status ApplyFounding(const FoundingEntry& founding);
  absl::Status SaveDirectory(ClusterDirectory directory);
  absl::Status Notify(bool restored);

  ledger::RocksDbStore* const store_;
  const std::string data_dir_;
  std::unique_ptr<ledger::Ledger> ledger_;  // loop thread writes; guarded for the pointer
  Listener listener_;

  // Held while the state changes (Apply, Restore) and while a listener is set.
  std::mutex apply_mutex_;
  mutable std::mutex mutex_;
  mutable std::condition_variable ledger_ready_;
  ClusterDirectory directory_;
  ledger::Hash merkle_root_{};
};

}  // namespace noaber::node

#endif  // NOABER_NODE_CLUSTER_STATE_H_
