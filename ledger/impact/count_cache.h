// CountCache: what ImpactAggregator::Count() found in its maps before, so that counting a
// movement costs a few hash lookups instead of a dozen searches of maps keyed by strings: each
// account's kind by handle (and a number that keys the rest), the bounds of the month counted
// last, and, for the latest month counted, where in that month's figures each resident's
// numbers are. A cache only: the figures stay the truth and change exactly as without it (the
// impact tests compare counting with it to counting that starts each entry without it).
//
// Owned by one ImpactAggregator, whose figures it points into: a copy or move of it starts
// empty, and any two compare equal. While it lives, those figures may grow, but elements of
// the month followed leave them only through AddToPerson and AddToResident; the aggregator
// starts a new cache when it replaces its figures. Not thread-safe, like its aggregator.
#ifndef NOABER_LEDGER_IMPACT_COUNT_CACHE_H_
#define NOABER_LEDGER_IMPACT_COUNT_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ledger/impact/figures.h"
#include "ledger/impact/month.h"
#include "noaber/ledger/types.h"

namespace noaber::impact {

class CountCache {
 public:
  // An account as counting needs it.
  struct Party {
    ledger::AccountKind kind;
    uint32_t number;  // one per handle, in this cache only
  };

  CountCache() = default;
  CountCache(const CountCache&) {}
  CountCache& operator=(const CountCache&) {
    Clear();
    return *this;
  }
  // Moving an aggregator moves its figures' map nodes, which both caches may point into:
  // both start empty.
  CountCache(CountCache&& other) noexcept { other.Clear(); }
  CountCache& operator=(CountCache&& other) noexcept {
    Clear();
    other.Clear();
    return *this;
  }
  bool operator==(const CountCache&) const { return true; }

  // The account `handle` as `kinds` holds it; a resident when it holds no kind for it (the
  // ledger refuses movements to or from accounts that were never opened).
  Party PartyOf(std::string_view handle, const std::map<std::string, ledger::AccountKind>& kinds);
  // Call when the kind of `handle` in those `kinds` changes to `kind`.
  void SetKind(std::string_view handle, ledger::AccountKind kind);

  // MonthOf(timestamp_ms).
  Month MonthOf(int64_t timestamp_ms);

  // Whether AddToPerson and AddToResident may be used for the figures of `month`: true for
  // the latest month asked about; a later month replaces it, and what was cached of it goes.
  bool Follows(Month month);
  // Adds `sign` to cell->persons[handle] of `party` (inserting it at zero first), and erases
  // it when that makes it zero. `cell` belongs to the month Follows() accepted last.
  void AddToPerson(Cell* cell, std::string_view handle, const Party& party, int64_t sign);
  // Adds to month->residents[handle] of `party`, erasing it when both its numbers become zero.
  // `month` is the month Follows() accepted last.
  void AddToResident(MonthFigures* month, std::string_view handle, const Party& party, int64_t gave,
                     int64_t received);

  // Forgets everything.
  void Clear();

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Residents = std::map<std::string, ResidentMonth>;
  // Where one resident's numbers are in the figures of the month followed. Kept together so
  // the few looked up for one movement are close in memory.
  struct Places {
    bool in_residents = false;
    Residents::iterator resident;  // when in_residents
    // The resident's element of persons in each cell of the month counted about them so far.
    absl::flat_hash_map<const Cell*, Persons::iterator> cells;
  };

  // The places of party `number`.
  Places& PlacesOf(uint32_t number);

  absl::flat_hash_map<std::string, Party, StringHash, std::equal_to<>> parties_;
  bool month_known_ = false;  // whether month_ and its bounds hold a month
  Month month_ = 0;
  int64_t month_start_ms_ = 0;
  int64_t month_end_ms_ = 0;  // the start of the next month
  bool following_ = false;    // whether followed_ holds a month
  Month followed_ = 0;
  std::vector<Places> places_;  // by party number, for the month followed
};

}  // namespace noaber::impact

#endif  // NOABER_LEDGER_IMPACT_COUNT_CACHE_H_
