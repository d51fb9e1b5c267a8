#include "noaber/ledger/receipt.h"

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

std::string LogOrigin(const CommunityId& community) {
  return StrCat("noaber/", ToHex(community));
}

absl::StatusOr<Checkpoint> OpenCheckpoint(std::string_view note, std::string_view origin,
                                          const PublicKey& log_key) {
  absl::StatusOr<Note> verified = VerifyNote(note, origin, log_key);
  if (!verified.ok()) return verified.status();
  absl::StatusOr<Checkpoint> checkpoint = ParseCheckpointBody(verified->body);
  if (!checkpoint.ok()) return checkpoint.status();
  if (checkpoint->origin != origin) {
    return absl::UnauthenticatedError(StrCat("the checkpoint is of the log '", checkpoint->origin,
                                             "', not of '", origin, "'"));
  }
  return checkpoint;
}

Hash ReceiptLeafHash(const Receipt& receipt, std::string_view signed_bytes) {
  JournalEntry entry;
  entry.index = receipt.index;
  entry.timestamp_ms = receipt.timestamp_ms;
  entry.previous_hash = receipt.previous_hash;
  entry.outcome = receipt.outcome;
  entry.signed_bytes = std::string(signed_bytes);
  return LeafHash(EncodeJournalEntry(entry));
}

absl::StatusOr<Checkpoint> VerifyReceipt(const Receipt& receipt, std::string_view signed_bytes,
                                         std::string_view origin, const PublicKey& log_key) {
  if (ReceiptLeafHash(receipt, signed_bytes) != receipt.leaf_hash) {
    return absl::DataLossError(
        StrCat("the receipt's leaf hash is not that of entry ", receipt.index,
               " holding this operation: the node journaled something else"));
  }
  absl::StatusOr<Checkpoint> checkpoint = OpenCheckpoint(receipt.checkpoint, origin, log_key);
  if (!checkpoint.ok()) {
    return absl::Status(checkpoint.status().code(),
                        StrCat("the receipt's checkpoint: ", ToView(checkpoint.status().message())));
  }
  if (receipt.index >= checkpoint->size) {
    return absl::InvalidArgumentError(StrCat("the receipt's checkpoint has ", checkpoint->size,
                                             " entries, so it cannot hold entry ", receipt.index));
  }
  absl::Status included = VerifyInclusion(receipt.leaf_hash, receipt.index, checkpoint->size,
                                          receipt.inclusion_proof, checkpoint->root);
  if (!included.ok()) {
    return absl::Status(included.code(),
                        StrCat("entry ", receipt.index, " is not in the tree of ", checkpoint->size,
                               " entries: ", ToView(included.message())));
  }
  return checkpoint;
}

}  // namespace noaber::ledger
