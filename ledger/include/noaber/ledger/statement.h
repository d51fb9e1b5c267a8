// A resident's contribution statement: hours given and received per skill in a year, signed
// by the node, in plain text anyone can read, print, and check offline (for a CV, a
// volunteer reference, a benefits office). Pure functions, thread-safe. Format:
//
//   Noaber contribution statement v1
//   community: Bornholm
//   community-id: <64 hex>
//   account: anna
//   kind: resident
//   year: 2026
//   asset: HOUR
//   given: tuin 4h30m
//   received: computerhulp 1h
//   total-given: 4h30m
//   total-received: 1h
//   journal-size: 152
//   issued-at: 2026-11-28 05:50 UTC
//   node-key: <64 hex>
//   signature: <128 hex>
//
// One "given:"/"received:" line per skill (sorted by code; "-" for none given), amounts in
// the asset's own form. The signature is Ed25519 by the node key over the bytes of every
// line before the signature line, each ending in "\n", prefixed by "noaber-statement\n".
#ifndef NOABER_LEDGER_STATEMENT_H_
#define NOABER_LEDGER_STATEMENT_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

inline constexpr size_t kStatementBytesMax = 64 * 1024;

struct Statement {
  std::string community_name;
  CommunityId community_id{};
  std::string handle;
  AccountKind kind = AccountKind::kResident;
  int year = 0;
  std::string asset;  // a time asset, e.g. HOUR
  std::map<std::string, Amount> given;     // skill code ("-" for none) -> amount
  std::map<std::string, Amount> received;
  uint64_t journal_size = 0;
  int64_t issued_ms = 0;
  PublicKey node_key{};
  Signature signature{};
};

Amount TotalOf(const std::map<std::string, Amount>& by_skill);

// Every line but the signature line, each ending in "\n".
std::string StatementBody(const Statement& statement);
// Sets node_key and signature, and returns the whole text.
std::string SignStatement(Statement* statement, const SecretKey& node_secret_key);
// Parses a statement text strictly (the format above, nothing else); InvalidArgument names
// the first line that is wrong. Does not verify the signature.
absl::StatusOr<Statement> ParseStatement(std::string_view text);
// Parses, then checks the signature against the node key in the text, and that the key is
// `expected_node_key` when one is given. DataLoss when the text was altered, PermissionDenied
// when it was signed by another key than expected.
absl::StatusOr<Statement> VerifyStatement(std::string_view text,
                                          const std::optional<PublicKey>& expected_node_key);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_STATEMENT_H_
