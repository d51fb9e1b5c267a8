#include "noaber/ledger/checkpoint.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // em dash U+2014, space
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kKeyIdBytes = 4;

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Reads the code point starting at text[*pos] and advances *pos. Strict UTF-8: no overlong
// forms, no surrogates, nothing above U+10FFFF. False if the bytes are not UTF-8.
bool NextCodePoint(std::string_view text, size_t* pos, uint32_t* code_point) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t first = byte(*pos);
  size_t length = 0;
  uint32_t value = 0, minimum = 0;
  if (first < 0x80) {
    length = 1, value = first;
  } else if ((first & 0xE0) == 0xC0) {
    length = 2, value = first & 0x1F, minimum = 0x80;
  } else if ((first & 0xF0) == 0xE0) {
    length = 3, value = first & 0x0F, minimum = 0x800;
  } else if ((first & 0xF8) == 0xF0) {
    length = 4, value = first & 0x07, minimum = 0x10000;
  } else {
    return false;
  }
  if (text.size() - *pos < length) return false;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(*pos + i) & 0xC0) != 0x80) return false;
    value = value << 6 | (byte(*pos + i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
  *pos += length;
  *code_point = value;
  return true;
}

// Unicode White_Space (Go's unicode.IsSpace), as the signed-note spec forbids it in names.
bool IsUnicodeSpace(uint32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// OK if `text` is UTF-8 without control characters other than "\n".
absl::Status CheckNoteCharacters(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    uint32_t c = 0;
    const size_t at = pos;
    if (!NextCodePoint(text, &pos, &c)) {
      return absl::InvalidArgumentError(StrCat("note is not valid UTF-8 at byte ", at));
    }
    if ((c < 0x20 && c != '\n') || c == 0x7F) {
      return absl::InvalidArgumentError(StrCat("note has a control character at byte ", at));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<NoteSignature> ParseSignatureLine(std::string_view line) {
  if (!line.starts_with(kSignaturePrefix)) {
    return absl::InvalidArgumentError("signature line does not start with an em dash and space");
  }
  line.remove_prefix(kSignaturePrefix.size());
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return absl::InvalidArgumentError("signature line has no space after the key name");
  }
  const std::string_view name = line.substr(0, space);
  if (!IsValidNoteKeyName(name)) {
    return absl::InvalidArgumentError(StrCat("signature line has an invalid key name '", name, "'"));
  }
  std::optional<std::string> bytes = DecodeBase64(line.substr(space + 1));
  if (!bytes.has_value()) {
    return absl::InvalidArgumentError(StrCat("signature of '", name, "' is not valid base64"));
  }
  if (bytes->size() <= kKeyIdBytes) {
    return absl::InvalidArgumentError(StrCat("signature of '", name, "' is too short"));
  }
  NoteSignature signature;
  signature.name = std::string(name);
  for (size_t i = 0; i < kKeyIdBytes; ++i) {
    signature.key_id = signature.key_id << 8 | static_cast<uint8_t>((*bytes)[i]);
  }
  signature.signature = bytes->substr(kKeyIdBytes);
  return signature;
}

std::string KeyIdBytes(uint32_t key_id) {
  std::string out(kKeyIdBytes, '\0');
  for (size_t i = 0; i < kKeyIdBytes; ++i) {
    out[i] = static_cast<char>(key_id >> (8 * (kKeyIdBytes - 1 - i)));
  }
  return out;
}

std::string_view AsChars(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t count = std::min<size_t>(3, bytes.size() - i);
    uint32_t group = 0;
    for (size_t j = 0; j < 3; ++j) {
      group = group << 8 | (j < count ? static_cast<uint8_t>(bytes[i + j]) : 0);
    }
    for (size_t j = 0; j < 4; ++j) {
      out.push_back(j <= count ? kBase64Alphabet[(group >> (18 - 6 * j)) & 0x3F] : '=');
    }
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    size_t padding = 0;
    if (last && text[i + 3] == '=') padding = text[i + 2] == '=' ? 2 : 1;
    uint32_t group = 0;
    for (size_t j = 0; j < 4; ++j) {
      const int value = j < 4 - padding ? Base64Value(text[i + j]) : 0;
      if (value < 0) return std::nullopt;
      group = group << 6 | static_cast<uint32_t>(value);
    }
    // Canonical: the bits beyond the last whole byte must be zero.
    if ((padding == 1 && (group & 0xFF) != 0) || (padding == 2 && (group & 0xFFFF) != 0)) {
      return std::nullopt;
    }
    for (size_t j = 0; j < 3 - padding; ++j) out.push_back(static_cast<char>(group >> (16 - 8 * j)));
  }
  return out;
}

std::string FormatCheckpointBody(const Checkpoint& checkpoint) {
  return StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                EncodeBase64(AsChars(checkpoint.root.data(), checkpoint.root.size())), "\n");
}

absl::StatusOr<Checkpoint> ParseCheckpointBody(std::string_view body) {
  std::array<std::string_view, 3> lines;
  for (std::string_view& line : lines) {
    const size_t newline = body.find('\n');
    if (newline == std::string_view::npos) {
      return absl::InvalidArgumentError("checkpoint has fewer than three complete lines");
    }
    line = body.substr(0, newline);
    body.remove_prefix(newline + 1);
  }
  if (!body.empty()) return absl::InvalidArgumentError("checkpoint has extension lines");
  Checkpoint checkpoint;
  if (lines[0].empty()) return absl::InvalidArgumentError("checkpoint origin is empty");
  if (absl::Status status = CheckNoteCharacters(lines[0]); !status.ok()) return status;
  checkpoint.origin = std::string(lines[0]);
  const std::string_view size = lines[1];
  const bool digits_only = !size.empty() && size.find_first_not_of("0123456789") == size.npos;
  const auto [end, error] = std::from_chars(size.data(), size.data() + size.size(), checkpoint.size);
  if (!digits_only || (size.size() > 1 && size[0] == '0') || error != std::errc() ||
      end != size.data() + size.size()) {
    return absl::InvalidArgumentError(StrCat("checkpoint size '", size, "' is not a decimal uint64"));
  }
  std::optional<std::string> root = DecodeBase64(lines[2]);
  if (!root.has_value() || root->size() != checkpoint.root.size()) {
    return absl::InvalidArgumentError("checkpoint root is not 32 bytes of base64");
  }
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  return checkpoint;
}

bool IsValidNoteKeyName(std::string_view name) {
  if (name.empty() || name.find('+') != name.npos) return false;
  size_t pos = 0;
  while (pos < name.size()) {
    uint32_t c = 0;
    if (!NextCodePoint(name, &pos, &c)) return false;
    if (c < 0x20 || c == 0x7F || IsUnicodeSpace(c)) return false;
  }
  return true;
}

uint32_t NoteKeyId(std::string_view name, const PublicKey& public_key) {
  return NoteKeyIdOfType(name, kNoteSignatureTypeEd25519, public_key);
}

uint32_t NoteKeyIdOfType(std::string_view name, uint8_t signature_type,
                         const PublicKey& public_key) {
  const Hash hash = Sha256(StrCat(name, "\n", static_cast<char>(signature_type),
                                  AsChars(public_key.data(), public_key.size())));
  return static_cast<uint32_t>(hash[0]) << 24 | static_cast<uint32_t>(hash[1]) << 16 |
         static_cast<uint32_t>(hash[2]) << 8 | hash[3];
}

std::string FormatNoteSignatureLine(std::string_view name, uint32_t key_id,
                                    std::string_view signature) {
  return StrCat(kSignaturePrefix, name, " ", EncodeBase64(StrCat(KeyIdBytes(key_id), signature)),
                "\n");
}

absl::StatusOr<std::string> SignNote(std::string_view body, std::string_view name,
                                     const SecretKey& secret_key) {
  if (body.empty() || body.back() != '\n') {
    return absl::InvalidArgumentError("note body must end with a newline");
  }
  if (absl::Status status = CheckNoteCharacters(body); !status.ok()) return status;
  if (!IsValidNoteKeyName(name)) {
    return absl::InvalidArgumentError(StrCat("invalid note key name '", name, "'"));
  }
  PublicKey public_key{};
  std::copy(secret_key.begin() + 32, secret_key.end(), public_key.begin());
  const Signature signature = Sign(secret_key, body);
  return StrCat(body, "\n",
                FormatNoteSignatureLine(name, NoteKeyId(name, public_key),
                                        AsChars(signature.data(), signature.size())));
}

absl::StatusOr<Note> ParseNote(std::string_view text) {
  if (text.size() > kNoteBytesMax) {
    return absl::InvalidArgumentError(StrCat("note is longer than ", kNoteBytesMax, " bytes"));
  }
  if (absl::Status status = CheckNoteCharacters(text); !status.ok()) return status;
  // The body is separated from the signatures by the last empty line.
  const size_t split = text.rfind("\n\n");
  if (split == std::string_view::npos) {
    return absl::InvalidArgumentError("note has no empty line before its signatures");
  }
  Note note;
  note.body = std::string(text.substr(0, split + 1));
  std::string_view lines = text.substr(split + 2);
  if (lines.empty() || lines.back() != '\n') {
    return absl::InvalidArgumentError("note signatures do not end with a newline");
  }
  while (!lines.empty()) {
    if (note.signatures.size() == kNoteSignaturesMax) {
      return absl::InvalidArgumentError(
          StrCat("note has more than ", kNoteSignaturesMax, " signatures"));
    }
    const size_t newline = lines.find('\n');
    absl::StatusOr<NoteSignature> signature = ParseSignatureLine(lines.substr(0, newline));
    if (!signature.ok()) return signature.status();
    note.signatures.push_back(*std::move(signature));
    lines.remove_prefix(newline + 1);
  }
  return note;
}

absl::StatusOr<Note> VerifyNote(std::string_view text, std::string_view name,
                                const PublicKey& public_key) {
  absl::StatusOr<Note> note = ParseNote(text);
  if (!note.ok()) return note.status();
  const uint32_t key_id = NoteKeyId(name, public_key);
  size_t verified = 0;
  for (const NoteSignature& line : note->signatures) {
    if (line.name != name || line.key_id != key_id) continue;  // another key: ignored
    Signature signature{};
    if (line.signature.size() != signature.size()) {
      return absl::UnauthenticatedError(StrCat("signature of '", name, "' has the wrong length"));
    }
    std::copy(line.signature.begin(), line.signature.end(), signature.begin());
    // The spec lets a verifier reject the whole note when a known key's signature fails.
    if (!Verify(public_key, signature, note->body)) {
      return absl::UnauthenticatedError(StrCat("signature of '", name, "' does not verify"));
    }
    ++verified;
  }
  if (verified == 0) {
    return absl::UnauthenticatedError(StrCat("note has no signature by key '", name, "'"));
  }
  return note;
}

absl::StatusOr<std::string> EncodeVerifierKey(std::string_view name, const PublicKey& public_key) {
  return EncodeVerifierKeyOfType(name, kNoteSignatureTypeEd25519, public_key);
}

absl::StatusOr<VerifierKey> DecodeVerifierKey(std::string_view text) {
  return DecodeVerifierKeyOfType(text, kNoteSignatureTypeEd25519);
}

absl::StatusOr<std::string> EncodeVerifierKeyOfType(std::string_view name, uint8_t signature_type,
                                                    const PublicKey& public_key) {
  if (!IsValidNoteKeyName(name)) {
    return absl::InvalidArgumentError(StrCat("invalid note key name '", name, "'"));
  }
  const std::string key_id = KeyIdBytes(NoteKeyIdOfType(name, signature_type, public_key));
  const std::string key =
      StrCat(static_cast<char>(signature_type), AsChars(public_key.data(), public_key.size()));
  return StrCat(name, "+", ToHex(reinterpret_cast<const uint8_t*>(key_id.data()), key_id.size()),
                "+", EncodeBase64(key));
}

absl::StatusOr<VerifierKey> DecodeVerifierKeyOfType(std::string_view text, uint8_t signature_type) {
  // The name has no '+'; the base64 key may.
  const size_t first = text.find('+');
  const size_t second = first == text.npos ? text.npos : text.find('+', first + 1);
  if (second == text.npos) {
    return absl::InvalidArgumentError("verifier key is not name+keyid+key");
  }
  VerifierKey key;
  key.name = std::string(text.substr(0, first));
  if (!IsValidNoteKeyName(key.name)) {
    return absl::InvalidArgumentError(StrCat("verifier key has an invalid name '", key.name, "'"));
  }
  std::array<uint8_t, kKeyIdBytes> key_id{};
  const std::string_view key_id_hex = text.substr(first + 1, second - first - 1);
  // Lowercase only, as written: one key has one text, so keys compare as text.
  if (!FromHex(key_id_hex, key_id.data(), key_id.size()) ||
      ToHex(key_id.data(), key_id.size()) != key_id_hex) {
    return absl::InvalidArgumentError("verifier key ID is not 8 lowercase hex digits");
  }
  std::optional<std::string> bytes = DecodeBase64(text.substr(second + 1));
  if (!bytes.has_value() || bytes->size() != 1 + key.public_key.size() ||
      static_cast<uint8_t>((*bytes)[0]) != signature_type) {
    return absl::InvalidArgumentError(
        StrCat("verifier key is not base64 of 0x", ToHex(&signature_type, 1), " and 32 bytes"));
  }
  std::copy(bytes->begin() + 1, bytes->end(), key.public_key.begin());
  key.key_id = NoteKeyIdOfType(key.name, signature_type, key.public_key);
  if (KeyIdBytes(key.key_id) != AsChars(key_id.data(), key_id.size())) {
    return absl::InvalidArgumentError("verifier key ID does not match its name and key");
  }
  return key;
}

}  // namespace noaber::ledger
