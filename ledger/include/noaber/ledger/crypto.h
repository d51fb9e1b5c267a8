// Thin wrappers over libsodium (Ed25519 keys, signatures, hex) and SHA-256 (ledger/src/sha256.h).
// All functions are thread-safe once InitCrypto() has returned.
#ifndef NOABER_LEDGER_CRYPTO_H_
#define NOABER_LEDGER_CRYPTO_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

// Initialises libsodium; safe to call more than once. Fails only if libsodium cannot start.
absl::Status InitCrypto();

Hash Sha256(std::string_view bytes);
// SHA-256 of the parts one after the other, without joining them first.
Hash Sha256Parts(std::initializer_list<std::string_view> parts);

struct KeyPair {
  PublicKey public_key{};
  SecretKey secret_key{};
};
KeyPair NewKeyPair();

// Keeps a KeyPair its holder keeps for long (the node's key) out of swap where the system
// allows (sodium_mlock), and wipes it when the holder goes (sodium_munlock zeroes first).
// Declare it right after the KeyPair member it guards.
class KeyGuard {
 public:
  explicit KeyGuard(KeyPair* key);
  ~KeyGuard();
  KeyGuard(const KeyGuard&) = delete;
  KeyGuard& operator=(const KeyGuard&) = delete;

 private:
  KeyPair* const key_;
};
// Deterministic keys from a 32-byte seed: for test vectors and tests only.
KeyPair KeyPairFromSeed(const std::array<uint8_t, 32>& seed);

Signature Sign(const SecretKey& secret_key, std::string_view message);
bool Verify(const PublicKey& public_key, const Signature& signature, std::string_view message);

std::string ToHex(const uint8_t* data, size_t size);
template <size_t N>
std::string ToHex(const std::array<uint8_t, N>& bytes) {
  return ToHex(bytes.data(), N);
}
// Exactly 2*size lowercase or uppercase hex digits, else false.
bool FromHex(std::string_view hex, uint8_t* out, size_t size);
std::optional<PublicKey> PublicKeyFromHex(std::string_view hex);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_CRYPTO_H_
