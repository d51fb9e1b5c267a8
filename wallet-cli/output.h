// What a command prints: short friendly sentences and tables for people, or exactly one JSON
// object per command on stdout with --json. Errors go to stderr for people and into the JSON
// object ({"ok": false, "error": {...}}) for machines. Owned by main; not thread-safe.
#ifndef NOABER_WALLET_CLI_OUTPUT_H_
#define NOABER_WALLET_CLI_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "noaber/ledger/amount.h"
#include "noaber/ledger/types.h"

namespace noaber::wallet {

class Output {
 public:
  Output(bool json, std::ostream* out, std::ostream* err);

  bool json() const { return json_; }

  // A command's result: `human` (a line or more, without the final newline) for people, or
  // `object` with "ok": true added for machines. Call once per command.
  void Result(std::string_view human, nlohmann::json object);

  // A failed command: "noaber: <message> (<result name>)" on stderr, or the error object.
  void Failure(const absl::Status& status);

  // A side remark for people (stderr); nothing in JSON mode.
  void Note(std::string_view text);

 private:
  bool json_;
  std::ostream* out_;
  std::ostream* err_;
};

// {"asset": "HOUR", "minor_units": 90, "formatted": "1h30m"}
nlohmann::json AmountJson(std::string_view asset, ledger::Amount amount, ledger::AssetKind kind);

// For sentences: "1h30m" for HOUR, "12.50 EUR" or "2h BORN" for other assets.
std::string AmountText(std::string_view asset, ledger::Amount amount, ledger::AssetKind kind);

// Left-aligned columns two spaces apart (widths counted in UTF-8 characters); the first row
// is the heading. No trailing newline.
std::string FormatTable(const std::vector<std::vector<std::string>>& rows);

// "2024-05-01 14:03 UTC" for a Unix time in milliseconds.
std::string FormatTime(int64_t unix_ms);

// `text` cut to at most `characters_max` UTF-8 characters, ending in "…" when cut.
std::string Shorten(std::string_view text, size_t characters_max);

// The first 8 hex digits of an operation id (a pending transfer, listing or request), for people.
std::string ShortId(const ledger::OperationId& id);

// The first 8 hex digits of a key, followed by an ellipsis, for people.
std::string ShortKey(const ledger::PublicKey& key);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_OUTPUT_H_
