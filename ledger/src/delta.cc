#include "noaber/ledger/store.h"

#include "noaber/ledger/strings.h"

namespace noaber::ledger {

bool Delta::empty() const {
  return accounts.empty() && balances.empty() && pendings.empty() && operation_records.empty() &&
         skills.empty() && listings.empty() && requests.empty() && received.empty() &&
         corrections.empty() && key_index.empty() && history.empty() && entries.empty() &&
         merkle_nodes.empty() && !head && !genesis && !raft_index;
}

namespace {

// Moves every row of `from` into `to`, the later value winning. The map nodes themselves move
// (no key or value is copied, nothing is allocated): the sequencer merges each operation's
// rows into its batch this way.
template <typename Map>
void MoveRows(Map& to, Map& from) {
  while (!from.empty()) {
    auto node = from.extract(from.begin());
    auto at = to.lower_bound(node.key());
    if (at != to.end() && !to.key_comp()(node.key(), at->first)) {
      at->second = std::move(node.mapped());
    } else {
      to.insert(at, std::move(node));
    }
  }
}

}  // namespace

void Delta::Merge(Delta&& later) {
  MoveRows(accounts, later.accounts);
  MoveRows(balances, later.balances);
  MoveRows(pendings, later.pendings);
  MoveRows(operation_records, later.operation_records);
  MoveRows(key_index, later.key_index);
  MoveRows(skills, later.skills);
  MoveRows(listings, later.listings);
  MoveRows(requests, later.requests);
  MoveRows(received, later.received);
  MoveRows(corrections, later.corrections);
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
