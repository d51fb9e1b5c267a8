// What a cluster's Raft log carries (docs/operations.md): each entry's payload is one of the
// kinds below, encoded with the ledger's fixed-width big-endian fields and length-prefixed
// strings. The leader chooses every entry; members apply them in log order
// (cluster_state.h). Also the encoding of a batch's outcomes, which the leader's apply hands
// back to the proposer. Pure functions; thread-safe.
#ifndef NOABER_NODE_CLUSTER_LOG_ENTRY_H_
#define NOABER_NODE_CLUSTER_LOG_ENTRY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/result.h"

namespace noaber::node {

// A member as the cluster knows it: its Raft address for peers, its gRPC address for clients.
struct MemberAddress {
  uint64_t id = 0;
  std::string raft_address;
  std::string grpc_address;
  bool operator==(const MemberAddress&) const = default;
};

// An ordered batch of signed operations, applied at the leader's timestamp.
struct BatchEntry {
  int64_t timestamp_ms = 0;
  std::vector<std::string> signed_operations;
};

// The first entry of a cluster's log: the community every member holds, the log key every
// member signs checkpoints with, the join token, and the founding member.
struct FoundingEntry {
  std::string genesis;  // EncodeGenesis() bytes, as the store holds them
  // A community that ran as a single node before it became a cluster: its compact state
  // (RocksDbStore::ExportCompactState), which members joining start from. Empty when the
  // journal holds the genesis only.
  std::string compact_state;
  ledger::KeyPair log_key;
  std::string join_token;
  MemberAddress member;
};

// A member added (or its addresses changed).
struct MemberEntry {
  MemberAddress member;
};

// A member removed.
struct RemovalEntry {
  uint64_t id = 0;
};

using ClusterEntry = std::variant<BatchEntry, FoundingEntry, MemberEntry, RemovalEntry>;

std::string EncodeClusterEntry(const ClusterEntry& entry);
// DataLoss for bytes that are not an entry of a known kind (a damaged or newer log).
absl::StatusOr<ClusterEntry> DecodeClusterEntry(std::string_view bytes);

// What every member knows about the cluster, kept in DATA_DIR/cluster.members and carried
// in snapshots: the join token and the members' addresses, by id.
struct ClusterDirectory {
  std::string join_token;
  std::vector<MemberAddress> members;  // sorted by id
  bool operator==(const ClusterDirectory&) const = default;
};

std::string EncodeDirectory(const ClusterDirectory& directory);
absl::StatusOr<ClusterDirectory> DecodeDirectory(std::string_view bytes);

std::string EncodeOutcomes(const std::vector<ledger::Outcome>& outcomes);
absl::StatusOr<std::vector<ledger::Outcome>> DecodeOutcomes(std::string_view bytes);

}  // namespace noaber::node

#endif  // NOABER_NODE_CLUSTER_LOG_ENTRY_H_
