// A writable view over a StateReader: reads see this overlay's own writes first, writes are
// collected in a Delta. One overlay per batch, and a child overlay per operation so a rejected
// operation (or linked batch) is dropped whole. Not thread-safe; owned by the sequencer.
//
// The getters return plain optionals so rules stay readable: a storage error is remembered
// (status()) and reads as "not there"; the caller checks status() and discards the work.
#ifndef NOABER_LEDGER_SRC_OVERLAY_H_
#define NOABER_LEDGER_SRC_OVERLAY_H_

#include "noaber/ledger/store.h"

namespace noaber::ledger {

class Overlay : public StateReader {
 public:
  explicit Overlay(const StateReader* base) : base_(base) {}

  std::optional<Account> FindAccount(std::string_view handle) const;
  std::optional<Balance> FindBalance(std::string_view handle, std::string_view asset) const;
  std::optional<Pending> FindPending(const OperationId& id) const;
  std::optional<OperationRecord> FindRecord(const OperationId& id) const;
  std::optional<JournalEntry> FindEntry(uint64_t index) const;
  std::optional<Skill> FindSkill(std::string_view code) const;
  std::optional<Listing> FindListing(const OperationId& id) const;
  std::optional<PaymentRequest> FindRequest(const OperationId& id) const;
  Amount FindReceived(const ReceivedKey& key) const;
  std::optional<uint64_t> FindCorrection(const CorrectionKey& key) const;

  void Put(const Account& account) { delta_.accounts[account.handle] = account; }
  void Put(std::string_view handle, std::string_view asset, const Balance& balance) {
    delta_.balances[BalanceKey(handle, asset)] = balance;
  }
  void Put(const Pending& pending) { delta_.pendings[pending.id] = pending; }
  void Put(const OperationId& id, const OperationRecord& record) {
    delta_.operation_records[id] = record;
  }
  void Put(const Skill& skill) { delta_.skills[skill.code] = skill; }
  void Put(const Listing& listing) { delta_.listings[listing.id] = listing; }
  void Put(const PaymentRequest& request) { delta_.requests[request.id] = request; }
  void PutReceived(const ReceivedKey& key, Amount amount) { delta_.received[key] = amount; }
  void PutCorrection(const CorrectionKey& key, uint64_t index) {
    delta_.corrections[key] = index;
  }

  Delta& delta() { return delta_; }
  const Delta& delta() const { return delta_; }
  const StateReader* base() const { return base_; }
  const absl::Status& status() const { return status_; }

  absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const override;
  absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                    std::string_view asset) const override;
  absl::StatusOr<std::optional<Pending>> GetPending(const OperationId& id) const override;
  absl::StatusOr<std::optional<OperationRecord>> GetOperationRecord(
      const OperationId& id) const override;
  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const override;
  absl::StatusOr<std::optional<Skill>> GetSkill(std::string_view code) const override;
  absl::StatusOr<std::optional<Listing>> GetListing(const OperationId& id) const override;
  absl::StatusOr<std::optional<PaymentRequest>> GetRequest(const OperationId& id) const override;
  absl::StatusOr<Amount> GetReceived(const ReceivedKey& key) const override;
  absl::StatusOr<std::optional<uint64_t>> GetCorrection(const CorrectionKey& key) const override;

 private:
  template <typename T>
  T Remember(absl::StatusOr<T> result, T otherwise) const {
    if (result.ok()) return *std::move(result);
    if (status_.ok()) status_ = result.status();
    return otherwise;
  }
  template <typename T>
  std::optional<T> Remember(absl::StatusOr<std::optional<T>> result) const {
    return Remember<std::optional<T>>(std::move(result), std::nullopt);
  }

  const StateReader* base_;
  Delta delta_;
  mutable absl::Status status_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_OVERLAY_H_
