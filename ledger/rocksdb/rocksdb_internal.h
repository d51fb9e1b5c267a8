// Private to RocksDbStore's source files (rocksdb_store.cc, rocksdb_compact_state.cc): the
// names of its column families, the keys of its meta family, and the conversions both use.
#ifndef NOABER_LEDGER_ROCKSDB_ROCKSDB_INTERNAL_H_
#define NOABER_LEDGER_ROCKSDB_ROCKSDB_INTERNAL_H_

#include <rocksdb/status.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "ledger/src/codec.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger::rocksdb_internal {

// In RocksDbStore::Family order. The journal lives in RocksDB's default column family; the
// compact state names it "journal" like the others.
inline constexpr const char* kFamilyNames[] = {
    "journal", "accounts", "balances", "pendings", "expiry",   "operations",  "keys",  "history",
    "meta",    "skills",   "listings", "requests", "received", "corrections", "merkle"};

// Rows of the meta family.
inline constexpr std::string_view kHeadKey = "head";
inline constexpr std::string_view kGenesisKey = "genesis";
inline constexpr std::string_view kRaftAppliedKey = "raft_applied";  // 8 bytes, big-endian
// From this journal index on the store holds every entry (8 bytes, big-endian); absent: 0.
inline constexpr std::string_view kJournalFirstIndexKey = "journal_first_index";

// Families whose rows a batch appends in key order (journal entries, history rows and Merkle
// nodes sorted by Commit, expiry times) and which are never probed for a missing key.
inline bool AppendedInOrder(std::string_view family) {
  return family == "journal" || family == "history" || family == "merkle" || family == "expiry";
}

// Families keyed "handle\0..." whose rows for one handle go in next to that handle's last
// row: a history row after the handle's newest (indexes grow), a balance or a received total
// right before its previous version (RocksDB puts the newer version of a key first). Their
// memtables keep one insert hint per handle.
inline bool HintedByHandle(std::string_view family) {
  return family == "history" || family == "balances" || family == "received";
}

// Families whose memtables take insert hints. They must never get a range deletion: RocksDB
// 7.8 uses one hint for a family's point and range-deletion skip lists alike, and a range
// deletion there fails an assertion in its skip list (or, built without assertions,
// corrupts it).
inline bool TakesInsertHints(std::string_view family) {
  return AppendedInOrder(family) || HintedByHandle(family);
}

inline absl::Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string message = StrCat(what, ": ", s.ToString());
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return absl::UnavailableError(message);
  }
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsInvalidArgument()) return absl::NotFoundError(message);
  return absl::InternalError(message);
}

inline std::string BigEndian(uint64_t v) {
  std::string out;
  AppendBigEndian(&out, v);
  return out;
}

inline uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i) v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  return v;
}

template <size_t N>
std::string_view View(const std::array<uint8_t, N>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), N};
}

}  // namespace noaber::ledger::rocksdb_internal

#endif  // NOABER_LEDGER_ROCKSDB_ROCKSDB_INTERNAL_H_
