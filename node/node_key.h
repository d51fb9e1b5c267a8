// The node's own Ed25519 key, which signs contribution statements. It lives in the data
// folder as DATA_DIR/node.key: the 64-byte libsodium secret key (seed then public key), as
// 128 hex digits and a newline, readable by the node's user only (mode 0600). A raw 64-byte
// file is read as well. Functions touch only that file; thread-compatible.
#ifndef NOABER_NODE_NODE_KEY_H_
#define NOABER_NODE_NODE_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "noaber/ledger/crypto.h"

namespace noaber::node {

inline constexpr char kNodeKeyFileName[] = "node.key";

// DATA_DIR/node.key.
std::string NodeKeyPath(const std::string& data_dir);

// Creates a new key file (mode 0600, synced) with a fresh key. AlreadyExists if there is one
// (never overwritten); other I/O errors as Internal naming the file.
absl::StatusOr<ledger::KeyPair> CreateNodeKey(const std::string& data_dir);

// Writes `key` as a new key file (mode 0600, synced): a cluster member receiving the
// cluster's log key. AlreadyExists if there is one (never overwritten); I/O errors as
// Internal naming the file.
absl::Status WriteNodeKey(const std::string& data_dir, const ledger::KeyPair& key);

// Reads the key file. NotFound without one; InvalidArgument when it is not 64 raw bytes or
// 128 hex digits, or its two halves do not belong together; PermissionDenied when group or
// others may read it (chmod 600 it).
absl::StatusOr<ledger::KeyPair> LoadNodeKey(const std::string& data_dir);

// LoadNodeKey(), or CreateNodeKey() when there is none yet; `created` says which.
absl::StatusOr<ledger::KeyPair> LoadOrCreateNodeKey(const std::string& data_dir, bool* created);

}  // namespace noaber::node

#endif  // NOABER_NODE_NODE_KEY_H_
