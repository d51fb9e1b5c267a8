// Tests of the wallet's books (books.h): the JSON round trip with receipts, refusing files this
// wallet did not write (naming the field), loading absent books and books of another log, and
// UpdateBooks's private file, all-or-nothing changes and locking against concurrent updates.
// Everything happens in a fresh temporary folder.
#include "wallet-cli/books.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/strings.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;
using nlohmann::json;

ledger::CommunityId Community(uint8_t fill) {
  ledger::CommunityId community{};
  community.fill(fill);
  return community;
}

ledger::Hash HashOf(uint8_t seed) {
  ledger::Hash hash{};
  for (size_t i = 0; i < hash.size(); ++i) hash[i] = static_cast<uint8_t>(seed * 31 + i);
  return hash;
}

StoredReceipt TestReceipt(uint64_t index) {
  StoredReceipt stored;
  stored.receipt.index = index;
  stored.receipt.timestamp_ms = 1'700'000'000'000 + static_cast<int64_t>(index);
  stored.receipt.previous_hash = HashOf(static_cast<uint8_t>(index));
  stored.receipt.outcome =
      index % 2 == 0 ? ledger::ResultCode::kAccepted : ledger::ResultCode::kAlreadyApplied;
  stored.receipt.leaf_hash = HashOf(static_cast<uint8_t>(index + 100));
  stored.receipt.checkpoint =
      StrCat("noaber/", index, "\n7\nroot=\n\n\xE2\x80\x94 noaber/x AAAA\n");
  for (uint8_t i = 0; i < index % 5; ++i) {
    stored.receipt.inclusion_proof.push_back(HashOf(static_cast<uint8_t>(200 + i)));
  }
  stored.signed_operation = StrCat("operation ", index, std::string("\0\xff\x01", 3));
  stored.summary = StrCat("pay ", index, "h to karim \"quoted\" \xC3\xA9");
  stored.stored_ms = 1'800'000'000'000 + static_cast<int64_t>(index);
  return stored;
}

Books TestBooks(const ledger::CommunityId& community) {
  Books books;
  books.origin = ledger::LogOrigin(community);
  books.log_key = "noaber/abc+01020304+AQID";
  books.checkpoint = "noaber/abc\n3\nroot\n\n\xE2\x80\x94 noaber/abc sig\n";
  books.checkpoint_seen_ms = 1'712'345'678'901;
  books.checkpoint_node = "node.example:7070";
  for (uint64_t index : {uint64_t{0}, uint64_t{1}, uint64_t{7}, uint64_t{12}}) {
    books.receipts.push_back(TestReceipt(index));
  }
  return books;
}

void ExpectSameReceipt(const StoredReceipt& got, const StoredReceipt& want) {
  EXPECT_EQ(got.receipt.index, want.receipt.index);
  EXPECT_EQ(got.receipt.timestamp_ms, want.receipt.timestamp_ms);
  EXPECT_EQ(got.receipt.previous_hash, want.receipt.previous_hash);
  EXPECT_EQ(got.receipt.outcome, want.receipt.outcome);
  EXPECT_EQ(got.receipt.leaf_hash, want.receipt.leaf_hash);
  EXPECT_EQ(got.receipt.checkpoint, want.receipt.checkpoint);
  EXPECT_EQ(got.receipt.inclusion_proof, want.receipt.inclusion_proof);
  EXPECT_EQ(got.signed_operation, want.signed_operation);
  EXPECT_EQ(got.summary, want.summary);
  EXPECT_EQ(got.stored_ms, want.stored_ms);
}

void ExpectSameBooks(const Books& got, const Books& want) {
  EXPECT_EQ(got.origin, want.origin);
  EXPECT_EQ(got.log_key, want.log_key);
  EXPECT_EQ(got.checkpoint, want.checkpoint);
  EXPECT_EQ(got.checkpoint_seen_ms, want.checkpoint_seen_ms);
  EXPECT_EQ(got.checkpoint_node, want.checkpoint_node);
  ASSERT_EQ(got.receipts.size(), want.receipts.size());
  for (size_t i = 0; i < got.receipts.size(); ++i) {
    SCOPED_TRACE(StrCat("receipt ", i));
    ExpectSameReceipt(got.receipts[i], want.receipts[i]);
  }
}

// DecodeBooks of the test books' JSON after `edit`.
absl::StatusOr<Books> DecodeEdited(const std::function<void(json&)>& edit) {
  json object = json::parse(EncodeBooks(TestBooks(Community(1))));
  edit(object);
  return DecodeBooks(object.dump());
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(BooksCodecTest, RoundTripsEveryField) {
  const Books books = TestBooks(Community(1));
  const std::string text = EncodeBooks(books);
  absl::StatusOr<Books> decoded = DecodeBooks(text);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ExpectSameBooks(*decoded, books);
  EXPECT_EQ(EncodeBooks(*decoded), text);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(json::parse(text).at("version"), 1);
}

TEST(BooksCodecTest, RoundTripsExtremeValues) {
  Books books;
  books.origin = ledger::LogOrigin(Community(2));
  StoredReceipt stored;
  stored.receipt.index = ~uint64_t{0};
  stored.receipt.timestamp_ms = std::numeric_limits<int64_t>::min();
  stored.receipt.outcome = static_cast<ledger::ResultCode>(65535);
  stored.receipt.previous_hash.fill(0xff);
  for (int i = 0; i < 64; ++i) stored.receipt.inclusion_proof.push_back(HashOf(i));
  for (int byte = 0; byte < 256; ++byte) stored.signed_operation.push_back(static_cast<char>(byte));
  stored.stored_ms = std::numeric_limits<int64_t>::max();
  books.receipts.push_back(stored);
  books.receipts.push_back(StoredReceipt{});  // all empty and zero
  absl::StatusOr<Books> decoded = DecodeBooks(EncodeBooks(books));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ExpectSameBooks(*decoded, books);
}

TEST(BooksCodecTest, RoundTripsEmptyBooks) {
  const Books books;
  absl::StatusOr<Books> decoded = DecodeBooks(EncodeBooks(books));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ExpectSameBooks(*decoded, books);
}

TEST(BooksCodecTest, RefusesWhatIsNotJsonBooks) {
  for (std::string_view text :
       {"", "not json", "{", "[]", "null", "1", "\"books\"", "{}", "{\"version\": 1}"}) {
    absl::StatusOr<Books> books = DecodeBooks(text);
    EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "'" << text << "'";
  }
  // Cut short anywhere.
  const std::string text = EncodeBooks(TestBooks(Community(1)));
  for (size_t size : {size_t{1}, text.size() / 3, text.size() / 2, text.size() - 3}) {
    EXPECT_EQ(DecodeBooks(text.substr(0, size)).status().code(), absl::StatusCode::kDataLoss)
        << size;
  }
}

TEST(BooksCodecTest, RefusesAnotherVersion) {
  for (const json& version : {json(0), json(2), json(-1), json("1"), json(nullptr)}) {
    absl::StatusOr<Books> books = DecodeEdited([&](json& o) { o["version"] = version; });
    EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << version.dump();
  }
  absl::StatusOr<Books> books = DecodeEdited([](json& o) { o["version"] = 2; });
  EXPECT_NE(books.status().message().find("version"), std::string::npos) << books.status();
  books = DecodeEdited([](json& o) { o.erase("version"); });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss);
}

TEST(BooksCodecTest, RefusesMissingOrMistypedFields) {
  for (const char* field :
       {"origin", "log_key", "checkpoint", "checkpoint_seen_ms", "checkpoint_node", "receipts"}) {
    absl::StatusOr<Books> books = DecodeEdited([&](json& o) { o.erase(field); });
    EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "without " << field;
    books = DecodeEdited([&](json& o) { o[field] = json::array({1, 2}); });
    EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "mistyped " << field;
  }
  for (const char* field : {"index", "timestamp_ms", "previous_hash", "outcome", "leaf_hash",
                            "checkpoint", "inclusion_proof", "operation", "summary", "stored_ms"}) {
    absl::StatusOr<Books> books = DecodeEdited([&](json& o) { o["receipts"][1].erase(field); });
    EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "receipt without " << field;
    books = DecodeEdited([&](json& o) { o["receipts"][1][field] = json::array({json::array()}); });
    EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "receipt mistyped " << field;
  }
  absl::StatusOr<Books> books = DecodeEdited([](json& o) { o["receipts"][2] = "a receipt"; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss);
}

TEST(BooksCodecTest, RefusesHashesThatAreNot64HexDigits) {
  const std::string good(64, 'a');
  for (const char* field : {"previous_hash", "leaf_hash"}) {
    for (const json& bad : {json(std::string(63, 'a')), json(std::string(65, 'a')),
                            json(StrCat(std::string(63, 'a'), "g")), json(""), json(12),
                            json(StrCat(" ", std::string(63, 'a')))}) {
      absl::StatusOr<Books> books = DecodeEdited([&](json& o) { o["receipts"][0][field] = bad; });
      EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << field << " " << bad.dump();
      EXPECT_NE(books.status().message().find(field), std::string::npos) << books.status();
    }
    // Upper case hex is still hex.
    absl::StatusOr<Books> books =
        DecodeEdited([&](json& o) { o["receipts"][0][field] = std::string(64, 'A'); });
    ASSERT_TRUE(books.ok()) << books.status();
  }
  // inclusion_proof: receipt 3 (index 12) has two hashes; spoil the second.
  absl::StatusOr<Books> books =
      DecodeEdited([](json& o) { o["receipts"][3]["inclusion_proof"][1] = "xyz"; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(books.status().message().find("inclusion_proof"), std::string::npos) << books.status();
  books = DecodeEdited([&](json& o) { o["receipts"][3]["inclusion_proof"][0] = good + "00"; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(books.status().message().find("inclusion_proof"), std::string::npos) << books.status();
}

TEST(BooksCodecTest, RefusesAnOperationThatIsNotBase64) {
  for (const char* bad : {"not base64!", "AAA", "AA=A", "AAAA AAAA", "AB==" /* not canonical */}) {
    absl::StatusOr<Books> books =
        DecodeEdited([&](json& o) { o["receipts"][2]["operation"] = bad; });
    EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << bad;
    EXPECT_NE(books.status().message().find("operation"), std::string::npos) << books.status();
  }
  absl::StatusOr<Books> books = DecodeEdited([](json& o) { o["receipts"][2]["operation"] = ""; });
  ASSERT_TRUE(books.ok()) << books.status();
  EXPECT_EQ(books->receipts[2].signed_operation, "");
}

// Books this wallet did not write must be DataLoss, but DecodeBooks reads these as valid
// books (bugs, reported; enable when wallet-cli/books.cc is fixed):
//   books.cc:62 and :133 iterate "inclusion_proof" and "receipts" without checking that they
//   are arrays: an object is read as its values ({} as no hashes), a string as one element.
TEST(BooksCodecTest, RefusesListsThatAreNotArrays) {
  absl::StatusOr<Books> books =
      DecodeEdited([](json& o) { o["receipts"][3]["inclusion_proof"] = json::object(); });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss)
      << "inclusion_proof {} read as "
      << (books.ok() ? books->receipts[3].receipt.inclusion_proof.size() : 0) << " hashes";
  books = DecodeEdited([](json& o) { o["receipts"][3]["inclusion_proof"] = std::string(64, 'a'); });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "inclusion_proof a string";
  books = DecodeEdited([](json& o) { o["receipts"] = json{{"first", o["receipts"][0]}}; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "receipts an object";
}

// The same for numbers it never writes (bugs, reported):
//   books.cc:52 reads "index" with get<uint64_t>(), which casts -1 to 2^64 - 1;
//   books.cc:54 casts any int to the 16-bit ResultCode: 65536 becomes 0, kAccepted, and -1
//   becomes 65535;
//   books.cc:124 and the other get<int64_t>() calls truncate fractions (version 1.5 is 1);
//   books.cc:54 and :124 read with get<int>(), which takes a boolean: "outcome": true is
//   kAlreadyApplied and "version": true is version 1.
TEST(BooksCodecTest, RefusesNumbersOutOfRange) {
  absl::StatusOr<Books> books = DecodeEdited([](json& o) { o["receipts"][0]["index"] = -1; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss)
      << "index -1 read as " << (books.ok() ? books->receipts[0].receipt.index : 0);
  books = DecodeEdited([](json& o) { o["receipts"][1]["outcome"] = 65536; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss)
      << "outcome 65536 read as "
      << (books.ok() ? static_cast<int>(books->receipts[1].receipt.outcome) : 0);
  books = DecodeEdited([](json& o) { o["receipts"][0]["outcome"] = -1; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss);
  books = DecodeEdited([](json& o) { o["version"] = 1.5; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "version 1.5";
  books = DecodeEdited([](json& o) { o["receipts"][0]["stored_ms"] = 2.5; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "stored_ms 2.5";
  books = DecodeEdited([](json& o) { o["receipts"][0]["outcome"] = true; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "outcome true";
  books = DecodeEdited([](json& o) { o["version"] = true; });
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << "version true";
}

class BooksFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    char pattern[] = "/tmp/noaber-books-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    folder_ = pattern;
    home_ = folder_ + "/home";  // UpdateBooks creates it
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  // The names in HOME/books.
  std::set<std::string> BooksFolder() const {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(home_ + "/books")) {
      names.insert(entry.path().filename().string());
    }
    return names;
  }

  std::string folder_;
  std::string home_;
};

TEST_F(BooksFileTest, PathIsUnderHomeBooks) {
  ledger::CommunityId community{};
  community[0] = 0xab;
  community[31] = 0x0c;
  EXPECT_EQ(BooksPath("/home/ann/.noaber", community),
            StrCat("/home/ann/.noaber/books/ab", std::string(60, '0'), "0c.json"));
  EXPECT_EQ(BooksPath("/h", Community(0x01)),
            "/h/books/0101010101010101010101010101010101010101010101010101010101010101.json");
}

TEST_F(BooksFileTest, MissingBooksAreEmpty) {
  for (const std::string& home : {home_, folder_}) {  // no folder at all, and no books folder
    absl::StatusOr<Books> books = LoadBooks(home, Community(3));
    ASSERT_TRUE(books.ok()) << books.status();
    EXPECT_EQ(books->origin, ledger::LogOrigin(Community(3)));
    EXPECT_TRUE(books->log_key.empty());
    EXPECT_TRUE(books->checkpoint.empty());
    EXPECT_EQ(books->checkpoint_seen_ms, 0);
    EXPECT_TRUE(books->checkpoint_node.empty());
    EXPECT_TRUE(books->receipts.empty());
  }
}

TEST_F(BooksFileTest, UpdateWritesAPrivateFileThatLoads) {
  const Books want = TestBooks(Community(4));
  absl::Status status = UpdateBooks(home_, Community(4), [&](Books& books) {
    EXPECT_EQ(books.origin, ledger::LogOrigin(Community(4)));
    EXPECT_TRUE(books.receipts.empty());
    books = want;
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  const std::string path = BooksPath(home_, Community(4));
  EXPECT_EQ(ModeOf(home_ + "/books"), 0700u);
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_EQ(ReadFile(path), EncodeBooks(want));
  absl::StatusOr<Books> loaded = LoadBooks(home_, Community(4));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ExpectSameBooks(*loaded, want);
  // No temporary file is left behind.
  const std::string name = StrCat(ledger::ToHex(Community(4)), ".json");
  for (const std::string& entry : BooksFolder()) {
    EXPECT_TRUE(entry == name || entry == name + ".lock") << entry;
  }

  // A second update starts from what the first wrote.
  status = UpdateBooks(home_, Community(4), [&](Books& books) {
    EXPECT_EQ(books.receipts.size(), want.receipts.size());
    books.receipts.push_back(TestReceipt(99));
    books.checkpoint_node = "other.example:1";
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  loaded = LoadBooks(home_, Community(4));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->receipts.size(), want.receipts.size() + 1);
  ExpectSameReceipt(loaded->receipts.back(), TestReceipt(99));
  EXPECT_EQ(loaded->checkpoint_node, "other.example:1");
  EXPECT_EQ(ModeOf(path), 0600u);
}

TEST_F(BooksFileTest, BooksOfCommunitiesAreApart) {
  ASSERT_TRUE(UpdateBooks(home_, Community(5), [](Books& books) {
                books.receipts.push_back(TestReceipt(1));
                return absl::OkStatus();
              }).ok());
  absl::StatusOr<Books> other = LoadBooks(home_, Community(6));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_TRUE(other->receipts.empty());
  EXPECT_EQ(other->origin, ledger::LogOrigin(Community(6)));
}

TEST_F(BooksFileTest, RefusesBooksOfAnotherLog) {
  ASSERT_TRUE(UpdateBooks(home_, Community(7), [](Books&) { return absl::OkStatus(); }).ok());
  // The books of community 8 copied over those of community 7.
  const std::string path = BooksPath(home_, Community(7));
  const std::string foreign = EncodeBooks(TestBooks(Community(8)));
  std::ofstream(path, std::ios::binary | std::ios::trunc) << foreign;
  absl::StatusOr<Books> books = LoadBooks(home_, Community(7));
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << books.status();
  EXPECT_NE(books.status().message().find(path), std::string::npos) << books.status();
  // Nor does UpdateBooks change them (or call the change).
  bool called = false;
  absl::Status status = UpdateBooks(home_, Community(7), [&](Books&) {
    called = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_FALSE(called);
  EXPECT_EQ(ReadFile(path), foreign);
}

TEST_F(BooksFileTest, RefusesADamagedFile) {
  ASSERT_TRUE(UpdateBooks(home_, Community(9), [](Books&) { return absl::OkStatus(); }).ok());
  const std::string path = BooksPath(home_, Community(9));
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "{\"version\": 1, \"orig";
  absl::StatusOr<Books> books = LoadBooks(home_, Community(9));
  EXPECT_EQ(books.status().code(), absl::StatusCode::kDataLoss) << books.status();
  EXPECT_NE(books.status().message().find(path), std::string::npos) << books.status();
}

TEST_F(BooksFileTest, AFailedChangeLeavesTheFileAsItWas) {
  ASSERT_TRUE(UpdateBooks(home_, Community(10), [](Books& books) {
                books.receipts.push_back(TestReceipt(3));
                books.checkpoint = "old";
                return absl::OkStatus();
              }).ok());
  const std::string path = BooksPath(home_, Community(10));
  const std::string before = ReadFile(path);
  const std::set<std::string> names_before = BooksFolder();
  absl::Status status = UpdateBooks(home_, Community(10), [](Books& books) {
    books.receipts.push_back(TestReceipt(4));
    books.receipts.erase(books.receipts.begin());
    books.checkpoint = "new";
    return absl::FailedPreconditionError("the node lied");
  });
  EXPECT_EQ(status, absl::FailedPreconditionError("the node lied"));
  EXPECT_EQ(ReadFile(path), before);
  EXPECT_EQ(BooksFolder(), names_before);
  EXPECT_EQ(ModeOf(path), 0600u);

  // Without a file, a failed change writes none.
  status = UpdateBooks(home_, Community(11), [](Books& books) {
    books.receipts.push_back(TestReceipt(4));
    return absl::AbortedError("no");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_FALSE(std::filesystem::exists(BooksPath(home_, Community(11))));
}

TEST_F(BooksFileTest, ConcurrentUpdatesLoseNoReceipt) {
  constexpr int kThreads = 8;
  constexpr int kUpdatesPerThread = 12;
  std::vector<std::thread> threads;
  std::vector<absl::Status> statuses(kThreads * kUpdatesPerThread);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int u = 0; u < kUpdatesPerThread; ++u) {
        const uint64_t index = static_cast<uint64_t>(t * kUpdatesPerThread + u);
        statuses[index] = UpdateBooks(home_, Community(12), [&](Books& books) {
          books.receipts.push_back(TestReceipt(index));
          // Widen the window between reading and writing.
          std::this_thread::yield();
          return absl::OkStatus();
        });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& status : statuses) EXPECT_TRUE(status.ok()) << status;
  absl::StatusOr<Books> books = LoadBooks(home_, Community(12));
  ASSERT_TRUE(books.ok()) << books.status();
  std::set<uint64_t> indexes;
  for (const StoredReceipt& stored : books->receipts) indexes.insert(stored.receipt.index);
  EXPECT_EQ(books->receipts.size(), static_cast<size_t>(kThreads * kUpdatesPerThread));
  EXPECT_EQ(indexes.size(), static_cast<size_t>(kThreads * kUpdatesPerThread));
  EXPECT_EQ(*indexes.begin(), 0u);
  EXPECT_EQ(*indexes.rbegin(), static_cast<uint64_t>(kThreads * kUpdatesPerThread - 1));
}

}  // namespace
}  // namespace noaber::wallet
