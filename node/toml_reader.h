// Reading typed fields out of a parsed TOML document with errors that name the file, the line
// (where toml++ knows it) and the field: "genesis.toml:12: assets[1].kind: expected ...".
// Shared by the genesis file and the node config. Not thread-safe; cheap to create.
#ifndef NOABER_NODE_TOML_READER_H_
#define NOABER_NODE_TOML_READER_H_

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace noaber::node {

// Bound on the size of a TOML file the node reads (genesis or config).
inline constexpr size_t kTomlFileBytesMax = 1024 * 1024;

// Reads the file at `path` (at most kTomlFileBytesMax). NotFound or InvalidArgument.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

class TomlReader {
 public:
  explicit TomlReader(std::string source) : source_(std::move(source)) {}

  // Parses `text`; InvalidArgument "<source>:<line>:<column>: <what toml++ says>".
  absl::StatusOr<toml::table> Parse(std::string_view text) const;

  // InvalidArgument "<source>:<line>: <field>: <what>", the line taken from `node` if known.
  absl::Status Error(const toml::node* node, std::string_view field, std::string_view what) const;

  // Refuses keys of `table` other than `known`: a misspelt key must not pass silently.
  absl::Status OnlyKeys(const toml::table& table, std::string_view path,
                        std::initializer_list<std::string_view> known) const;

  // A string field; absent gives nullopt, another type an error.
  absl::StatusOr<std::optional<std::string>> OptionalString(const toml::table& table,
                                                            std::string_view key,
                                                            std::string_view path) const;
  // A string field that must be present.
  absl::StatusOr<std::string> String(const toml::table& table, std::string_view key,
                                     std::string_view path) const;
  // An integer field within [min, max]; absent gives nullopt.
  absl::StatusOr<std::optional<int64_t>> OptionalInteger(const toml::table& table,
                                                         std::string_view key,
                                                         std::string_view path, int64_t min,
                                                         int64_t max) const;
  // An array of tables (`[[key]]`) or an array; absent gives nullptr.
  absl::StatusOr<const toml::array*> OptionalArray(const toml::table& table, std::string_view key,
                                                   std::string_view path) const;

  // "path.key", or "key" when `path` is empty.
  static std::string Join(std::string_view path, std::string_view key);

 private:
  std::string source_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_TOML_READER_H_
