#include "wallet-cli/key_file.h"

#include <sodium.h>

#include <nlohmann/json.hpp>
#include <set>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;
using nlohmann::json;

static_assert(kSaltBytes == crypto_pwhash_SALTBYTES);
static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kCiphertextBytes ==
              sizeof(ledger::SecretKey) + crypto_aead_xchacha20poly1305_ietf_ABYTES);

absl::Status Bad(std::string_view why) { return absl::DataLossError(StrCat("key file: ", why)); }

// Reads a hex string field of exactly N bytes.
template <size_t N>
absl::Status HexField(const json& object, const char* field, std::array<uint8_t, N>* out) {
  const json& value = object.at(field);
  if (!value.is_string()) return Bad(StrCat("\"", field, "\" must be a string"));
  if (!ledger::FromHex(value.get_ref<const std::string&>(), out->data(), N)) {
    return Bad(StrCat("\"", field, "\" must be ", 2 * N, " hex digits"));
  }
  return absl::OkStatus();
}

absl::Status UnsignedField(const json& object, const char* field, uint64_t* out) {
  const json& value = object.at(field);
  if (!value.is_number_unsigned()) {
    return Bad(StrCat("\"", field, "\" must be a whole number"));
  }
  *out = value.get<uint64_t>();
  return absl::OkStatus();
}

absl::Status CheckShape(const json& object) {
  static const std::set<std::string> kFields = {"version", "name",     "public_key",
                                                "kdf",     "opslimit", "memlimit",
                                                "salt",    "nonce",    "ciphertext"};
  if (!object.is_object()) return Bad("not a JSON object");
  for (const auto& [field, value] : object.items()) {
    if (!kFields.contains(field)) return Bad(StrCat("unexpected field \"", field, "\""));
  }
  for (const std::string& field : kFields) {
    if (!object.contains(field)) return Bad(StrCat("missing field \"", field, "\""));
  }
  if (!object["version"].is_number_unsigned() || object["version"].get<uint64_t>() != 1) {
    return Bad(StrCat("unsupported version (this wallet reads version ", kKeyFileVersion, ")"));
  }
  if (!object["kdf"].is_string() || object["kdf"].get_ref<const std::string&>() != kKeyFileKdf) {
    return Bad(StrCat("\"kdf\" must be \"", kKeyFileKdf, "\""));
  }
  const json& name = object["name"];
  if (!name.is_string() || !IsValidKeyName(name.get_ref<const std::string&>())) {
    return Bad("\"name\" is not a valid key name");
  }
  return absl::OkStatus();
}

}  // namespace

KdfLimits InteractiveKdf() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
KdfLimits ModerateKdf() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}
KdfLimits MinimumKdf() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

bool IsAllowedKdf(const KdfLimits& limits) {
  KdfLimits low = MinimumKdf(), high = ModerateKdf();
  return limits.opslimit >= low.opslimit && limits.opslimit <= high.opslimit &&
         limits.memlimit >= low.memlimit && limits.memlimit <= high.memlimit;
}

bool IsValidKeyName(std::string_view name) {
  if (name.empty() || name.size() > kKeyNameBytesMax || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string KeyFileAssociatedData(std::string_view name, const ledger::PublicKey& public_key) {
  std::string data = StrCat("noaber-key-v1", '\0', name, '\0');
  data.append(reinterpret_cast<const char*>(public_key.data()), public_key.size());
  return data;
}

std::string EncodeKeyFile(const KeyFile& file) {
  // Ordered, so the file reads top-down: what it is, whose, how it is sealed.
  nlohmann::ordered_json object = {
      {"version", kKeyFileVersion},
      {"name", file.name},
      {"public_key", ledger::ToHex(file.public_key)},
      {"kdf", kKeyFileKdf},
      {"opslimit", file.kdf.opslimit},
      {"memlimit", file.kdf.memlimit},
      {"salt", ledger::ToHex(file.salt)},
      {"nonce", ledger::ToHex(file.nonce)},
      {"ciphertext", ledger::ToHex(file.ciphertext)},
  };
  return object.dump(2) + "\n";
}

absl::StatusOr<KeyFile> DecodeKeyFile(std::string_view text) {
  if (text.size() > kKeyFileBytesMax) {
    return Bad(StrCat("larger than ", kKeyFileBytesMax, " bytes"));
  }
  json object = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return Bad("not valid JSON");
  if (absl::Status shape = CheckShape(object); !shape.ok()) return shape;
  KeyFile file;
  file.name = object["name"].get<std::string>();
  for (absl::Status status :
       {HexField(object, "public_key", &file.public_key), HexField(object, "salt", &file.salt),
        HexField(object, "nonce", &file.nonce), HexField(object, "ciphertext", &file.ciphertext),
        UnsignedField(object, "opslimit", &file.kdf.opslimit),
        UnsignedField(object, "memlimit", &file.kdf.memlimit)}) {
    if (!status.ok()) return status;
  }
  if (!IsAllowedKdf(file.kdf)) {
    return Bad(StrCat("opslimit ", file.kdf.opslimit, " / memlimit ", file.kdf.memlimit,
                      " outside what this wallet allows (at most opslimit ", ModerateKdf().opslimit,
                      ", memlimit ", ModerateKdf().memlimit, ")"));
  }
  return file;
}

}  // namespace noaber::wallet
