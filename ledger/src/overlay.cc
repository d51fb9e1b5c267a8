#include "ledger/src/overlay.h"

namespace noaber::ledger {

namespace {
template <typename Map, typename Key>
const typename Map::mapped_type* Lookup(const Map& map, const Key& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}
}  // namespace

absl::StatusOr<std::optional<Account>> Overlay::GetAccount(std::string_view handle) const {
  if (const Account* a = Lookup(delta_.accounts, std::string(handle))) return *a;
  return base_->GetAccount(handle);
}

absl::StatusOr<std::optional<Balance>> Overlay::GetBalance(std::string_view handle,
                                                           std::string_view asset) const {
  if (const Balance* b = Lookup(delta_.balances, BalanceKey(handle, asset))) return *b;
  return base_->GetBalance(handle, asset);
}

absl::StatusOr<std::optional<Pending>> Overlay::GetPending(const OperationId& id) const {
  if (const Pending* p = Lookup(delta_.pendings, id)) return *p;
  return base_->GetPending(id);
}

absl::StatusOr<std::optional<OperationRecord>> Overlay::GetOperationRecord(
    const OperationId& id) const {
  if (const OperationRecord* r = Lookup(delta_.operation_records, id)) return *r;
  return base_->GetOperationRecord(id);
}

absl::StatusOr<std::optional<JournalEntry>> Overlay::GetEntry(uint64_t index) const {
  for (const JournalEntry& entry : delta_.entries) {
    if (entry.index == index) return entry;
  }
  return base_->GetEntry(index);
}

absl::StatusOr<std::optional<Skill>> Overlay::GetSkill(std::string_view code) const {
  if (const Skill* skill = Lookup(delta_.skills, std::string(code))) return *skill;
  return base_->GetSkill(code);
}

absl::StatusOr<std::optional<Listing>> Overlay::GetListing(const OperationId& id) const {
  if (const Listing* listing = Lookup(delta_.listings, id)) return *listing;
  return base_->GetListing(id);
}

absl::StatusOr<std::optional<PaymentRequest>> Overlay::GetRequest(const OperationId& id) const {
  if (const PaymentRequest* request = Lookup(delta_.requests, id)) return *request;
  return base_->GetRequest(id);
}

absl::StatusOr<Amount> Overlay::GetReceived(const ReceivedKey& key) const {
  if (const Amount* amount = Lookup(delta_.received, key)) return *amount;
  return base_->GetReceived(key);
}

absl::StatusOr<std::optional<uint64_t>> Overlay::GetCorrection(const CorrectionKey& key) const {
  if (const uint64_t* index = Lookup(delta_.corrections, key)) return *index;
  return base_->GetCorrection(key);
}

std::optional<JournalEntry> Overlay::FindEntry(uint64_t index) const {
  return Remember(GetEntry(index));
}
std::optional<Skill> Overlay::FindSkill(std::string_view code) const {
  return Remember(GetSkill(code));
}
std::optional<Listing> Overlay::FindListing(const OperationId& id) const {
  return Remember(GetListing(id));
}
std::optional<PaymentRequest> Overlay::FindRequest(const OperationId& id) const {
  return Remember(GetRequest(id));
}
Amount Overlay::FindReceived(const ReceivedKey& key) const {
  return Remember<Amount>(GetReceived(key), Amount{0});
}
std::optional<uint64_t> Overlay::FindCorrection(const CorrectionKey& key) const {
  return Remember(GetCorrection(key));
}

std::optional<Account> Overlay::FindAccount(std::string_view handle) const {
  return Remember(GetAccount(handle));
}
std::optional<Balance> Overlay::FindBalance(std::string_view handle,
                                            std::string_view asset) const {
  return Remember(GetBalance(handle, asset));
}
std::optional<Pending> Overlay::FindPending(const OperationId& id) const {
  return Remember(GetPending(id));
}
std::optional<OperationRecord> Overlay::FindRecord(const OperationId& id) const {
  return Remember(GetOperationRecord(id));
}

}  // namespace noaber::ledger
