#include "wallet-cli/books.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/private_files.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;
using nlohmann::json;

constexpr int kBooksVersion = 1;

std::string HashHex(const ledger::Hash& hash) { return ledger::ToHex(hash); }

absl::StatusOr<ledger::Hash> HashFrom(const json& value, std::string_view field) {
  ledger::Hash hash{};
  if (!value.is_string() || !ledger::FromHex(value.get<std::string>(), hash.data(), hash.size())) {
    return absl::DataLossError(StrCat("books: ", field, " is not 64 hex digits"));
  }
  return hash;
}

json ReceiptJson(const StoredReceipt& stored) {
  const ledger::Receipt& r = stored.receipt;
  json proof = json::array();
  for (const ledger::Hash& hash : r.inclusion_proof) proof.push_back(HashHex(hash));
  return {{"index", r.index},
          {"timestamp_ms", r.timestamp_ms},
          {"previous_hash", HashHex(r.previous_hash)},
          {"outcome", static_cast<int>(r.outcome)},
          {"leaf_hash", HashHex(r.leaf_hash)},
          {"checkpoint", r.checkpoint},
          {"inclusion_proof", proof},
          {"operation", ledger::EncodeBase64(stored.signed_operation)},
          {"summary", stored.summary},
          {"stored_ms", stored.stored_ms}};
}

// An integer field within [min, max]: no booleans, fractions or numbers out of range.
absl::StatusOr<int64_t> IntegerFrom(const json& object, const char* field, int64_t min,
                                    int64_t max) {
  const json& value = object.at(field);
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max))) {
    return absl::DataLossError(StrCat("books: ", field, " is not an integer in ", min, "..", max));
  }
  const int64_t number = value.get<int64_t>();
  if (number < min || number > max) {
    return absl::DataLossError(StrCat("books: ", field, " is not an integer in ", min, "..", max));
  }
  return number;
}

absl::StatusOr<uint64_t> UnsignedFrom(const json& object, const char* field) {
  const json& value = object.at(field);
  if (!value.is_number_integer() || (!value.is_number_unsigned() && value.get<int64_t>() < 0)) {
    return absl::DataLossError(StrCat("books: ", field, " is not an unsigned integer"));
  }
  return value.get<uint64_t>();
}

const json& ArrayFrom(const json& object, const char* field) {
  const json& value = object.at(field);
  if (!value.is_array()) throw std::invalid_argument(StrCat(field, " is not an array"));
  return value;
}

absl::StatusOr<StoredReceipt> ReceiptFrom(const json& value) {
  StoredReceipt stored;
  ledger::Receipt& r = stored.receipt;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  absl::StatusOr<uint64_t> index = UnsignedFrom(value, "index");
  if (!index.ok()) return index.status();
  absl::StatusOr<int64_t> timestamp = IntegerFrom(value, "timestamp_ms", kMin, kMax);
  absl::StatusOr<int64_t> outcome = IntegerFrom(value, "outcome", 0, 0xFFFF);
  absl::StatusOr<int64_t> stored_ms = IntegerFrom(value, "stored_ms", kMin, kMax);
  for (const auto* field : {&timestamp, &outcome, &stored_ms}) {
    if (!field->ok()) return field->status();
  }
  r.index = *index;
  r.timestamp_ms = *timestamp;
  r.outcome = static_cast<ledger::ResultCode>(*outcome);
  r.checkpoint = value.at("checkpoint").get<std::string>();
  absl::StatusOr<ledger::Hash> previous = HashFrom(value.at("previous_hash"), "previous_hash");
  if (!previous.ok()) return previous.status();
  r.previous_hash = *previous;
  absl::StatusOr<ledger::Hash> leaf = HashFrom(value.at("leaf_hash"), "leaf_hash");
  if (!leaf.ok()) return leaf.status();
  r.leaf_hash = *leaf;
  for (const json& hash : ArrayFrom(value, "inclusion_proof")) {
    absl::StatusOr<ledger::Hash> h = HashFrom(hash, "inclusion_proof");
    if (!h.ok()) return h.status();
    r.inclusion_proof.push_back(*h);
  }
  std::optional<std::string> bytes = ledger::DecodeBase64(value.at("operation").get<std::string>());
  if (!bytes) return absl::DataLossError("books: a receipt's operation is not base64");
  stored.signed_operation = *std::move(bytes);
  stored.summary = value.at("summary").get<std::string>();
  stored.stored_ms = *stored_ms;
  return stored;
}

// Holds an exclusive flock on a lock file for its lifetime.
class FileLock {
 public:
  static absl::StatusOr<FileLock> Acquire(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return absl::InternalError(StrCat("cannot open ", path));
    if (::flock(fd, LOCK_EX) != 0) {
      ::close(fd);
      return absl::InternalError(StrCat("cannot lock ", path));
    }
    return FileLock(fd);
  }
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace

std::string BooksPath(std::string_view home, const ledger::CommunityId& community) {
  return StrCat(home, "/books/", ledger::ToHex(community), ".json");
}

std::string EncodeBooks(const Books& books) {
  json receipts = json::array();
  for (const StoredReceipt& stored : books.receipts) receipts.push_back(ReceiptJson(stored));
  json object = {{"version", kBooksVersion},
                 {"origin", books.origin},
                 {"log_key", books.log_key},
                 {"checkpoint", books.checkpoint},
                 {"checkpoint_seen_ms", books.checkpoint_seen_ms},
                 {"checkpoint_node", books.checkpoint_node},
                 {"receipts", receipts}};
  return object.dump(1) + "\n";
}

absl::StatusOr<Books> DecodeBooks(std::string_view text) {
  json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded() || !object.is_object()) {
    return absl::DataLossError("books: not a JSON object");
  }
  try {
    if (!object.at("version").is_number_integer() ||
        object.at("version").get<int64_t>() != kBooksVersion) {
      return absl::DataLossError(StrCat("books: unknown version ", object.at("version").dump()));
    }
    Books books;
    books.origin = object.at("origin").get<std::string>();
    books.log_key = object.at("log_key").get<std::string>();
    books.checkpoint = object.at("checkpoint").get<std::string>();
    // Checked like the receipts' integers: a fraction or a number beyond int64 is not a time
    // (and converting one would be undefined behaviour).
    absl::StatusOr<int64_t> seen_ms =
        IntegerFrom(object, "checkpoint_seen_ms", std::numeric_limits<int64_t>::min(),
                    std::numeric_limits<int64_t>::max());
    if (!seen_ms.ok()) return seen_ms.status();
    books.checkpoint_seen_ms = *seen_ms;
    books.checkpoint_node = object.at("checkpoint_node").get<std::string>();
    for (const json& receipt : ArrayFrom(object, "receipts")) {
      absl::StatusOr<StoredReceipt> stored = ReceiptFrom(receipt);
      if (!stored.ok()) return stored.status();
      books.receipts.push_back(*std::move(stored));
    }
    return books;
  } catch (const json::exception& e) {
    return absl::DataLossError(StrCat("books: ", e.what()));
  } catch (const std::invalid_argument& e) {
    return absl::DataLossError(StrCat("books: ", e.what()));
  }
}

absl::StatusOr<Books> LoadBooks(std::string_view home, const ledger::CommunityId& community) {
  const std::string path = BooksPath(home, community);
  absl::StatusOr<SmallFile> file = ReadSmallFile(path, kBooksBytesMax);
  if (absl::IsNotFound(file.status())) {
    Books books;
    books.origin = ledger::LogOrigin(community);
    return books;
  }
  if (!file.ok()) return file.status();
  absl::StatusOr<Books> books = DecodeBooks(file->contents);
  if (!books.ok()) {
    return absl::DataLossError(StrCat(path, ": ", ledger::ToView(books.status().message())));
  }
  if (books->origin != ledger::LogOrigin(community)) {
    return absl::DataLossError(StrCat(path, ": the books are of another log, ", books->origin));
  }
  return books;
}

absl::Status UpdateBooks(std::string_view home, const ledger::CommunityId& community,
                         const std::function<absl::Status(Books&)>& change) {
  if (absl::Status s = MakePrivateFolder(std::string(home)); !s.ok()) return s;
  if (absl::Status s = MakePrivateFolder(StrCat(home, "/books")); !s.ok()) return s;
  const std::string path = BooksPath(home, community);
  absl::StatusOr<FileLock> lock = FileLock::Acquire(StrCat(path, ".lock"));
  if (!lock.ok()) return lock.status();
  absl::StatusOr<Books> books = LoadBooks(home, community);
  if (!books.ok()) return books.status();
  if (absl::Status s = change(*books); !s.ok()) return s;
  if (books->receipts.size() > kReceiptsMax) {
    books->receipts.erase(books->receipts.begin(),
                          books->receipts.end() - static_cast<ptrdiff_t>(kReceiptsMax));
  }
  return WritePrivateFileAtomically(path, EncodeBooks(*books), /*replace=*/true);
}

}  // namespace noaber::wallet
