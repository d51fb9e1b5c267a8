// noaber-node init: founds a community in a new data folder.
#include <cstdio>
#include <filesystem>

#include "ledger/rocksdb/rocksdb_store.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/strings.h"
#include "node/commands.h"
#include "node/genesis_file.h"
#include "node/node_key.h"
#include "node/write_pipeline.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

absl::StatusOr<ledger::Genesis> GenesisFromOptions(const InitOptions& options, int64_t now_ms) {
  if (!options.genesis_file.empty()) return LoadGenesisFile(options.genesis_file, now_ms);
  std::vector<ledger::PublicKey> keys;
  for (const std::string& hex : options.admin_keys_hex) {
    std::optional<ledger::PublicKey> key = ledger::PublicKeyFromHex(hex);
    if (!key) return absl::InvalidArgumentError(StrCat("--admin-key ", hex, ": not 64 hex digits"));
    keys.push_back(*key);
  }
  ledger::Genesis genesis =
      ledger::DefaultGenesis(options.community_name, std::move(keys),
                             static_cast<uint8_t>(options.admin_threshold), now_ms);
  if (absl::Status s = ledger::ValidateGenesis(genesis); !s.ok()) return s;
  return genesis;
}

// OK for a new or empty folder, or an empty store; refuses a journal or anything else.
absl::Status CheckFolderIsFree(const std::string& data_dir) {
  std::error_code error;
  if (!std::filesystem::exists(data_dir, error) || std::filesystem::is_empty(data_dir, error)) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> existing =
      ledger::RocksDbStore::Open(data_dir, /*create_if_missing=*/false);
  if (!existing.ok()) {
    if (absl::IsUnavailable(existing.status())) return existing.status();
    return absl::FailedPreconditionError(
        StrCat(data_dir, " is not empty and holds no Noaber store; choose a new or empty folder"));
  }
  absl::StatusOr<std::optional<ledger::JournalHead>> head = (*existing)->GetHead();
  if (!head.ok()) return head.status();
  if (head->has_value()) {
    return absl::FailedPreconditionError(StrCat(data_dir, " already holds a community's journal (",
                                                (*head)->index + 1,
                                                " entries); refusing to init over it"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status InitCommand(const InitOptions& options) {
  if (absl::Status s = ledger::InitCrypto(); !s.ok()) return s;
  absl::StatusOr<ledger::Genesis> genesis = GenesisFromOptions(options, SystemNowMs());
  if (!genesis.ok()) return genesis.status();
  if (absl::Status s = CheckFolderIsFree(options.data_dir); !s.ok()) return s;
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error)
    return absl::InternalError(StrCat("cannot create ", options.data_dir, ": ", error.message()));
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
      ledger::RocksDbStore::Open(options.data_dir, /*create_if_missing=*/true);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::unique_ptr<ledger::Ledger>> ledger =
      ledger::Ledger::Create(store->get(), *genesis);
  if (!ledger.ok()) return ledger.status();
  // A key left by an init that stopped half-way is kept: it was never used to sign.
  bool created = false;
  absl::StatusOr<ledger::KeyPair> node_key = LoadOrCreateNodeKey(options.data_dir, &created);
  if (!node_key.ok()) return node_key.status();
  std::printf("created community '%s' in %s\ncommunity id %s\nnode key %s\n",
              genesis->community_name.c_str(), options.data_dir.c_str(),
              ledger::ToHex((*ledger)->community_id()).c_str(),
              ledger::ToHex(node_key->public_key).c_str());
  return absl::OkStatus();
}

}  // namespace noaber::node
