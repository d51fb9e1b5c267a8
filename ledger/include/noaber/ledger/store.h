// Storage behind the ledger. Two implementations: MemoryStore (rule tests) and RocksDbStore
// (ledger/rocksdb/, the node). The rules read through StateReader and hand back a Delta;
// the store commits a Delta atomically and durably or not at all.
#ifndef NOABER_LEDGER_STORE_H_
#define NOABER_LEDGER_STORE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

using BalanceKey = std::pair<std::string, std::string>;  // (handle, asset code)

// Read-only view of the ledger's state. Implementations are safe for concurrent readers.
// Errors are I/O errors; "not there" is an empty optional.
class StateReader {
 public:
  virtual ~StateReader() = default;
  virtual absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const = 0;
  virtual absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                            std::string_view asset) const = 0;
  virtual absl::StatusOr<std::optional<Pending>> GetPending(const OperationId& id) const = 0;
  virtual absl::StatusOr<std::optional<OperationRecord>> GetOperationRecord(
      const OperationId& id) const = 0;
};

// Everything one batch changes. Maps give each key one final value and a sorted order.
struct Delta {
  std::map<std::string, Account> accounts;
  std::map<BalanceKey, Balance> balances;
  std::map<OperationId, Pending> pendings;
  std::map<OperationId, OperationRecord> operation_records;
  // The key index (key -> handles holding it): true adds the pair, false removes it.
  std::map<std::pair<PublicKey, std::string>, bool> key_index;
  std::vector<std::pair<std::string, uint64_t>> history;  // (handle, journal index)
  std::vector<JournalEntry> entries;  // consecutive, continuing the journal
  std::optional<JournalHead> head;    // the new head when entries were added
  std::optional<std::string> genesis;  // only when the journal is created

  bool empty() const;
  // Applies `later` on top of this delta (later values win, lists append).
  void Merge(Delta&& later);
};

// A Store holds the state and the journal. Commit() is called by one writer at a time;
// reads may run concurrently with it.
class Store : public StateReader {
 public:
  // Atomically and durably applies `delta` (a synced write). On error nothing was applied
  // and the store must not be written to again before it is reopened.
  virtual absl::Status Commit(const Delta& delta) = 0;

  virtual absl::StatusOr<std::optional<JournalHead>> GetHead() const = 0;
  virtual absl::StatusOr<std::optional<std::string>> GetGenesis() const = 0;
  virtual absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const = 0;
  // Journal indexes of entries that touch `handle`, newest first, all below `before_index`.
  virtual absl::StatusOr<std::vector<uint64_t>> GetHistory(std::string_view handle,
                                                           uint64_t before_index,
                                                           size_t limit) const = 0;
  // Handles of accounts holding `key`, sorted.
  virtual absl::StatusOr<std::vector<std::string>> FindAccountsByKey(
      const PublicKey& key) const = 0;
  // Open pending transfers with expires_at_ms <= now_ms, earliest first, at most `limit`.
  virtual absl::StatusOr<std::vector<OperationId>> ListExpiredPendings(int64_t now_ms,
                                                                       size_t limit) const = 0;

  // Full scans in key order, for checks and replays. A callback returning false stops.
  virtual absl::Status ForEachAccount(const std::function<bool(const Account&)>& fn) const = 0;
  virtual absl::Status ForEachBalance(
      const std::function<bool(const BalanceKey&, const Balance&)>& fn) const = 0;
  virtual absl::Status ForEachPending(const std::function<bool(const Pending&)>& fn) const = 0;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_STORE_H_
