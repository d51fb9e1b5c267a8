// ImpactAggregator: keeps the monthly figures of the neighbourhood economy up to date, one
// journal entry at a time. The node feeds it every committed entry (incrementally, on a
// follower thread); a recomputation feeds it the whole journal; both give equal figures.
// It remembers what the entries themselves say (account kinds, the skill catalogue) and reads
// the rest from the state: a posted pending transfer's parties, an accepted payment request,
// the transfer a correction reverses (all of which never change once written).
//
// A correction subtracts the original transfer from the month the original was made in.
// Not thread-safe: one owner feeds it; copies are cheap enough to hand to a report.
#ifndef NOABER_LEDGER_IMPACT_AGGREGATOR_H_
#define NOABER_LEDGER_IMPACT_AGGREGATOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/impact/count_cache.h"
#include "ledger/impact/figures.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/store.h"

namespace noaber::impact {

class ImpactAggregator {
 public:
  // Figures of a journal holding only its genesis (entry 0).
  explicit ImpactAggregator(const ledger::Genesis& genesis);

  // Adds journal entry `entry`, which must be entry applied_index() + 1 (FailedPrecondition
  // otherwise). `state` is the ledger's committed state, at or after the entry. Entries that
  // were not accepted move nothing. DataLoss when the entry does not decode or names what the
  // state does not hold; storage errors as they come. On error nothing changed.
  absl::Status Apply(const ledger::StateReader& state, const ledger::JournalEntry& entry);

  // Applies entries applied_index() + 1 .. `last_index` read from `store` in one pass
  // (Store::ForEachEntry), stopping at the first error: DataLoss for a missing entry, the
  // store's errors (NotFound for an entry a restored store does not hold), Apply()'s errors.
  // The entries before it stay applied.
  absl::Status CatchUp(const ledger::Store& store, uint64_t last_index);

  uint64_t applied_index() const { return applied_index_; }
  const ledger::Genesis& genesis() const { return genesis_; }
  const std::map<Month, MonthFigures>& months() const { return months_; }
  const std::map<std::string, ledger::AccountKind>& kinds() const { return kinds_; }
  const std::map<std::string, ledger::Skill>& skills() const { return skills_; }

  // A byte form for the node to persist (with applied_index()), and back. Decode refuses bytes
  // that are not exactly an encoding (DataLoss).
  std::string Encode() const;
  static absl::StatusOr<ImpactAggregator> Decode(const ledger::Genesis& genesis,
                                                 std::string_view bytes);

  bool operator==(const ImpactAggregator&) const = default;

 private:
  // Adds (or with sign -1 subtracts) one movement to the month it was made in.
  void Count(const Movement& m);

  ledger::Genesis genesis_;
  uint64_t applied_index_ = 0;
  std::map<std::string, ledger::AccountKind> kinds_;
  std::map<std::string, ledger::Skill> skills_;
  std::map<Month, MonthFigures> months_;
  CountCache cache_;  // of kinds_ and months_; reset when they are replaced
};

}  // namespace noaber::impact

#endif  // NOABER_LEDGER_IMPACT_AGGREGATOR_H_
