// The wallet's own record of what a community's log has promised it ("the books"): the log's
// key (pinned on first sight), the newest checkpoint the wallet has seen and verified, and
// the receipt of every operation it submitted, with the operation's signed bytes so each
// receipt can be checked again later against any node. One JSON file per community,
// HOME/books/<community id in hex>.json, mode 0600. See docs/wallet.md, "Checking the books".
//
// UpdateBooks reads, changes and writes the file under an exclusive lock (flock on
// "<file>.lock"), so wallet commands running at once never lose a receipt. Thread-compatible.
#ifndef NOABER_WALLET_CLI_BOOKS_H_
#define NOABER_WALLET_CLI_BOOKS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/types.h"

namespace noaber::wallet {

// Bounds: receipts kept per community, and the file's size.
inline constexpr size_t kReceiptsMax = 100'000;
inline constexpr size_t kBooksBytesMax = 256 * 1024 * 1024;

struct StoredReceipt {
  ledger::Receipt receipt;
  std::string signed_operation;  // the exact bytes submitted
  std::string summary;           // "pay 2h to karim", for messages
  int64_t stored_ms = 0;
};

struct Books {
  std::string origin;           // the log's origin (ledger::LogOrigin)
  std::string log_key;          // the pinned verifier key; empty until the first contact
  std::string checkpoint;       // the newest verified checkpoint note; empty if none yet
  int64_t checkpoint_seen_ms = 0;
  std::string checkpoint_node;  // the node it came from
  std::vector<StoredReceipt> receipts;
};

// HOME/books/<community id hex>.json.
std::string BooksPath(std::string_view home, const ledger::CommunityId& community);

// The JSON text of `books`, and back. DecodeBooks: DataLoss naming the field when the text is
// not books this wallet wrote.
std::string EncodeBooks(const Books& books);
absl::StatusOr<Books> DecodeBooks(std::string_view text);

// The books of `community` (empty books with the origin set when there is no file yet).
absl::StatusOr<Books> LoadBooks(std::string_view home, const ledger::CommunityId& community);

// Locks the books of `community`, loads them, calls `change`, and writes them back
// atomically if it returns OK (if it fails, the file is left as it was and its status is
// returned). Creates HOME/books (0700) when needed. Internal for I/O errors.
absl::Status UpdateBooks(std::string_view home, const ledger::CommunityId& community,
                         const std::function<absl::Status(Books&)>& change);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_BOOKS_H_
