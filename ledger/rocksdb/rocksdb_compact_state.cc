// RocksDbStore's compact state: the pinned state, its export, and the import behind Raft
// snapshots (rocksdb_store.h says what goes in, compact_state.h how it is laid out).
#include <rocksdb/db.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <variant>

#include "ledger/rocksdb/compact_state.h"
#include "ledger/rocksdb/rocksdb_internal.h"
#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/src/assert.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/records.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

using rocksdb_internal::BigEndian;
using rocksdb_internal::FromRocks;
using rocksdb_internal::kFamilyNames;
using rocksdb_internal::kHeadKey;
using rocksdb_internal::kJournalFirstIndexKey;
using rocksdb_internal::kRaftAppliedKey;
using rocksdb_internal::ReadBigEndian;

namespace {

rocksdb::Slice ToSlice(std::string_view bytes) { return {bytes.data(), bytes.size()}; }
std::string_view ToView(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

absl::Status Damaged(std::string_view what) {
  return absl::DataLossError(StrCat("the compact state is damaged: ", what));
}

// Whether an old journal entry must stay in the compact state: a correction may name any
// transfer ever made and reads the entry that holds it, so every entry with a transfer
// action stays, and so does anything that does not decode as an operation (the genesis,
// entry 0). Expiries and operations without a transfer go.
bool RulesMayRead(std::string_view entry_bytes) {
  absl::StatusOr<JournalEntry> entry = DecodeJournalEntry(entry_bytes);
  if (!entry.ok()) return true;
  SignedOperation signed_operation;
  Operation operation;
  if (!DecodeSignedOperation(entry->signed_bytes, &signed_operation).ok() ||
      !DecodeOperation(signed_operation.body, &operation).ok()) {
    return true;
  }
  return std::any_of(operation.actions.begin(), operation.actions.end(),
                     [](const Action& a) { return std::holds_alternative<Transfer>(a); });
}

// The journal index of the entry that created a listing or payment request.
template <typename Record>
absl::StatusOr<uint64_t> CreatedIndex(absl::StatusOr<Record> record) {
  if (!record.ok()) {
    return absl::DataLossError(StrCat("a stored record is damaged: ", record.status().message()));
  }
  return record->created_index;
}

// What the imported rows say about the journal, checked before anything is written.
struct ImportedJournal {
  std::optional<std::string> head;
  std::optional<std::string> genesis;
  std::string last_key;  // of the last journal row; rows come in key order
  std::string last_value;
  uint64_t rows = 0;
  uint64_t tail_rows = 0;  // rows at or after the first journal index

  absl::Status Add(std::string_view key, std::string_view value, uint64_t first_index) {
    if (key.size() != 8 || (rows > 0 && key <= last_key)) {
      return Damaged("its journal rows are not 8-byte indexes in ascending order");
    }
    last_key = std::string(key);
    last_value = std::string(value);
    ++rows;
    if (ReadBigEndian(key) >= first_index) ++tail_rows;
    return absl::OkStatus();
  }

  // A state Ledger::Open() will take: a head whose entry is the last one, the genesis, and
  // every entry from the first journal index to the head (the Merkle tree resumes on them).
  absl::Status Check(uint64_t first_index) const {
    if (!head) {
      if (rows > 0 || genesis) return Damaged("it has a journal but no head");
      return absl::OkStatus();
    }
    absl::StatusOr<JournalHead> decoded = DecodeHead(*head);
    if (!decoded.ok()) return Damaged("its head does not decode");
    if (!genesis) return Damaged("it has a head but no genesis");
    absl::StatusOr<JournalEntry> last = DecodeJournalEntry(last_value);
    if (rows == 0 || !last.ok() || last->index != decoded->index ||
        HashJournalEntry(*last) != decoded->hash) {
      return Damaged(StrCat("its last journal entry is not its head, entry ", decoded->index));
    }
    if (first_index > decoded->index || tail_rows != decoded->index - first_index + 1) {
      return Damaged(StrCat("it lacks journal entries between ", first_index, " and its head ",
                            decoded->index));
    }
    return absl::OkStatus();
  }
};

}  // namespace

std::unique_ptr<RocksDbStore::PinnedState> RocksDbStore::PinState() const {
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  // Null only for memtables that cannot take snapshots, which Open never configures: an
  // export without the pin would mix moments.
  NOABER_ASSERT(snapshot != nullptr, "RocksDB gave no snapshot to pin the state with");
  pinned_states_.fetch_add(1);
  return std::unique_ptr<PinnedState>(new PinnedState(this, snapshot));
}

absl::StatusOr<std::string> RocksDbStore::ExportCompactState() const {
  return PinState()->Export();
}

RocksDbStore::PinnedState::~PinnedState() {
  store_.db_->ReleaseSnapshot(snapshot_);
  store_.pinned_states_.fetch_sub(1);
}

rocksdb::ReadOptions RocksDbStore::PinnedState::PinnedReads() const {
  rocksdb::ReadOptions read;
  read.snapshot = snapshot_;
  read.fill_cache = false;
  return read;
}

absl::StatusOr<std::optional<std::string>> RocksDbStore::PinnedState::ReadMeta(
    std::string_view key) const {
  std::string value;
  rocksdb::Status s = store_.db_->Get(PinnedReads(), store_.families_[kMeta], ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading meta");
  return std::optional<std::string>(std::move(value));
}

absl::StatusOr<uint64_t> RocksDbStore::PinnedState::GetRaftAppliedIndex() const {
  absl::StatusOr<std::optional<std::string>> bytes = ReadMeta(kRaftAppliedKey);
  if (!bytes.ok()) return bytes.status();
  return bytes->has_value() ? ReadBigEndian(**bytes) : 0;
}

absl::StatusOr<std::string> RocksDbStore::PinnedState::Export() const {
  // Every read below goes through the pin: the state of one moment, while commits go on.
  const rocksdb::ReadOptions read = PinnedReads();
  absl::StatusOr<std::optional<std::string>> head_bytes = ReadMeta(kHeadKey);
  if (!head_bytes.ok()) return head_bytes.status();
  absl::StatusOr<uint64_t> raft_applied_index = GetRaftAppliedIndex();
  if (!raft_applied_index.ok()) return raft_applied_index.status();
  CompactStateHeader header;
  header.raft_applied_index = *raft_applied_index;
  if (head_bytes->has_value()) {
    absl::StatusOr<JournalHead> head = DecodeHead(**head_bytes);
    if (!head.ok()) return absl::DataLossError("the journal's head is damaged");
    // The levels below kMerkleLevelStoredMin of the tree's right border are hashed from
    // these entries: the aligned block of 2^kMerkleLevelStoredMin the next entry falls in.
    // When that block starts after the head, the head entry alone: Ledger::Open reads it.
    const uint64_t block = (head->index + 1) >> kMerkleLevelStoredMin << kMerkleLevelStoredMin;
    header.journal_first_index = std::min(block, head->index);
  }

  absl::StatusOr<std::set<uint64_t>> board = store_.BoardEntries(read);
  if (!board.ok()) return board.status();
  auto keep_entry = [&](std::string_view key, std::string_view value) {
    const uint64_t index = ReadBigEndian(key);
    return index >= header.journal_first_index || board->contains(index) || RulesMayRead(value);
  };

  CompactStateWriter writer(header);
  for (int f = 0; f < kFamilyCount; ++f) {
    if (f == kHistory) continue;  // no rule reads it; a restored node keeps it from then on
    writer.BeginSection(kFamilyNames[f]);
    std::unique_ptr<rocksdb::Iterator> it(store_.db_->NewIterator(read, store_.families_[f]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key = ToView(it->key());
      const std::string_view value = ToView(it->value());
      // The header carries these two, for the importing store.
      if (f == kMeta && (key == kRaftAppliedKey || key == kJournalFirstIndexKey)) continue;
      if (f == kJournal && !keep_entry(key, value)) continue;
      writer.AddRow(key, value);
    }
    if (absl::Status s = FromRocks(it->status(), StrCat("exporting ", kFamilyNames[f])); !s.ok()) {
      return s;
    }
  }
  return writer.Finish();
}

absl::StatusOr<std::set<uint64_t>> RocksDbStore::BoardEntries(
    const rocksdb::ReadOptions& read) const {
  std::set<uint64_t> indexes;
  for (const Family family : {kListings, kRequests}) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, families_[family]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view value = ToView(it->value());
      absl::StatusOr<uint64_t> created = family == kListings ? CreatedIndex(DecodeListing(value))
                                                             : CreatedIndex(DecodeRequest(value));
      if (!created.ok()) return created.status();
      indexes.insert(*created);
    }
    if (absl::Status s = FromRocks(it->status(), StrCat("reading ", kFamilyNames[family]));
        !s.ok()) {
      return s;
    }
  }
  return indexes;
}

absl::Status RocksDbStore::DeleteEverything(Family family, rocksdb::WriteBatch* batch) const {
  const std::string what = StrCat("deleting ", kFamilyNames[family]);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), families_[family]));
  if (rocksdb_internal::TakesInsertHints(kFamilyNames[family])) {
    // A deletion per row: a range deletion is not safe in these families (rocksdb_internal.h).
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (absl::Status s = FromRocks(batch->Delete(families_[family], it->key()), what); !s.ok()) {
        return s;
      }
    }
    return FromRocks(it->status(), what);
  }
  it->SeekToFirst();
  if (!it->Valid()) return FromRocks(it->status(), what);
  const std::string first = it->key().ToString();
  it->SeekToLast();
  if (!it->Valid()) return FromRocks(it->status(), what);
  // One range deletion, from the first row to just after the last.
  const std::string end = it->key().ToString() + std::string(1, '\0');
  return FromRocks(batch->DeleteRange(families_[family], first, end), what);
}

absl::Status RocksDbStore::ImportCompactState(std::string_view compact_state) {
  absl::StatusOr<CompactStateReader> reader = CompactStateReader::Open(compact_state);
  if (!reader.ok()) return reader.status();
  const CompactStateHeader& header = reader->header();
  rocksdb::WriteBatch batch;
  for (int f = 0; f < kFamilyCount; ++f) {
    if (absl::Status s = DeleteEverything(static_cast<Family>(f), &batch); !s.ok()) return s;
  }
  ImportedJournal journal;
  absl::Status s = reader->ForEachRow([&](std::string_view family, std::string_view key,
                                          std::string_view value) {
    const auto* name = std::find(std::begin(kFamilyNames), std::end(kFamilyNames), family);
    if (name == std::end(kFamilyNames)) {
      return Damaged(StrCat("it has rows of an unknown kind, \"", family, "\""));
    }
    const auto f = static_cast<Family>(name - std::begin(kFamilyNames));
    if (f == kMeta && (key == kRaftAppliedKey || key == kJournalFirstIndexKey)) {
      return absl::OkStatus();  // the header's values count
    }
    if (f == kMeta && key == kHeadKey) journal.head = std::string(value);
    if (f == kMeta && key == rocksdb_internal::kGenesisKey) journal.genesis = std::string(value);
    if (f == kJournal) {
      if (absl::Status added = journal.Add(key, value, header.journal_first_index); !added.ok()) {
        return added;
      }
    }
    return FromRocks(batch.Put(families_[f], ToSlice(key), ToSlice(value)), "preparing the import");
  });
  if (!s.ok()) return s;
  if (absl::Status checked = journal.Check(header.journal_first_index); !checked.ok()) {
    return checked;
  }
  auto put_meta = [&](std::string_view key, uint64_t value) {
    return FromRocks(batch.Put(families_[kMeta], ToSlice(key), BigEndian(value)),
                     "preparing the import");
  };
  if (absl::Status p = put_meta(kRaftAppliedKey, header.raft_applied_index); !p.ok()) return p;
  if (absl::Status p = put_meta(kJournalFirstIndexKey, header.journal_first_index); !p.ok()) {
    return p;
  }
  rocksdb::WriteOptions options;
  options.sync = true;  // whatever SetSyncCommits says: the old state is gone with this write
  if (absl::Status w = FromRocks(db_->Write(options, &batch), "importing a compact state");
      !w.ok()) {
    return w;
  }
  journal_first_index_.store(header.journal_first_index);
  return absl::OkStatus();
}

}  // namespace noaber::ledger
