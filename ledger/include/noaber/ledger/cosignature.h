// Cosignatures of checkpoints: C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature) with
// Ed25519 keys, signature type 0x04, "cosignature/v1". Pure functions next to the signed-note
// code of checkpoint.h; thread-safe once InitCrypto() has returned. See docs/merkle.md,
// section "Cosignatures".
//
// A cosigner (a witness) appends one note signature line to a signed checkpoint:
//   "— <cosigner name> <base64(key ID (4 bytes) || timestamp (u64, big-endian) || signature)>\n"
// The Ed25519 signature is over CosignedMessage(body, timestamp). By it the cosigner states
// that, as of that time (POSIX seconds), the consistent tree head with the largest size it had
// observed for the checkpoint's origin has the checkpoint's root. The message does not contain
// the cosigner's name, so one key must never serve two cosigner names.
//
// Statuses:
//   InvalidArgument  malformed input (body, name, key, timestamp, note, list of keys); nothing
//                    was signed or verified.
//   Unauthenticated  a line carries a known cosigner's name and key ID but does not verify.
#ifndef NOABER_LEDGER_COSIGNATURE_H_
#define NOABER_LEDGER_COSIGNATURE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

// The signature type byte of Ed25519 cosignature/v1 keys in key IDs and verifier keys.
inline constexpr uint8_t kNoteSignatureTypeCosignatureV1 = 0x04;
// The spec bounds timestamps by 2^63 - 1.
inline constexpr uint64_t kCosignatureTimestampMax = (uint64_t{1} << 63) - 1;
// The bytes after the key ID in a cosignature line: timestamp (8) and Ed25519 signature (64).
inline constexpr size_t kTimestampedSignatureBytes = 8 + 64;
// Bound on the cosigner keys VerifyCosignatures takes (a witness policy lists a few).
inline constexpr size_t kCosignerKeysMax = 100;

// A cosigner's public key with its name; key_id is CosignerKeyId(name, public_key).
struct CosignerKey {
  std::string name;
  uint32_t key_id = 0;
  PublicKey public_key{};
  bool operator==(const CosignerKey&) const = default;
};

// A cosignature that verified: who made it and when (POSIX seconds, as the cosigner says).
struct Cosignature {
  std::string name;
  uint32_t key_id = 0;
  uint64_t timestamp_s = 0;
  bool operator==(const Cosignature&) const = default;
};

// The signature of a cosignature line, after its key ID.
struct TimestampedSignature {
  uint64_t timestamp_s = 0;
  Signature signature{};
};

// SHA-256(name || "\n" || 0x04 || public_key)[:4], read big-endian. Differs from
// NoteKeyId(name, public_key), so a note signature is never read as a cosignature.
uint32_t CosignerKeyId(std::string_view name, const PublicKey& public_key);

// "<name>+<key ID, 8 hex digits>+<base64(0x04 || public key)>". InvalidArgument if the name is
// not a valid key name.
absl::StatusOr<std::string> EncodeCosignerKey(std::string_view name, const PublicKey& public_key);
// Strict like DecodeVerifierKey: a valid name, 8 hex digits equal to CosignerKeyId(name, key),
// canonical base64 of 0x04 followed by 32 bytes. A 0x01 (note signature) key is refused.
// InvalidArgument otherwise.
absl::StatusOr<CosignerKey> DecodeCosignerKey(std::string_view text);

// "cosignature/v1\ntime <timestamp_s in decimal>\n" followed by the checkpoint body (the whole
// note body, final newline included, no signature lines). Checks nothing.
std::string CosignedMessage(std::string_view checkpoint_body, uint64_t timestamp_s);

// Reads the bytes after a line's key ID: exactly kTimestampedSignatureBytes, the timestamp at
// most kCosignatureTimestampMax. InvalidArgument otherwise. Verifies nothing.
absl::StatusOr<TimestampedSignature> ParseTimestampedSignature(std::string_view bytes);

// The cosignature line (with its final newline) by (name, secret_key) of the checkpoint body
// at timestamp_s, to append to the signed note (AppendCosignatures). The public key is the
// second half of the libsodium secret key. The caller states that it has checked the
// checkpoint's consistency with every earlier one it saw for the origin. InvalidArgument if
// the body is not one ParseCheckpointBody accepts (so no extension lines), the name is not a
// valid key name, or timestamp_s exceeds kCosignatureTimestampMax.
absl::StatusOr<std::string> Cosign(std::string_view checkpoint_body, std::string_view name,
                                   const SecretKey& secret_key, uint64_t timestamp_s);

// The signed note text followed by the given cosignature lines, after checking that the result
// is still a valid note (ParseNote) with the same body and one more signature per line, and
// that each line is one signature line with a timestamped signature (ParseTimestampedSignature).
// Verifies no signature. InvalidArgument otherwise.
absl::StatusOr<std::string> AppendCosignatures(std::string_view note_text,
                                               std::span<const std::string> lines);

// Checks the note's cosignatures against known cosigner keys. A signature line is taken as
// a cosignature of a key when it has the key's name and CosignerKeyId (recomputed from the
// name and public key; the key_id field is not trusted); other lines (the log's own
// signature, unknown cosigners, 0x01 signatures by a cosigner's key) are ignored. Returns one
// Cosignature per key with at least one such line, in the order of `keys`, with the latest
// timestamp of its lines; an empty vector if there are none. Whether that is enough (a
// quorum) and whether timestamps are acceptable (not in the future, recent enough) is the
// caller's policy.
// InvalidArgument if there are more than kCosignerKeysMax keys or two share a name and key ID.
// Unauthenticated if any line of a known key is not a timestamped signature or does not verify
// over the note's body: a forged line by a trusted cosigner makes the whole note untrusted,
// as VerifyNote does for the log's key. The note must come from ParseNote or VerifyNote;
// its body is not checked here.
absl::StatusOr<std::vector<Cosignature>> VerifyCosignatures(const Note& note,
                                                            std::span<const CosignerKey> keys);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_COSIGNATURE_H_
