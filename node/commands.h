// The three commands of noaber-node: init, run and check. main.cc parses the command line
// into these options; each command returns OK (exit 0) or a status whose message main
// prints on one line (exit 1). See docs/node.md.
#ifndef NOABER_NODE_COMMANDS_H_
#define NOABER_NODE_COMMANDS_H_

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
};

// Serves the ledger until SIGINT or SIGTERM, then stops accepting calls, finishes those in
// flight, commits what is queued and closes the store. Prints one line to stdout once
// listening: "noaber-node listening on HOST:PORT".
absl::Status RunCommand(const RunOptions& options);

struct CheckOptions {
  std::string data_dir;
};

// Replays the whole journal into memory, compares the result with the stored state and
// checks the invariants. Prints "journal ok: N entries, head HASH"; DataLoss names the first
// bad entry or difference.
absl::Status CheckCommand(const CheckOptions& options);

}  // namespace noaber::node

#endif  // NOABER_NODE_COMMANDS_H_
