// The byte format of a compact state: what a Raft snapshot of a node carries instead of its
// whole journal (RocksDbStore::ExportCompactState / ImportCompactState). Self-describing and
// versioned, so a node refuses a state it does not understand instead of misreading it:
//
//   magic                "noaber-compact-state" (20 bytes)
//   version              u16, kCompactStateVersion
//   raft_applied_index   u64   the Raft index the state includes
//   journal_first_index  u64   from this journal index on, every entry is in the state
//   sections, to the checksum:
//     family name        u8 length, bytes (a column family of RocksDbStore, e.g. "accounts")
//     row count          u64
//     rows               u32 key length, key, u32 value length, value; in key order
//   checksum             SHA-256 of every byte before it (32 bytes)
//
// Integers are big-endian. The format knows nothing of what the rows mean: RocksDbStore
// decides which rows go in, and checks what it imports.
#ifndef NOABER_LEDGER_ROCKSDB_COMPACT_STATE_H_
#define NOABER_LEDGER_ROCKSDB_COMPACT_STATE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace noaber::ledger {

inline constexpr std::string_view kCompactStateMagic = "noaber-compact-state";
inline constexpr uint16_t kCompactStateVersion = 1;

struct CompactStateHeader {
  uint16_t version = kCompactStateVersion;
  uint64_t raft_applied_index = 0;
  uint64_t journal_first_index = 0;
};

// Builds a compact state section by section, row by row. Not thread-safe.
class CompactStateWriter {
 public:
  explicit CompactStateWriter(const CompactStateHeader& header);

  // Starts the section of `family` (at most 255 bytes); ends the one before.
  void BeginSection(std::string_view family);
  // Adds a row to the current section. Keys and values are below 4 GiB (RocksDB's own bound).
  void AddRow(std::string_view key, std::string_view value);
  // Ends the last section, appends the checksum and returns the bytes. Call once.
  std::string Finish();

 private:
  void EndSection();

  std::string out_;
  size_t count_at_ = 0;  // where the current section's row count goes; 0: no section
  uint64_t rows_ = 0;
};

// Reads a compact state. Open() checks the magic, the version and the checksum before
// anything else; the rows are read only after that. Borrows the bytes, which must outlive
// the reader. Thread-compatible.
class CompactStateReader {
 public:
  // InvalidArgument when the bytes are not a compact state (no magic) or of a version this
  // build does not read; DataLoss when they are cut short or the checksum does not match.
  static absl::StatusOr<CompactStateReader> Open(std::string_view bytes);

  const CompactStateHeader& header() const { return header_; }

  // Hands every row to `fn` in order, with its section's family name, and stops at the
  // first error `fn` returns (and returns it). DataLoss when the sections do not parse,
  // which a correct checksum makes a writer's bug rather than damage.
  absl::Status ForEachRow(
      const std::function<absl::Status(std::string_view family, std::string_view key,
                                       std::string_view value)>& fn) const;

 private:
  CompactStateReader(CompactStateHeader header, std::string_view sections)
      : header_(header), sections_(sections) {}

  CompactStateHeader header_;
  std::string_view sections_;  // between the header and the checksum
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_ROCKSDB_COMPACT_STATE_H_
