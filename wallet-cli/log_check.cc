#include "wallet-cli/log_check.h"

#include <optional>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/output.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

absl::StatusOr<std::vector<ledger::Hash>> HashesFrom(
    const google::protobuf::RepeatedPtrField<std::string>& hashes, std::string_view what) {
  std::vector<ledger::Hash> out;
  for (const std::string& bytes : hashes) {
    if (bytes.size() != ledger::Hash().size()) {
      return UnverifiedError(
          StrCat("the node sent ", what, " with a hash of ", bytes.size(), " bytes instead of 32"));
    }
    ledger::Hash hash{};
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    out.push_back(hash);
  }
  return out;
}

// The consistency proof from `old_size` to `new_size` verified against the two roots.
absl::Status ProveConsistent(NodeClient& node, const ledger::Checkpoint& old_checkpoint,
                             const ledger::Checkpoint& new_checkpoint, bool* node_lacks_size) {
  absl::StatusOr<v1::ConsistencyProof> proof =
      node.GetConsistencyProof(old_checkpoint.size, new_checkpoint.size);
  if (!proof.ok()) {
    if (ExitCodeOf(proof.status()) == ExitCode::kRejected) *node_lacks_size = true;
    return proof.status();
  }
  absl::StatusOr<std::vector<ledger::Hash>> hashes = HashesFrom(proof->hashes(), "a proof");
  if (!hashes.ok()) return hashes.status();
  return ledger::VerifyConsistency(old_checkpoint.size, new_checkpoint.size, old_checkpoint.root,
                                   new_checkpoint.root, *hashes);
}

std::string RootText(const ledger::Hash& root) { return ledger::ToHex(root).substr(0, 16); }

}  // namespace

absl::StatusOr<ledger::Receipt> ReceiptFromProto(const v1::Receipt& proto) {
  ledger::Receipt receipt;
  receipt.index = proto.index();
  receipt.timestamp_ms = proto.timestamp_ms();
  receipt.outcome = static_cast<ledger::ResultCode>(proto.outcome());
  receipt.checkpoint = proto.checkpoint();
  google::protobuf::RepeatedPtrField<std::string> pair;
  *pair.Add() = proto.previous_hash();
  *pair.Add() = proto.leaf_hash();
  absl::StatusOr<std::vector<ledger::Hash>> hashes = HashesFrom(pair, "a receipt");
  if (!hashes.ok()) return hashes.status();
  receipt.previous_hash = (*hashes)[0];
  receipt.leaf_hash = (*hashes)[1];
  absl::StatusOr<std::vector<ledger::Hash>> proof =
      HashesFrom(proto.inclusion_proof(), "a receipt");
  if (!proof.ok()) return proof.status();
  receipt.inclusion_proof = *std::move(proof);
  return receipt;
}

absl::StatusOr<ledger::VerifierKey> PinLogKey(std::string* pinned, std::string_view origin,
                                              std::string_view offered, bool* pinned_now) {
  *pinned_now = false;
  if (pinned->empty()) {
    absl::StatusOr<ledger::VerifierKey> key = ledger::DecodeVerifierKey(offered);
    if (!key.ok()) {
      return UsageError(
          StrCat("the node's log key is malformed: ", ledger::ToView(key.status().message())));
    }
    if (key->name != origin) {
      return UnverifiedError(StrCat("the log key ", offered, " is named '", key->name,
                                    "', not after this community's log '", origin, "'"));
    }
    *pinned = std::string(offered);
    *pinned_now = true;
  }
  absl::StatusOr<ledger::VerifierKey> key = ledger::DecodeVerifierKey(*pinned);
  if (!key.ok() || key->name != origin) {
    return absl::DataLossError(
        StrCat("the pinned log key ", *pinned, " is damaged or not a key of ", origin));
  }
  return key;
}

absl::StatusOr<VerifiedCheckpoint> OpenCheckpoint(const ledger::VerifierKey& key,
                                                  std::string_view origin, std::string_view note,
                                                  std::string_view what) {
  absl::StatusOr<ledger::Checkpoint> checkpoint =
      ledger::OpenCheckpoint(note, origin, key.public_key);
  if (!checkpoint.ok()) {
    return UnverifiedError(StrCat(what,
                                  " is not a checkpoint signed by the log key this wallet "
                                  "pinned (",
                                  ledger::ToView(checkpoint.status().message()), ")"));
  }
  return VerifiedCheckpoint{*checkpoint, std::string(note)};
}

absl::Status CheckConsistent(NodeClient& node, const VerifiedCheckpoint& seen,
                             std::string_view seen_label, const VerifiedCheckpoint& now,
                             bool allow_smaller) {
  const ledger::Checkpoint& a = seen.checkpoint;
  const ledger::Checkpoint& b = now.checkpoint;
  if (a.size == b.size) {
    if (a.root == b.root) return absl::OkStatus();
    return UnverifiedError(
        StrCat("history was rewritten: the node's tree of ", b.size, " entries has root ",
               RootText(b.root), "…, but ", seen_label, " has root ", RootText(a.root),
               "… (two different journals of the same length: a fork, or a changed entry)"));
  }
  const bool grew = a.size < b.size;
  if (!grew && !allow_smaller) {
    return UnverifiedError(StrCat("history was truncated: the node's newest checkpoint has ",
                                  b.size, " entries, but ", seen_label,
                                  " (a log never shrinks: entries were hidden, or this node "
                                  "is not the one whose log you saw)"));
  }
  bool node_lacks_size = false;
  absl::Status proved = grew ? ProveConsistent(node, a, b, &node_lacks_size)
                             : ProveConsistent(node, b, a, &node_lacks_size);
  if (proved.ok()) return absl::OkStatus();
  if (ExitCodeOf(proved) == ExitCode::kUnreachable) return proved;
  if (!grew && node_lacks_size) {
    return UnverifiedError(StrCat("history was truncated: the node shows a journal of ", b.size,
                                  " entries, but ", seen_label,
                                  " (entries were removed, or this node is not the one whose "
                                  "log you saw)"));
  }
  return UnverifiedError(
      StrCat("history was rewritten: the node's tree of ", std::max(a.size, b.size),
             " entries does not extend the tree of ", std::min(a.size, b.size), " entries (",
             grew ? seen_label : "the node's checkpoint", "): a fork, or a changed entry (",
             ledger::ToView(proved.message()), ")"));
}

absl::Status CheckReceiptIncluded(NodeClient& node, const StoredReceipt& stored,
                                  const VerifiedCheckpoint& head) {
  const ledger::Receipt& receipt = stored.receipt;
  const std::string entry_name = StrCat("entry ", receipt.index, " (", stored.summary, ", ",
                                        FormatTime(receipt.timestamp_ms), ")");
  if (receipt.index >= head.checkpoint.size) {
    return UnverifiedError(StrCat(entry_name, " is hidden: the node's log has only ",
                                  head.checkpoint.size, " entries"));
  }
  absl::StatusOr<v1::InclusionProof> proof =
      node.GetInclusionProof(receipt.index, head.checkpoint.size);
  if (!proof.ok()) return proof.status();
  absl::StatusOr<std::vector<ledger::Hash>> hashes = HashesFrom(proof->hashes(), "a proof");
  if (!hashes.ok()) return hashes.status();
  const ledger::Hash leaf = ledger::ReceiptLeafHash(receipt, stored.signed_operation);
  absl::Status included = ledger::VerifyInclusion(leaf, receipt.index, head.checkpoint.size,
                                                  *hashes, head.checkpoint.root);
  if (included.ok()) return absl::OkStatus();
  return UnverifiedError(StrCat(entry_name, " is not in the node's log of ", head.checkpoint.size,
                                " entries as you signed it: it was changed or removed (",
                                ledger::ToView(included.message()), ")"));
}

void RememberCheckpoint(Books& books, const VerifiedCheckpoint& checkpoint,
                        std::string_view node_address, int64_t now_ms) {
  if (!books.checkpoint.empty()) {
    absl::StatusOr<ledger::Note> note = ledger::ParseNote(books.checkpoint);
    if (note.ok()) {
      absl::StatusOr<ledger::Checkpoint> held = ledger::ParseCheckpointBody(note->body);
      if (held.ok() && held->size >= checkpoint.checkpoint.size) return;
    }
  }
  books.checkpoint = checkpoint.note;
  books.checkpoint_seen_ms = now_ms;
  books.checkpoint_node = std::string(node_address);
}

std::string SeenLabel(const Books& books, const VerifiedCheckpoint& seen) {
  return StrCat("the checkpoint of ", seen.checkpoint.size, " entries this wallet saw on ",
                FormatTime(books.checkpoint_seen_ms), " from ", books.checkpoint_node);
}

absl::StatusOr<WitnessedCheckpoint> SelectWitnessed(const v1::Checkpoints& checkpoints,
                                                    const ledger::VerifierKey& log_key,
                                                    std::string_view origin,
                                                    std::span<const ledger::CosignerKey> witnesses,
                                                    size_t required) {
  size_t best = 0;
  std::optional<WitnessedCheckpoint> chosen;
  for (const std::string& text : checkpoints.cosigned()) {
    absl::StatusOr<VerifiedCheckpoint> checkpoint =
        OpenCheckpoint(log_key, origin, text, "a cosigned checkpoint");
    if (!checkpoint.ok()) return checkpoint.status();
    absl::StatusOr<ledger::Note> note = ledger::ParseNote(text);
    if (!note.ok()) return UnverifiedError("a cosigned checkpoint is malformed");
    absl::StatusOr<std::vector<ledger::Cosignature>> cosignatures =
        ledger::VerifyCosignatures(*note, witnesses);
    if (!cosignatures.ok()) {
      return UnverifiedError(
          StrCat("a cosignature on the checkpoint of ", checkpoint->checkpoint.size,
                 " entries does not verify: ", ledger::ToView(cosignatures.status().message())));
    }
    best = std::max(best, cosignatures->size());
    if (cosignatures->size() >= required &&
        (!chosen || checkpoint->checkpoint.size > chosen->checkpoint.checkpoint.size)) {
      chosen = WitnessedCheckpoint{*std::move(checkpoint), *std::move(cosignatures)};
    }
  }
  if (chosen) return *std::move(chosen);
  return UnverifiedError(StrCat("no checkpoint of this log carries cosignatures of ", required,
                                " of the ", witnesses.size(), " witnesses you named (the best has ",
                                best,
                                "); are the witnesses running, and does the node list them?"));
}

}  // namespace noaber::wallet
