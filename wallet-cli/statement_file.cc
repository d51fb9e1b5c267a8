#include "wallet-cli/statement_file.h"

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/output.h"
#include "wallet-cli/private_files.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;

std::string Time(ledger::Amount amount) {
  return ledger::FormatAmount(amount, ledger::AssetKind::kTime);
}

// "tuin 4h30m, computerhulp 1h" ("-" stands for help given without a skill).
std::string BySkill(const std::map<std::string, ledger::Amount>& by_skill) {
  std::string text;
  for (const auto& [skill, amount] : by_skill) {
    StrAppend(&text, text.empty() ? "" : ", ", skill == "-" ? "no skill" : skill, " ",
              Time(amount));
  }
  return text;
}

nlohmann::json BySkillJson(const std::string& asset,
                           const std::map<std::string, ledger::Amount>& by_skill) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [skill, amount] : by_skill) {
    object[skill] = AmountJson(asset, amount, ledger::AssetKind::kTime);
  }
  return object;
}

}  // namespace

absl::StatusOr<ledger::Statement> VerifyStatementText(
    std::string_view text, const std::optional<ledger::PublicKey>& expected_node_key) {
  absl::StatusOr<ledger::Statement> statement = ledger::VerifyStatement(text, expected_node_key);
  if (statement.ok()) return statement;
  std::string_view why = ledger::ToView(statement.status().message());
  switch (statement.status().code()) {
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kPermissionDenied:
      return RejectedError(why, std::nullopt);
    default:
      return RejectedError(StrCat("this is not a valid contribution statement: ", why),
                           std::nullopt);
  }
}

absl::StatusOr<ledger::Statement> VerifyStatementFile(
    const std::string& path, const std::optional<ledger::PublicKey>& expected_node_key) {
  absl::StatusOr<SmallFile> file = ReadSmallFile(path, ledger::kStatementBytesMax);
  if (!file.ok()) {
    return UsageError(
        StrCat("cannot read the statement: ", ledger::ToView(file.status().message())));
  }
  return VerifyStatementText(file->contents, expected_node_key);
}

std::string StatementSummary(const ledger::Statement& s) {
  const ledger::Amount given = ledger::TotalOf(s.given);
  const ledger::Amount received = ledger::TotalOf(s.received);
  std::string text =
      StrCat("Contribution statement of ", s.handle, " (", ledger::AccountKindName(s.kind), ") in ",
             s.community_name, ", ", s.year, ", ", s.asset, "\n");
  StrAppend(&text, "Given:    ", Time(given));
  if (!s.given.empty()) StrAppend(&text, " (", BySkill(s.given), ")");
  StrAppend(&text, "\nReceived: ", Time(received));
  if (!s.received.empty()) StrAppend(&text, " (", BySkill(s.received), ")");
  StrAppend(&text, "\nIssued ", FormatTime(s.issued_ms), " at journal size ", s.journal_size,
            "; community id ", ledger::ToHex(s.community_id).substr(0, 16), "…");
  return text;
}

nlohmann::json StatementJson(const ledger::Statement& s) {
  return {{"community", s.community_name},
          {"community_id", ledger::ToHex(s.community_id)},
          {"account", s.handle},
          {"kind", ledger::AccountKindName(s.kind)},
          {"year", s.year},
          {"asset", s.asset},
          {"given", BySkillJson(s.asset, s.given)},
          {"received", BySkillJson(s.asset, s.received)},
          {"total_given", AmountJson(s.asset, ledger::TotalOf(s.given), ledger::AssetKind::kTime)},
          {"total_received",
           AmountJson(s.asset, ledger::TotalOf(s.received), ledger::AssetKind::kTime)},
          {"journal_size", s.journal_size},
          {"issued_ms", s.issued_ms},
          {"node_key", ledger::ToHex(s.node_key)}};
}

}  // namespace noaber::wallet
