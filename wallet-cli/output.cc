#include "wallet-cli/output.h"

#include <algorithm>
#include <ctime>

#include "absl/strings/str_format.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {

using ledger::StrCat;

Output::Output(bool json, std::ostream* out, std::ostream* err)
    : json_(json), out_(out), err_(err) {}

void Output::Result(std::string_view human, nlohmann::json object) {
  if (!json_) {
    *out_ << human << "\n";
    return;
  }
  object["ok"] = true;
  *out_ << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void Output::Failure(const absl::Status& status) {
  std::string_view message = ledger::ToView(status.message());
  std::optional<LedgerResult> result = LedgerResultOf(status);
  if (!json_) {
    *err_ << "noaber: " << message;
    if (result.has_value() && !result->name.empty()) *err_ << " (" << result->name << ")";
    *err_ << "\n";
    return;
  }
  nlohmann::json error = {{"exit_code", static_cast<int>(ExitCodeOf(status))},
                          {"message", message}};
  if (result.has_value()) {
    error["result_code"] = result->code;
    error["result_name"] = result->name;
  }
  nlohmann::json object = {{"ok", false}, {"error", error}};
  *out_ << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void Output::Note(std::string_view text) {
  if (!json_) *err_ << text << "\n";
}

nlohmann::json AmountJson(std::string_view asset, ledger::Amount amount, ledger::AssetKind kind) {
  return {{"asset", asset},
          {"minor_units", amount.minor_units},
          {"formatted", ledger::FormatAmount(amount, kind)}};
}

std::string AmountText(std::string_view asset, ledger::Amount amount, ledger::AssetKind kind) {
  std::string text = ledger::FormatAmount(amount, kind);
  if (kind == ledger::AssetKind::kTime && asset == "HOUR") return text;
  return StrCat(text, " ", asset);
}

namespace {

// UTF-8 characters in `text`: every byte that does not continue a sequence.
size_t Characters(std::string_view text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<uint8_t>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string FormatTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Characters(row[i]));
  }
  std::string out;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t i = 0; i < rows[r].size(); ++i) {
      line += rows[r][i];
      if (i + 1 < rows[r].size()) line.append(widths[i] - Characters(rows[r][i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();  // empty last columns
    if (r > 0) out += "\n";
    out += line;
  }
  return out;
}

std::string FormatTime(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return absl::StrFormat("%04d-%02d-%02d %02d:%02d UTC", utc.tm_year + 1900, utc.tm_mon + 1,
                         utc.tm_mday, utc.tm_hour, utc.tm_min);
}

std::string Shorten(std::string_view text, size_t characters_max) {
  if (Characters(text) <= characters_max || characters_max == 0) return std::string(text);
  size_t kept = 0;
  size_t end = 0;
  // Keep characters_max - 1 characters, then the ellipsis.
  for (; end < text.size(); ++end) {
    if ((static_cast<uint8_t>(text[end]) & 0xC0) != 0x80 && ++kept == characters_max) break;
  }
  return StrCat(text.substr(0, end), "…");
}

std::string ShortId(const ledger::OperationId& id) {
  return ledger::OperationIdToHex(id).substr(0, 8);
}

std::string ShortKey(const ledger::PublicKey& key) {
  return StrCat(ledger::ToHex(key.data(), 4), "…");
}

}  // namespace noaber::wallet
