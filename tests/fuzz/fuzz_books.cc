// Fuzz target for the wallet's books file (wallet-cli/books.h): DecodeBooks, the JSON a
// wallet reads back from HOME/books/<community>.json. The input is the file's text.
//
// Properties: books that decode are refused only with DataLoss otherwise; they encode to text
// that decodes to the same books (compared through a second encoding), and that text with
// garbage appended is refused.
#include <string>

#include "noaber/ledger/crypto.h"
#include "tests/fuzz/fuzz_check.h"
#include "wallet-cli/books.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber;
  using fuzz::Require;
  static const bool crypto = ledger::InitCrypto().ok();
  Require(crypto, "libsodium starts");
  absl::StatusOr<wallet::Books> books = wallet::DecodeBooks(fuzz::AsText(data, size));
  if (!books.ok()) {
    Require(books.status().code() == absl::StatusCode::kDataLoss, "bad books are DataLoss");
    return 0;
  }
  const std::string encoded = wallet::EncodeBooks(*books);
  absl::StatusOr<wallet::Books> again = wallet::DecodeBooks(encoded);
  Require(again.ok(), "encoded books decode");
  Require(again->receipts.size() == books->receipts.size(), "every receipt is kept");
  Require(wallet::EncodeBooks(*again) == encoded, "encoded books decode to the same books");
  Require(!wallet::DecodeBooks(encoded + "]").ok(), "trailing garbage is refused");
  return 0;
}
