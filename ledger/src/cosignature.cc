#include "noaber/ledger/cosignature.h"

#include <algorithm>
#include <optional>

#include "ledger/src/assert.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

constexpr size_t kTimestampBytes = 8;

std::string_view AsChars(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

std::string TimestampBytes(uint64_t timestamp_s) {
  std::string out(kTimestampBytes, '\0');
  for (size_t i = 0; i < kTimestampBytes; ++i) {
    out[i] = static_cast<char>(timestamp_s >> (8 * (kTimestampBytes - 1 - i)));
  }
  return out;
}

// OK if the line verifies as a cosignature by `key` over `body`; sets *timestamp_s.
absl::Status VerifyLine(const NoteSignature& line, const CosignerKey& key, std::string_view body,
                        uint64_t* timestamp_s) {
  absl::StatusOr<TimestampedSignature> signature = ParseTimestampedSignature(line.signature);
  if (!signature.ok()) {
    return absl::UnauthenticatedError(StrCat(
        "cosignature of '", key.name, "' is malformed: ", ToView(signature.status().message())));
  }
  if (!Verify(key.public_key, signature->signature,
              CosignedMessage(body, signature->timestamp_s))) {
    return absl::UnauthenticatedError(StrCat("cosignature of '", key.name, "' does not verify"));
  }
  *timestamp_s = signature->timestamp_s;
  return absl::OkStatus();
}

}  // namespace

uint32_t CosignerKeyId(std::string_view name, const PublicKey& public_key) {
  return NoteKeyIdOfType(name, kNoteSignatureTypeCosignatureV1, public_key);
}

absl::StatusOr<std::string> EncodeCosignerKey(std::string_view name, const PublicKey& public_key) {
  return EncodeVerifierKeyOfType(name, kNoteSignatureTypeCosignatureV1, public_key);
}

absl::StatusOr<CosignerKey> DecodeCosignerKey(std::string_view text) {
  absl::StatusOr<VerifierKey> key = DecodeVerifierKeyOfType(text, kNoteSignatureTypeCosignatureV1);
  if (!key.ok()) return key.status();
  return CosignerKey{std::move(key->name), key->key_id, key->public_key};
}

std::string CosignedMessage(std::string_view checkpoint_body, uint64_t timestamp_s) {
  return StrCat("cosignature/v1\ntime ", timestamp_s, "\n", checkpoint_body);
}

absl::StatusOr<TimestampedSignature> ParseTimestampedSignature(std::string_view bytes) {
  if (bytes.size() != kTimestampedSignatureBytes) {
    return absl::InvalidArgumentError(StrCat("timestamped signature has ", bytes.size(),
                                             " bytes, not ", kTimestampedSignatureBytes));
  }
  TimestampedSignature out;
  for (size_t i = 0; i < kTimestampBytes; ++i) {
    out.timestamp_s = out.timestamp_s << 8 | static_cast<uint8_t>(bytes[i]);
  }
  if (out.timestamp_s > kCosignatureTimestampMax) {
    return absl::InvalidArgumentError("cosignature timestamp exceeds 2^63 - 1");
  }
  std::copy(bytes.begin() + kTimestampBytes, bytes.end(), out.signature.begin());
  return out;
}

absl::StatusOr<std::string> Cosign(std::string_view checkpoint_body, std::string_view name,
                                   const SecretKey& secret_key, uint64_t timestamp_s) {
  if (absl::Status status = ParseCheckpointBody(checkpoint_body).status(); !status.ok()) {
    return status;
  }
  if (!IsValidNoteKeyName(name)) {
    return absl::InvalidArgumentError(StrCat("invalid cosigner name '", name, "'"));
  }
  if (timestamp_s > kCosignatureTimestampMax) {
    return absl::InvalidArgumentError("cosignature timestamp exceeds 2^63 - 1");
  }
  PublicKey public_key{};
  std::copy(secret_key.begin() + 32, secret_key.end(), public_key.begin());
  const Signature signature = Sign(secret_key, CosignedMessage(checkpoint_body, timestamp_s));
  return FormatNoteSignatureLine(
      name, CosignerKeyId(name, public_key),
      StrCat(TimestampBytes(timestamp_s), AsChars(signature.data(), signature.size())));
}

absl::StatusOr<std::string> AppendCosignatures(std::string_view note_text,
                                               std::span<const std::string> lines) {
  absl::StatusOr<Note> before = ParseNote(note_text);
  if (!before.ok()) return before.status();
  std::string text(note_text);
  for (const std::string& line : lines) {
    if (line.empty() || line.find('\n') != line.size() - 1) {
      return absl::InvalidArgumentError("cosignature is not one line ending in a newline");
    }
    text += line;
  }
  absl::StatusOr<Note> after = ParseNote(text);
  if (!after.ok()) return after.status();
  // An empty line among them would move the split between body and signatures.
  if (after->body != before->body) {
    return absl::InvalidArgumentError("cosignature lines change the note's body");
  }
  NOABER_ASSERT(after->signatures.size() == before->signatures.size() + lines.size(),
                "one signature per appended line");
  for (size_t i = before->signatures.size(); i < after->signatures.size(); ++i) {
    absl::Status status = ParseTimestampedSignature(after->signatures[i].signature).status();
    if (!status.ok()) return status;
  }
  return text;
}

absl::StatusOr<std::vector<Cosignature>> VerifyCosignatures(const Note& note,
                                                            std::span<const CosignerKey> keys) {
  if (keys.size() > kCosignerKeysMax) {
    return absl::InvalidArgumentError(StrCat("more than ", kCosignerKeysMax, " cosigner keys"));
  }
  std::vector<uint32_t> key_ids;
  key_ids.reserve(keys.size());
  for (const CosignerKey& key : keys) {
    key_ids.push_back(CosignerKeyId(key.name, key.public_key));
    for (size_t j = 0; j + 1 < key_ids.size(); ++j) {
      if (keys[j].name == key.name && key_ids[j] == key_ids.back()) {
        return absl::InvalidArgumentError(
            StrCat("cosigner key '", key.name, "' is listed twice (same name and key ID)"));
      }
    }
  }
  std::vector<Cosignature> verified;
  for (size_t k = 0; k < keys.size(); ++k) {
    std::optional<Cosignature> latest;
    for (const NoteSignature& line : note.signatures) {
      if (line.name != keys[k].name || line.key_id != key_ids[k]) continue;  // not this key
      uint64_t timestamp_s = 0;
      if (absl::Status status = VerifyLine(line, keys[k], note.body, &timestamp_s); !status.ok()) {
        return status;
      }
      if (!latest.has_value() || timestamp_s > latest->timestamp_s) {
        latest = Cosignature{keys[k].name, key_ids[k], timestamp_s};
      }
    }
    if (latest.has_value()) verified.push_back(*std::move(latest));
  }
  return verified;
}

}  // namespace noaber::ledger
