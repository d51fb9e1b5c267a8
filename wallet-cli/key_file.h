// The keystore's file format: one JSON object per key, the secret key encrypted.
//
//   {"version": 1, "name": "anna", "public_key": "<64 hex>", "kdf": "argon2id13",
//    "opslimit": 2, "memlimit": 67108864, "salt": "<32 hex>", "nonce": "<48 hex>",
//    "ciphertext": "<160 hex>"}
//
// The ciphertext is the 64-byte Ed25519 secret key sealed with XChaCha20-Poly1305 under a
// key derived from the passphrase by Argon2id (opslimit, memlimit, salt), with
// KeyFileAssociatedData(name, public_key) as associated data, so a file renamed or given
// another public key fails to open. Pure functions, thread-safe.
#ifndef NOABER_WALLET_CLI_KEY_FILE_H_
#define NOABER_WALLET_CLI_KEY_FILE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"

namespace noaber::wallet {

inline constexpr int kKeyFileVersion = 1;
inline constexpr char kKeyFileKdf[] = "argon2id13";
inline constexpr size_t kKeyFileBytesMax = 4096;
inline constexpr size_t kKeyNameBytesMax = 64;
inline constexpr size_t kSaltBytes = 16;        // crypto_pwhash_SALTBYTES
inline constexpr size_t kNonceBytes = 24;       // crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
inline constexpr size_t kCiphertextBytes = 80;  // secret key + 16-byte tag

// Argon2id cost. A file may ask for at most the MODERATE profile, so a hostile file cannot
// make the wallet allocate gigabytes; at least libsodium's minimum.
struct KdfLimits {
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;  // bytes
  bool operator==(const KdfLimits&) const = default;
};
KdfLimits InteractiveKdf();
KdfLimits ModerateKdf();
KdfLimits MinimumKdf();  // the cheapest allowed: for unit tests only
bool IsAllowedKdf(const KdfLimits& limits);

// 1 to kKeyNameBytesMax of a-z 0-9 . _ - , not starting with a dot: safe as a file name.
bool IsValidKeyName(std::string_view name);

struct KeyFile {
  std::string name;
  ledger::PublicKey public_key{};
  KdfLimits kdf;
  std::array<uint8_t, kSaltBytes> salt{};
  std::array<uint8_t, kNonceBytes> nonce{};
  std::array<uint8_t, kCiphertextBytes> ciphertext{};
  bool operator==(const KeyFile&) const = default;
};

std::string KeyFileAssociatedData(std::string_view name, const ledger::PublicKey& public_key);

std::string EncodeKeyFile(const KeyFile& file);
// Strict: exactly the fields above with the right types and lengths, version 1, an allowed
// KDF. DataLoss naming the first problem.
absl::StatusOr<KeyFile> DecodeKeyFile(std::string_view text);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_KEY_FILE_H_
