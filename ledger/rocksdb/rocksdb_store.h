// The durable Store: one RocksDB database with a column family per kind of record.
// Commit() writes a whole Delta as one WriteBatch with sync (unless told otherwise, for a
// cluster member: SetSyncCommits), so a batch of operations is durable, or absent, as a
// whole. For Raft snapshots it exports its compact state and imports another's.
// Thread-safe: RocksDB serialises writes and readers never block; Commit() itself must be
// called by one writer at a time (the sequencer).
#ifndef NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_
#define NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "noaber/ledger/store.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
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

  // The compact state of the store, for a Raft snapshot: every row of every column family
  // as of one moment (a RocksDB snapshot), except the history rows and most of the journal.
  // Of the journal it keeps the entries from (head + 1) rounded down to a multiple of 16
  // (GetMerkleNode hashes the tree's levels below kMerkleLevelStoredMin from those, so the
  // Merkle tree resumes), or from the head if that is later, through the head (whose entry
  // Ledger::Open reads); and of the older entries those the state still needs: every entry
  // holding a transfer (a correction may name any transfer ever made, and reads its entry)
  // and the entries that created the listings and payment requests (the node shows when they
  // were posted). The format is in compact_state.h. The whole state is built in memory.
  // Thread-safe, also while the sequencer commits. Errors as RocksDB reports them.
  absl::StatusOr<std::string> ExportCompactState() const;

  // Replaces the whole contents of the store with a compact state from ExportCompactState(),
  // in one synced write; afterwards GetJournalFirstIndex() is the state's first journal index
  // and GetRaftAppliedIndex() its Raft index. Checks the magic, the version and the checksum
  // first, then that the rows hold a head whose entry is there with the whole journal tail;
  // if anything is wrong it returns InvalidArgument (not a compact state, or a version this
  // build does not read) or DataLoss (damaged) and changes nothing. No Ledger may be open on
  // the store meanwhile: close it before, and Ledger::Open() the store again after.
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
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_
