// A StateReader that passes every read to another one: the base of the readers that change a
// few reads and leave the rest alone (RuleReader, StateCache). Borrows `next`, which must
// outlive it. As thread-safe as `next`.
#ifndef NOABER_LEDGER_SRC_FORWARDING_READER_H_
#define NOABER_LEDGER_SRC_FORWARDING_READER_H_

#include "noaber/ledger/store.h"

namespace noaber::ledger {

class ForwardingReader : public StateReader {
 public:
  explicit ForwardingReader(const StateReader* next) : next_(next) {}

  absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const override {
    return next_->GetAccount(handle);
  }
  absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                    std::string_view asset) const override {
    return next_->GetBalance(handle, asset);
  }
  absl::StatusOr<std::optional<Pending>> GetPending(const OperationId& id) const override {
    return next_->GetPending(id);
  }
  absl::StatusOr<std::optional<OperationRecord>> GetOperationRecord(
      const OperationId& id) const override {
    return next_->GetOperationRecord(id);
  }
  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const override {
    return next_->GetEntry(index);
  }
  absl::StatusOr<std::optional<Skill>> GetSkill(std::string_view code) const override {
    return next_->GetSkill(code);
  }
  absl::StatusOr<std::optional<Listing>> GetListing(const OperationId& id) const override {
    return next_->GetListing(id);
  }
  absl::StatusOr<std::optional<PaymentRequest>> GetRequest(const OperationId& id) const override {
    return next_->GetRequest(id);
  }
  absl::StatusOr<Amount> GetReceived(const ReceivedKey& key) const override {
    return next_->GetReceived(key);
  }
  absl::StatusOr<std::optional<uint64_t>> GetCorrection(const CorrectionKey& key) const override {
    return next_->GetCorrection(key);
  }

 protected:
  const StateReader* next() const { return next_; }

 private:
  const StateReader* next_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_FORWARDING_READER_H_
