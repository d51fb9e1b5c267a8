// Receipts: what a node returns for an accepted operation so its owner can check, without
// trusting the node, that the operation is in the journal's Merkle log (docs/merkle.md,
// section "Receipts"). Also the log's name (origin) and checking a signed checkpoint.
// Pure functions; thread-safe once InitCrypto() has returned.
//
// Statuses:
//   InvalidArgument  malformed input (a note, a proof of impossible length, index >= size).
//   Unauthenticated  the checkpoint is not signed by the log's key, or names another log.
//   DataLoss         well-formed but false: the entry rebuilt from the operation does not
//                    hash to the receipt's leaf, or the proof does not lead to the root.
#ifndef NOABER_LEDGER_RECEIPT_H_
#define NOABER_LEDGER_RECEIPT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/result.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

// The origin line of a community's checkpoints, and the name of the log's key:
// "noaber/" followed by the community id in 64 hex digits.
std::string LogOrigin(const CommunityId& community);

// Verifies that `note` is signed by the log key (name `origin`, `log_key`) and that its body
// is a checkpoint of that origin; returns the checkpoint. Statuses as in the file comment.
absl::StatusOr<Checkpoint> OpenCheckpoint(std::string_view note, std::string_view origin,
                                          const PublicKey& log_key);

struct Receipt {
  uint64_t index = 0;
  int64_t timestamp_ms = 0;
  Hash previous_hash{};
  ResultCode outcome = ResultCode::kAccepted;
  Hash leaf_hash{};
  std::string checkpoint;  // signed note
  std::vector<Hash> inclusion_proof;
};

// LeafHash(EncodeJournalEntry(entry)) of the entry made of the receipt's fields and
// `signed_bytes`: what the leaf must be if the node journaled exactly these bytes.
Hash ReceiptLeafHash(const Receipt& receipt, std::string_view signed_bytes);

// Checks a receipt against the operation's own signed bytes: the rebuilt leaf equals
// leaf_hash, the checkpoint is signed by the log key, and the proof shows the leaf at
// `index` in the checkpoint's tree. Returns that checkpoint.
absl::StatusOr<Checkpoint> VerifyReceipt(const Receipt& receipt, std::string_view signed_bytes,
                                         std::string_view origin, const PublicKey& log_key);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_RECEIPT_H_
