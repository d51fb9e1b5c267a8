// The commands of noaber-node: init, run, check and audit. main.cc parses the command line
// into these options; each command returns OK (exit 0) or a status whose message main
// prints on one line (exit 1). See docs/node.md.
#ifndef NOABER_NODE_COMMANDS_H_
#define NOABER_NODE_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace noaber::node {

struct InitOptions {
  std::string data_dir;
  // Either a genesis file, or a name and administrator keys for the default genesis.
  std::string genesis_file;
  std::string community_name;
  std::vector<std::string> admin_keys_hex;
  int admin_threshold = 1;
};

// Creates a RocksDB store in `data_dir` holding a new community's genesis. Refuses a folder
// that already holds a journal, or that holds something else.
absl::Status InitCommand(const InitOptions& options);

struct RunOptions {
  std::string data_dir;
  std::string config_file;            // empty: defaults
  std::optional<std::string> listen;  // overrides the config's listen address
  bool allow_remote = false;
  std::vector<std::string> witnesses;  // added to the config's witnesses
  // Override the config's tls_cert_file, tls_key_file and tls_client_ca_file.
  std::optional<std::string> tls_cert_file;
  std::optional<std::string> tls_key_file;
  std::optional<std::string> tls_client_ca_file;
};

// Serves the ledger until SIGINT or SIGTERM, then stops accepting calls, finishes those in
// flight, commits what is queued and closes the store. Prints one line to stdout once
// listening: "noaber-node listening on HOST:PORT".
absl::Status RunCommand(const RunOptions& options);

// noaber-node cluster init|join|remove|status (docs/operations.md).
struct ClusterOptions {
  std::string data_dir;
  uint64_t node_id = 0;
  std::string raft_address;  // IPv4 host:port
  std::string grpc_address;  // host:port clients reach the member at
  std::string via;           // members' gRPC addresses, separated by commas
  std::string token;         // the join token
  std::string ca_file;       // when the members serve TLS
};

// Makes the community in `data_dir` (from `noaber-node init`) a one-member cluster: writes
// the Raft folder and cluster.toml with a new join token, and prints how to go on.
absl::Status ClusterInitCommand(const ClusterOptions& options);
// Asks the cluster (through --via, following the leader) to add a member, and prepares its
// empty folder.
absl::Status ClusterJoinCommand(const ClusterOptions& options);
absl::Status ClusterRemoveCommand(const ClusterOptions& options);
// Prints one member's view of the cluster: members, leader, indexes, journal head.
absl::Status ClusterStatusCommand(const ClusterOptions& options);

struct CheckOptions {
  std::string data_dir;
};

// Runs the audit (below, without a checkpoint) and prints one line, "journal ok: N entries,
// head HASH"; DataLoss names the first bad entry or difference.
absl::Status CheckCommand(const CheckOptions& options);

struct AuditOptions {
  std::string data_dir;
  std::string checkpoint_file;  // empty: none
  std::string checkpoint_key;   // a verifier key; empty: the checkpoint's signature is not checked
};

// Opens the store read-only and verifies everything it holds: every signature, the hash
// chain, the stored Merkle tree node for node, and every state record by replay and the
// invariants (store_audit.h); then, with a checkpoint, that the tree of the checkpoint's
// size has its root. Prints a summary ending in "OK". DataLoss names the first bad entry
// or the difference; NotFound, Unavailable as RocksDbStore::OpenReadOnly; InvalidArgument
// or Unauthenticated for a checkpoint that cannot be read or whose signature does not verify.
absl::Status AuditCommand(const AuditOptions& options);

}  // namespace noaber::node

#endif  // NOABER_NODE_COMMANDS_H_
