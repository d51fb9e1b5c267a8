// Tests of the compact state's byte format: what is written is read back, and damage or a
// foreign format is refused before any row is read.
#include "ledger/rocksdb/compact_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "noaber/ledger/crypto.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using Row = std::tuple<std::string, std::string, std::string>;  // (family, key, value)

std::string Sample() {
  CompactStateWriter writer({kCompactStateVersion, 42, 16});
  writer.BeginSection("accounts");
  writer.AddRow("anna", "account of anna");
  writer.AddRow("bert", std::string("\0\1\2", 3));
  writer.BeginSection("empty");
  writer.BeginSection("journal");
  writer.AddRow(std::string(8, '\0'), "");
  return writer.Finish();
}

absl::StatusOr<std::vector<Row>> ReadAll(std::string_view bytes) {
  absl::StatusOr<CompactStateReader> reader = CompactStateReader::Open(bytes);
  if (!reader.ok()) return reader.status();
  std::vector<Row> rows;
  absl::Status s =
      reader->ForEachRow([&](std::string_view f, std::string_view k, std::string_view v) {
        rows.emplace_back(f, k, v);
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  return rows;
}

// Appends the checksum a correct writer would, so that only the structure is wrong.
std::string WithChecksum(std::string bytes) {
  const Hash checksum = Sha256(bytes);
  bytes.append(reinterpret_cast<const char*>(checksum.data()), checksum.size());
  return bytes;
}

TEST(CompactStateTest, ReadsBackWhatWasWritten) {
  const std::string bytes = Sample();
  absl::StatusOr<CompactStateReader> reader = CompactStateReader::Open(bytes);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->header().version, kCompactStateVersion);
  EXPECT_EQ(reader->header().raft_applied_index, 42u);
  EXPECT_EQ(reader->header().journal_first_index, 16u);
  absl::StatusOr<std::vector<Row>> rows = ReadAll(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<Row>{{"accounts", "anna", "account of anna"},
                                     {"accounts", "bert", std::string("\0\1\2", 3)},
                                     {"journal", std::string(8, '\0'), ""}}));
}

TEST(CompactStateTest, StopsAtTheFirstErrorOfTheCallback) {
  const std::string bytes = Sample();
  absl::StatusOr<CompactStateReader> reader = CompactStateReader::Open(bytes);
  ASSERT_TRUE(reader.ok());
  int calls = 0;
  absl::Status s = reader->ForEachRow([&](std::string_view, std::string_view, std::string_view) {
    ++calls;
    return absl::AbortedError("enough");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(calls, 1);
}

TEST(CompactStateTest, RefusesWhatIsNotACompactState) {
  absl::StatusOr<CompactStateReader> empty = CompactStateReader::Open("");
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.status().message(), HasSubstr("not a Noaber compact state"));
  std::string bytes = Sample();
  bytes[0] = 'N';
  EXPECT_EQ(CompactStateReader::Open(bytes).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompactStateTest, RefusesAnotherVersionEvenWithAGoodChecksum) {
  std::string bytes = Sample();
  bytes.resize(bytes.size() - 32);
  bytes[kCompactStateMagic.size() + 1] = 2;  // version 2
  absl::StatusOr<CompactStateReader> reader = CompactStateReader::Open(WithChecksum(bytes));
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(reader.status().message(), HasSubstr("version 2 is not supported"));
}

// Every single damaged byte is found: in the magic or the version as a foreign format, and
// anywhere else by the checksum.
TEST(CompactStateTest, FindsEveryDamagedByteAndEveryTruncation) {
  const std::string good = Sample();
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bytes = good;
    bytes[i] ^= 0x20;
    absl::StatusOr<CompactStateReader> reader = CompactStateReader::Open(bytes);
    ASSERT_FALSE(reader.ok()) << "byte " << i;
    const bool header = i < kCompactStateMagic.size() + 2;
    EXPECT_EQ(reader.status().code(),
              header ? absl::StatusCode::kInvalidArgument : absl::StatusCode::kDataLoss)
        << "byte " << i;
  }
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(CompactStateReader::Open(good.substr(0, n)).ok()) << n << " bytes";
  }
}

// A checksum only proves the bytes are what the writer wrote; the reader still bounds what
// it reads, so a writer's bug cannot make it read past the end.
TEST(CompactStateTest, RefusesSectionsThatDoNotParse) {
  std::string bytes = Sample();
  bytes.resize(bytes.size() - 32);
  const std::string header = bytes.substr(0, kCompactStateMagic.size() + 18);
  std::string huge_count = header + std::string(1, '\1') + "a" + std::string(8, '\xff');
  absl::StatusOr<std::vector<Row>> rows = ReadAll(WithChecksum(huge_count));
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kDataLoss);
  std::string cut_row = header + std::string(1, '\1') + "a" + std::string(7, '\0') + "\1" +
                        std::string(3, '\0') + "\x09" + "keykeyke";
  rows = ReadAll(WithChecksum(cut_row));
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(rows.status().message(), HasSubstr("cut short"));
  rows = ReadAll(WithChecksum(header + "\x05" + "acc"));
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace noaber::ledger
