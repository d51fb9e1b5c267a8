// Rebuilding state from the journal alone, and comparing two states byte for byte.
#include <limits>

#include "ledger/src/overlay.h"
#include "ledger/src/sequencer.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/records.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

constexpr uint64_t kReplayEntriesPerCommit = 4096;

absl::Status Bad(uint64_t index, std::string_view why) {
  return absl::DataLossError(StrCat("journal entry ", index, ": ", why));
}

// The number of leaves of `store`'s Merkle tree: the first absent leaf, found by galloping
// up from `hint` (or down to 0) and bisecting, in at most about 130 reads. Leaves are
// written in order, so a tree has no gaps; a gap is caught by the leaf check of its entry.
absl::StatusOr<uint64_t> StoredLeafCount(const Store& store, uint64_t hint) {
  absl::Status failure;
  auto has = [&](uint64_t index) {
    absl::StatusOr<std::optional<Hash>> node = store.GetMerkleNode(0, index);
    if (!node.ok() && failure.ok()) failure = node.status();
    return node.ok() && node->has_value();
  };
  uint64_t low = 0;      // leaves below `low` are there
  uint64_t high = hint;  // leaf `high` is not
  if (hint > 0 && !has(hint - 1)) {
    high = hint - 1;
  } else {
    low = hint;
    uint64_t step = 1;
    while (has(high)) {  // probes hint, hint + 1, hint + 3, hint + 7...: at most 64 rounds
      low = high + 1;
      if (step > UINT64_MAX / 2 || high > UINT64_MAX - step) {
        return absl::DataLossError("the stored Merkle tree has too many leaves");
      }
      high += step;
      step *= 2;
    }
  }
  while (low < high) {  // bisects: at most 64 steps
    const uint64_t middle = low + (high - low) / 2;
    if (has(middle)) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (!failure.ok()) return failure;
  return low;
}

// Entry `index` of a journal whose recorded head is entry `last`. Every error names the
// entry; a missing one says how far the journal goes.
absl::StatusOr<JournalEntry> ReadEntry(const Store& source, uint64_t index, uint64_t last) {
  absl::StatusOr<std::optional<JournalEntry>> entry = source.GetEntry(index);
  if (!entry.ok()) {
    if (entry.status().code() == absl::StatusCode::kDataLoss) {
      return Bad(index, StrCat("its stored record is damaged (", ToView(entry.status().message()),
                               ")"));
    }
    return absl::Status(entry.status().code(), StrCat("journal entry ", index, ": ",
                                                      ToView(entry.status().message())));
  }
  if (entry->has_value()) {
    if ((*entry)->index != index) return Bad(index, StrCat("holds entry ", (*entry)->index));
    return **entry;
  }
  absl::StatusOr<uint64_t> leaves = StoredLeafCount(source, last + 1);
  if (!leaves.ok()) return leaves.status();
  absl::StatusOr<std::optional<JournalEntry>> at_head = source.GetEntry(last);
  if (index == 0 || (at_head.ok() && at_head->has_value())) {
    return Bad(index, StrCat("missing, though the journal's head is entry ", last,
                             " and its Merkle tree has ", *leaves, " leaves"));
  }
  return Bad(index, StrCat("missing: the journal ends at entry ", index - 1,
                           " but its head is entry ", last, " and its Merkle tree has ", *leaves,
                           " leaves"));
}

// Entry 0 holds the genesis, which the store also records on its own.
absl::StatusOr<Genesis> ReadGenesis(const Store& source, const JournalEntry& first) {
  absl::StatusOr<Genesis> genesis = DecodeGenesis(first.signed_bytes);
  if (!genesis.ok()) return Bad(0, ToView(genesis.status().message()));
  if (first.timestamp_ms != genesis->created_ms || first.previous_hash != Hash{}) {
    return Bad(0, "does not match the genesis it holds");
  }
  absl::StatusOr<std::optional<std::string>> recorded = source.GetGenesis();
  if (!recorded.ok()) return recorded.status();
  if (!recorded->has_value() || **recorded != first.signed_bytes) {
    return Bad(0, "differs from the genesis the store records");
  }
  return genesis;
}

// The stored tree's leaf for entry `e` must be the entry's leaf hash.
absl::Status CheckLeaf(const Store& source, const JournalEntry& e) {
  absl::StatusOr<std::optional<Hash>> leaf = source.GetMerkleNode(0, e.index);
  if (!leaf.ok()) return leaf.status();
  if (!leaf->has_value()) {
    absl::StatusOr<uint64_t> leaves = StoredLeafCount(source, e.index);
    if (!leaves.ok()) return leaves.status();
    return Bad(e.index, StrCat("not in the stored Merkle tree, which has ", *leaves, " leaves"));
  }
  if (**leaf != LeafHash(EncodeJournalEntry(e))) {
    return Bad(e.index, "its Merkle leaf differs from the stored tree");
  }
  return absl::OkStatus();
}

// Re-applies entry `e` and checks that it produces exactly the same entry, and that the
// stored tree holds it. Sets `id` to its operation's id.
absl::Status ReplayEntry(const Store& source, const Genesis& genesis,
                         const CommunityId& community, const JournalEntry& e, Overlay& batch,
                         JournalHead& head, MerkleAppender& tree, OperationId* id) {
  if (e.previous_hash != head.hash) {
    return Bad(e.index, StrCat("its previous hash does not match entry ", e.index - 1));
  }
  if (e.outcome != ResultCode::kAccepted) return Bad(e.index, "records an unknown outcome");
  VerifiedOperation op;
  if (Rejection r = VerifyOperation(community, e.signed_bytes, &op, /*allow_system=*/true);
      !r.ok()) {
    return Bad(e.index, r.message);
  }
  *id = op.operation.id;
  absl::StatusOr<Outcome> outcome =
      ApplyOperation(genesis, e.timestamp_ms, op, batch, head, tree);
  if (!outcome.ok()) {
    return absl::Status(outcome.status().code(), StrCat("journal entry ", e.index, ": ",
                                                        ToView(outcome.status().message())));
  }
  if (outcome->code != ResultCode::kAccepted) {
    return Bad(e.index, StrCat("re-applying it is refused: ", outcome->message));
  }
  if (head.hash != HashJournalEntry(e)) return Bad(e.index, "re-applying it gives another entry");
  return CheckLeaf(source, e);
}

// The record of each replayed operation (by which the node recognises a retry), as the
// replay wrote it into `replayed`, must be the one `source` stores.
absl::Status CompareOperationRecords(const Store& source, const Store& replayed,
                                     const std::vector<std::pair<uint64_t, OperationId>>& ids) {
  for (const auto& [index, id] : ids) {
    absl::StatusOr<std::optional<OperationRecord>> want = replayed.GetOperationRecord(id);
    absl::StatusOr<std::optional<OperationRecord>> got = source.GetOperationRecord(id);
    if (!want.ok()) return want.status();
    if (!got.ok()) return Bad(index, ToView(got.status().message()));
    if (*want != *got) return Bad(index, "its stored operation record differs from the journal");
  }
  return absl::OkStatus();
}

// Above the leaves (which CheckLeaf compares one by one), every perfect subtree of a tree of
// `size` leaves must be in `actual` as it is in `expected`.
absl::Status CompareInnerNodes(const Store& actual, const Store& expected, uint64_t size) {
  for (uint32_t level = 1; level <= kMerkleLevelMax && (uint64_t{1} << level) <= size; ++level) {
    for (uint64_t index = 0; index < (size >> level); ++index) {
      absl::StatusOr<std::optional<Hash>> want = expected.GetMerkleNode(level, index);
      absl::StatusOr<std::optional<Hash>> got = actual.GetMerkleNode(level, index);
      if (!want.ok()) return want.status();
      if (!got.ok()) return got.status();
      if (*want == *got) continue;
      const uint64_t first = index << level;
      return absl::DataLossError(
          StrCat("the stored Merkle tree ", got->has_value() ? "does not match" : "lacks",
                 " its node at level ", level, ", index ", index, " (over entries ", first,
                 " to ", first + (uint64_t{1} << level) - 1, ")"));
    }
  }
  return absl::OkStatus();
}

// Once every entry up to the recorded head has been replayed into `replayed`: the head
// record names the last entry, no entry follows it, and the stored tree is the recomputed
// one, node for node, with no node beyond it.
absl::Status CheckEnds(const Store& source, const Store& replayed, const JournalHead& recorded,
                       const JournalHead& recomputed) {
  const uint64_t size = recorded.index + 1;
  if (recomputed != recorded) return Bad(recorded.index, "does not match the recorded head");
  absl::StatusOr<std::optional<JournalEntry>> beyond = source.GetEntry(size);
  if (!beyond.ok() || beyond->has_value()) {
    return Bad(size, StrCat("follows the recorded head, entry ", recorded.index));
  }
  if (absl::Status s = CompareInnerNodes(source, replayed, size); !s.ok()) return s;
  absl::StatusOr<uint64_t> leaves = StoredLeafCount(source, size);
  if (!leaves.ok()) return leaves.status();
  if (*leaves != size) {
    return absl::DataLossError(StrCat("the journal ends at entry ", recorded.index,
                                      " but its Merkle tree has ", *leaves, " leaves: entries ",
                                      size, " to ", *leaves - 1, " are missing"));
  }
  for (uint32_t level = 1; level <= kMerkleLevelMax; ++level) {
    absl::StatusOr<std::optional<Hash>> node = source.GetMerkleNode(level, size >> level);
    if (!node.ok()) return node.status();
    if (node->has_value()) {
      return absl::DataLossError(StrCat("the stored Merkle tree has a node beyond its ", size,
                                        " leaves (level ", level, ", index ", size >> level,
                                        ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReplayJournal(const Store& source, Store* target,
                           const std::function<void(uint64_t, uint64_t)>& progress) {
  absl::StatusOr<std::optional<JournalHead>> source_head = source.GetHead();
  if (!source_head.ok()) return source_head.status();
  if (!source_head->has_value()) return absl::NotFoundError("the journal is empty");
  const uint64_t last = (*source_head)->index;

  absl::StatusOr<JournalEntry> first = ReadEntry(source, 0, last);
  if (!first.ok()) return first.status();
  absl::StatusOr<Genesis> genesis = ReadGenesis(source, *first);
  if (!genesis.ok()) return genesis.status();
  absl::StatusOr<std::unique_ptr<Ledger>> ledger = Ledger::Create(target, *genesis);
  if (!ledger.ok()) return ledger.status();
  const CommunityId community = (*ledger)->community_id();
  JournalHead head = (*ledger)->head();
  if (head.hash != HashJournalEntry(*first)) {
    return Bad(0, "re-creating it from its genesis gives another entry");
  }
  if (absl::Status s = CheckLeaf(source, *first); !s.ok()) return s;
  absl::StatusOr<MerkleAppender> tree = MerkleAppender::Resume(StoreMerkleNodes(*target), 1);
  if (!tree.ok()) return tree.status();

  int64_t previous_ms = first->timestamp_ms;
  for (uint64_t start = 1; start <= last; start += kReplayEntriesPerCommit) {
    Overlay batch(target);
    const uint64_t end = std::min(last, start + kReplayEntriesPerCommit - 1);
    std::vector<std::pair<uint64_t, OperationId>> ids;
    for (uint64_t i = start; i <= end; ++i) {
      absl::StatusOr<JournalEntry> e = ReadEntry(source, i, last);
      if (!e.ok()) return e.status();
      if (e->timestamp_ms < previous_ms) return Bad(i, "goes back in time");
      previous_ms = e->timestamp_ms;
      OperationId id{};
      if (absl::Status s = ReplayEntry(source, *genesis, community, *e, batch, head, *tree, &id);
          !s.ok()) {
        return s;
      }
      ids.emplace_back(i, id);
    }
    if (!batch.status().ok()) return batch.status();
    if (absl::Status s = target->Commit(batch.delta()); !s.ok()) return s;
    if (absl::Status s = CompareOperationRecords(source, *target, ids); !s.ok()) return s;
    if (progress) progress(end, last);
  }
  return CheckEnds(source, *target, **source_head, head);
}

namespace {

// One record of either store as (key, bytes), so both are compared the same way.
using Rows = std::vector<std::pair<std::string, std::string>>;

// The indexes derived from the accounts: each one's history, and for each of its keys the
// accounts that hold it.
absl::Status AccountIndexRows(const Store& store, const std::vector<Account>& accounts,
                              Rows& rows) {
  for (const Account& a : accounts) {
    absl::StatusOr<std::vector<uint64_t>> history =
        store.GetHistory(a.handle, UINT64_MAX, std::numeric_limits<size_t>::max());
    if (!history.ok()) return history.status();
    std::string bytes;
    for (uint64_t index : *history) StrAppend(&bytes, index, ",");
    rows.emplace_back("history of " + a.handle, bytes);
    for (const PublicKey& key : a.keys) {
      absl::StatusOr<std::vector<std::string>> holders = store.FindAccountsByKey(key);
      if (!holders.ok()) return holders.status();
      std::string handles;
      for (const std::string& holder : *holders) StrAppend(&handles, holder, ",");
      rows.emplace_back(StrCat("key index of ", a.handle, "'s key ", ToHex(key).substr(0, 16)),
                        handles);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Rows> Snapshot(const Store& store) {
  Rows rows;
  std::vector<Account> accounts;
  absl::Status s = store.ForEachAccount([&](const Account& a) {
    rows.emplace_back("account " + a.handle, EncodeAccount(a));
    accounts.push_back(a);
    return true;
  });
  if (!s.ok()) return s;
  if (s = AccountIndexRows(store, accounts, rows); !s.ok()) return s;
  s = store.ForEachBalance([&](const BalanceKey& k, const Balance& b) {
    rows.emplace_back(StrCat("balance ", k.first, " ", k.second), EncodeBalance(b));
    return true;
  });
  if (!s.ok()) return s;
  s = store.ForEachPending([&](const Pending& p) {
    rows.emplace_back("pending transfer " + OperationIdToHex(p.id), EncodePending(p));
    return true;
  });
  if (!s.ok()) return s;
  absl::StatusOr<std::vector<OperationId>> expiring =
      store.ListExpiredPendings(INT64_MAX, std::numeric_limits<size_t>::max());
  if (!expiring.ok()) return expiring.status();
  std::string expiry_queue;
  for (const OperationId& id : *expiring) StrAppend(&expiry_queue, OperationIdToHex(id), ",");
  rows.emplace_back("expiry queue of open pending transfers", expiry_queue);
  s = store.ForEachSkill([&](const Skill& skill) {
    rows.emplace_back("skill " + skill.code, EncodeSkill(skill));
    return true;
  });
  if (!s.ok()) return s;
  s = store.ForEachListing([&](const Listing& l) {
    rows.emplace_back("listing " + OperationIdToHex(l.id), EncodeListing(l));
    return true;
  });
  if (!s.ok()) return s;
  s = store.ForEachRequest([&](const PaymentRequest& q) {
    rows.emplace_back("payment request " + OperationIdToHex(q.id), EncodeRequest(q));
    return true;
  });
  if (!s.ok()) return s;
  s = store.ForEachReceived([&](const ReceivedKey& k, Amount a) {
    rows.emplace_back(StrCat("received ", std::get<0>(k), " ", std::get<1>(k), " ",
                             std::get<2>(k)),
                      std::to_string(a.minor_units));
    return true;
  });
  if (!s.ok()) return s;
  s = store.ForEachCorrection([&](const CorrectionKey& k, uint64_t index) {
    rows.emplace_back(StrCat("correction ", OperationIdToHex(k.first), " ", k.second),
                      std::to_string(index));
    return true;
  });
  if (!s.ok()) return s;
  return rows;
}

}  // namespace

absl::Status CompareState(const Store& expected, const Store& actual) {
  absl::StatusOr<Rows> a = Snapshot(expected);
  if (!a.ok()) return a.status();
  absl::StatusOr<Rows> b = Snapshot(actual);
  if (!b.ok()) return b.status();
  for (size_t i = 0; i < std::max(a->size(), b->size()); ++i) {
    if (i >= a->size()) return absl::DataLossError(StrCat("unexpected ", (*b)[i].first));
    if (i >= b->size()) return absl::DataLossError(StrCat("missing ", (*a)[i].first));
    if ((*a)[i].first != (*b)[i].first) {
      return absl::DataLossError(StrCat("expected ", (*a)[i].first, ", found ",
                                              (*b)[i].first));
    }
    if ((*a)[i].second != (*b)[i].second) {
      return absl::DataLossError(StrCat((*a)[i].first, " differs"));
    }
  }
  return absl::OkStatus();
}

}  // namespace noaber::ledger
