// Fuzz target for contribution statements (ledger/statement.h, wallet-cli/statement_file.h):
// the text `noaber verify-statement FILE` checks offline. The input is the statement text; the
// seeds are signed by a fixed node key, so mutations of real statements reach the signature
// check.
//
// Properties: a parsed statement re-made in canonical form parses to the same statement; a
// statement verifies only if it is exactly that canonical text and its signature checks; the
// wallet verifies exactly what the ledger verifies; reading a statement out (summary, JSON)
// never fails on what parsed.
#include <string>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/statement.h"
#include "noaber/ledger/strings.h"
#include "tests/fuzz/fuzz_check.h"
#include "wallet-cli/statement_file.h"

namespace noaber::fuzz {
namespace {

std::string Canonical(const ledger::Statement& s) {
  return ledger::StrCat(ledger::StatementBody(s), "signature: ", ledger::ToHex(s.signature), "\n");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber;
  using fuzz::Require;
  static const bool crypto = ledger::InitCrypto().ok();
  Require(crypto, "libsodium starts");
  const std::string_view text = fuzz::AsText(data, size);
  absl::StatusOr<ledger::Statement> parsed = ledger::ParseStatement(text);
  absl::StatusOr<ledger::Statement> verified = ledger::VerifyStatement(text, std::nullopt);
  absl::StatusOr<ledger::Statement> wallet = wallet::VerifyStatementText(text, std::nullopt);
  Require(wallet.ok() == verified.ok(), "the wallet verifies exactly what the ledger verifies");
  if (!parsed.ok()) {
    Require(!verified.ok(), "only a statement that parses verifies");
    return 0;
  }
  const std::string canonical = fuzz::Canonical(*parsed);
  absl::StatusOr<ledger::Statement> again = ledger::ParseStatement(canonical);
  Require(again.ok() && fuzz::Canonical(*again) == canonical,
          "a statement re-made in canonical form parses to the same statement");
  (void)wallet::StatementSummary(*parsed);
  (void)wallet::StatementJson(*parsed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!verified.ok()) return 0;
  Require(text == canonical, "only the canonical text verifies");
  Require(ledger::Verify(parsed->node_key, parsed->signature,
                         ledger::StrCat("noaber-statement\n", ledger::StatementBody(*parsed))),
          "a verified statement's signature checks");
  return 0;
}
