#include "ledger/rocksdb/rocksdb_store.h"

#include <algorithm>

#include <fcntl.h>
#include <rocksdb/db.h>
#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

#include "ledger/rocksdb/rocksdb_internal.h"
#include "ledger/src/assert.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/records.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

using rocksdb_internal::AppendedInOrder;
using rocksdb_internal::BigEndian;
using rocksdb_internal::FromRocks;
using rocksdb_internal::HintedByHandle;
using rocksdb_internal::kFamilyNames;
using rocksdb_internal::kGenesisKey;
using rocksdb_internal::kHeadKey;
using rocksdb_internal::kJournalFirstIndexKey;
using rocksdb_internal::kRaftAppliedKey;
using rocksdb_internal::ReadBigEndian;
using rocksdb_internal::View;

namespace {

// Handles never contain '\0', so "handle\0..." sorts like the pair (handle, ...).
std::string BalanceKeyBytes(std::string_view handle, std::string_view asset) {
  return StrCat(handle, std::string_view("\0", 1), asset);
}
std::string HistoryPrefix(std::string_view handle) {
  return StrCat(handle, std::string_view("\0", 1));
}
// (handle, journal index): the handle's prefix, then the index big-endian; built in one string.
std::string HistoryKey(std::string_view handle, uint64_t index) {
  std::string key;
  key.reserve(handle.size() + 1 + 8);
  key.append(handle).push_back('\0');
  AppendBigEndian(&key, index);
  return key;
}
// Expiry times are non-negative node times, so their big-endian bytes sort by time.
std::string ExpiryKey(const Pending& p) {
  return StrCat(BigEndian(static_cast<uint64_t>(p.expires_at_ms)), View(p.id));
}

// (handle, asset, year): "handle\0asset\0" then the year big-endian; sorts like the tuple.
std::string ReceivedKeyBytes(const ReceivedKey& key) {
  return StrCat(std::get<0>(key), std::string_view("\0", 1), std::get<1>(key),
                std::string_view("\0", 1),
                BigEndian(static_cast<uint64_t>(std::get<2>(key))).substr(4));
}

// (level, index): one byte of level, then the index big-endian.
std::string MerkleKey(uint32_t level, uint64_t index) {
  return StrCat(std::string(1, static_cast<char>(level)), BigEndian(index));
}

std::string CorrectionKeyBytes(const CorrectionKey& key) {
  return StrCat(View(key.first), std::string(1, static_cast<char>(key.second)));
}

template <typename T>
absl::StatusOr<std::optional<T>> DecodeOptional(
    absl::StatusOr<std::optional<std::string>> bytes,
    absl::StatusOr<T> (*decode)(std::string_view)) {
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<T>();
  absl::StatusOr<T> value = decode(**bytes);
  if (!value.ok()) return value.status();
  return std::optional<T>(*std::move(value));
}

// The handle a "handle\0..." key starts with, with its '\0': the prefix of the memtable's
// insert hints for the families keyed by handle. Handles never contain '\0'.
class HandlePrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "noaber.HandlePrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const auto* zero = static_cast<const char*>(std::memchr(key.data(), '\0', key.size()));
    return rocksdb::Slice(key.data(), zero - key.data() + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), '\0', key.size()) != nullptr;
  }
};

// Memory is bounded whatever the journal's size: one block cache for every column family,
// holding index and filter blocks too, and one budget for all memtables.
rocksdb::ColumnFamilyOptions FamilyOptions(std::string_view name) {
  static const std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(kBlockCacheBytes);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  // Point lookups (an operation id seen before? an account?) mostly miss: a Bloom filter
  // answers them without reading data blocks. Filters and indexes are partitioned into small
  // blocks, so a large file's filter is never read (and checksummed) whole into the cache:
  // a whole-file filter of a few MiB evicted from a bounded cache and read again for every
  // lookup slowed a 10-million-entry journal to a third of its speed.
  // The families written in key order are read by scans and by keys that are there (a journal
  // entry, a Merkle node): a filter would only cost its building at every flush and compaction.
  if (!AppendedInOrder(name)) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.partition_filters = table.filter_policy != nullptr;
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  rocksdb::ColumnFamilyOptions family;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  family.write_buffer_size = kWriteBufferBytes;
  if (HintedByHandle(name)) {
    // A batch's rows for one handle land next to that handle's previous row, wherever the
    // rows of the other handles went in between: with a hint per handle the memtable starts
    // each search there instead of at the top of its skip list (memtable inserts per batched
    // transfer: 6.1 us before, 4.1 us with these hints; docs/performance.md).
    static const std::shared_ptr<const rocksdb::SliceTransform> per_handle(new HandlePrefix);
    family.memtable_insert_with_hint_prefix_extractor = per_handle;
  } else if (AppendedInOrder(name)) {
    // Each row goes in next to the one before it: with a hint the memtable starts its search
    // there instead of at the top of its skip list (one hint per family and write batch).
    static const std::shared_ptr<const rocksdb::SliceTransform> whole_family(
        rocksdb::NewFixedPrefixTransform(0));
    family.memtable_insert_with_hint_prefix_extractor = whole_family;
  }
  if (!AppendedInOrder(name)) {
    // Most point lookups of the write path miss (a new operation id): a Bloom filter over
    // the memtable answers them without searching its skip list.
    family.memtable_prefix_bloom_size_ratio = 0.05;
    family.memtable_whole_key_filtering = true;
  }
  // LZ4 at every level, the last one too: a different compression there (ZSTD was tried)
  // makes RocksDB rewrite every file compacted into it instead of moving it, and the journal,
  // the Merkle nodes and the operation ids are written in key order, so their files are moved
  // down the levels untouched. ZSTD saved about 10% of the disk for about 3 us of compaction
  // per transfer (docs/performance.md).
  family.compression = rocksdb::kLZ4Compression;
  return family;
}

// The journal lives in RocksDB's default column family.
std::vector<rocksdb::ColumnFamilyDescriptor> FamilyDescriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : kFamilyNames) {
    descriptors.emplace_back(name == std::string_view("journal")
                                 ? std::string(rocksdb::kDefaultColumnFamilyName)
                                 : std::string(name),
                             FamilyOptions(name));
  }
  return descriptors;
}

// Takes a shared fcntl lock on `path`/LOCK, the lock RocksDB takes exclusively for a
// read-write open. Returns the descriptor that holds it, or -1 if there is no LOCK file.
absl::StatusOr<int> ShareLock(const std::string& path) {
  const std::string lock_path = path + "/LOCK";
  const int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return -1;
  if (fd < 0) return absl::InternalError(StrCat("cannot open ", lock_path, ": ", strerror(errno)));
  struct flock lock = {};
  lock.l_type = F_RDLCK;
  lock.l_whence = SEEK_SET;  // l_start = l_len = 0: the whole file
  if (::fcntl(fd, F_SETLK, &lock) == 0) return fd;
  const int error = errno;
  ::close(fd);
  if (error == EACCES || error == EAGAIN) {
    return absl::UnavailableError(StrCat("the database in ", path,
                                         " is in use (is a node running on it?): stop the "
                                         "node, or work on a copy"));
  }
  return absl::InternalError(StrCat("cannot lock ", lock_path, ": ", strerror(error)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDbStore>> RocksDbStore::OpenReadOnly(
    const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(std::filesystem::path(path) / "CURRENT", error)) {
    return absl::NotFoundError(StrCat("no database in ", path));
  }
  absl::StatusOr<int> lock_fd = ShareLock(path);
  if (!lock_fd.ok()) return lock_fd.status();
  rocksdb::DBOptions options;
  options.paranoid_checks = true;  // a read-only open writes no info log (LOG) either
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(options, path, FamilyDescriptors(), &handles, &raw);
  if (!s.ok()) {
    if (*lock_fd >= 0) ::close(*lock_fd);
    return FromRocks(s, StrCat("cannot open the database in ", path, " for reading"));
  }
  std::unique_ptr<RocksDbStore> store(
      new RocksDbStore(std::unique_ptr<rocksdb::DB>(raw), std::move(handles)));
  store->lock_fd_ = *lock_fd;
  if (absl::Status s = store->LoadJournalFirstIndex(); !s.ok()) return s;
  return store;
}

absl::StatusOr<std::unique_ptr<RocksDbStore>> RocksDbStore::Open(const std::string& path,
                                                                 bool create_if_missing,
                                                                 rocksdb::Env* env) {
  if (create_if_missing) {
    std::error_code error;
    std::filesystem::create_directories(path, error);
    if (error) {
      return absl::InternalError(StrCat("cannot create the folder ", path, ": ", error.message()));
    }
  }
  rocksdb::DBOptions options;
  options.create_if_missing = create_if_missing;
  options.create_missing_column_families = create_if_missing;
  options.paranoid_checks = true;
  options.IncreaseParallelism(2);
  options.db_write_buffer_size = kMemtablesBytesMax;
  // Families that change rarely (keys, meta) would otherwise keep every write-ahead log file
  // alive; beyond this, RocksDB flushes them so old logs can go.
  options.max_total_wal_size = kWalBytesMax;
  if (env != nullptr) options.env = env;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, FamilyDescriptors(), &handles, &raw);
  if (!s.ok()) return FromRocks(s, StrCat("cannot open the database in ", path));
  std::unique_ptr<RocksDbStore> store(
      new RocksDbStore(std::unique_ptr<rocksdb::DB>(raw), std::move(handles)));
  if (absl::Status loaded = store->LoadJournalFirstIndex(); !loaded.ok()) return loaded;
  return store;
}

absl::Status RocksDbStore::LoadJournalFirstIndex() {
  absl::StatusOr<std::optional<std::string>> bytes = Read(kMeta, kJournalFirstIndexKey);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return absl::OkStatus();
  if ((*bytes)->size() != 8) return absl::DataLossError("the journal's first index is damaged");
  journal_first_index_.store(ReadBigEndian(**bytes));
  return absl::OkStatus();
}

RocksDbStore::RocksDbStore(std::unique_ptr<rocksdb::DB> db,
                           std::vector<rocksdb::ColumnFamilyHandle*> cfs)
    : db_(std::move(db)), families_(std::move(cfs)) {}

RocksDbStore::~RocksDbStore() {
  // A pinned state left would release its RocksDB snapshot on a closed database.
  NOABER_ASSERT(pinned_states_.load() == 0, "a RocksDbStore closed with a PinnedState alive");
  // A clean close of a writable store flushes the memtables, so the write-ahead log is empty:
  // the folder holds only what it must, and the next open replays nothing. (Durability never
  // depends on this: every commit is synced to the log first.)
  if (lock_fd_ < 0) {
    rocksdb::FlushOptions flush;
    flush.wait = true;
    (void)db_->Flush(flush, families_);
  }
  for (rocksdb::ColumnFamilyHandle* handle : families_) db_->DestroyColumnFamilyHandle(handle);
  db_->Close();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the shared lock
}

absl::StatusOr<std::optional<std::string>> RocksDbStore::Read(Family family,
                                                              std::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), families_[family],
                               rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, StrCat("reading ", kFamilyNames[family]));
  return std::optional<std::string>(std::move(value));
}

absl::Status RocksDbStore::Scan(
    Family family, std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(),
                                                         families_[family]));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, std::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), StrCat("scanning ", kFamilyNames[family]));
}

absl::StatusOr<std::optional<Account>> RocksDbStore::GetAccount(std::string_view handle) const {
  return DecodeOptional<Account>(Read(kAccounts, handle), &DecodeAccount);
}

absl::StatusOr<std::optional<Balance>> RocksDbStore::GetBalance(std::string_view handle,
                                                                std::string_view asset) const {
  return DecodeOptional<Balance>(Read(kBalances, BalanceKeyBytes(handle, asset)),
                                 &DecodeBalance);
}

absl::StatusOr<std::optional<Pending>> RocksDbStore::GetPending(const OperationId& id) const {
  return DecodeOptional<Pending>(Read(kPendings, View(id)), &DecodePending);
}

absl::StatusOr<std::optional<OperationRecord>> RocksDbStore::GetOperationRecord(
    const OperationId& id) const {
  return DecodeOptional<OperationRecord>(Read(kOperations, View(id)), &DecodeOperationRecord);
}

absl::StatusOr<std::optional<JournalHead>> RocksDbStore::GetHead() const {
  return DecodeOptional<JournalHead>(Read(kMeta, kHeadKey), &DecodeHead);
}

absl::StatusOr<std::optional<std::string>> RocksDbStore::GetGenesis() const {
  return Read(kMeta, kGenesisKey);
}

absl::StatusOr<uint64_t> RocksDbStore::GetRaftAppliedIndex() const {
  absl::StatusOr<std::optional<std::string>> bytes = Read(kMeta, kRaftAppliedKey);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return uint64_t{0};
  if ((*bytes)->size() != 8) return absl::DataLossError("the applied Raft index is damaged");
  return ReadBigEndian(**bytes);
}

absl::StatusOr<uint64_t> RocksDbStore::GetJournalFirstIndex() const {
  return journal_first_index_.load();
}

absl::Status RocksDbStore::EntryNotHere(uint64_t index) const {
  return absl::NotFoundError(
      StrCat("journal entry ", index,
             " is not on this node: it was restored from a snapshot and holds the journal from "
             "entry ",
             journal_first_index_.load(),
             " on (and older entries only where its state needs them); read it from another "
             "member"));
}

absl::StatusOr<std::optional<JournalEntry>> RocksDbStore::GetEntry(uint64_t index) const {
  absl::StatusOr<std::optional<JournalEntry>> entry =
      DecodeOptional<JournalEntry>(Read(kJournal, BigEndian(index)), &DecodeJournalEntry);
  if (entry.ok() && !entry->has_value() && index < journal_first_index_.load()) {
    return EntryNotHere(index);
  }
  return entry;
}

absl::Status RocksDbStore::ForEachEntry(
    uint64_t first, uint64_t last, const std::function<bool(const JournalEntry&)>& fn) const {
  if (first > last) return absl::OkStatus();
  // The key after the range bounds the iterator, so it never reads past it; none is needed
  // (nor representable) when the range ends at the largest index.
  rocksdb::ReadOptions read;
  const std::string end = last < std::numeric_limits<uint64_t>::max() ? BigEndian(last + 1) : "";
  const rocksdb::Slice end_slice(end);
  if (!end.empty()) read.iterate_upper_bound = &end_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, families_[kJournal]));
  it->Seek(BigEndian(first));
  for (uint64_t index = first;; ++index) {
    const bool held = it->Valid() && it->key().size() == 8 &&
                      ReadBigEndian(std::string_view(it->key().data(), 8)) == index;
    if (!held) {
      if (absl::Status s = FromRocks(it->status(), "reading the journal"); !s.ok()) return s;
      return index < journal_first_index_.load() ? EntryNotHere(index)
                                                 : MissingJournalEntry(index);
    }
    absl::StatusOr<JournalEntry> entry =
        DecodeJournalEntry(std::string_view(it->value().data(), it->value().size()));
    if (!entry.ok()) return entry.status();
    if (!fn(*entry) || index == last) break;
    it->Next();
  }
  return FromRocks(it->status(), "reading the journal");
}

absl::Status RocksDbStore::Commit(const Delta& delta) {
  rocksdb::WriteBatch batch;
  auto put = [&](Family f, std::string_view k, std::string_view v) {
    batch.Put(families_[f], rocksdb::Slice(k.data(), k.size()), rocksdb::Slice(v.data(), v.size()));
  };
  auto erase = [&](Family f, std::string_view k) {
    batch.Delete(families_[f], rocksdb::Slice(k.data(), k.size()));
  };
  for (const auto& [handle, account] : delta.accounts) put(kAccounts, handle, EncodeAccount(account));
  for (const auto& [key, balance] : delta.balances) {
    put(kBalances, BalanceKeyBytes(key.first, key.second), EncodeBalance(balance));
  }
  for (const auto& [id, pending] : delta.pendings) {
    absl::StatusOr<std::optional<Pending>> old = GetPending(id);
    if (!old.ok()) return old.status();
    if (old->has_value()) erase(kExpiry, ExpiryKey(**old));
    if (pending.state == PendingState::kOpen) put(kExpiry, ExpiryKey(pending), "");
    put(kPendings, View(id), EncodePending(pending));
  }
  for (const auto& [id, record] : delta.operation_records) {
    put(kOperations, View(id), EncodeOperationRecord(record));
  }
  for (const auto& [code, skill] : delta.skills) put(kSkills, code, EncodeSkill(skill));
  for (const auto& [id, listing] : delta.listings) put(kListings, View(id), EncodeListing(listing));
  for (const auto& [id, request] : delta.requests) put(kRequests, View(id), EncodeRequest(request));
  for (const auto& [key, amount] : delta.received) {
    put(kReceived, ReceivedKeyBytes(key), BigEndian(static_cast<uint64_t>(amount.minor_units)));
  }
  for (const auto& [key, index] : delta.corrections) {
    put(kCorrections, CorrectionKeyBytes(key), BigEndian(index));
  }
  for (const auto& [entry, present] : delta.key_index) {
    std::string key = StrCat(View(entry.first), entry.second);
    if (present) {
      put(kKeys, key, "");
    } else {
      erase(kKeys, key);
    }
  }
  // History rows and Merkle nodes go in in key order: a memtable inserts a key next to the
  // one before it much faster than one elsewhere (a batch's rows would otherwise alternate
  // between accounts, and its nodes between levels).
  std::vector<std::string> history_keys;
  history_keys.reserve(delta.history.size());
  for (const auto& [handle, index] : delta.history) history_keys.push_back(HistoryKey(handle, index));
  std::sort(history_keys.begin(), history_keys.end());
  for (const std::string& key : history_keys) put(kHistory, key, "");
  for (const JournalEntry& entry : delta.entries) {
    put(kJournal, BigEndian(entry.index), EncodeJournalEntry(entry));
  }
  std::vector<std::pair<std::string, const MerkleNode*>> merkle_keys;
  merkle_keys.reserve(delta.merkle_nodes.size());
  for (const MerkleNode& node : delta.merkle_nodes) {
    if (node.level < kMerkleLevelStoredMin) continue;
    merkle_keys.emplace_back(MerkleKey(node.level, node.index), &node);
  }
  std::sort(merkle_keys.begin(), merkle_keys.end());
  for (const auto& [key, node] : merkle_keys) put(kMerkle, key, View(node->hash));
  if (delta.head) put(kMeta, kHeadKey, EncodeHead(*delta.head));
  if (delta.genesis) put(kMeta, kGenesisKey, *delta.genesis);
  if (delta.raft_index) put(kMeta, kRaftAppliedKey, BigEndian(*delta.raft_index));
  rocksdb::WriteOptions options;
  options.sync = sync_commits_.load();
  return FromRocks(db_->Write(options, &batch), "committing a batch");
}

absl::StatusOr<std::vector<uint64_t>> RocksDbStore::GetHistory(std::string_view handle,
                                                               uint64_t before_index,
                                                               size_t limit) const {
  std::vector<uint64_t> out;
  if (before_index == 0 || limit == 0) return out;
  const std::string prefix = HistoryPrefix(handle);
  const std::string start = HistoryKey(handle, before_index - 1);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(),
                                                         families_[kHistory]));
  for (it->SeekForPrev(start); it->Valid() && out.size() < limit; it->Prev()) {
    std::string_view key(it->key().data(), it->key().size());
    if (key.size() != prefix.size() + 8 || key.substr(0, prefix.size()) != prefix) break;
    out.push_back(ReadBigEndian(key.substr(prefix.size())));
  }
  if (absl::Status s = FromRocks(it->status(), "reading history"); !s.ok()) return s;
  return out;
}

absl::StatusOr<std::optional<Hash>> RocksDbStore::HashJournalSubtree(uint32_t level,
                                                                    uint64_t index) const {
  const uint64_t leaves = uint64_t{1} << level;
  if (index > (std::numeric_limits<uint64_t>::max() >> level) - 1) return std::optional<Hash>();
  // The subtree's nodes level by level, bottom up: leaves first, then pairs of them.
  std::vector<Hash> hashes;
  hashes.reserve(leaves);
  for (uint64_t leaf = index << level; leaf < (index + 1) << level; ++leaf) {
    absl::StatusOr<std::optional<std::string>> bytes = Read(kJournal, BigEndian(leaf));
    if (!bytes.ok()) return bytes.status();
    if (!bytes->has_value() && leaf < journal_first_index_.load()) return EntryNotHere(leaf);
    if (!bytes->has_value()) return std::optional<Hash>();
    hashes.push_back(LeafHash(**bytes));
  }
  for (size_t width = hashes.size(); width > 1; width /= 2) {
    for (size_t i = 0; i < width / 2; ++i) hashes[i] = NodeHash(hashes[2 * i], hashes[2 * i + 1]);
  }
  return std::optional<Hash>(hashes.front());
}

absl::StatusOr<std::optional<Hash>> RocksDbStore::GetMerkleNode(uint32_t level,
                                                               uint64_t index) const {
  if (level < kMerkleLevelStoredMin) return HashJournalSubtree(level, index);
  absl::StatusOr<std::optional<std::string>> bytes = Read(kMerkle, MerkleKey(level, index));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<Hash>();
  Hash hash{};
  if ((*bytes)->size() != hash.size()) return absl::DataLossError("a stored Merkle node is damaged");
  std::memcpy(hash.data(), (*bytes)->data(), hash.size());
  return std::optional<Hash>(hash);
}

absl::StatusOr<std::vector<std::string>> RocksDbStore::FindAccountsByKey(
    const PublicKey& key) const {
  std::vector<std::string> out;
  absl::Status s = Scan(kKeys, View(key), [&](std::string_view k, std::string_view) {
    out.emplace_back(k.substr(32));
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<OperationId>> RocksDbStore::ListExpiredPendings(int64_t now_ms,
                                                                           size_t limit) const {
  std::vector<OperationId> out;
  absl::Status s = Scan(kExpiry, "", [&](std::string_view k, std::string_view) {
    if (out.size() >= limit || static_cast<int64_t>(ReadBigEndian(k)) > now_ms) return false;
    OperationId id{};
    std::memcpy(id.data(), k.data() + 8, id.size());
    out.push_back(id);
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status RocksDbStore::ForEachAccount(const std::function<bool(const Account&)>& fn) const {
  return ForEachValue<Account>(kAccounts, &DecodeAccount, fn);
}

absl::Status RocksDbStore::ForEachBalance(
    const std::function<bool(const BalanceKey&, const Balance&)>& fn) const {
  absl::Status failure;
  absl::Status s = Scan(kBalances, "", [&](std::string_view k, std::string_view v) {
    size_t zero = k.find('\0');
    absl::StatusOr<Balance> balance = DecodeBalance(v);
    if (!balance.ok() || zero == std::string_view::npos) {
      failure = absl::DataLossError("a stored balance does not decode");
      return false;
    }
    return fn(BalanceKey(k.substr(0, zero), k.substr(zero + 1)), *balance);
  });
  return s.ok() ? failure : s;
}

absl::Status RocksDbStore::ForEachPending(const std::function<bool(const Pending&)>& fn) const {
  return ForEachValue<Pending>(kPendings, &DecodePending, fn);
}

absl::StatusOr<std::optional<Skill>> RocksDbStore::GetSkill(std::string_view code) const {
  return DecodeOptional<Skill>(Read(kSkills, code), &DecodeSkill);
}

absl::StatusOr<std::optional<Listing>> RocksDbStore::GetListing(const OperationId& id) const {
  return DecodeOptional<Listing>(Read(kListings, View(id)), &DecodeListing);
}

absl::StatusOr<std::optional<PaymentRequest>> RocksDbStore::GetRequest(
    const OperationId& id) const {
  return DecodeOptional<PaymentRequest>(Read(kRequests, View(id)), &DecodeRequest);
}

absl::StatusOr<Amount> RocksDbStore::GetReceived(const ReceivedKey& key) const {
  absl::StatusOr<std::optional<std::string>> bytes = Read(kReceived, ReceivedKeyBytes(key));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return Amount{0};
  if ((*bytes)->size() != 8) return absl::DataLossError("a stored received total is damaged");
  return Amount{static_cast<int64_t>(ReadBigEndian(**bytes))};
}

absl::StatusOr<std::optional<uint64_t>> RocksDbStore::GetCorrection(
    const CorrectionKey& key) const {
  absl::StatusOr<std::optional<std::string>> bytes = Read(kCorrections, CorrectionKeyBytes(key));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<uint64_t>();
  if ((*bytes)->size() != 8) return absl::DataLossError("a stored correction is damaged");
  return std::optional<uint64_t>(ReadBigEndian(**bytes));
}

template <typename T>
absl::Status RocksDbStore::ForEachValue(Family family,
                                        absl::StatusOr<T> (*decode)(std::string_view),
                                        const std::function<bool(const T&)>& fn) const {
  absl::Status failure;
  absl::Status s = Scan(family, "", [&](std::string_view, std::string_view v) {
    absl::StatusOr<T> value = decode(v);
    if (!value.ok()) failure = value.status();
    return value.ok() && fn(*value);
  });
  return s.ok() ? failure : s;
}

absl::Status RocksDbStore::ForEachSkill(const std::function<bool(const Skill&)>& fn) const {
  return ForEachValue<Skill>(kSkills, &DecodeSkill, fn);
}

absl::Status RocksDbStore::ForEachListing(const std::function<bool(const Listing&)>& fn) const {
  return ForEachValue<Listing>(kListings, &DecodeListing, fn);
}

absl::Status RocksDbStore::ForEachRequest(
    const std::function<bool(const PaymentRequest&)>& fn) const {
  return ForEachValue<PaymentRequest>(kRequests, &DecodeRequest, fn);
}

absl::Status RocksDbStore::ForEachReceived(
    const std::function<bool(const ReceivedKey&, Amount)>& fn) const {
  absl::Status failure;
  absl::Status s = Scan(kReceived, "", [&](std::string_view k, std::string_view v) {
    size_t first = k.find('\0');
    size_t second = first == std::string_view::npos ? first : k.find('\0', first + 1);
    if (second == std::string_view::npos || k.size() != second + 5 || v.size() != 8) {
      failure = absl::DataLossError("a stored received total is damaged");
      return false;
    }
    uint32_t year = 0;
    for (size_t i = second + 1; i < k.size(); ++i) year = (year << 8) | static_cast<uint8_t>(k[i]);
    ReceivedKey key{std::string(k.substr(0, first)),
                    std::string(k.substr(first + 1, second - first - 1)),
                    static_cast<int32_t>(year)};
    return fn(key, Amount{static_cast<int64_t>(ReadBigEndian(v))});
  });
  return s.ok() ? failure : s;
}

absl::Status RocksDbStore::ForEachCorrection(
    const std::function<bool(const CorrectionKey&, uint64_t)>& fn) const {
  absl::Status failure;
  absl::Status s = Scan(kCorrections, "", [&](std::string_view k, std::string_view v) {
    if (k.size() != 17 || v.size() != 8) {
      failure = absl::DataLossError("a stored correction is damaged");
      return false;
    }
    CorrectionKey key;
    std::memcpy(key.first.data(), k.data(), 16);
    key.second = static_cast<uint8_t>(k[16]);
    return fn(key, ReadBigEndian(v));
  });
  return s.ok() ? failure : s;
}

}  // namespace noaber::ledger
