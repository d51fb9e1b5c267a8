#include "noaber/ledger/store.h"

#include "noaber/ledger/strings.h"

namespace noaber::ledger {

bool Delta::empty() const {
  return accounts.empty() && balances.empty() && pendings.empty() && operation_records.empty() &&
         skills.empty() && listings.empty() && requests.empty() && received.empty() &&
         corrections.empty() && key_index.empty() && history.empty() && entries.empty() &&
         merkle_nodes.empty() && !head && !genesis && !raft_index;
}

void Delta::Merge(Delta&& later) {
  for (auto& [k, v] : later.accounts) accounts.insert_or_assign(k, std::move(v));
  for (auto& [k, v] : later.balances) balances.insert_or_assign(k, std::move(v));
  for (auto& [k, v] : later.pendings) pendings.insert_or_assign(k, std::move(v));
  for (auto& [k, v] : later.operation_records) operation_records.insert_or_assign(k, v);
  for (auto& [k, v] : later.key_index) key_index.insert_or_assign(k, v);
  for (auto& [k, v] : later.skills) skills.insert_or_assign(k, std::move(v));
  for (auto& [k, v] : later.listings) listings.insert_or_assign(k, std::move(v));
  for (auto& [k, v] : later.requests) requests.insert_or_assign(k, std::move(v));
  for (auto& [k, v] : later.received) received.insert_or_assign(k, v);
  for (auto& [k, v] : later.corrections) corrections.insert_or_assign(k, v);
  auto append = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  append(history, later.history);
  append(entries, later.entries);
  append(merkle_nodes, later.merkle_nodes);
  if (later.head) head = later.head;
  if (later.genesis) genesis = std::move(later.genesis);
  if (later.raft_index) raft_index = later.raft_index;
}

absl::StatusOr<Hash> StoreMerkleNodes::PerfectSubtree(uint32_t level, uint64_t index) const {
  absl::StatusOr<std::optional<Hash>> node = store_.GetMerkleNode(level, index);
  if (!node.ok()) return node.status();
  if (!node->has_value()) {
    return absl::NotFoundError(StrCat("the journal's Merkle tree has no node at level ", level,
                                      ", index ", index));
  }
  return **node;
}

}  // namespace noaber::ledger
