// Storage behind the ledger. Two implementations: MemoryStore (rule tests) and RocksDbStore
// (ledger/rocksdb/, the node). The rules read through StateReader and hand back a Delta;
// the store commits a Delta atomically and durably or not at all.
#ifndef NOABER_LEDGER_STORE_H_
#define NOABER_LEDGER_STORE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

using BalanceKey = std::pair<std::string, std::string>;  // (handle, asset code)
// What an account received in an asset in a calendar year, for annual earning caps.
using ReceivedKey = std::tuple<std::string, std::string, int32_t>;  // (handle, asset, year)
// A corrected transfer: (operation id, action index).
using CorrectionKey = std::pair<OperationId, uint8_t>;

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
  // An entry a store restored from a compact state does not hold (see
  // Store::GetJournalFirstIndex) is a NotFound error, not an empty optional: it exists, on
  // other members.
  virtual absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const = 0;
  virtual absl::StatusOr<std::optional<Skill>> GetSkill(std::string_view code) const = 0;
  virtual absl::StatusOr<std::optional<Listing>> GetListing(const OperationId& id) const = 0;
  virtual absl::StatusOr<std::optional<PaymentRequest>> GetRequest(
      const OperationId& id) const = 0;
  // Zero when nothing was received (or no cap applies, so nothing was counted).
  virtual absl::StatusOr<Amount> GetReceived(const ReceivedKey& key) const = 0;
  // The journal index of the correction of a transfer, if it was corrected.
  virtual absl::StatusOr<std::optional<uint64_t>> GetCorrection(
      const CorrectionKey& key) const = 0;
};

// Everything one batch changes. Maps give each key one final value and a sorted order.
struct Delta {
  std::map<std::string, Account> accounts;
  std::map<BalanceKey, Balance> balances;
  std::map<OperationId, Pending> pendings;
  std::map<OperationId, OperationRecord> operation_records;
  std::map<std::string, Skill> skills;
  std::map<OperationId, Listing> listings;
  std::map<OperationId, PaymentRequest> requests;
  std::map<ReceivedKey, Amount> received;
  std::map<CorrectionKey, uint64_t> corrections;
  // The key index (key -> handles holding it): true adds the pair, false removes it.
  std::map<std::pair<PublicKey, std::string>, bool> key_index;
  std::vector<std::pair<std::string, uint64_t>> history;  // (handle, journal index)
  std::vector<JournalEntry> entries;  // consecutive, continuing the journal
  std::vector<MerkleNode> merkle_nodes;  // the perfect subtrees the new entries complete
  std::optional<JournalHead> head;    // the new head when entries were added
  std::optional<std::string> genesis;  // only when the journal is created
  // The Raft log index of the entry this batch applies (cluster members only), recorded in
  // the same write so that after a crash the node knows which entries its state holds.
  std::optional<uint64_t> raft_index;

  // True when committing would write nothing (a delta with only a raft_index is not empty).
  bool empty() const;
  // Applies `later` on top of this delta (later values win, lists append).
  void Merge(Delta&& later);
};

// A Store holds the state and the journal. Commit() is called by one writer at a time;
// reads may run concurrently with it.
class Store : public StateReader {
 public:
  // Atomically and durably applies `delta` (a synced write, unless the store was told
  // otherwise: RocksDbStore::SetSyncCommits). On error nothing was applied and the store
  // must not be written to again before it is reopened.
  virtual absl::Status Commit(const Delta& delta) = 0;

  virtual absl::StatusOr<std::optional<JournalHead>> GetHead() const = 0;
  virtual absl::StatusOr<std::optional<std::string>> GetGenesis() const = 0;
  // The Raft log index of the last batch committed with a Delta::raft_index; 0 when none was.
  virtual absl::StatusOr<uint64_t> GetRaftAppliedIndex() const = 0;
  // The first index from which this store holds the whole journal: 0, unless the store was
  // restored from a compact state (RocksDbStore::ImportCompactState). Below it, GetEntry()
  // returns only the entries the state still needs (every entry holding a transfer, which a
  // correction may read, and those that created listings and payment requests) and a
  // NotFound error for the others.
  virtual absl::StatusOr<uint64_t> GetJournalFirstIndex() const = 0;
  // Visits journal entries `first` through `last` in index order, as GetEntry() reads them;
  // a callback returning false stops. An entry of the range that the store does not hold
  // ends the visit, after those before it, with GetEntry()'s NotFound for one a restored
  // store does not hold (below GetJournalFirstIndex()) and MissingJournalEntry()'s DataLoss
  // for any other (the journal has no gaps: ask no further than the head). Entries that do
  // not decode and storage errors end it as GetEntry() returns them. This default reads
  // each entry with GetEntry(); a store that can read them in one pass overrides it.
  virtual absl::Status ForEachEntry(uint64_t first, uint64_t last,
                                    const std::function<bool(const JournalEntry&)>& fn) const;
  // Journal indexes of entries that touch `handle`, newest first, all below `before_index`.
  // A store restored from a compact state holds no history from before it: only the rows of
  // the entries it applied since.
  virtual absl::StatusOr<std::vector<uint64_t>> GetHistory(std::string_view handle,
                                                           uint64_t before_index,
                                                           size_t limit) const = 0;
  // The hash of the perfect Merkle subtree (level, index) over the journal's entries, once
  // complete (see merkle.h); empty before.
  virtual absl::StatusOr<std::optional<Hash>> GetMerkleNode(uint32_t level,
                                                           uint64_t index) const = 0;
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
  virtual absl::Status ForEachSkill(const std::function<bool(const Skill&)>& fn) const = 0;
  virtual absl::Status ForEachListing(const std::function<bool(const Listing&)>& fn) const = 0;
  virtual absl::Status ForEachRequest(
      const std::function<bool(const PaymentRequest&)>& fn) const = 0;
  virtual absl::Status ForEachReceived(
      const std::function<bool(const ReceivedKey&, Amount)>& fn) const = 0;
  virtual absl::Status ForEachCorrection(
      const std::function<bool(const CorrectionKey&, uint64_t)>& fn) const = 0;
};

// The DataLoss error for journal entry `index`, which a store without gaps in its journal
// should hold and does not.
inline absl::Status MissingJournalEntry(uint64_t index) {
  return absl::DataLossError("journal entry " + std::to_string(index) + " is missing");
}

inline absl::Status Store::ForEachEntry(uint64_t first, uint64_t last,
                                        const std::function<bool(const JournalEntry&)>& fn) const {
  // `index == last` ends the loop, so a range up to the largest index terminates too.
  for (uint64_t index = first; index <= last; ++index) {
    absl::StatusOr<std::optional<JournalEntry>> entry = GetEntry(index);
    if (!entry.ok()) return entry.status();
    if (!entry->has_value()) return MissingJournalEntry(index);
    if (!fn(**entry) || index == last) break;
  }
  return absl::OkStatus();
}

// The journal's Merkle tree as the proofs in merkle.h read it. Borrows the store.
class StoreMerkleNodes final : public MerkleNodeSource {
 public:
  explicit StoreMerkleNodes(const Store& store) : store_(store) {}
  absl::StatusOr<Hash> PerfectSubtree(uint32_t level, uint64_t index) const override;

 private:
  const Store& store_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_STORE_H_
