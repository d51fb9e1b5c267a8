#include "noaber/ledger/memory_store.h"

#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {
template <typename Map, typename Key>
std::optional<typename Map::mapped_type> Find(const Map& map, const Key& key) {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}
}  // namespace

absl::StatusOr<std::optional<Account>> MemoryStore::GetAccount(std::string_view handle) const {
  std::lock_guard lock(mutex_);
  return Find(accounts_, handle);
}

absl::StatusOr<std::optional<Balance>> MemoryStore::GetBalance(std::string_view handle,
                                                               std::string_view asset) const {
  std::lock_guard lock(mutex_);
  return Find(balances_, BalanceKey(handle, asset));
}

absl::StatusOr<std::optional<Pending>> MemoryStore::GetPending(const OperationId& id) const {
  std::lock_guard lock(mutex_);
  return Find(pendings_, id);
}

absl::StatusOr<std::optional<OperationRecord>> MemoryStore::GetOperationRecord(
    const OperationId& id) const {
  std::lock_guard lock(mutex_);
  return Find(operation_records_, id);
}

absl::Status MemoryStore::Commit(const Delta& delta) {
  std::lock_guard lock(mutex_);
  if (!fail_next_commit_.ok()) {
    absl::Status failure = fail_next_commit_;
    fail_next_commit_ = absl::OkStatus();
    return failure;
  }
  for (const auto& [handle, account] : delta.accounts) accounts_[handle] = account;
  for (const auto& [key, balance] : delta.balances) balances_[key] = balance;
  for (const auto& [id, pending] : delta.pendings) {
    if (auto old = pendings_.find(id); old != pendings_.end()) {
      expiry_index_.erase({old->second.expires_at_ms, id});
    }
    if (pending.state == PendingState::kOpen) expiry_index_.insert({pending.expires_at_ms, id});
    pendings_[id] = pending;
  }
  for (const auto& [id, record] : delta.operation_records) operation_records_[id] = record;
  for (const auto& [code, skill] : delta.skills) skills_[code] = skill;
  for (const auto& [id, listing] : delta.listings) listings_[id] = listing;
  for (const auto& [id, request] : delta.requests) requests_[id] = request;
  for (const auto& [key, amount] : delta.received) received_[key] = amount;
  for (const auto& [key, index] : delta.corrections) corrections_[key] = index;
  for (const auto& [entry, present] : delta.key_index) {
    if (present) {
      key_index_.insert(entry);
    } else {
      key_index_.erase(entry);
    }
  }
  for (const auto& entry : delta.history) history_.insert(entry);
  for (const JournalEntry& entry : delta.entries) entries_[entry.index] = entry;
  for (const MerkleNode& node : delta.merkle_nodes) {
    merkle_nodes_[{node.level, node.index}] = node.hash;
  }
  if (delta.head) head_ = delta.head;
  if (delta.genesis) genesis_ = delta.genesis;
  if (delta.raft_index) raft_applied_index_ = *delta.raft_index;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<JournalHead>> MemoryStore::GetHead() const {
  std::lock_guard lock(mutex_);
  return head_;
}

absl::StatusOr<std::optional<std::string>> MemoryStore::GetGenesis() const {
  std::lock_guard lock(mutex_);
  return genesis_;
}

absl::StatusOr<uint64_t> MemoryStore::GetRaftAppliedIndex() const {
  std::lock_guard lock(mutex_);
  return raft_applied_index_;
}

absl::StatusOr<uint64_t> MemoryStore::GetJournalFirstIndex() const { return 0; }

absl::StatusOr<std::optional<JournalEntry>> MemoryStore::GetEntry(uint64_t index) const {
  std::lock_guard lock(mutex_);
  return Find(entries_, index);
}

absl::StatusOr<std::vector<uint64_t>> MemoryStore::GetHistory(std::string_view handle,
                                                              uint64_t before_index,
                                                              size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<uint64_t> out;
  auto it = history_.lower_bound(std::pair<std::string, uint64_t>(handle, before_index));
  while (out.size() < limit && it != history_.begin()) {
    --it;
    if (it->first != handle) break;
    out.push_back(it->second);
  }
  return out;
}

absl::StatusOr<std::optional<Hash>> MemoryStore::GetMerkleNode(uint32_t level,
                                                              uint64_t index) const {
  std::lock_guard lock(mutex_);
  return Find(merkle_nodes_, std::pair<uint32_t, uint64_t>(level, index));
}

absl::StatusOr<std::vector<std::string>> MemoryStore::FindAccountsByKey(
    const PublicKey& key) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (auto it = key_index_.lower_bound({key, ""}); it != key_index_.end() && it->first == key;
       ++it) {
    out.push_back(it->second);
  }
  return out;
}

absl::StatusOr<std::vector<OperationId>> MemoryStore::ListExpiredPendings(int64_t now_ms,
                                                                          size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<OperationId> out;
  for (auto it = expiry_index_.begin();
       it != expiry_index_.end() && it->first <= now_ms && out.size() < limit; ++it) {
    out.push_back(it->second);
  }
  return out;
}

absl::Status MemoryStore::ForEachAccount(const std::function<bool(const Account&)>& fn) const {
  std::lock_guard lock(mutex_);
  for (const auto& [handle, account] : accounts_) {
    if (!fn(account)) break;
  }
  return absl::OkStatus();
}

absl::Status MemoryStore::ForEachBalance(
    const std::function<bool(const BalanceKey&, const Balance&)>& fn) const {
  std::lock_guard lock(mutex_);
  for (const auto& [key, balance] : balances_) {
    if (!fn(key, balance)) break;
  }
  return absl::OkStatus();
}

absl::Status MemoryStore::ForEachPending(const std::function<bool(const Pending&)>& fn) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, pending] : pendings_) {
    if (!fn(pending)) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Skill>> MemoryStore::GetSkill(std::string_view code) const {
  std::lock_guard lock(mutex_);
  return Find(skills_, code);
}

absl::StatusOr<std::optional<Listing>> MemoryStore::GetListing(const OperationId& id) const {
  std::lock_guard lock(mutex_);
  return Find(listings_, id);
}

absl::StatusOr<std::optional<PaymentRequest>> MemoryStore::GetRequest(
    const OperationId& id) const {
  std::lock_guard lock(mutex_);
  return Find(requests_, id);
}

absl::StatusOr<Amount> MemoryStore::GetReceived(const ReceivedKey& key) const {
  std::lock_guard lock(mutex_);
  return Find(received_, key).value_or(Amount{0});
}

absl::StatusOr<std::optional<uint64_t>> MemoryStore::GetCorrection(
    const CorrectionKey& key) const {
  std::lock_guard lock(mutex_);
  return Find(corrections_, key);
}

namespace {
template <typename Map, typename Fn>
absl::Status VisitValues(const Map& map, const Fn& fn) {
  for (const auto& [key, value] : map) {
    if (!fn(value)) break;
  }
  return absl::OkStatus();
}
template <typename Map, typename Fn>
absl::Status VisitPairs(const Map& map, const Fn& fn) {
  for (const auto& [key, value] : map) {
    if (!fn(key, value)) break;
  }
  return absl::OkStatus();
}
}  // namespace

absl::Status MemoryStore::ForEachSkill(const std::function<bool(const Skill&)>& fn) const {
  std::lock_guard lock(mutex_);
  return VisitValues(skills_, fn);
}

absl::Status MemoryStore::ForEachListing(const std::function<bool(const Listing&)>& fn) const {
  std::lock_guard lock(mutex_);
  return VisitValues(listings_, fn);
}

absl::Status MemoryStore::ForEachRequest(
    const std::function<bool(const PaymentRequest&)>& fn) const {
  std::lock_guard lock(mutex_);
  return VisitValues(requests_, fn);
}

absl::Status MemoryStore::ForEachReceived(
    const std::function<bool(const ReceivedKey&, Amount)>& fn) const {
  std::lock_guard lock(mutex_);
  return VisitPairs(received_, fn);
}

absl::Status MemoryStore::ForEachCorrection(
    const std::function<bool(const CorrectionKey&, uint64_t)>& fn) const {
  std::lock_guard lock(mutex_);
  return VisitPairs(corrections_, fn);
}

void MemoryStore::FailNextCommit(absl::Status status) {
  std::lock_guard lock(mutex_);
  fail_next_commit_ = std::move(status);
}

void MemoryStore::CorruptBalanceForTest(const BalanceKey& key, const Balance& balance) {
  std::lock_guard lock(mutex_);
  balances_[key] = balance;
}

void MemoryStore::CorruptEntryForTest(const JournalEntry& entry) {
  std::lock_guard lock(mutex_);
  entries_[entry.index] = entry;
}

}  // namespace noaber::ledger
