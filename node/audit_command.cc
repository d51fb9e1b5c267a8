// noaber-node audit: verifies, offline and read-only, everything a data folder holds, and
// optionally that its tree agrees with a checkpoint. See docs/node.md.
#include <cstdio>
#include <fstream>

#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/store.h"
#include "noaber/ledger/strings.h"
#include "node/commands.h"
#include "node/store_audit.h"

namespace noaber::node {

namespace {

using ledger::StrCat;
using ledger::ToView;

std::string Base64(const ledger::Hash& hash) {
  return ledger::EncodeBase64(
      std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

absl::Status Prefixed(std::string_view what, const absl::Status& status) {
  return absl::Status(status.code(), StrCat(what, ": ", ToView(status.message())));
}

// The checkpoint in file `path`: a signed note, whose signature by `key_text` (a verifier
// key) must verify when that is not empty, or a bare checkpoint body. NotFound if the file
// cannot be read; InvalidArgument (not a checkpoint, a bad key) or Unauthenticated (not
// signed by that key) naming the file otherwise.
absl::StatusOr<ledger::Checkpoint> ReadCheckpoint(const std::string& path,
                                                  const std::string& key_text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read the checkpoint ", path));
  std::string text(ledger::kNoteBytesMax + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > ledger::kNoteBytesMax) {
    return absl::InvalidArgumentError(StrCat(path, " is not a checkpoint: it is too large"));
  }
  std::string body = text;
  std::string key_name;
  if (!key_text.empty()) {
    absl::StatusOr<ledger::VerifierKey> key = ledger::DecodeVerifierKey(key_text);
    if (!key.ok()) return Prefixed("--checkpoint-key", key.status());
    absl::StatusOr<ledger::Note> note = ledger::VerifyNote(text, key->name, key->public_key);
    if (!note.ok()) {
      return Prefixed(StrCat("the checkpoint ", path, " is not signed by ", key->name),
                      note.status());
    }
    body = note->body;
    key_name = key->name;
  } else if (absl::StatusOr<ledger::Note> note = ledger::ParseNote(text); note.ok()) {
    body = note->body;  // the signature is not checked without a key
  }
  absl::StatusOr<ledger::Checkpoint> checkpoint = ledger::ParseCheckpointBody(body);
  if (!checkpoint.ok()) return Prefixed(StrCat(path, " is not a checkpoint"), checkpoint.status());
  if (!key_name.empty() && checkpoint->origin != key_name) {
    return absl::InvalidArgumentError(StrCat("the checkpoint's origin '", checkpoint->origin,
                                             "' is not the key's name '", key_name, "'"));
  }
  return checkpoint;
}

// The stored tree, already checked against the journal's `entries` entries, must have the
// checkpoint's root at the checkpoint's size. DataLoss otherwise.
absl::Status CompareWithCheckpoint(const ledger::Store& store, uint64_t entries,
                                   const ledger::Checkpoint& checkpoint) {
  if (checkpoint.size > entries) {
    return absl::DataLossError(StrCat("truncated: the journal has ", entries, " < ",
                                      checkpoint.size, " entries, the checkpoint's tree size"));
  }
  absl::StatusOr<ledger::Hash> root =
      ledger::RootHash(ledger::StoreMerkleNodes(store), checkpoint.size);
  if (!root.ok()) return root.status();
  if (*root != checkpoint.root) {
    return absl::DataLossError(StrCat("history rewritten: the tree of ", checkpoint.size,
                                      " entries has root ", Base64(*root), ", the checkpoint says ",
                                      Base64(checkpoint.root)));
  }
  return absl::OkStatus();
}

void PrintSummary(const AuditSummary& summary, const std::optional<ledger::Checkpoint>& checkpoint,
                  bool checkpoint_signed) {
  std::printf("entries          %llu\n", static_cast<unsigned long long>(summary.entries));
  std::printf("head             %s\n", ledger::ToHex(summary.head).c_str());
  std::printf("merkle size      %llu\n", static_cast<unsigned long long>(summary.entries));
  std::printf("merkle root      %s\n", ledger::ToHex(summary.merkle_root).c_str());
  std::printf("merkle root b64  %s\n", Base64(summary.merkle_root).c_str());
  std::printf("accounts         %llu\n", static_cast<unsigned long long>(summary.accounts));
  if (checkpoint) {
    std::printf("checkpoint       %s at %llu entries: same root (%s)\n", checkpoint->origin.c_str(),
                static_cast<unsigned long long>(checkpoint->size),
                checkpoint_signed ? "signature verified" : "signature not checked");
  }
  std::printf("OK\n");
}

}  // namespace

absl::Status AuditCommand(const AuditOptions& options) {
  std::optional<ledger::Checkpoint> checkpoint;
  if (!options.checkpoint_file.empty()) {
    absl::StatusOr<ledger::Checkpoint> read =
        ReadCheckpoint(options.checkpoint_file, options.checkpoint_key);
    if (!read.ok()) return read.status();
    checkpoint = *read;
  }
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store = OpenStoreToAudit(options.data_dir);
  if (!store.ok()) return store.status();
  absl::StatusOr<AuditSummary> summary = AuditStore(**store);
  if (!summary.ok()) return Prefixed("audit failed", summary.status());
  if (checkpoint) {
    absl::Status s = CompareWithCheckpoint(**store, summary->entries, *checkpoint);
    if (!s.ok()) return Prefixed("audit failed", s);
  }
  PrintSummary(*summary, checkpoint, !options.checkpoint_key.empty());
  return absl::OkStatus();
}

}  // namespace noaber::node
