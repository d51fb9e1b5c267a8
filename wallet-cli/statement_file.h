// Contribution statements as files: reading one and checking its node signature offline
// (ledger::VerifyStatement), and how the wallet shows one. No network. Thread-safe.
#ifndef NOABER_WALLET_CLI_STATEMENT_FILE_H_
#define NOABER_WALLET_CLI_STATEMENT_FILE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/statement.h"

namespace noaber::wallet {

// Reads the statement in `path` and checks it. A usage error (exit 2) when the file cannot
// be read (absent, not a regular file, larger than ledger::kStatementBytesMax); a rejection
// (exit 3) when it is not a statement, was altered after signing, or was signed by another
// key than `expected_node_key`.
absl::StatusOr<ledger::Statement> VerifyStatementFile(
    const std::string& path, const std::optional<ledger::PublicKey>& expected_node_key);

// The same checks on text already in memory (a statement just fetched from the node).
absl::StatusOr<ledger::Statement> VerifyStatementText(
    std::string_view text, const std::optional<ledger::PublicKey>& expected_node_key);

// For people: who, what, which year, totals per skill and the signing key, several lines.
std::string StatementSummary(const ledger::Statement& statement);
// {"account": ..., "year": ..., "given": {"tuin": {...}}, "total_given": {...}, ...}
nlohmann::json StatementJson(const ledger::Statement& statement);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_STATEMENT_FILE_H_
