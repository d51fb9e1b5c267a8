// The node's side of the verifiable log: it signs a checkpoint (C2SP tlog-checkpoint) of the
// journal's Merkle tree after every committed batch, offers one checkpoint at a time for the
// configured witnesses to cosign, and keeps the cosignatures they send (C2SP
// tlog-cosignature) for the most recent cosigned checkpoints. See docs/merkle.md.
//
// Owned by the node; borrows the Merkle node source (the store), which must outlive it.
// Thread-safe: Publish runs on the sequencer, the rest on gRPC threads.
#ifndef NOABER_NODE_CHECKPOINT_LOG_H_
#define NOABER_NODE_CHECKPOINT_LOG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/merkle.h"

namespace noaber::node {

// How long one checkpoint stays the one witnesses are asked to cosign, unless every witness
// has cosigned it sooner (and the log has grown).
inline constexpr int64_t kWitnessIntervalMsDefault = 10'000;
// Cosigned checkpoints kept and served, largest first.
inline constexpr size_t kCosignedCheckpointsMax = 8;

struct SignedCheckpoint {
  ledger::Checkpoint checkpoint;
  std::string note;  // the body and the log's signature line
};

struct CheckpointLogOptions {
  std::vector<ledger::CosignerKey> witnesses;
  int64_t witness_interval_ms = kWitnessIntervalMsDefault;
};

// What GetCheckpoint serves.
struct CheckpointView {
  SignedCheckpoint latest;
  SignedCheckpoint for_witnesses;
  std::vector<std::string> cosigned;  // notes with cosignature lines, largest tree first
};

class CheckpointLog {
 public:
  // `origin` names the log and its key (ledger::LogOrigin). `nodes` serves roots of past
  // sizes, for cosignatures of checkpoints other than the latest.
  CheckpointLog(std::string origin, const ledger::KeyPair& log_key,
                const ledger::MerkleNodeSource* nodes, CheckpointLogOptions options,
                std::function<int64_t()> clock_ms);

  const std::string& origin() const { return origin_; }
  // "<origin>+<key id>+<base64 key>".
  const std::string& verifier_key() const { return verifier_key_; }
  const std::vector<ledger::CosignerKey>& witnesses() const { return options_.witnesses; }
  // The tree's nodes, for proofs (the node passes a MerkleNodeCache over the store).
  const ledger::MerkleNodeSource& nodes() const { return *nodes_; }

  // Signs the checkpoint of a tree of `size` leaves with root `root` and makes it the latest.
  // Sizes never go down: a smaller size than the latest is an Internal error.
  absl::Status Publish(uint64_t size, const ledger::Hash& root);

  SignedCheckpoint latest() const;
  // The latest, the one for witnesses (moved on to the latest when due) and the cosigned.
  CheckpointView View();

  // Checks and keeps one witness's cosignature line of the checkpoint of `size` leaves (at
  // most the latest size). Returns the witness's name. InvalidArgument for a malformed line
  // or size; PermissionDenied when the line is by no configured witness; Unauthenticated when
  // it does not verify over that checkpoint; FailedPrecondition when the checkpoint is older
  // than every one of the kCosignedCheckpointsMax kept (it would be dropped at once).
  absl::StatusOr<std::string> AddCosignature(uint64_t size, std::string_view line);

 private:
  struct Cosigned {
    SignedCheckpoint checkpoint;
    std::map<std::string, std::string> lines;  // by witness name
  };

  // The signed checkpoint of `size` leaves (the latest's, or re-made from the tree).
  absl::StatusOr<SignedCheckpoint> CheckpointOfSize(uint64_t size) const;
  absl::StatusOr<SignedCheckpoint> Sign(uint64_t size, const ledger::Hash& root) const;
  void RotateForWitnessesLocked(int64_t now_ms);

  const std::string origin_;
  ledger::KeyPair log_key_;
  const ledger::KeyGuard log_key_guard_{&log_key_};
  const std::string verifier_key_;
  const ledger::MerkleNodeSource* const nodes_;
  const CheckpointLogOptions options_;
  const std::function<int64_t()> clock_ms_;

  mutable std::mutex mutex_;
  SignedCheckpoint latest_;
  SignedCheckpoint for_witnesses_;
  int64_t for_witnesses_since_ms_ = 0;
  std::map<uint64_t, Cosigned, std::greater<>> cosigned_;  // by size, largest first
};

}  // namespace noaber::node

#endif  // NOABER_NODE_CHECKPOINT_LOG_H_
