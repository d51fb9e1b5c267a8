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
