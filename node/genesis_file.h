// The genesis file: a TOML description of a community (name, assets, administrators, default
// limits, skills) that `noaber-node init --genesis FILE` founds. See
// deploy/genesis.example.toml and docs/node.md. Pure functions, thread-safe.
#ifndef NOABER_NODE_GENESIS_FILE_H_
#define NOABER_NODE_GENESIS_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"

namespace noaber::node {

// Parses genesis TOML `text` read from `source` (a file name for messages) into a Genesis
// created at `created_ms`, and validates it. InvalidArgument names the field and, where
// toml++ knows it, the line: "genesis.toml:14: assets[2].kind: expected \"time\" or ...".
// Without a `skills` array the default catalogue is used; `skills = []` means none.
absl::StatusOr<ledger::Genesis> ParseGenesisToml(std::string_view text, std::string_view source,
                                                 int64_t created_ms);

// Reads and parses the file at `path`.
absl::StatusOr<ledger::Genesis> LoadGenesisFile(const std::string& path, int64_t created_ms);

}  // namespace noaber::node

#endif  // NOABER_NODE_GENESIS_FILE_H_
