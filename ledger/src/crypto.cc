#include "noaber/ledger/crypto.h"

#include <sodium.h>

#include "ledger/src/sha256.h"

namespace noaber::ledger {

absl::Status InitCrypto() {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  return absl::OkStatus();
}

Hash Sha256Parts(std::initializer_list<std::string_view> parts) {
  Sha256Hasher hasher;
  for (std::string_view part : parts) hasher.Update(part);
  return hasher.Final();
}

Hash Sha256(std::string_view bytes) { return Sha256Parts({bytes}); }

KeyGuard::KeyGuard(KeyPair* key) : key_(key) {
  sodium_mlock(key_, sizeof(*key_));  // best effort: without the privilege it still wipes
}

KeyGuard::~KeyGuard() {
  if (sodium_munlock(key_, sizeof(*key_)) != 0) sodium_memzero(key_, sizeof(*key_));
}

KeyPair NewKeyPair() {
  KeyPair pair;
  crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
  return pair;
}

KeyPair KeyPairFromSeed(const std::array<uint8_t, 32>& seed) {
  KeyPair pair;
  crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data());
  return pair;
}

Signature Sign(const SecretKey& secret_key, std::string_view message) {
  Signature signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_key.data());
  return signature;
}

bool Verify(const PublicKey& public_key, const Signature& signature, std::string_view message) {
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

std::string ToHex(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool FromHex(std::string_view hex, uint8_t* out, size_t size) {
  if (hex.size() != size * 2) return false;
  for (size_t i = 0; i < size; ++i) {
    int high = HexValue(hex[2 * i]), low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return true;
}

std::optional<PublicKey> PublicKeyFromHex(std::string_view hex) {
  PublicKey key{};
  if (!FromHex(hex, key.data(), key.size())) return std::nullopt;
  return key;
}

}  // namespace noaber::ledger
