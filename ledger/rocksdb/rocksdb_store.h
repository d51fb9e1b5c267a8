// The durable Store: one RocksDB database with a column family per kind of record.
// Commit() writes a whole Delta as one WriteBatch with sync (unless told otherwise, for a
// cluster member: SetSyncCommits), so a batch of operations is durable, or absent, as a
// whole. For Raft snapshots it pins its state of one moment and exports that as a compact
// state, and imports another's.
// Thread-safe: RocksDB serialises writes and readers never block; Commit() itself must be
// called by one writer at a time (the sequencer).
#ifndef NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_
#define NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "noaber/ledger/store.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
class Snapshot;
class WriteBatch;
struct ReadOptions;
}  // namespace rocksdb

namespace noaber::ledger {

// Memory bounds of an open store (docs/performance.md): one block cache shared by every
// column family (data, index and filter blocks), and one budget for all memtables.
inline constexpr size_t kBlockCacheBytes = 64 << 20;
inline constexpr size_t kWriteBufferBytes = 32 << 20;
inline constexpr size_t kMemtablesBytesMax = 128 << 20;
inline constexpr size_t kWalBytesMax = 64 << 20;
// Merkle nodes are stored from this level up: a lower one covers at most 2^(this - 1) journal
// entries and is hashed again from them when asked for. That spares about two writes and 85
// bytes of disk per journal entry (levels 0-3 hold 15 of every 16 nodes).
inline constexpr uint32_t kMerkleLevelStoredMin = 4;

class RocksDbStore : public Store {
 public:
  // Opens (or with `create_if_missing`, creates) the database in folder `path`.
  // NotFound if there is none and `create_if_missing` is false; Unavailable if another
  // process holds it; other errors as RocksDB reports them. `env`, when not null, is the
  // rocksdb::Env the database uses (tests pass a fault-injecting one, fault_env.h); it must
  // outlive the store.
  static absl::StatusOr<std::unique_ptr<RocksDbStore>> Open(const std::string& path,
                                                            bool create_if_missing,
                                                            rocksdb::Env* env = nullptr);
  // Opens the database in folder `path` for reading only, writing nothing there (not even
  // RocksDB's LOG), so it works on a copy or a read-only folder; Commit() then fails.
  // Holds a shared lock on the folder's LOCK file while open, so no node can open the store
  // meanwhile. NotFound if the folder holds no database; Unavailable if a process has it
  // open for writing (a running node); other errors as RocksDB reports them. The lock is an
  // fcntl lock, so it keeps other processes out only: within one process, do not open the
  // folder for writing while it is open read-only.
  static absl::StatusOr<std::unique_ptr<RocksDbStore>> OpenReadOnly(const std::string& path);
  ~RocksDbStore() override;

  // Whether Commit() syncs the write-ahead log before it returns (the default, and what a
  // single node needs: an acknowledged batch survives a power cut). A member of a Raft
  // cluster turns it off: the write-ahead log is still written, so a crash of the process
  // loses nothing, and after a power cut the batches lost are applied again from the Raft
  // log, which libraft syncs before an entry counts as committed. ImportCompactState()
  // always syncs. May be called at any time; takes effect from the next Commit().
  void SetSyncCommits(bool sync) { sync_commits_.store(sync); }

  // The store's state as it was at one moment, pinned (a RocksDB snapshot) so that it can
  // be exported later while commits go on: a Raft snapshot is taken in two steps, PinState()
  // on the Raft loop thread (cheap, so no commit waits) and Export() on a worker thread.
  // Made by RocksDbStore::PinState(); owned by the caller. Every read it makes goes through
  // the pin, so nothing committed (or imported) after PinState() shows in it. While it lives,
  // RocksDB keeps every row it sees, and the files that hold them: keep it no longer than the
  // export takes. It must be destroyed before its store (the store asserts it, always on).
  // Thread-safe: several threads may call Export() at once; destroying it while one runs is
  // a bug.
  class PinnedState {
   public:
    ~PinnedState();  // releases the pin
    PinnedState(const PinnedState&) = delete;
    PinnedState& operator=(const PinnedState&) = delete;

    // The compact state of the pinned moment, for a Raft snapshot: every row of every column
    // family, except the history rows and most of the journal. Of the journal it keeps the
    // entries from (head + 1) rounded down to a multiple of 16 (GetMerkleNode hashes the
    // tree's levels below kMerkleLevelStoredMin from those, so the Merkle tree resumes), or
    // from the head if that is later, through the head (whose entry Ledger::Open reads); and
    // of the older entries those the state still needs: every entry holding a transfer (a
    // correction may name any transfer ever made, and reads its entry) and the entries that
    // created the listings and payment requests (the node shows when they were posted). The
    // format is in compact_state.h. The whole state is built in memory; the same bytes each
    // call. DataLoss if the head or a listing or request does not decode; other errors as
    // RocksDB reports them.
    absl::StatusOr<std::string> Export() const;

    // The Raft index the pinned state includes (0 if none), as Store::GetRaftAppliedIndex
    // said at the pinned moment: the entry a snapshot of it stands for. Errors as RocksDB
    // reports them.
    absl::StatusOr<uint64_t> GetRaftAppliedIndex() const;

   private:
    friend class RocksDbStore;
    PinnedState(const RocksDbStore* store, const rocksdb::Snapshot* snapshot)
        : store_(*store), snapshot_(snapshot) {}
    // Reads through the pin, not filling the block cache: one pass over everything would
    // evict what the node reads.
    rocksdb::ReadOptions PinnedReads() const;
    // The row `key` of the meta family; nullopt if absent.
    absl::StatusOr<std::optional<std::string>> ReadMeta(std::string_view key) const;

    const RocksDbStore& store_;
    const rocksdb::Snapshot* const snapshot_;  // owned: released by the destructor
  };

  // Pins the store's state as it is now, for a later PinnedState::Export(). Cheap (it takes
  // RocksDB's mutex for a moment, reads nothing) and thread-safe, also while the sequencer
  // commits. Each pin is a consistent state: commits are atomic, so it holds each batch whole
  // or not at all. The returned object must be destroyed before the store.
  std::unique_ptr<PinnedState> PinState() const;

  // PinState()->Export(): the compact state of the store as it is now (PinnedState::Export
  // says what it holds and returns). Reads for as long as the export takes; a caller that
  // must not wait that long pins first and exports elsewhere.
  absl::StatusOr<std::string> ExportCompactState() const;

  // Replaces the whole contents of the store with a compact state from PinnedState::Export()
  // (or ExportCompactState()), in one synced write; afterwards GetJournalFirstIndex() is the
  // state's first journal index and GetRaftAppliedIndex() its Raft index. Checks the magic,
  // the version and the checksum first, then that the rows hold a head whose entry is there
  // with the whole journal tail; if anything is wrong it returns InvalidArgument (not a
  // compact state, or a version this build does not read) or DataLoss (damaged) and changes
  // nothing. No Ledger may be open on the store meanwhile: close it before, and
  // Ledger::Open() the store again after. A PinnedState of the store is not affected.
  absl::Status ImportCompactState(std::string_view compact_state);

  absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const override;
  absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                    std::string_view asset) const override;
  absl::StatusOr<std::optional<Pending>> GetPending(const OperationId& id) const override;
  absl::StatusOr<std::optional<OperationRecord>> GetOperationRecord(
      const OperationId& id) const override;
  absl::Status Commit(const Delta& delta) override;
  absl::StatusOr<std::optional<JournalHead>> GetHead() const override;
  absl::StatusOr<std::optional<std::string>> GetGenesis() const override;
  absl::StatusOr<uint64_t> GetRaftAppliedIndex() const override;
  absl::StatusOr<uint64_t> GetJournalFirstIndex() const override;
  // NotFound, naming the first index it holds, for an entry a restored store does not hold.
  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const override;
  // One iterator over the journal instead of a lookup per entry; the same results.
  absl::Status ForEachEntry(uint64_t first, uint64_t last,
                            const std::function<bool(const JournalEntry&)>& fn) const override;
  absl::StatusOr<std::vector<uint64_t>> GetHistory(std::string_view handle,
                                                   uint64_t before_index,
                                                   size_t limit) const override;
  absl::StatusOr<std::vector<std::string>> FindAccountsByKey(const PublicKey& key) const override;
  // Nodes below kMerkleLevelStoredMin are not stored (Commit drops them): they are hashed
  // again from the at most 2^level journal entries they cover. On a store restored from a
  // compact state, NotFound for such a node over entries it does not hold.
  absl::StatusOr<std::optional<Hash>> GetMerkleNode(uint32_t level,
                                                   uint64_t index) const override;
  absl::StatusOr<std::vector<OperationId>> ListExpiredPendings(int64_t now_ms,
                                                               size_t limit) const override;
  absl::Status ForEachAccount(const std::function<bool(const Account&)>& fn) const override;
  absl::Status ForEachBalance(
      const std::function<bool(const BalanceKey&, const Balance&)>& fn) const override;
  absl::Status ForEachPending(const std::function<bool(const Pending&)>& fn) const override;
  absl::StatusOr<std::optional<Skill>> GetSkill(std::string_view code) const override;
  absl::StatusOr<std::optional<Listing>> GetListing(const OperationId& id) const override;
  absl::StatusOr<std::optional<PaymentRequest>> GetRequest(const OperationId& id) const override;
  absl::StatusOr<Amount> GetReceived(const ReceivedKey& key) const override;
  absl::StatusOr<std::optional<uint64_t>> GetCorrection(const CorrectionKey& key) const override;
  absl::Status ForEachSkill(const std::function<bool(const Skill&)>& fn) const override;
  absl::Status ForEachListing(const std::function<bool(const Listing&)>& fn) const override;
  absl::Status ForEachRequest(
      const std::function<bool(const PaymentRequest&)>& fn) const override;
  absl::Status ForEachReceived(
      const std::function<bool(const ReceivedKey&, Amount)>& fn) const override;
  absl::Status ForEachCorrection(
      const std::function<bool(const CorrectionKey&, uint64_t)>& fn) const override;

 private:
  enum Family { kJournal, kAccounts, kBalances, kPendings, kExpiry, kOperations, kKeys,
                kHistory, kMeta, kSkills, kListings, kRequests, kReceived, kCorrections,
                kMerkle, kFamilyCount };
  // Decodes every value of `family` with `decode` and hands it to `fn`, in key order.
  template <typename T>
  absl::Status ForEachValue(Family family, absl::StatusOr<T> (*decode)(std::string_view),
                            const std::function<bool(const T&)>& fn) const;
  RocksDbStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> cfs);
  absl::StatusOr<std::optional<std::string>> Read(Family family, std::string_view key) const;
  // The hash of a perfect subtree below kMerkleLevelStoredMin, from its journal entries;
  // nullopt if one of them is not journaled yet.
  absl::StatusOr<std::optional<Hash>> HashJournalSubtree(uint32_t level, uint64_t index) const;
  // Visits the records of `family` whose key starts with `prefix`, in key order.
  absl::Status Scan(Family family, std::string_view prefix,
                    const std::function<bool(std::string_view, std::string_view)>& fn) const;
  // Reads journal_first_index_ from the meta family (at open).
  absl::Status LoadJournalFirstIndex();
  // The NotFound error for journal entry `index`, which this restored store does not hold.
  absl::Status EntryNotHere(uint64_t index) const;
  // Adds to `batch` the deletion of every row `family` holds now.
  absl::Status DeleteEverything(Family family, rocksdb::WriteBatch* batch) const;
  // The journal indexes at which the listings and payment requests of the state were created,
  // as `read` sees them: the node reads those entries to show when they were posted.
  absl::StatusOr<std::set<uint64_t>> BoardEntries(const rocksdb::ReadOptions& read) const;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
  int lock_fd_ = -1;  // read-only: the LOCK file, share-locked; -1 otherwise
  std::atomic<bool> sync_commits_{true};
  std::atomic<uint64_t> journal_first_index_{0};  // as in the meta family
  mutable std::atomic<int> pinned_states_{0};  // PinnedStates alive; 0 when the store closes
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_
