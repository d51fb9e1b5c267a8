// An in-memory Store for the rule tests: same contract as RocksDbStore, nothing durable.
// Thread-safe: a mutex guards every call. Can be told to fail commits, to test error paths.
#ifndef NOABER_LEDGER_MEMORY_STORE_H_
#define NOABER_LEDGER_MEMORY_STORE_H_

#include <map>
#include <mutex>
#include <set>

#include "noaber/ledger/store.h"

namespace noaber::ledger {

class MemoryStore : public Store {
 public:
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
  // Always 0: a MemoryStore is never restored from a compact state.
  absl::StatusOr<uint64_t> GetJournalFirstIndex() const override;
  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const override;
  absl::StatusOr<std::vector<uint64_t>> GetHistory(std::string_view handle,
                                                   uint64_t before_index,
                                                   size_t limit) const override;
  absl::StatusOr<std::vector<std::string>> FindAccountsByKey(const PublicKey& key) const override;
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

  // The next Commit() fails with this status and applies nothing (fault injection).
  void FailNextCommit(absl::Status status);
  // Overwrites a balance behind the ledger's back (tests of the checkers).
  void CorruptBalanceForTest(const BalanceKey& key, const Balance& balance);
  void CorruptEntryForTest(const JournalEntry& entry);

 private:
  mutable std::mutex mutex_;
  absl::Status fail_next_commit_;
  std::map<std::string, Account, std::less<>> accounts_;
  std::map<BalanceKey, Balance> balances_;
  std::map<OperationId, Pending> pendings_;
  std::set<std::pair<int64_t, OperationId>> expiry_index_;
  std::map<OperationId, OperationRecord> operation_records_;
  std::map<std::string, Skill, std::less<>> skills_;
  std::map<OperationId, Listing> listings_;
  std::map<OperationId, PaymentRequest> requests_;
  std::map<ReceivedKey, Amount> received_;
  std::map<CorrectionKey, uint64_t> corrections_;
  std::set<std::pair<PublicKey, std::string>> key_index_;
  std::set<std::pair<std::string, uint64_t>, std::less<>> history_;
  std::map<uint64_t, JournalEntry> entries_;
  std::map<std::pair<uint32_t, uint64_t>, Hash> merkle_nodes_;
  std::optional<JournalHead> head_;
  std::optional<std::string> genesis_;
  uint64_t raft_applied_index_ = 0;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_MEMORY_STORE_H_
