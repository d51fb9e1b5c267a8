#include "node/toml_reader.h"

#include <fstream>
#include <sstream>

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrCat;

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  std::string text;
  text.resize(kTomlFileBytesMax + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kTomlFileBytesMax) {
    return absl::InvalidArgumentError(
        StrCat(path, ": larger than ", kTomlFileBytesMax, " bytes; is this the right file?"));
  }
  return text;
}

absl::StatusOr<toml::table> TomlReader::Parse(std::string_view text) const {
  try {
    return toml::parse(text, source_);
  } catch (const toml::parse_error& error) {
    const toml::source_region& where = error.source();
    return absl::InvalidArgumentError(
        StrCat(source_, ":", where.begin.line, ":", where.begin.column, ": ", error.description()));
  }
}

absl::Status TomlReader::Error(const toml::node* node, std::string_view field,
                               std::string_view what) const {
  std::string where = source_;
  if (node != nullptr && node->source().begin.line > 0) {
    where = StrCat(where, ":", node->source().begin.line);
  }
  return absl::InvalidArgumentError(StrCat(where, ": ", field, ": ", what));
}

absl::Status TomlReader::OnlyKeys(const toml::table& table, std::string_view path,
                                  std::initializer_list<std::string_view> known) const {
  for (const auto& [key, node] : table) {
    bool found = false;
    for (std::string_view k : known) found = found || key.str() == k;
    if (found) continue;
    std::string expected;
    for (std::string_view k : known) expected = StrCat(expected, expected.empty() ? "" : ", ", k);
    return Error(&node, Join(path, key.str()), StrCat("unknown key; expected one of: ", expected));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> TomlReader::OptionalString(const toml::table& table,
                                                                      std::string_view key,
                                                                      std::string_view path) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::optional<std::string>();
  const toml::value<std::string>* text = node->as_string();
  if (text == nullptr) return Error(node, Join(path, key), "expected a string in quotes");
  return std::optional<std::string>(text->get());
}

absl::StatusOr<std::string> TomlReader::String(const toml::table& table, std::string_view key,
                                               std::string_view path) const {
  absl::StatusOr<std::optional<std::string>> text = OptionalString(table, key, path);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return Error(&table, Join(path, key), "missing");
  return **text;
}

absl::StatusOr<std::optional<int64_t>> TomlReader::OptionalInteger(const toml::table& table,
                                                                   std::string_view key,
                                                                   std::string_view path,
                                                                   int64_t min, int64_t max) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::optional<int64_t>();
  const toml::value<int64_t>* number = node->as_integer();
  if (number == nullptr) return Error(node, Join(path, key), "expected a whole number");
  if (number->get() < min || number->get() > max) {
    return Error(node, Join(path, key), StrCat("must be between ", min, " and ", max));
  }
  return std::optional<int64_t>(number->get());
}

absl::StatusOr<const toml::array*> TomlReader::OptionalArray(const toml::table& table,
                                                             std::string_view key,
                                                             std::string_view path) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  const toml::array* array = node->as_array();
  if (array == nullptr) return Error(node, Join(path, key), "expected an array");
  return array;
}

std::string TomlReader::Join(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : StrCat(path, ".", key);
}

}  // namespace noaber::node
