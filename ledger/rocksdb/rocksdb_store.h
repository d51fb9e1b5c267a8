// The durable Store: one RocksDB database with a column family per kind of record.
// Commit() writes a whole Delta as one WriteBatch with sync, so a batch of operations is
// durable, or absent, as a whole. Thread-safe: RocksDB serialises writes and readers never
// block; Commit() itself must be called by one writer at a time (the sequencer).
#ifndef NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_
#define NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "noaber/ledger/store.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
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

  absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const override;
  absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                    std::string_view asset) const override;
  absl::StatusOr<std::optional<Pending>> GetPending(const OperationId& id) const override;
  absl::StatusOr<std::optional<OperationRecord>> GetOperationRecord(
      const OperationId& id) const override;
  absl::Status Commit(const Delta& delta) override;
  absl::StatusOr<std::optional<JournalHead>> GetHead() const override;
  absl::StatusOr<std::optional<std::string>> GetGenesis() const override;
  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const override;
  absl::StatusOr<std::vector<uint64_t>> GetHistory(std::string_view handle,
                                                   uint64_t before_index,
                                                   size_t limit) const override;
  absl::StatusOr<std::vector<std::string>> FindAccountsByKey(const PublicKey& key) const override;
  // Nodes below kMerkleLevelStoredMin are not stored (Commit drops them): they are hashed
  // again from the at most 2^level journal entries they cover.
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

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
  int lock_fd_ = -1;  // read-only: the LOCK file, share-locked; -1 otherwise
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_ROCKSDB_ROCKSDB_STORE_H_
