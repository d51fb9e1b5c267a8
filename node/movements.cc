#include "node/movements.h"

#include <limits>
#include <variant>

#include "noaber/ledger/strings.h"
#include "node/journal_reading.h"

namespace noaber::node {

namespace {

using ledger::StrCat;
using Source = Movement::Source;

// Collects the movements one entry's actions made, reading the state they refer to.
class MovementFinder {
 public:
  MovementFinder(const ledger::Store& store, const ledger::Genesis& genesis,
                 const ledger::JournalEntry& entry, std::vector<Movement>* out)
      : store_(store), genesis_(genesis), entry_(entry), out_(out) {}

  absl::Status operator()(const ledger::OpenAccount& a) {
    for (const ledger::Asset& asset : genesis_.assets) {
      const ledger::Amount welcome = ledger::WelcomeFor(genesis_, a.kind, asset.code);
      if (welcome.minor_units > 0) {
        Add(Source::kWelcome, ledger::kCommunityHandle, a.handle, asset.code, welcome, "");
      }
    }
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::Transfer& t) {
    Add(Source::kTransfer, t.from, t.to, t.asset, t.amount, t.skill);
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::PostPending& p) {
    absl::StatusOr<std::optional<ledger::Pending>> pending = store_.GetPending(p.pending_id);
    if (!pending.ok()) return pending.status();
    if (!pending->has_value()) return Missing("pending transfer");
    const ledger::Pending& found = **pending;
    Add(Source::kPostedPending, found.from, found.to, found.asset, p.amount.value_or(found.amount),
        found.skill);
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::AcceptRequest& a) {
    absl::StatusOr<std::optional<ledger::PaymentRequest>> request = store_.GetRequest(a.request_id);
    if (!request.ok()) return request.status();
    if (!request->has_value()) return Missing("payment request");
    const ledger::PaymentRequest& found = **request;
    Add(Source::kAcceptedRequest, found.payer, found.payee, found.asset, found.amount, found.skill);
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::CorrectTransfer& c) {
    absl::StatusOr<std::optional<OriginalTransfer>> original =
        LoadOriginalTransfer(store_, c.original_id, c.action_index);
    if (!original.ok()) return original.status();
    if (!original->has_value()) return Missing("corrected transfer");
    const ledger::Transfer& t = (*original)->transfer;
    Add(Source::kCorrection, t.from, t.to, t.asset, t.amount, t.skill);
    out_->back().original_timestamp_ms = (*original)->timestamp_ms;
    return absl::OkStatus();
  }
  // Everything else moves nothing.
  template <typename OtherAction>
  absl::Status operator()(const OtherAction&) {
    return absl::OkStatus();
  }

 private:
  void Add(Source source, std::string_view from, std::string_view to, std::string_view asset,
           ledger::Amount amount, std::string_view skill) {
    out_->push_back(Movement{source, std::string(from), std::string(to), std::string(asset), amount,
                             std::string(skill), entry_.index, entry_.timestamp_ms, 0});
  }
  // The journal names something the state does not hold: the store is damaged.
  absl::Status Missing(std::string_view what) const {
    return absl::DataLossError(
        StrCat("journal entry ", entry_.index, " names a ", what, " the state does not hold"));
  }

  const ledger::Store& store_;
  const ledger::Genesis& genesis_;
  const ledger::JournalEntry& entry_;
  std::vector<Movement>* out_;
};

absl::Status MovementsOf(const ledger::Store& store, const ledger::Genesis& genesis,
                         const ledger::JournalEntry& entry, std::vector<Movement>* out) {
  absl::StatusOr<DecodedEntry> decoded = DecodeEntry(entry);
  if (!decoded.ok()) return decoded.status();
  for (const ledger::Action& action : decoded->operation.actions) {
    if (absl::Status s = std::visit(MovementFinder(store, genesis, entry, out), action); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<uint64_t> ForEachMovement(const ledger::Store& store, const ledger::Genesis& genesis,
                                         std::string_view handle, int64_t since_ms,
                                         uint64_t entries_max,
                                         const std::function<void(const Movement&)>& fn) {
  absl::StatusOr<std::optional<ledger::Account>> account = store.GetAccount(handle);
  if (!account.ok()) return account.status();
  if (!account->has_value()) return absl::NotFoundError(StrCat("no account '", handle, "'"));
  uint64_t before = std::numeric_limits<uint64_t>::max();
  uint64_t read = 0;
  // Each round reads one batch of the history; the history is finite and `before` falls.
  while (true) {
    absl::StatusOr<std::vector<uint64_t>> indexes =
        store.GetHistory(handle, before, kHistoryReadBatchEntries);
    if (!indexes.ok()) return indexes.status();
    for (uint64_t index : *indexes) {
      if (index == 0) continue;  // the genesis moves nothing
      absl::StatusOr<std::optional<ledger::JournalEntry>> entry = store.GetEntry(index);
      if (!entry.ok()) return entry.status();
      if (!entry->has_value())
        return absl::DataLossError(StrCat("journal entry ", index, " is missing"));
      if ((*entry)->timestamp_ms < since_ms) return read;
      if (++read > entries_max) {
        return absl::ResourceExhaustedError(
            StrCat("the history of '", handle, "' is longer than ", entries_max,
                   " entries, more than the node sums in one call"));
      }
      std::vector<Movement> movements;
      if (absl::Status s = MovementsOf(store, genesis, **entry, &movements); !s.ok()) return s;
      for (const Movement& m : movements) {
        if (m.from == handle || m.to == handle) fn(m);
      }
    }
    if (indexes->size() < kHistoryReadBatchEntries) return read;
    before = indexes->back();
  }
}

}  // namespace noaber::node
