#include "node/checkpoint_log.h"

#include <cstdlib>
#include <utility>

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrCat;

namespace {

std::string VerifierKeyOf(std::string_view origin, const ledger::PublicKey& key) {
  absl::StatusOr<std::string> text = ledger::EncodeVerifierKey(origin, key);
  if (!text.ok()) std::abort();  // origins are made by ledger::LogOrigin: always valid
  return *std::move(text);
}

}  // namespace

CheckpointLog::CheckpointLog(std::string origin, const ledger::KeyPair& log_key,
                             const ledger::MerkleNodeSource* nodes, CheckpointLogOptions options,
                             std::function<int64_t()> clock_ms)
    : origin_(std::move(origin)),
      log_key_(log_key),
      verifier_key_(VerifierKeyOf(origin_, log_key.public_key)),
      nodes_(nodes),
      options_(std::move(options)),
      clock_ms_(std::move(clock_ms)) {}

absl::StatusOr<SignedCheckpoint> CheckpointLog::Sign(uint64_t size,
                                                     const ledger::Hash& root) const {
  SignedCheckpoint signed_checkpoint;
  signed_checkpoint.checkpoint = ledger::Checkpoint{origin_, size, root};
  absl::StatusOr<std::string> note = ledger::SignNote(
      ledger::FormatCheckpointBody(signed_checkpoint.checkpoint), origin_, log_key_.secret_key);
  if (!note.ok()) return note.status();
  signed_checkpoint.note = *std::move(note);
  return signed_checkpoint;
}

absl::Status CheckpointLog::Publish(uint64_t size, const ledger::Hash& root) {
  absl::StatusOr<SignedCheckpoint> signed_checkpoint = Sign(size, root);
  if (!signed_checkpoint.ok()) return signed_checkpoint.status();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!latest_.note.empty() && size < latest_.checkpoint.size) {
    return absl::InternalError(
        StrCat("checkpoint of ", size, " entries after one of ", latest_.checkpoint.size));
  }
  latest_ = *std::move(signed_checkpoint);
  if (for_witnesses_.note.empty()) {
    for_witnesses_ = latest_;
    for_witnesses_since_ms_ = clock_ms_();
  }
  return absl::OkStatus();
}

SignedCheckpoint CheckpointLog::latest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

void CheckpointLog::RotateForWitnessesLocked(int64_t now_ms) {
  if (latest_.checkpoint.size <= for_witnesses_.checkpoint.size) return;
  bool all_cosigned = !options_.witnesses.empty();
  auto found = cosigned_.find(for_witnesses_.checkpoint.size);
  for (const ledger::CosignerKey& witness : options_.witnesses) {
    if (found == cosigned_.end() || !found->second.lines.contains(witness.name)) {
      all_cosigned = false;
    }
  }
  // Nobody has cosigned the one on offer yet: offering the latest instead costs nothing.
  const bool none_cosigned = found == cosigned_.end() || found->second.lines.empty();
  if (all_cosigned || none_cosigned ||
      now_ms - for_witnesses_since_ms_ >= options_.witness_interval_ms) {
    for_witnesses_ = latest_;
    for_witnesses_since_ms_ = now_ms;
  }
}

CheckpointView CheckpointLog::View() {
  const int64_t now_ms = clock_ms_();
  std::lock_guard<std::mutex> lock(mutex_);
  RotateForWitnessesLocked(now_ms);
  CheckpointView view{latest_, for_witnesses_, {}};
  for (const auto& [size, cosigned] : cosigned_) {
    std::string note = cosigned.checkpoint.note;
    for (const auto& [name, line] : cosigned.lines) note += line;
    view.cosigned.push_back(std::move(note));
  }
  return view;
}

absl::StatusOr<SignedCheckpoint> CheckpointLog::CheckpointOfSize(uint64_t size) const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (size > latest_.checkpoint.size) {
      return absl::InvalidArgumentError(StrCat("the log has no checkpoint of ", size,
                                               " entries yet; it has ", latest_.checkpoint.size));
    }
    if (size == latest_.checkpoint.size) return latest_;
    if (size == for_witnesses_.checkpoint.size) return for_witnesses_;
    auto found = cosigned_.find(size);
    if (found != cosigned_.end()) return found->second.checkpoint;
  }
  if (size == 0) return absl::InvalidArgumentError("the empty tree has no checkpoint");
  absl::StatusOr<ledger::Hash> root = ledger::RootHash(*nodes_, size);
  if (!root.ok()) return root.status();
  return Sign(size, *root);
}

absl::StatusOr<std::string> CheckpointLog::AddCosignature(uint64_t size, std::string_view line) {
  absl::StatusOr<SignedCheckpoint> checkpoint = CheckpointOfSize(size);
  if (!checkpoint.ok()) return checkpoint.status();
  // The line must be exactly one signature line; appended to the node's note it must parse.
  if (line.empty() || line.back() != '\n' || line.find('\n') != line.size() - 1) {
    return absl::InvalidArgumentError(
        "a cosignature is one signature line ending in a newline: \"— <name> <base64>\\n\"");
  }
  const std::string cosigned_note = StrCat(checkpoint->note, line);
  absl::StatusOr<ledger::Note> note = ledger::ParseNote(cosigned_note);
  if (!note.ok()) {
    return absl::InvalidArgumentError(
        StrCat("malformed cosignature line: ", ledger::ToView(note.status().message())));
  }
  const ledger::NoteSignature& signature = note->signatures.back();
  const ledger::CosignerKey* witness = nullptr;
  for (const ledger::CosignerKey& key : options_.witnesses) {
    if (key.name == signature.name && key.key_id == signature.key_id) witness = &key;
  }
  if (witness == nullptr) {
    return absl::PermissionDeniedError(StrCat("'", signature.name,
                                              "' is not a witness of this node (see the node's "
                                              "witnesses setting)"));
  }
  if (absl::StatusOr<ledger::TimestampedSignature> parsed =
          ledger::ParseTimestampedSignature(signature.signature);
      !parsed.ok()) {
    return absl::InvalidArgumentError(StrCat("malformed cosignature by '", witness->name,
                                             "': ", ledger::ToView(parsed.status().message())));
  }
  ledger::Note only_line{note->body, {signature}};
  absl::StatusOr<std::vector<ledger::Cosignature>> verified =
      ledger::VerifyCosignatures(only_line, std::span<const ledger::CosignerKey>(witness, 1));
  if (!verified.ok()) return verified.status();
  if (verified->empty()) {
    return absl::UnauthenticatedError(StrCat("the cosignature by '", witness->name,
                                             "' does not verify over the checkpoint of ", size,
                                             " entries"));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!cosigned_.contains(size) && cosigned_.size() >= kCosignedCheckpointsMax &&
      size < std::prev(cosigned_.end())->first) {
    return absl::FailedPreconditionError(
        StrCat("the checkpoint of ", size, " entries is older than the ", kCosignedCheckpointsMax,
               " cosigned checkpoints the node keeps; cosign a newer one"));
  }
  Cosigned& cosigned = cosigned_[size];
  cosigned.checkpoint = *std::move(checkpoint);
  cosigned.lines[witness->name] = std::string(line);
  while (cosigned_.size() > kCosignedCheckpointsMax) cosigned_.erase(std::prev(cosigned_.end()));
  return witness->name;
}

}  // namespace noaber::node
