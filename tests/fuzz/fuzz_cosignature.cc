// Fuzz target for witnesses' cosignatures (ledger/cosignature.h): VerifyCosignatures over a
// parsed note, ParseTimestampedSignature, DecodeCosignerKey and AppendCosignatures. The input
// is the text of a cosigned note (or of a cosigner key). Two fixed witness keys cosign the
// seeds, so mutations of real cosignatures are checked against them.
//
// Properties: every cosignature VerifyCosignatures returns is backed by a line of that
// witness whose signature verifies over CosignedMessage(body, timestamp) for the timestamp
// returned, the latest of its lines; a timestamped signature is exactly 72 bytes with a
// timestamp within bounds; a decoded cosigner key encodes back to the same text; appending a
// note's last line to the rest of it gives the note back.
#include <string>
#include <vector>

#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/crypto.h"
#include "tests/fuzz/fuzz_check.h"

namespace noaber::fuzz {
namespace {

// The witnesses that cosign the seeds (tests/fuzz/make_seeds.cc).
const std::vector<ledger::CosignerKey>& Witnesses() {
  static const std::vector<ledger::CosignerKey> keys = [] {
    Require(ledger::InitCrypto().ok(), "libsodium starts");
    std::vector<ledger::CosignerKey> out;
    for (std::string name : {"witness.example/one", "witness.example/two"}) {
      const ledger::KeyPair key = ledger::KeyPairFromSeed(ledger::Sha256("noaber fuzz " + name));
      out.push_back({name, ledger::CosignerKeyId(name, key.public_key), key.public_key});
    }
    return out;
  }();
  return keys;
}

// True if some line of `note` by `key` is a timestamped signature at `timestamp_s` that
// verifies, and no line by `key` has a later one.
bool BackedByALine(const ledger::Note& note, const ledger::CosignerKey& key, uint64_t timestamp_s) {
  bool backed = false;
  for (const ledger::NoteSignature& line : note.signatures) {
    if (line.name != key.name || line.key_id != key.key_id) continue;
    absl::StatusOr<ledger::TimestampedSignature> s = ledger::ParseTimestampedSignature(line.signature);
    if (!s.ok() || s->timestamp_s > timestamp_s) return false;
    if (s->timestamp_s == timestamp_s &&
        ledger::Verify(key.public_key, s->signature, ledger::CosignedMessage(note.body, timestamp_s))) {
      backed = true;
    }
  }
  return backed;
}

void Cosigned(std::string_view text) {
  absl::StatusOr<ledger::Note> note = ledger::ParseNote(text);
  if (!note.ok()) return;
  absl::StatusOr<std::vector<ledger::Cosignature>> cosignatures =
      ledger::VerifyCosignatures(*note, Witnesses());
  if (cosignatures.ok()) {
    Require(cosignatures->size() <= Witnesses().size(), "at most one cosignature per witness");
    for (const ledger::Cosignature& c : *cosignatures) {
      const ledger::CosignerKey* key = nullptr;
      for (const ledger::CosignerKey& k : Witnesses()) {
        if (k.name == c.name && k.key_id == c.key_id) key = &k;
      }
      Require(key != nullptr, "a cosignature is by a known witness");
      Require(BackedByALine(*note, *key, c.timestamp_s), "a cosignature is backed by a line that verifies");
    }
  } else {
    Require(cosignatures.status().code() == absl::StatusCode::kUnauthenticated,
            "a bad line of a known witness is Unauthenticated");
  }
  if (note->signatures.size() < 2) return;
  const size_t last_line = text.rfind('\n', text.size() - 2) + 1;
  const std::vector<std::string> lines = {std::string(text.substr(last_line))};
  absl::StatusOr<std::string> appended = ledger::AppendCosignatures(text.substr(0, last_line), lines);
  if (appended.ok()) Require(*appended == text, "appending a note's last line gives the note back");
}

void TimestampedSignature(std::string_view bytes) {
  absl::StatusOr<ledger::TimestampedSignature> s = ledger::ParseTimestampedSignature(bytes);
  if (!s.ok()) return;
  Require(bytes.size() == ledger::kTimestampedSignatureBytes, "a timestamped signature is 72 bytes");
  Require(s->timestamp_s <= ledger::kCosignatureTimestampMax, "its timestamp is within bounds");
}

void CosignerKey(std::string_view text) {
  absl::StatusOr<ledger::CosignerKey> key = ledger::DecodeCosignerKey(text);
  Require(!ledger::DecodeVerifierKey(text).ok() || !key.ok(),
          "no text is both a note verifier key and a cosigner key");
  if (!key.ok()) return;
  Require(key->key_id == ledger::CosignerKeyId(key->name, key->public_key), "the key id is checked");
  absl::StatusOr<std::string> encoded = ledger::EncodeCosignerKey(key->name, key->public_key);
  Require(encoded.ok() && *encoded == text, "a decoded cosigner key encodes back to the same text");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  Witnesses();
  const std::string_view text = AsText(data, size);
  Cosigned(text);
  TimestampedSignature(text);
  CosignerKey(text);
  return 0;
}
