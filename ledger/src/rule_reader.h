// The store as the rules read it. A store restored from a compact state answers a read of a
// journal entry below its first index that it does not hold with NotFound: for the node's
// readers the entry exists, on other members. The rules read journal entries only to correct
// a transfer, and the compact state keeps every entry that holds one; so to the rules such an
// entry is one that holds no transfer, and reads as absent, never as a storage error that
// would stop the ledger. Every other read goes straight to the store.
//
// Owned by the Ledger; borrows the store. As thread-safe as the store.
#ifndef NOABER_LEDGER_SRC_RULE_READER_H_
#define NOABER_LEDGER_SRC_RULE_READER_H_

#include "noaber/ledger/store.h"

namespace noaber::ledger {

class RuleReader final : public StateReader {
 public:
  explicit RuleReader(const Store* store) : store_(store) {}

  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const override;

  absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const override {
    return store_->GetAccount(handle);
  }
  absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                    std::string_view asset) const override {
    return store_->GetBalance(handle, asset);
  }
  absl::StatusOr<std::optional<Pending>> GetPending(const OperationId& id) const override {
    return store_->GetPending(id);
  }
  absl::StatusOr<std::optional<OperationRecord>> GetOperationRecord(
      const OperationId& id) const override {
    return store_->GetOperationRecord(id);
  }
  absl::StatusOr<std::optional<Skill>> GetSkill(std::string_view code) const override {
    return store_->GetSkill(code);
  }
  absl::StatusOr<std::optional<Listing>> GetListing(const OperationId& id) const override {
    return store_->GetListing(id);
  }
  absl::StatusOr<std::optional<PaymentRequest>> GetRequest(const OperationId& id) const override {
    return store_->GetRequest(id);
  }
  absl::StatusOr<Amount> GetReceived(const ReceivedKey& key) const override {
    return store_->GetReceived(key);
  }
  absl::StatusOr<std::optional<uint64_t>> GetCorrection(const CorrectionKey& key) const override {
    return store_->GetCorrection(key);
  }

 private:
  const Store* store_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_RULE_READER_H_
