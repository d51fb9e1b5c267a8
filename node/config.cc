#include "node/config.h"

#include <functional>

#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/strings.h"
#include "node/toml_reader.h"

namespace noaber::node {
namespace {

absl::StatusOr<std::vector<std::string>> ParseWitnesses(const TomlReader& reader,
                                                        const toml::table& root) {
  absl::StatusOr<const toml::array*> array = reader.OptionalArray(root, "witnesses", "");
  if (!array.ok()) return array.status();
  std::vector<std::string> witnesses;
  if (*array == nullptr) return witnesses;
  if ((*array)->size() > kWitnessesMax) {
    return reader.Error(*array, "witnesses", ledger::StrCat("at most ", kWitnessesMax));
  }
  for (const toml::node& element : **array) {
    const std::string field = ledger::StrCat("witnesses[", witnesses.size(), "]");
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
           "witness_interval_ms"});
      !s.ok()) {
    return s;
  }
  NodeConfig config;
  absl::StatusOr<std::optional<std::string>> listen = reader.OptionalString(*root, "listen", "");
  if (!listen.ok()) return listen.status();
  if (*listen) config.listen_address = **listen;

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
       }) {
    absl::StatusOr<std::optional<int64_t>> value =
        reader.OptionalInteger(*root, field.key, "", field.lowest, field.highest);
    if (!value.ok()) return value.status();
    if (*value) field.set(**value);
  }
  absl::StatusOr<std::vector<std::string>> witnesses = ParseWitnesses(reader, *root);
  if (!witnesses.ok()) return witnesses.status();
  config.witnesses = *std::move(witnesses);
  return config;
}

absl::StatusOr<NodeConfig> LoadNodeConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseNodeConfig(*text, path);
}

}  // namespace noaber::node
