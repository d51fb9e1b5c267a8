// The node's settings for `noaber-node run`: defaults, overridden by a TOML config file
// (--config), overridden by command-line flags. See docs/node.md. Plain values.
#ifndef NOABER_NODE_CONFIG_H_
#define NOABER_NODE_CONFIG_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace noaber::node {

inline constexpr char kListenAddressDefault[] = "127.0.0.1:7420";
// A request must fit a whole signed operation (64 KiB) with room for its framing.
inline constexpr size_t kRequestBytesMaxDefault = 256 * 1024;
inline constexpr size_t kRequestBytesMaxLowest = 80 * 1024;
inline constexpr size_t kRequestBytesMaxHighest = 4 * 1024 * 1024;
// GetHistory pages: 1..history_page_max entries, kHistoryPageDefault when the request says 0.
inline constexpr uint32_t kHistoryPageDefault = 50;
inline constexpr uint32_t kHistoryPageMaxHighest = 200;
// Operations verified and waiting for the sequencer; beyond this, Submit answers busy.
inline constexpr size_t kQueueOperationsMaxDefault = 10'000;
inline constexpr size_t kQueueOperationsMaxHighest = 1'000'000;

// How long the node offers one checkpoint to its witnesses (see checkpoint_log.h).
inline constexpr int64_t kWitnessIntervalMsLowest = 100;
inline constexpr int64_t kWitnessIntervalMsHighest = 3'600'000;
// Impact reports suppress figures about fewer than impact_k_min residents (docs/impact.md).
inline constexpr int64_t kImpactKMinDefault = 5;
inline constexpr int64_t kImpactKMinHighest = 1000;

// Witnesses a node takes cosignatures from.
inline constexpr size_t kWitnessesMax = 16;

// Highest settable rate limit and burst (see RateLimit).
inline constexpr int64_t kRatePerSecondHighest = 1'000'000;
inline constexpr int64_t kRateBurstHighest = 10'000'000;

// A token bucket's limit: `per_second` tokens come back each second, up to `burst`;
// per_second 0 means no limit.
struct RateLimit {
  int64_t per_second = 0;
  int64_t burst = 0;
  bool off() const { return per_second == 0; }
};

// The limits on writes (rate_limit.h). The defaults are far above what a neighbourhood
// does; they stop a runaway script or a flood, not people.
struct RateLimits {
  RateLimit peer = {5'000, 20'000};  // calls per second per client address
  RateLimit account = {500, 5'000};  // operations per second per signing key
};

// A cluster member's Raft timings (docs/operations.md); a single node ignores them.
struct ClusterTimings {
  uint32_t election_timeout_ms = 1000;
  uint32_t heartbeat_ms = 100;
  // Raft entries (batches) between snapshots, and how many stay in the log after one.
  uint32_t snapshot_threshold = 4096;
  uint32_t snapshot_trailing = 1024;
};

struct NodeConfig {
  std::string listen_address = kListenAddressDefault;
  size_t request_bytes_max = kRequestBytesMaxDefault;
  uint32_t history_page_max = kHistoryPageMaxHighest;
  size_t queue_operations_max = kQueueOperationsMaxDefault;
  // Cosigner verifier keys ("<name>+<key id>+<base64(0x04 || key)>") of the witnesses whose
  // cosignatures the node keeps and serves.
  std::vector<std::string> witnesses;
  int64_t witness_interval_ms = 10'000;
  // TLS: the node's certificate (chain) and private key, PEM files; both or neither.
  std::string tls_cert_file;
  std::string tls_key_file;
  // With TLS: every client must present a certificate signed by this CA (PEM file).
  std::string tls_client_ca_file;
  RateLimits rate_limits;
  int64_t impact_k_min = kImpactKMinDefault;
  ClusterTimings cluster;
};

// Parses config TOML `text` from `source` (a file name for messages). Keys, all optional:
// listen, request_bytes_max, history_page_max, queue_operations_max, witnesses (array of
// cosigner verifier keys), witness_interval_ms, tls_cert_file, tls_key_file,
// tls_client_ca_file, rate_limit_peer_per_second, rate_limit_peer_burst,
// rate_limit_account_per_second, rate_limit_account_burst, impact_k_min,
// cluster_election_timeout_ms, cluster_heartbeat_ms, cluster_snapshot_threshold,
// cluster_snapshot_trailing. InvalidArgument
// names the key and line of an unknown key, a wrong type, a value out of bounds or a malformed
// witness key, and what CheckNodeConfig refuses.
absl::StatusOr<NodeConfig> ParseNodeConfig(std::string_view text, std::string_view source);

// InvalidArgument for settings that do not go together: a TLS certificate without its key or
// the other way round, a client CA without TLS, a rate limit that is on with a burst of 0.
absl::Status CheckNodeConfig(const NodeConfig& config);

// Reads and parses the file at `path`.
absl::StatusOr<NodeConfig> LoadNodeConfig(const std::string& path);

}  // namespace noaber::node

#endif  // NOABER_NODE_CONFIG_H_
