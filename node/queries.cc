#include "node/queries.h"

#include <algorithm>
#include <limits>

#include "noaber/ledger/amount.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "node/entry_view.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

template <size_t N>
std::string Bytes(const std::array<uint8_t, N>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), N);
}

v1::AccountInfo AccountView(const ledger::Account& account) {
  v1::AccountInfo out;
  out.set_handle(account.handle);
  out.set_kind(ledger::AccountKindName(account.kind));
  out.set_status(ledger::AccountStatusName(account.status));
  for (const ledger::PublicKey& key : account.keys) out.add_keys(Bytes(key));
  out.set_threshold(account.threshold);
  out.set_opened_index(account.opened_index);
  out.set_assisted(account.assisted);
  return out;
}

absl::StatusOr<ledger::Account> LoadAccount(const ledger::Store& store, std::string_view handle) {
  absl::StatusOr<std::optional<ledger::Account>> account = store.GetAccount(handle);
  if (!account.ok()) return account.status();
  if (!account->has_value()) return absl::NotFoundError(StrCat("no account '", handle, "'"));
  return **account;
}

}  // namespace

absl::StatusOr<v1::Community> QueryCommunity(const ledger::Store& store,
                                             const ledger::Genesis& genesis,
                                             const ledger::CommunityId& community_id) {
  absl::StatusOr<std::optional<ledger::JournalHead>> head = store.GetHead();
  if (!head.ok()) return head.status();
  v1::Community out;
  out.set_name(genesis.community_name);
  out.set_community_id(Bytes(community_id));
  for (const ledger::Asset& asset : genesis.assets) {
    absl::StatusOr<std::optional<ledger::Balance>> issued =
        store.GetBalance(ledger::kCommunityHandle, asset.code);
    if (!issued.ok()) return issued.status();
    v1::Asset* view = out.add_assets();
    view->set_code(asset.code);
    view->set_kind(ledger::AssetKindName(asset.kind));
    view->set_name(asset.name);
    view->set_issuance_floor(asset.issuance_floor.minor_units);
    view->set_in_circulation(issued->has_value() ? -(*issued)->balance.minor_units : 0);
  }
  // The catalogue as it is now: seeded by the genesis, kept by the administrators.
  absl::Status skills = store.ForEachSkill([&out](const ledger::Skill& skill) {
    v1::Skill* view = out.add_skills();
    view->set_code(skill.code);
    view->set_label_nl(skill.label_nl);
    view->set_label_en(skill.label_en);
    view->set_category(skill.category);
    view->set_retired(skill.retired);
    return true;
  });
  if (!skills.ok()) return skills;
  for (const ledger::DefaultLimits& d : genesis.default_limits) {
    v1::KindDefaults* view = out.add_kind_defaults();
    view->set_kind(ledger::AccountKindName(d.kind));
    view->set_asset(d.asset);
    view->set_min(d.limits.min.minor_units);
    view->set_max(d.limits.max.minor_units);
    view->set_welcome(d.welcome.minor_units);
    view->set_annual_cap(d.annual_cap.minor_units);
  }
  for (ledger::AccountKind kind :
       {ledger::AccountKind::kResident, ledger::AccountKind::kPartner,
        ledger::AccountKind::kInitiative, ledger::AccountKind::kCommunity}) {
    out.add_account_kinds(ledger::AccountKindName(kind));
  }
  for (const ledger::PublicKey& key : genesis.admin_keys) out.add_admin_keys(Bytes(key));
  out.set_admin_threshold(genesis.admin_threshold);
  out.set_journal_size(head->has_value() ? (*head)->index + 1 : 0);
  out.set_created_ms(genesis.created_ms);
  return out;
}

absl::StatusOr<v1::AccountInfo> QueryAccount(const ledger::Store& store, std::string_view handle) {
  absl::StatusOr<ledger::Account> account = LoadAccount(store, handle);
  if (!account.ok()) return account.status();
  return AccountView(*account);
}

absl::StatusOr<v1::AccountInfo> QueryAccountByKey(const ledger::Store& store,
                                                  const ledger::PublicKey& key) {
  absl::StatusOr<std::vector<std::string>> handles = store.FindAccountsByKey(key);
  if (!handles.ok()) return handles.status();
  if (handles->empty()) {
    return absl::NotFoundError(StrCat("no account holds the key ", ledger::ToHex(key)));
  }
  absl::StatusOr<ledger::Account> account = LoadAccount(store, handles->front());
  if (!account.ok()) return account.status();
  v1::AccountInfo out = AccountView(*account);
  for (const std::string& handle : *handles) out.add_handles_with_key(handle);
  return out;
}

absl::StatusOr<v1::Balances> QueryBalances(const ledger::Store& store,
                                           const ledger::Genesis& genesis,
                                           std::string_view handle) {
  absl::StatusOr<ledger::Account> account = LoadAccount(store, handle);
  if (!account.ok()) return account.status();
  v1::Balances out;
  out.set_handle(std::string(handle));
  for (const ledger::Asset& asset : genesis.assets) {
    absl::StatusOr<std::optional<ledger::Balance>> balance = store.GetBalance(handle, asset.code);
    if (!balance.ok()) return balance.status();
    if (!balance->has_value()) continue;  // accounts get a balance in every asset when opened
    const ledger::Balance& b = **balance;
    v1::Balance* view = out.add_balances();
    view->set_asset(asset.code);
    view->set_balance(b.balance.minor_units);
    view->set_pending_debits(b.pending_debits.minor_units);
    view->set_pending_credits(b.pending_credits.minor_units);
    view->set_min(b.limits.min.minor_units);
    view->set_max(b.limits.max.minor_units);
    view->set_formatted(ledger::FormatAmount(b.balance, asset.kind));
  }
  return out;
}

absl::StatusOr<v1::History> QueryHistory(const ledger::Store& store, const ledger::Genesis& genesis,
                                         std::string_view handle, uint64_t before_index,
                                         size_t limit) {
  absl::StatusOr<ledger::Account> account = LoadAccount(store, handle);
  if (!account.ok()) return account.status();
  const uint64_t before = before_index == 0 ? std::numeric_limits<uint64_t>::max() : before_index;
  // One more than asked: tells whether another page follows.
  absl::StatusOr<std::vector<uint64_t>> indexes = store.GetHistory(handle, before, limit + 1);
  if (!indexes.ok()) return indexes.status();
  v1::History out;
  out.set_handle(std::string(handle));
  for (size_t i = 0; i < indexes->size() && i < limit; ++i) {
    absl::StatusOr<v1::JournalEntry> view = QueryEntry(store, genesis, (*indexes)[i]);
    if (!view.ok()) return view.status();
    *out.add_entries() = *std::move(view);
  }
  if (indexes->size() > limit) out.set_next_before_index((*indexes)[limit - 1]);
  return out;
}

absl::StatusOr<v1::JournalEntry> QueryEntry(const ledger::Store& store,
                                            const ledger::Genesis& genesis, uint64_t index) {
  absl::StatusOr<std::optional<ledger::JournalEntry>> entry = store.GetEntry(index);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value())
    return absl::DataLossError(StrCat("journal entry ", index, " is missing"));
  return EntryView(**entry, genesis, &store);
}

v1::PendingInfo PendingView(const ledger::Pending& pending) {
  v1::PendingInfo out;
  out.set_pending_id(Bytes(pending.id));
  out.set_from(pending.from);
  out.set_to(pending.to);
  out.set_asset(pending.asset);
  out.set_amount(pending.amount.minor_units);
  out.set_state(ledger::PendingStateName(pending.state));
  out.set_posted(pending.posted.minor_units);
  out.set_expires_at_ms(pending.expires_at_ms);
  out.set_skill(pending.skill);
  out.set_memo(pending.memo);
  return out;
}

absl::StatusOr<std::vector<uint64_t>> WatchedIndexes(const ledger::Store& store,
                                                     std::string_view handle, uint64_t first,
                                                     uint64_t last) {
  std::vector<uint64_t> out;
  if (last < first) return out;
  if (handle.empty()) {
    for (uint64_t i = first; i <= last; ++i) out.push_back(i);
    return out;
  }
  // The window holds last - first + 1 entries, so one read of that many covers it.
  absl::StatusOr<std::vector<uint64_t>> touching =
      store.GetHistory(handle, last + 1, static_cast<size_t>(last - first + 1));
  if (!touching.ok()) return touching.status();
  for (auto it = touching->rbegin(); it != touching->rend(); ++it) {
    if (*it >= first) out.push_back(*it);
  }
  return out;
}

}  // namespace noaber::node
