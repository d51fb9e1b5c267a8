#include "ledger/src/state_cache.h"

namespace noaber::ledger {

void StateCache::Remember(const Delta& delta) {
  for (const auto& [handle, account] : delta.accounts) accounts_.Put(handle, account);
  for (const auto& [key, balance] : delta.balances) balances_.Put(key, balance);
  for (const auto& [code, skill] : delta.skills) skills_.Put(code, skill);
}

void StateCache::Clear() {
  accounts_.Clear();
  balances_.Clear();
  skills_.Clear();
}

absl::StatusOr<std::optional<Account>> StateCache::GetAccount(std::string_view handle) const {
  const std::string key(handle);
  if (const Account* account = accounts_.Find(key)) return *account;
  absl::StatusOr<std::optional<Account>> read = next()->GetAccount(handle);
  if (read.ok() && read->has_value()) accounts_.Put(key, **read);
  return read;
}

absl::StatusOr<std::optional<Balance>> StateCache::GetBalance(std::string_view handle,
                                                              std::string_view asset) const {
  BalanceKey key{std::string(handle), std::string(asset)};
  if (const Balance* balance = balances_.Find(key)) return *balance;
  absl::StatusOr<std::optional<Balance>> read = next()->GetBalance(handle, asset);
  if (read.ok() && read->has_value()) balances_.Put(key, **read);
  return read;
}

absl::StatusOr<std::optional<Skill>> StateCache::GetSkill(std::string_view code) const {
  const std::string key(code);
  if (const Skill* skill = skills_.Find(key)) return *skill;
  absl::StatusOr<std::optional<Skill>> read = next()->GetSkill(code);
  if (read.ok() && read->has_value()) skills_.Put(key, **read);
  return read;
}

}  // namespace noaber::ledger
