// Signed checkpoints of the journal's Merkle log: the C2SP tlog-checkpoint body
// (https://c2sp.org/tlog-checkpoint) in a C2SP signed note (https://c2sp.org/signed-note) with
// Ed25519 keys (signature type 0x01). Pure functions, thread-safe once InitCrypto() has
// returned. See docs/merkle.md, section "Checkpoints".
//
// A note is the body (text ending in "\n"), one empty line, then signature lines
//   "— <key name> <base64(key id (4 bytes, big-endian) || signature)>\n"
// where "—" is the em dash U+2014. The signed message is the body including its final newline.
//
// Statuses:
//   InvalidArgument  the text is not a well-formed note, checkpoint body, key name or verifier
//                    key; nothing was verified.
//   Unauthenticated  the note is well-formed but no signature line by the given key verifies,
//                    or one by that key fails to verify.
#ifndef NOABER_LEDGER_CHECKPOINT_H_
#define NOABER_LEDGER_CHECKPOINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

// Bounds on what ParseNote accepts. The signed-note spec requires accepting at least 16
// signatures.
inline constexpr size_t kNoteSignaturesMax = 100;
inline constexpr size_t kNoteBytesMax = 1 << 20;
// The signature type byte of Ed25519 keys in key IDs and verifier keys.
inline constexpr uint8_t kNoteSignatureTypeEd25519 = 0x01;

// The tree head a checkpoint commits to: `size` leaves with RFC 6962 root `root`, in the log
// named `origin`.
struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  bool operator==(const Checkpoint&) const = default;
};

// "<origin>\n<size in decimal>\n<base64 root>\n". The origin is not checked here; SignNote and
// ParseCheckpointBody refuse an invalid one.
std::string FormatCheckpointBody(const Checkpoint& checkpoint);
// The inverse of FormatCheckpointBody, strictly: exactly three lines, a non-empty origin, a
// size without sign or leading zeros (except "0") that fits in 64 bits, and a root of 32
// bytes in canonical padded base64. Extension lines are refused (this log writes none).
// InvalidArgument otherwise.
absl::StatusOr<Checkpoint> ParseCheckpointBody(std::string_view body);

// Standard base64 with padding (RFC 4648 section 4).
std::string EncodeBase64(std::string_view bytes);
// Strict: only the standard alphabet, padded to a multiple of 4, canonical (unused bits zero),
// no whitespace. nullopt otherwise.
std::optional<std::string> DecodeBase64(std::string_view text);

// A key name: valid UTF-8, non-empty, without Unicode spaces, control characters or '+'.
bool IsValidNoteKeyName(std::string_view name);
// SHA-256(name || "\n" || 0x01 || public_key)[:4], read big-endian.
uint32_t NoteKeyId(std::string_view name, const PublicKey& public_key);
// The same for another signature type byte of an Ed25519 key (0x04 for cosignatures, see
// cosignature.h): SHA-256(name || "\n" || signature_type || public_key)[:4], big-endian.
uint32_t NoteKeyIdOfType(std::string_view name, uint8_t signature_type,
                         const PublicKey& public_key);

// One signature line of a note. `signature` is the bytes after the key ID.
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string signature;
};

// A parsed note: its body (with the final newline) and every signature line, in order.
struct Note {
  std::string body;
  std::vector<NoteSignature> signatures;
};

// One signature line: "— <name> <base64(key_id (4 bytes, big-endian) || signature)>\n".
// Neither the name nor the signature is checked here.
std::string FormatNoteSignatureLine(std::string_view name, uint32_t key_id,
                                    std::string_view signature);

// The note text signed by (name, secret_key): the body, an empty line, one signature line.
// The public key is the second half of the libsodium secret key. InvalidArgument if the body
// is empty, does not end in "\n", is not valid UTF-8 or contains control characters other
// than "\n", or if the name is not a valid key name.
absl::StatusOr<std::string> SignNote(std::string_view body, std::string_view name,
                                     const SecretKey& secret_key);

// Splits a note at its last empty line, strictly (see the file comment): valid UTF-8, no
// control characters but "\n", at most kNoteBytesMax bytes, one to kNoteSignaturesMax
// signature lines each with a valid name and canonical base64 of at least 5 bytes, and a
// final newline. Verifies nothing. InvalidArgument otherwise, with the reason.
absl::StatusOr<Note> ParseNote(std::string_view text);

// Parses the note and checks it against the key (name, public_key): every signature line
// with that name and key ID must verify over the body, and there must be at least one.
// Other lines (cosignatures, unknown keys) are ignored and returned in the Note. Returns
// InvalidArgument for a malformed note, Unauthenticated otherwise. The body must not be used
// unless this returns OK.
absl::StatusOr<Note> VerifyNote(std::string_view text, std::string_view name,
                                const PublicKey& public_key);

// A verifier key in text form: "<name>+<key ID, 8 hex digits>+<base64(0x01 || public key)>".
struct VerifierKey {
  std::string name;
  uint32_t key_id = 0;
  PublicKey public_key{};
};
// InvalidArgument if the name is not a valid key name.
absl::StatusOr<std::string> EncodeVerifierKey(std::string_view name, const PublicKey& public_key);
// Strict: a valid name, exactly 8 lowercase hex digits equal to NoteKeyId(name, key), and canonical
// base64 of 0x01 followed by 32 bytes. InvalidArgument otherwise.
absl::StatusOr<VerifierKey> DecodeVerifierKey(std::string_view text);
// The same two for another signature type byte of an Ed25519 key: the key material is
// signature_type || public key and the key ID is NoteKeyIdOfType(name, signature_type, key).
absl::StatusOr<std::string> EncodeVerifierKeyOfType(std::string_view name, uint8_t signature_type,
                                                    const PublicKey& public_key);
absl::StatusOr<VerifierKey> DecodeVerifierKeyOfType(std::string_view text, uint8_t signature_type);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_CHECKPOINT_H_
