// SHA-256 (FIPS 180-4) for the journal's hashes: an entry's hash link, its Merkle leaf, the
// tree above it, an operation's body. The node hashes every entry several times, and
// libsodium's portable SHA-256 cost about 1 us for one entry; processors with the SHA
// extensions (Intel since Ice Lake and Goldmont, AMD since Zen) do it in about a fifth of
// that. Sha256Hasher uses them when the processor has them and portable code otherwise; both
// give the same bytes (sha256_test.cc checks them against libsodium).
// Not thread-safe: one hasher per thread; it is cheap to make.
#ifndef NOABER_LEDGER_SRC_SHA256_H_
#define NOABER_LEDGER_SRC_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace noaber::ledger {

class Sha256Hasher {
 public:
  // `use_extensions`: false forces the portable code (for tests); true uses the SHA
  // extensions when the processor has them.
  explicit Sha256Hasher(bool use_extensions = true);

  void Update(std::string_view bytes);
  // The digest of everything updated so far. The hasher is spent afterwards.
  std::array<uint8_t, 32> Final();

  // Whether this processor has the SHA extensions (and the SSE4.1 they are used with).
  static bool ProcessorHasExtensions();

 private:
  void Compress(const uint8_t* blocks, size_t count);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes updated so far
  bool extensions_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_SHA256_H_
