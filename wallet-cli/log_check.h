// Checking a node's log against what this wallet has seen (its books): checkpoints signed by
// the pinned log key, consistency between checkpoints, receipts' inclusion, and witnesses'
// cosignatures. Every failure of the log is an UnverifiedError (exit 6) whose sentence says
// what was rewritten, truncated or hidden; a node that cannot be reached is kUnreachable.
// Used by every submitting command (receipts) and by `noaber verify`. Not thread-safe.
#ifndef NOABER_WALLET_CLI_LOG_CHECK_H_
#define NOABER_WALLET_CLI_LOG_CHECK_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/v1/log.pb.h"
#include "wallet-cli/books.h"
#include "wallet-cli/node_client.h"

namespace noaber::wallet {

// A checkpoint whose log signature verified with the pinned key.
struct VerifiedCheckpoint {
  ledger::Checkpoint checkpoint;
  std::string note;
};

// A receipt as the node sent it. Unverified when a hash is not 32 bytes.
absl::StatusOr<ledger::Receipt> ReceiptFromProto(const v1::Receipt& receipt);

// The log key pinned in `*pinned` (the books', or a witness's state). With nothing pinned
// yet, pins `offered` (the key the node names, or one the user gave) and sets *pinned_now:
// trust on first use, the way ssh pins a host key. A usage error if `offered` is malformed;
// Unverified if it is not named after the log `origin`; DataLoss if the pinned key is damaged.
absl::StatusOr<ledger::VerifierKey> PinLogKey(std::string* pinned, std::string_view origin,
                                              std::string_view offered, bool* pinned_now);

// Verifies `note` with the pinned key. Unverified naming `what` ("the node's checkpoint")
// when it is not signed by that key or is of another log.
absl::StatusOr<VerifiedCheckpoint> OpenCheckpoint(const ledger::VerifierKey& key,
                                                  std::string_view origin, std::string_view note,
                                                  std::string_view what);

// OK if `seen` and `now` are views of one append-only log: equal roots for equal sizes,
// otherwise a consistency proof from `node` between them. Unverified otherwise: rewritten
// (a fork or a changed entry), or truncated when `now` is smaller than `seen` and either
// `allow_smaller` is false (`now` is the node's newest: it must not have shrunk) or the
// node cannot show `seen`'s size. `seen_label` says where `seen` comes from.
absl::Status CheckConsistent(NodeClient& node, const VerifiedCheckpoint& seen,
                             std::string_view seen_label, const VerifiedCheckpoint& now,
                             bool allow_smaller);

// OK if the receipt's operation, rebuilt from its stored bytes, is leaf `index` of `head`
// (an inclusion proof from `node`). Unverified naming the entry when it is missing (beyond
// `head`: hidden) or different (changed or removed).
absl::Status CheckReceiptIncluded(NodeClient& node, const StoredReceipt& stored,
                                  const VerifiedCheckpoint& head);

// Makes `checkpoint` the books' newest when it is larger than what they hold.
void RememberCheckpoint(Books& books, const VerifiedCheckpoint& checkpoint,
                        std::string_view node_address, int64_t now_ms);

// "the checkpoint of 42 entries this wallet saw on 2026-11-28 10:02 UTC from HOST:PORT".
std::string SeenLabel(const Books& books, const VerifiedCheckpoint& seen);

struct WitnessedCheckpoint {
  VerifiedCheckpoint checkpoint;
  std::vector<ledger::Cosignature> cosignatures;  // by the witnesses asked for
};

// The largest of the node's cosigned checkpoints (whatever order the node sends them in)
// that is signed by the log key and carries
// valid cosignatures of at least `required` of `witnesses`. Unverified when there is none,
// saying how many the best one had; also when a line by one of them fails to verify.
absl::StatusOr<WitnessedCheckpoint> SelectWitnessed(const v1::Checkpoints& checkpoints,
                                                    const ledger::VerifierKey& log_key,
                                                    std::string_view origin,
                                                    std::span<const ledger::CosignerKey> witnesses,
                                                    size_t required);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_LOG_CHECK_H_
