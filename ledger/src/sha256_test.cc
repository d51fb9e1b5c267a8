#include "ledger/src/sha256.h"

#include <sodium.h>

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "noaber/ledger/crypto.h"

namespace noaber::ledger {
namespace {

std::array<uint8_t, 32> Libsodium(std::string_view bytes) {
  std::array<uint8_t, 32> out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

std::array<uint8_t, 32> Hash(bool extensions, const std::vector<std::string_view>& parts) {
  Sha256Hasher hasher(extensions);
  for (std::string_view part : parts) hasher.Update(part);
  return hasher.Final();
}

// Both code paths where this processor has the extensions; the portable one everywhere.
std::vector<bool> Paths() {
  if (Sha256Hasher::ProcessorHasExtensions()) return {false, true};
  return {false};
}

TEST(Sha256Test, KnownAnswers) {
  // FIPS 180-4 examples: one block, two blocks (56 bytes puts the length in a second block),
  // and the empty message.
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  for (bool extensions : Paths()) {
    SCOPED_TRACE(extensions ? "extensions" : "portable");
    EXPECT_EQ(ToHex(Hash(extensions, {"abc"})),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(ToHex(Hash(extensions, {two_blocks})),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(ToHex(Hash(extensions, {""})),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}

TEST(Sha256Test, AgreesWithLibsodiumForEveryLengthAndSplit) {
  std::mt19937_64 random(20261128);
  for (size_t length = 0; length <= 300; ++length) {
    std::string bytes(length, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    const auto expected = Libsodium(bytes);
    const size_t split = length == 0 ? 0 : random() % (length + 1);
    const size_t second = split == length ? split : split + random() % (length - split + 1);
    const std::string_view view(bytes);
    for (bool extensions : Paths()) {
      SCOPED_TRACE(testing::Message() << "length " << length << " split " << split << ", "
                                      << second << (extensions ? " extensions" : " portable"));
      EXPECT_EQ(Hash(extensions, {view}), expected);
      EXPECT_EQ(Hash(extensions, {view.substr(0, split), view.substr(split, second - split),
                                  view.substr(second)}),
                expected);
    }
  }
}

TEST(Sha256Test, LongMessageInOddPieces) {
  std::string bytes(100000, '\0');
  std::mt19937_64 random(7);
  for (char& c : bytes) c = static_cast<char>(random());
  for (bool extensions : Paths()) {
    Sha256Hasher hasher(extensions);
    for (size_t at = 0; at < bytes.size();) {
      const size_t piece = std::min<size_t>(1 + random() % 200, bytes.size() - at);
      hasher.Update(std::string_view(bytes).substr(at, piece));
      at += piece;
    }
    EXPECT_EQ(hasher.Final(), Libsodium(bytes)) << (extensions ? "extensions" : "portable");
  }
}

TEST(Sha256Test, LedgerSha256IsSha256) {
  EXPECT_EQ(Sha256("noaber"), Libsodium("noaber"));
  EXPECT_EQ(Sha256Parts({"noa", "", "ber"}), Libsodium("noaber"));
  EXPECT_EQ(Sha256Parts({"noa", std::string_view(), "ber"}), Libsodium("noaber"));
}

}  // namespace
}  // namespace noaber::ledger
