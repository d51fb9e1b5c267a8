// Reading operations back out of the journal: decoding a stored entry, and finding the
// transfer a correction reverses. Shared by the entry views and the sums over an account's
// history. Thread-safe (StateReader reads are).
#ifndef NOABER_NODE_JOURNAL_READING_H_
#define NOABER_NODE_JOURNAL_READING_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/store.h"

namespace noaber::node {

// A journal entry's signed operation, decoded.
struct DecodedEntry {
  ledger::SignedOperation signed_operation;
  ledger::Operation operation;
  std::vector<ledger::PublicKey> signers;  // sorted, as stored
};

// Decodes entry `entry` (not the genesis, entry 0). DataLoss naming the entry if the stored
// bytes do not decode.
absl::StatusOr<DecodedEntry> DecodeEntry(const ledger::JournalEntry& entry);

// The transfer that action `action_index` of the accepted operation `operation_id` made, with
// the journal entry that holds it.
struct OriginalTransfer {
  ledger::Transfer transfer;
  uint64_t index = 0;
  int64_t timestamp_ms = 0;
};

// Finds the transfer a correction names. nullopt when there is no such accepted operation or
// the action is not a transfer (the ledger refuses to correct those, so a journaled
// correction always finds one); storage errors and DataLoss as they come.
absl::StatusOr<std::optional<OriginalTransfer>> LoadOriginalTransfer(
    const ledger::StateReader& state, const ledger::OperationId& operation_id,
    uint8_t action_index);

}  // namespace noaber::node

#endif  // NOABER_NODE_JOURNAL_READING_H_
