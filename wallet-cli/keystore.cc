#include "wallet-cli/keystore.h"

#include <dirent.h>
#include <sodium.h>

#include <algorithm>

#include "noaber/ledger/strings.h"
#include "wallet-cli/private_files.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

constexpr std::string_view kSuffix = ".json";
using DerivedKey = std::array<uint8_t, crypto_aead_xchacha20poly1305_ietf_KEYBYTES>;

absl::Status CheckName(std::string_view name) {
  if (IsValidKeyName(name)) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("'", name, "' is not a key name: use 1 to ",
                                           kKeyNameBytesMax,
                                           " of a-z 0-9 . _ - (not starting with a dot)"));
}

// Argon2id from the passphrase; the only costly step, and the only one that can run out of
// memory.
absl::Status DeriveKey(const Passphrase& passphrase, const KeyFile& file, Secret<DerivedKey>* key) {
  if (crypto_pwhash((*key)->data(), (*key)->size(), passphrase.bytes.data(), passphrase.size,
                    file.salt.data(), file.kdf.opslimit, file.kdf.memlimit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError(
        StrCat("not enough memory to derive the key (", file.kdf.memlimit, " bytes)"));
  }
  return absl::OkStatus();
}

KeyInfo InfoOf(const KeyFile& file) { return KeyInfo{file.name, file.public_key, file.kdf}; }

}  // namespace

Keystore::Keystore(std::string home)
    : home_(std::move(home)), keys_folder_(StrCat(home_, "/keys")) {}

std::string Keystore::PathOf(std::string_view name) const {
  return StrCat(keys_folder_, "/", name, kSuffix);
}

absl::Status Keystore::MakeFolders() const {
  if (absl::Status status = MakePrivateFolder(home_); !status.ok()) return status;
  return MakePrivateFolder(keys_folder_);
}

absl::StatusOr<KeyInfo> Keystore::Create(std::string_view name, const Passphrase& passphrase,
                                         const KdfLimits& kdf) {
  if (absl::Status status = CheckName(name); !status.ok()) return status;
  if (!IsAllowedKdf(kdf)) return absl::InvalidArgumentError("KDF limits outside what is allowed");
  if (absl::Status status = MakeFolders(); !status.ok()) return status;
  KeyFile file;
  file.name = std::string(name);
  file.kdf = kdf;
  Secret<ledger::SecretKey> secret_key;
  crypto_sign_keypair(file.public_key.data(), secret_key->data());
  randombytes_buf(file.salt.data(), file.salt.size());
  randombytes_buf(file.nonce.data(), file.nonce.size());
  Secret<DerivedKey> key;
  if (absl::Status status = DeriveKey(passphrase, file, &key); !status.ok()) return status;
  std::string associated = KeyFileAssociatedData(file.name, file.public_key);
  unsigned long long ciphertext_bytes = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      file.ciphertext.data(), &ciphertext_bytes, secret_key->data(), secret_key->size(),
      reinterpret_cast<const uint8_t*>(associated.data()), associated.size(), nullptr,
      file.nonce.data(), key->data());
  absl::Status written =
      WritePrivateFileAtomically(PathOf(name), EncodeKeyFile(file), /*replace=*/false);
  if (written.code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(StrCat("a key named '", name, "' already exists"));
  }
  if (!written.ok()) return written;
  return InfoOf(file);
}

absl::StatusOr<KeyFile> Keystore::Load(std::string_view name, bool require_private_mode) const {
  if (absl::Status status = CheckName(name); !status.ok()) return status;
  std::string path = PathOf(name);
  absl::StatusOr<SmallFile> read = ReadSmallFile(path, kKeyFileBytesMax);
  if (read.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(StrCat("no key named '", name, "' in ", keys_folder_));
  }
  if (!read.ok()) return read.status();
  if (require_private_mode && (read->mode & 077) != 0) {
    return absl::FailedPreconditionError(
        StrCat(path, " can be read by others; run: chmod 600 ", path));
  }
  absl::StatusOr<KeyFile> file = DecodeKeyFile(read->contents);
  if (!file.ok()) {
    return absl::DataLossError(StrCat(path, ": ", ledger::ToView(file.status().message())));
  }
  if (file->name != name) {
    return absl::DataLossError(StrCat(path, " holds key '", file->name, "', not '", name, "'"));
  }
  return file;
}

absl::StatusOr<KeyInfo> Keystore::Read(std::string_view name) const {
  absl::StatusOr<KeyFile> file = Load(name, /*require_private_mode=*/false);
  if (!file.ok()) return file.status();
  return InfoOf(*file);
}

absl::StatusOr<KeyListing> Keystore::List() const {
  KeyListing listing;
  DIR* folder = opendir(keys_folder_.c_str());
  if (folder == nullptr) return listing;
  std::vector<std::string> names;
  while (const dirent* entry = readdir(folder)) {
    std::string_view file_name = entry->d_name;
    if (!file_name.ends_with(kSuffix)) continue;
    file_name.remove_suffix(kSuffix.size());
    if (IsValidKeyName(file_name)) names.emplace_back(file_name);
  }
  closedir(folder);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    absl::StatusOr<KeyInfo> info = Read(name);
    if (info.ok()) {
      listing.keys.push_back(*std::move(info));
    } else {
      listing.problems.emplace_back(ledger::ToView(info.status().message()));
    }
  }
  return listing;
}

absl::Status Keystore::Unlock(std::string_view name, const Passphrase& passphrase,
                              Secret<ledger::SecretKey>* secret_key) const {
  absl::StatusOr<KeyFile> file = Load(name, /*require_private_mode=*/true);
  if (!file.ok()) return file.status();
  Secret<DerivedKey> key;
  if (absl::Status status = DeriveKey(passphrase, *file, &key); !status.ok()) return status;
  std::string associated = KeyFileAssociatedData(file->name, file->public_key);
  unsigned long long plaintext_bytes = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          (*secret_key)->data(), &plaintext_bytes, nullptr, file->ciphertext.data(),
          file->ciphertext.size(), reinterpret_cast<const uint8_t*>(associated.data()),
          associated.size(), file->nonce.data(), key->data()) != 0) {
    return absl::PermissionDeniedError(
        StrCat("cannot unlock key '", name, "': wrong passphrase, or the key file was altered"));
  }
  // The secret key embeds its public key; they must agree with the file's.
  if (sodium_memcmp((*secret_key)->data() + 32, file->public_key.data(), 32) != 0) {
    sodium_memzero((*secret_key)->data(), (*secret_key)->size());
    return absl::DataLossError(StrCat("key '", name, "' does not match its public key"));
  }
  return absl::OkStatus();
}

}  // namespace noaber::wallet
