// noaber-demo-seed: writes the demo neighbourhood Bornholm into a new node data folder, and
// the keys of its people into a wallet folder, all sealed with one demo passphrase.
//   noaber-demo-seed --data-dir DIR --wallet-home DIR --passphrase TEXT
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "deploy/demo/bornholm.h"
#include "ledger/rocksdb/rocksdb_store.h"
#include "wallet-cli/keystore.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "noaber-demo-seed: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace noaber;
  std::string data_dir, wallet_home, passphrase_text;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--data-dir") data_dir = argv[i + 1];
    else if (flag == "--wallet-home") wallet_home = argv[i + 1];
    else if (flag == "--passphrase") passphrase_text = argv[i + 1];
  }
  if (data_dir.empty() || wallet_home.empty() || passphrase_text.empty() ||
      passphrase_text.size() > wallet::kPassphraseBytesMax) {
    std::fprintf(stderr,
                 "usage: noaber-demo-seed --data-dir DIR --wallet-home DIR --passphrase TEXT\n");
    return 2;
  }
  if (absl::Status s = ledger::InitCrypto(); !s.ok()) return Fail(std::string(s.message()));
  wallet::Secret<wallet::Passphrase> passphrase;
  std::memcpy(passphrase->bytes.data(), passphrase_text.data(), passphrase_text.size());
  passphrase->size = passphrase_text.size();

  // Each key is made by the wallet's own keystore, so the demo wallet holds exactly the keys
  // the journal knows. Interactive Argon2id keeps seeding quick; these are demo keys.
  wallet::Keystore keystore(wallet_home);
  demo::KeyMaker make_key = [&](const std::string& name) -> absl::StatusOr<ledger::KeyPair> {
    absl::StatusOr<wallet::KeyInfo> info =
        keystore.Create(name, *passphrase, wallet::InteractiveKdf());
    if (!info.ok()) return info.status();
    wallet::Secret<ledger::SecretKey> secret;
    if (absl::Status s = keystore.Unlock(name, *passphrase, &secret); !s.ok()) return s;
    return ledger::KeyPair{info->public_key, *secret};
  };

  auto store = ledger::RocksDbStore::Open(data_dir, /*create_if_missing=*/true);
  if (!store.ok()) return Fail(std::string(store.status().message()));
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  absl::StatusOr<demo::DemoSummary> summary = demo::SeedBornholm(store->get(), now_ms, make_key);
  if (!summary.ok()) return Fail(std::string(summary.status().message()));
  std::printf("Seeded Bornholm: %llu journal entries, %zu keys in %s/keys\n",
              static_cast<unsigned long long>(summary->entries), summary->keys.size(),
              wallet_home.c_str());
  return 0;
}
