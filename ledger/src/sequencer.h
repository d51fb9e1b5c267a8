// The deterministic heart of the write path, shared by Ledger::ApplyBatch() (live) and
// ReplayJournal() (from the journal): applies one verified operation on top of a batch
// overlay and, if accepted, appends its journal entry. Not thread-safe.
#ifndef NOABER_LEDGER_SRC_SEQUENCER_H_
#define NOABER_LEDGER_SRC_SEQUENCER_H_

#include "absl/status/statusor.h"
#include "ledger/src/overlay.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/merkle.h"

namespace noaber::ledger {

// True for operations the node writes itself (expiries): one system action, no signatures.
bool IsSystemOperation(const Operation& operation);

// The expiry the node writes for pending transfer `id` at `timestamp_ms`.
VerifiedOperation MakeExpiry(const CommunityId& community, const OperationId& id,
                             int64_t timestamp_ms);

// Applies `operation` at `timestamp_ms` on top of `batch`, advancing `head` and `tree` (the
// journal's Merkle tree, whose new nodes go into the batch) when accepted.
// A rejection is an Outcome; a storage error is a Status, after which the batch is void.
// Asserts the conservation invariants on every accepted operation (crashes on a bug).
absl::StatusOr<Outcome> ApplyOperation(const Genesis& genesis, int64_t timestamp_ms,
                                       const VerifiedOperation& operation, Overlay& batch,
                                       JournalHead& head, MerkleAppender& tree);

// Crashes unless `delta` (one action's changes over `before`) conserves every asset, keeps
// reservations balanced, keeps changed balances within their limits, and leaves the
// balances of frozen and closed accounts alone.
void AssertActionInvariants(const StateReader& before, const Delta& delta);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_SEQUENCER_H_
