// Fuzz target for key files and the keystore that reads them (wallet-cli/key_file.h,
// wallet-cli/keystore.h). The input is the text of a key file; it is decoded, and also
// written as <home>/keys/fuzz.json (mode 0600) of a real keystore in a temporary folder and
// read and unlocked through it with the passphrase "fuzz" (only for the cheapest KDF, so a
// hostile file's Argon2 cost does not slow the run; the seeds are sealed with it).
//
// Properties: a decoded file is a valid key name with an allowed KDF, re-encodes to text that
// decodes to the same file, and refuses to decode again with anything appended; the keystore
// reads a file exactly when it decodes and names this key; a file that unlocks yields the
// secret key of its own public key.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "ledger/testing/temp_dir.h"
#include "noaber/ledger/crypto.h"
#include "tests/fuzz/fuzz_check.h"
#include "wallet-cli/key_file.h"
#include "wallet-cli/keystore.h"
#include "wallet-cli/secret.h"

namespace noaber::fuzz {
namespace {

constexpr std::string_view kName = "fuzz";
constexpr std::string_view kPassphrase = "fuzz";

// Removed with everything in it when the process exits.
const ledger::testing::TempDir& Home() {
  static const ledger::testing::TempDir home;
  static const bool ready = [] {
    Require(ledger::InitCrypto().ok(), "libsodium starts");
    return std::filesystem::create_directories(home.Sub("keys"));
  }();
  Require(ready, "the keystore folder is made");
  return home;
}

void Decode(std::string_view text) {
  absl::StatusOr<wallet::KeyFile> file = wallet::DecodeKeyFile(text);
  if (!file.ok()) {
    Require(file.status().code() == absl::StatusCode::kDataLoss, "a bad key file is DataLoss");
    return;
  }
  Require(wallet::IsValidKeyName(file->name), "a decoded key file has a valid name");
  Require(wallet::IsAllowedKdf(file->kdf), "a decoded key file has an allowed KDF");
  const std::string encoded = wallet::EncodeKeyFile(*file);
  absl::StatusOr<wallet::KeyFile> again = wallet::DecodeKeyFile(encoded);
  Require(again.ok() && *again == *file, "a re-encoded key file decodes to the same file");
  Require(!wallet::DecodeKeyFile(encoded + "{}").ok(), "trailing garbage is refused");
}

void ThroughTheKeystore(std::string_view text) {
  const std::string path = Home().Sub("keys/fuzz.json");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  Require(chmod(path.c_str(), 0600) == 0, "the key file is private");
  wallet::Keystore keystore(Home().path());
  absl::StatusOr<wallet::KeyFile> file = wallet::DecodeKeyFile(text);
  absl::StatusOr<wallet::KeyInfo> info = keystore.Read(kName);
  Require(info.ok() == (file.ok() && file->name == kName),
          "the keystore reads a file exactly when it decodes and names the key");
  if (!info.ok()) return;
  Require(info->public_key == file->public_key, "the keystore reads the file's public key");
  if (!(file->kdf == wallet::MinimumKdf())) return;
  wallet::Secret<wallet::Passphrase> passphrase;
  std::copy(kPassphrase.begin(), kPassphrase.end(), passphrase->bytes.begin());
  passphrase->size = kPassphrase.size();
  wallet::Secret<ledger::SecretKey> secret_key;
  absl::Status unlocked = keystore.Unlock(kName, *passphrase, &secret_key);
  if (!unlocked.ok()) return;
  Require(std::equal(file->public_key.begin(), file->public_key.end(), secret_key->begin() + 32),
          "an unlocked secret key belongs to the file's public key");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  const std::string_view text = AsText(data, size);
  Decode(text);
  ThroughTheKeystore(text);
  return 0;
}
