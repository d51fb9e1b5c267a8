#include "node/config.h"

#include <functional>

#include "node/toml_reader.h"

namespace noaber::node {

absl::StatusOr<NodeConfig> ParseNodeConfig(std::string_view text, std::string_view source) {
  TomlReader reader{std::string(source)};
  absl::StatusOr<toml::table> root = reader.Parse(text);
  if (!root.ok()) return root.status();
  if (absl::Status s = reader.OnlyKeys(
          *root, "", {"listen", "request_bytes_max", "history_page_max", "queue_operations_max"});
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
       }) {
    absl::StatusOr<std::optional<int64_t>> value =
        reader.OptionalInteger(*root, field.key, "", field.lowest, field.highest);
    if (!value.ok()) return value.status();
    if (*value) field.set(**value);
  }
  return config;
}

absl::StatusOr<NodeConfig> LoadNodeConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseNodeConfig(*text, path);
}

}  // namespace noaber::node
