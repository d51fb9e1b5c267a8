// The movements of time and money in an account's history, for the sums the node reports:
// an initiative's funding and spending, and a contribution statement. A movement is what an
// entry moved between two accounts: a transfer, a posted pending transfer (the amount posted),
// an accepted payment request, a welcome paid when an account opened, or a correction, which
// undoes an earlier transfer. Reservations (pending transfers not yet posted) move nothing.
// Thread-safe (Store reads are).
#ifndef NOABER_NODE_MOVEMENTS_H_
#define NOABER_NODE_MOVEMENTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/store.h"

namespace noaber::node {

// Entries of one account's history that one sum reads at most; beyond, the call is refused
// rather than answered from a part of the history.
inline constexpr uint64_t kHistoryEntriesSummedMax = 100'000;
// Journal indexes read from the history index at a time.
inline constexpr size_t kHistoryReadBatchEntries = 1000;

struct Movement {
  enum class Source { kTransfer, kPostedPending, kAcceptedRequest, kWelcome, kCorrection };
  Source source = Source::kTransfer;
  // For a correction these are the original transfer's: the correction undoes it, so a sum
  // subtracts it where the original was added.
  std::string from;
  std::string to;
  std::string asset;
  ledger::Amount amount;
  std::string skill;
  uint64_t index = 0;                 // the entry that made the movement
  int64_t timestamp_ms = 0;           // of that entry
  int64_t original_timestamp_ms = 0;  // a correction: when the original transfer was made
};

// Calls `fn` for every movement to or from `handle`, newest entry first, reading its history
// down to (not below) entries stamped `since_ms` (0: all of it). Returns the number of entries
// read. NotFound for an unknown account; ResourceExhausted when more than `entries_max`
// entries would be read; DataLoss when an entry does not decode; storage errors as they come.
absl::StatusOr<uint64_t> ForEachMovement(const ledger::Store& store, const ledger::Genesis& genesis,
                                         std::string_view handle, int64_t since_ms,
                                         uint64_t entries_max,
                                         const std::function<void(const Movement&)>& fn);

}  // namespace noaber::node

#endif  // NOABER_NODE_MOVEMENTS_H_
