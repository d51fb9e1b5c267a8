#include "node/config.h"

#include <functional>

#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/strings.h"
#include "node/toml_reader.h"

namespace noaber::node {

using ledger::StrCat;

namespace {

absl::StatusOr<std::vector<std::string>> ParseWitnesses(const TomlReader& reader,
                                                        const toml::table& root) {
  absl::StatusOr<const toml::array*> array = reader.OptionalArray(root, "witnesses", "");
  if (!array.ok()) return array.status();
  std::vector<std::string> witnesses;
  if (*array == nullptr) return witnesses;
  if ((*array)->size() > kWitnessesMax) {
    return reader.Error(*array, "witnesses", StrCat("at most ", kWitnessesMax));
  }
  for (const toml::node& element : **array) {
    const std::string field = StrCat("witnesses[", witnesses.size(), "]");
    const std::optional<std::string> text = element.value<std::string>();
    if (!text) return reader.Error(&element, field, "expected a cosigner key string");
    if (absl::StatusOr<ledger::CosignerKey> key = ledger::DecodeCosignerKey(*text); !key.ok()) {
      return reader.Error(&element, field, ledger::ToView(key.status().message()));
    }
    witnesses.push_back(*text);
  }
  return witnesses;
}

}  // namespace

absl::StatusOr<NodeConfig> ParseNodeConfig(std::string_view text, std::string_view source) {
  TomlReader reader{std::string(source)};
  absl::StatusOr<toml::table> root = reader.Parse(text);
  if (!root.ok()) return root.status();
  if (absl::Status s = reader.OnlyKeys(
          *root, "",
          {"listen", "request_bytes_max", "history_page_max", "queue_operations_max", "witnesses",
           "witness_interval_ms", "tls_cert_file", "tls_key_file", "tls_client_ca_file",
           "rate_limit_peer_per_second", "rate_limit_peer_burst", "rate_limit_account_per_second",
           "rate_limit_account_burst", "impact_k_min", "cluster_election_timeout_ms",
           "cluster_heartbeat_ms", "cluster_snapshot_threshold", "cluster_snapshot_trailing"});
      !s.ok()) {
    return s;
  }
  NodeConfig config;
  for (auto [key, field] : {std::pair{"listen", &config.listen_address},
                            std::pair{"tls_cert_file", &config.tls_cert_file},
                            std::pair{"tls_key_file", &config.tls_key_file},
                            std::pair{"tls_client_ca_file", &config.tls_client_ca_file}}) {
    absl::StatusOr<std::optional<std::string>> value = reader.OptionalString(*root, key, "");
    if (!value.ok()) return value.status();
    if (*value) *field = **value;
  }

  struct Bounded {
    const char* key;
    int64_t lowest;
    int64_t highest;
    std::function<void(int64_t)> set;
  };
  for (const Bounded& field : {
           Bounded{"request_bytes_max", kRequestBytesMaxLowest, kRequestBytesMaxHighest,
                   [&](int64_t v) { config.request_bytes_max = static_cast<size_t>(v); }},
           Bounded{"history_page_max", 1, kHistoryPageMaxHighest,
                   [&](int64_t v) { config.history_page_max = static_cast<uint32_t>(v); }},
           Bounded{"queue_operations_max", 1, kQueueOperationsMaxHighest,
                   [&](int64_t v) { config.queue_operations_max = static_cast<size_t>(v); }},
           Bounded{"witness_interval_ms", kWitnessIntervalMsLowest, kWitnessIntervalMsHighest,
                   [&](int64_t v) { config.witness_interval_ms = v; }},
           Bounded{"rate_limit_peer_per_second", 0, kRatePerSecondHighest,
                   [&](int64_t v) { config.rate_limits.peer.per_second = v; }},
           Bounded{"rate_limit_peer_burst", 0, kRateBurstHighest,
                   [&](int64_t v) { config.rate_limits.peer.burst = v; }},
           Bounded{"rate_limit_account_per_second", 0, kRatePerSecondHighest,
                   [&](int64_t v) { config.rate_limits.account.per_second = v; }},
           Bounded{"rate_limit_account_burst", 0, kRateBurstHighest,
                   [&](int64_t v) { config.rate_limits.account.burst = v; }},
           Bounded{"impact_k_min", 1, kImpactKMinHighest,
                   [&](int64_t v) { config.impact_k_min = v; }},
           Bounded{"cluster_election_timeout_ms", 100, 60'000,
                   [&](int64_t v) { config.cluster.election_timeout_ms = static_cast<uint32_t>(v); }},
           Bounded{"cluster_heartbeat_ms", 10, 10'000,
                   [&](int64_t v) { config.cluster.heartbeat_ms = static_cast<uint32_t>(v); }},
           Bounded{"cluster_snapshot_threshold", 16, 10'000'000,
                   [&](int64_t v) { config.cluster.snapshot_threshold = static_cast<uint32_t>(v); }},
           Bounded{"cluster_snapshot_trailing", 8, 10'000'000,
                   [&](int64_t v) { config.cluster.snapshot_trailing = static_cast<uint32_t>(v); }},
       }) {
    absl::StatusOr<std::optional<int64_t>> value =
        reader.OptionalInteger(*root, field.key, "", field.lowest, field.highest);
    if (!value.ok()) return value.status();
    if (*value) field.set(**value);
  }
  absl::StatusOr<std::vector<std::string>> witnesses = ParseWitnesses(reader, *root);
  if (!witnesses.ok()) return witnesses.status();
  config.witnesses = *std::move(witnesses);
  if (absl::Status s = CheckNodeConfig(config); !s.ok()) {
    return absl::InvalidArgumentError(StrCat(source, ": ", ledger::ToView(s.message())));
  }
  return config;
}

absl::Status CheckNodeConfig(const NodeConfig& config) {
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs both a certificate (tls_cert_file, --tls-cert) and its private key "
        "(tls_key_file, --tls-key)");
  }
  if (!config.tls_client_ca_file.empty() && config.tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "a client CA (tls_client_ca_file, --tls-client-ca) needs TLS: give tls_cert_file and "
        "tls_key_file too");
  }
  for (auto [name, limit] : {std::pair{"peer", config.rate_limits.peer},
                             std::pair{"account", config.rate_limits.account}}) {
    if (!limit.off() && limit.burst == 0) {
      return absl::InvalidArgumentError(StrCat("rate_limit_", name,
                                               "_burst must be at least 1 while rate_limit_", name,
                                               "_per_second is not 0 (0 turns the limit off)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<NodeConfig> LoadNodeConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseNodeConfig(*text, path);
}

}  // namespace noaber::node
