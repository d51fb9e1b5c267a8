// Fuzz target for the node's TOML files (node/toml_reader.h): the genesis file
// (node/genesis_file.h), the node config (node/config.h) and the listen address in it
// (node/listen_address.h). Every input is read both as a genesis file and as a config file,
// and its first line also as a listen address.
//
// Properties: a parsed genesis is valid, has the creation time given, and survives its
// canonical byte encoding (EncodeGenesis then DecodeGenesis gives it back); a parsed config
// keeps every bound it documents, lists only witness keys that decode and passes
// CheckNodeConfig; a parsed listen address has a port of 0..65535 and formats back to text
// that parses to the same address.
#include <string>

#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/strings.h"
#include "node/config.h"
#include "node/genesis_file.h"
#include "node/listen_address.h"
#include "tests/fuzz/fuzz_check.h"

namespace noaber::fuzz {
namespace {

constexpr int64_t kCreatedMs = 1767603600000;

void Genesis(std::string_view text) {
  absl::StatusOr<ledger::Genesis> genesis = node::ParseGenesisToml(text, "genesis.toml", kCreatedMs);
  if (!genesis.ok()) {
    Require(genesis.status().code() == absl::StatusCode::kInvalidArgument,
            "a bad genesis file is InvalidArgument");
    Require(ledger::ToView(genesis.status().message()).starts_with("genesis.toml"),
            "a genesis error names the file");
    return;
  }
  Require(ledger::ValidateGenesis(*genesis).ok(), "a parsed genesis is valid");
  Require(genesis->created_ms == kCreatedMs, "a parsed genesis has the creation time given");
  absl::StatusOr<ledger::Genesis> decoded = ledger::DecodeGenesis(ledger::EncodeGenesis(*genesis));
  Require(decoded.ok() && *decoded == *genesis, "a parsed genesis survives its byte encoding");
}

void Config(std::string_view text) {
  absl::StatusOr<node::NodeConfig> config = node::ParseNodeConfig(text, "node.toml");
  if (!config.ok()) {
    Require(config.status().code() == absl::StatusCode::kInvalidArgument,
            "a bad config file is InvalidArgument");
    return;
  }
  Require(config->request_bytes_max >= node::kRequestBytesMaxLowest &&
              config->request_bytes_max <= node::kRequestBytesMaxHighest,
          "request_bytes_max within its bounds");
  Require(config->history_page_max >= 1 && config->history_page_max <= node::kHistoryPageMaxHighest,
          "history_page_max within its bounds");
  Require(config->queue_operations_max >= 1 &&
              config->queue_operations_max <= node::kQueueOperationsMaxHighest,
          "queue_operations_max within its bounds");
  Require(config->witness_interval_ms >= node::kWitnessIntervalMsLowest &&
              config->witness_interval_ms <= node::kWitnessIntervalMsHighest,
          "witness_interval_ms within its bounds");
  Require(config->witnesses.size() <= node::kWitnessesMax, "at most kWitnessesMax witnesses");
  for (const std::string& witness : config->witnesses) {
    Require(ledger::DecodeCosignerKey(witness).ok(), "every witness key decodes");
  }
  for (const node::RateLimit& limit : {config->rate_limits.peer, config->rate_limits.account}) {
    Require(limit.per_second >= 0 && limit.per_second <= node::kRatePerSecondHighest &&
                limit.burst >= 0 && limit.burst <= node::kRateBurstHighest,
            "rate limits within their bounds");
  }
  Require(node::CheckNodeConfig(*config).ok(), "a parsed config passes CheckNodeConfig");
}

void Listen(std::string_view text) {
  absl::StatusOr<node::ListenAddress> address = node::ParseListenAddress(text.substr(0, text.find('\n')));
  if (!address.ok()) return;
  Require(address->port >= 0 && address->port <= 65535, "a port is 0..65535");
  absl::StatusOr<node::ListenAddress> again =
      node::ParseListenAddress(node::FormatListenAddress(address->host, address->port));
  Require(again.ok() && again->host == address->host && again->port == address->port,
          "a formatted listen address parses to the same address");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  static const bool crypto = noaber::ledger::InitCrypto().ok();
  Require(crypto, "libsodium starts");
  const std::string_view text = AsText(data, size);
  Genesis(text);
  Config(text);
  Listen(text);
  return 0;
}
