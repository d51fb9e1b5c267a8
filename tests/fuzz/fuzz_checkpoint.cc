// Fuzz target for signed notes and checkpoints (ledger/checkpoint.h, receipt.h): ParseNote,
// VerifyNote, OpenCheckpoint, ParseCheckpointBody, DecodeBase64 and DecodeVerifierKey. The
// input is the text. A fixed log key signs the seeds, so mutations of real signed notes are
// verified against it.
//
// Properties: a parsed note is the body and signature lines it came from, byte for byte (no
// trailing garbage, nothing dropped); a note verifies only if it parses, and then the key's
// own signature over its body checks; a parsed checkpoint body, base64 text or verifier key
// formats back to exactly the input.
#include <string>

#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/strings.h"
#include "tests/fuzz/fuzz_check.h"

namespace noaber::fuzz {
namespace {

// The log key and origin the seeds are signed with (tests/fuzz/make_seeds.cc).
struct Log {
  ledger::KeyPair key;
  std::string origin;
};

const Log& TheLog() {
  static const Log log = [] {
    Require(ledger::InitCrypto().ok(), "libsodium starts");
    ledger::CommunityId community{};
    community.fill(0xab);
    return Log{ledger::KeyPairFromSeed(ledger::Sha256("noaber fuzz log key")),
               ledger::LogOrigin(community)};
  }();
  return log;
}

void Note(std::string_view text) {
  absl::StatusOr<ledger::Note> note = ledger::ParseNote(text);
  absl::StatusOr<ledger::Note> verified =
      ledger::VerifyNote(text, TheLog().origin, TheLog().key.public_key);
  Require(note.ok() || !verified.ok(), "only a well-formed note verifies");
  if (!note.ok()) {
    Require(note.status().code() == absl::StatusCode::kInvalidArgument, "a bad note is InvalidArgument");
    return;
  }
  std::string rebuilt = note->body + "\n";
  for (const ledger::NoteSignature& s : note->signatures) {
    Require(ledger::IsValidNoteKeyName(s.name), "every signature line has a valid key name");
    rebuilt += ledger::FormatNoteSignatureLine(s.name, s.key_id, s.signature);
  }
  Require(rebuilt == text, "a parsed note is exactly its body and signature lines");
  if (verified.ok()) {
    Require(verified->body == note->body, "a verified note has the parsed body");
    absl::StatusOr<ledger::Checkpoint> checkpoint =
        ledger::OpenCheckpoint(text, TheLog().origin, TheLog().key.public_key);
    if (checkpoint.ok()) {
      Require(checkpoint->origin == TheLog().origin, "an opened checkpoint is of the log's origin");
    }
  }
  absl::StatusOr<ledger::Checkpoint> body = ledger::ParseCheckpointBody(note->body);
  if (body.ok()) Require(ledger::FormatCheckpointBody(*body) == note->body, "bodies are canonical");
}

void Body(std::string_view text) {
  absl::StatusOr<ledger::Checkpoint> checkpoint = ledger::ParseCheckpointBody(text);
  if (!checkpoint.ok()) return;
  Require(ledger::FormatCheckpointBody(*checkpoint) == text,
          "a parsed checkpoint body formats back to the same text");
}

void Base64(std::string_view text) {
  std::optional<std::string> bytes = ledger::DecodeBase64(text);
  if (!bytes.has_value()) return;
  Require(ledger::EncodeBase64(*bytes) == text, "decoded base64 encodes back to the same text");
}

void VerifierKey(std::string_view text) {
  absl::StatusOr<ledger::VerifierKey> key = ledger::DecodeVerifierKey(text);
  if (!key.ok()) return;
  Require(key->key_id == ledger::NoteKeyId(key->name, key->public_key), "the key id is checked");
  absl::StatusOr<std::string> encoded = ledger::EncodeVerifierKey(key->name, key->public_key);
  Require(encoded.ok() && *encoded == text, "a decoded verifier key encodes back to the same text");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  TheLog();
  const std::string_view text = AsText(data, size);
  Note(text);
  Body(text);
  Base64(text);
  VerifierKey(text);
  return 0;
}
