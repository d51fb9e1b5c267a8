// The keystore: a folder of encrypted key files, <home>/keys/<name>.json (folder 0700,
// files 0600). Creates keys, reads their public part, and unlocks secret keys into guarded
// memory. Owns nothing but the folder's path; not thread-safe (one command at a time).
#ifndef NOABER_WALLET_CLI_KEYSTORE_H_
#define NOABER_WALLET_CLI_KEYSTORE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"
#include "wallet-cli/key_file.h"
#include "wallet-cli/secret.h"

namespace noaber::wallet {

// The public part of a stored key.
struct KeyInfo {
  std::string name;
  ledger::PublicKey public_key{};
  KdfLimits kdf;
};

struct KeyListing {
  std::vector<KeyInfo> keys;          // sorted by name
  std::vector<std::string> problems;  // one sentence per file that could not be read
};

class Keystore {
 public:
  explicit Keystore(std::string home);

  std::string PathOf(std::string_view name) const;

  // Makes a fresh key pair, seals its secret key with `passphrase` and writes the file
  // atomically (temporary file, fsync, rename). InvalidArgument for a bad name or KDF,
  // AlreadyExists if the name is taken, Internal for I/O errors.
  absl::StatusOr<KeyInfo> Create(std::string_view name, const Passphrase& passphrase,
                                 const KdfLimits& kdf);

  // The public part, without a passphrase. NotFound if there is no such key, DataLoss if
  // the file is damaged, InvalidArgument for a bad name.
  absl::StatusOr<KeyInfo> Read(std::string_view name) const;

  // Every key in the folder; an absent folder is an empty list.
  absl::StatusOr<KeyListing> List() const;

  // Decrypts key `name` into `secret_key`. As Read(), plus PermissionDenied for a wrong
  // passphrase (or a file altered after it was written), FailedPrecondition when the file
  // is readable by others.
  absl::Status Unlock(std::string_view name, const Passphrase& passphrase,
                      Secret<ledger::SecretKey>* secret_key) const;

 private:
  absl::StatusOr<KeyFile> Load(std::string_view name, bool require_private_mode) const;
  absl::Status MakeFolders() const;

  std::string home_;
  std::string keys_folder_;
};

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_KEYSTORE_H_
