// How a wallet command fails, and the process exit code each failure maps to.
// Failures travel as absl::Status with a payload naming the exit code (and, for a ledger
// rejection, its result code and name), so every layer keeps returning plain statuses.
#ifndef NOABER_WALLET_CLI_FAILURE_H_
#define NOABER_WALLET_CLI_FAILURE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace noaber::wallet {

// Frozen: scripts depend on them (docs/wallet.md).
enum class ExitCode : int {
  kDone = 0,
  kFailed = 1,       // a bug or an unexpected local error
  kUsage = 2,        // bad command line or malformed input, caught before any network call
  kRejected = 3,     // the ledger (or node) refused the request
  kUnreachable = 4,  // the node could not be reached, or the transport failed
  kKeystore = 5,     // missing key, wrong passphrase, damaged key file
  kUnverified = 6,   // the log does not check out: a receipt, checkpoint or proof failed
};

// What the ledger said when it refused an operation.
struct LedgerResult {
  uint32_t code = 0;
  std::string name;  // "exceeds_minimum"
};

absl::Status UsageError(std::string_view message);
absl::Status RejectedError(std::string_view message, std::optional<LedgerResult> result);
absl::Status UnreachableError(std::string_view message);
absl::Status KeystoreError(std::string_view message);
// The node's log failed a check: history rewritten, truncated or forked, an entry changed
// or hidden, a checkpoint not signed by the pinned key, too few witnesses.
absl::Status UnverifiedError(std::string_view message);
// Keeps a keystore status's message: InvalidArgument (a bad key name) becomes a usage
// error, anything else a keystore error.
absl::Status FromKeystore(const absl::Status& status);

// kDone for OK; the tagged code otherwise; kFailed for an untagged status.
ExitCode ExitCodeOf(const absl::Status& status);
std::optional<LedgerResult> LedgerResultOf(const absl::Status& status);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_FAILURE_H_
