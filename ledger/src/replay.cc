// Rebuilding state from the journal alone, and comparing two states byte for byte.
#include "noaber/ledger/strings.h"
#include "ledger/src/overlay.h"
#include "ledger/src/sequencer.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/records.h"

namespace noaber::ledger {

namespace {

constexpr uint64_t kReplayEntriesPerCommit = 4096;

absl::Status Bad(uint64_t index, std::string_view why) {
  return absl::DataLossError(StrCat("journal entry ", index, ": ", why));
}

absl::StatusOr<JournalEntry> ReadEntry(const Store& source, uint64_t index) {
  absl::StatusOr<std::optional<JournalEntry>> entry = source.GetEntry(index);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value()) return Bad(index, "missing");
  if ((*entry)->index != index) return Bad(index, "holds another index");
  return **entry;
}

// Re-applies entry `e` and checks that it produces exactly the same entry.
absl::Status ReplayEntry(const Genesis& genesis, const CommunityId& community,
                         const JournalEntry& e, Overlay& batch, JournalHead& head,
                         MerkleAppender& tree) {
  if (e.previous_hash != head.hash) return Bad(e.index, "does not link to the entry before it");
  if (e.outcome != ResultCode::kAccepted) return Bad(e.index, "records an unknown outcome");
  VerifiedOperation op;
  if (Rejection r = VerifyOperation(community, e.signed_bytes, &op, /*allow_system=*/true);
      !r.ok()) {
    return Bad(e.index, r.message);
  }
  absl::StatusOr<Outcome> outcome =
      ApplyOperation(genesis, e.timestamp_ms, op, batch, head, tree);
  if (!outcome.ok()) return outcome.status();
  if (outcome->code != ResultCode::kAccepted) {
    return Bad(e.index, StrCat("re-applying it is refused: ", outcome->message));
  }
  if (head.hash != HashJournalEntry(e)) return Bad(e.index, "re-applying it gives another entry");
  return absl::OkStatus();
}

// Every perfect subtree of a tree of `size` leaves, in `expected` and `actual`, must match.
absl::Status CompareMerkleTrees(const Store& actual, const Store& expected, uint64_t size) {
  for (uint32_t level = 0; level <= kMerkleLevelMax && (uint64_t{1} << level) <= size; ++level) {
    for (uint64_t index = 0; index < (size >> level); ++index) {
      absl::StatusOr<std::optional<Hash>> want = expected.GetMerkleNode(level, index);
      absl::StatusOr<std::optional<Hash>> got = actual.GetMerkleNode(level, index);
      if (!want.ok()) return want.status();
      if (!got.ok()) return got.status();
      if (*want != *got) {
        return absl::DataLossError(StrCat("the journal's stored Merkle tree does not match its "
                                          "entries at level ", level, ", index ", index));
      }
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

  absl::StatusOr<JournalEntry> first = ReadEntry(source, 0);
  if (!first.ok()) return first.status();
  absl::StatusOr<Genesis> genesis = DecodeGenesis(first->signed_bytes);
  if (!genesis.ok()) return Bad(0, ToView(genesis.status().message()));
  if (first->timestamp_ms != genesis->created_ms || first->previous_hash != Hash{}) {
    return Bad(0, "does not match the genesis it holds");
  }
  absl::StatusOr<std::unique_ptr<Ledger>> ledger = Ledger::Create(target, *genesis);
  if (!ledger.ok()) return ledger.status();
  const CommunityId community = (*ledger)->community_id();
  JournalHead head = (*ledger)->head();
  absl::StatusOr<MerkleAppender> tree = MerkleAppender::Resume(StoreMerkleNodes(*target), 1);
  if (!tree.ok()) return tree.status();

  int64_t previous_ms = first->timestamp_ms;
  for (uint64_t start = 1; start <= last; start += kReplayEntriesPerCommit) {
    Overlay batch(target);
    const uint64_t end = std::min(last, start + kReplayEntriesPerCommit - 1);
    for (uint64_t i = start; i <= end; ++i) {
      absl::StatusOr<JournalEntry> e = ReadEntry(source, i);
      if (!e.ok()) return e.status();
      if (e->timestamp_ms < previous_ms) return Bad(i, "goes back in time");
      previous_ms = e->timestamp_ms;
      if (absl::Status s = ReplayEntry(*genesis, community, *e, batch, head, *tree); !s.ok()) {
        return s;
      }
    }
    if (!batch.status().ok()) return batch.status();
    if (absl::Status s = target->Commit(batch.delta()); !s.ok()) return s;
    if (progress) progress(end, last);
  }
  if (head != **source_head) return absl::DataLossError("the journal's head does not match");
  // The tree the source stores (what proofs are made from) must be the tree of its entries,
  // node for node: the target now holds the tree recomputed from them.
  return CompareMerkleTrees(source, *target, last + 1);
}

namespace {

// One record of either store as (key, bytes), so both are compared the same way.
using Rows = std::vector<std::pair<std::string, std::string>>;

absl::StatusOr<Rows> Snapshot(const Store& store) {
  Rows rows;
  absl::Status s = store.ForEachAccount([&](const Account& a) {
    rows.emplace_back("account " + a.handle, EncodeAccount(a));
    return true;
  });
  if (!s.ok()) return s;
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
