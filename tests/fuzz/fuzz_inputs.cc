// Fuzz target for the names and texts a person types or a node sends: handles, asset and skill
// codes, key names and --as lists, memos and other text (ledger/types.h, wallet-cli/inputs.h,
// wallet-cli/key_file.h), public keys and operation ids in hex. The input is the text.
//
// Properties: each check accepts exactly what an independent reference (written here from the
// documented rules, e.g. Unicode's table of well-formed UTF-8) accepts; the wallet's usage
// checks agree with the ledger's; hex that parses formats back to the same digits.
#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"
#include "noaber/ledger/types.h"
#include "tests/fuzz/fuzz_check.h"
#include "wallet-cli/inputs.h"
#include "wallet-cli/key_file.h"

namespace noaber::fuzz {
namespace {

bool OnlyOf(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view kLowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789";

bool ReferenceHandle(std::string_view s) {
  return s.size() >= 3 && s.size() <= 32 && OnlyOf(s, std::string(kLowerDigits) + "._-");
}
bool ReferenceAssetCode(std::string_view s) {
  return s.size() >= 2 && s.size() <= 12 && OnlyOf(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}
bool ReferenceSkillCode(std::string_view s) {
  return !s.empty() && s.size() <= 32 && OnlyOf(s, std::string(kLowerDigits) + "_-");
}
bool ReferenceKeyName(std::string_view s) {
  return !s.empty() && s.size() <= 64 && s[0] != '.' && OnlyOf(s, std::string(kLowerDigits) + "._-");
}

// Unicode 15, table 3-7 (well-formed UTF-8 byte sequences), then no C0, DEL or C1 controls.
bool ReferenceText(std::string_view s) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  auto in = [](unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; };
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = byte(i);
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7f) return false;
      ++i;
      continue;
    }
    unsigned char second_lo = 0x80, second_hi = 0xbf;
    size_t length = 0;
    if (in(b, 0xc2, 0xdf)) length = 2;
    else if (b == 0xe0) length = 3, second_lo = 0xa0;
    else if (in(b, 0xe1, 0xec) || in(b, 0xee, 0xef)) length = 3;
    else if (b == 0xed) length = 3, second_hi = 0x9f;
    else if (b == 0xf0) length = 4, second_lo = 0x90;
    else if (in(b, 0xf1, 0xf3)) length = 4;
    else if (b == 0xf4) length = 4, second_hi = 0x8f;
    else return false;
    if (i + length > s.size() || !in(byte(i + 1), second_lo, second_hi)) return false;
    for (size_t k = 2; k < length; ++k) {
      if (!in(byte(i + k), 0x80, 0xbf)) return false;
    }
    if (b == 0xc2 && byte(i + 1) <= 0x9f) return false;  // U+0080..U+009F: C1 controls
    i += length;
  }
  return true;
}

void Names(std::string_view text) {
  Require(ledger::IsValidHandle(text) == ReferenceHandle(text), "handles: 3-32 of a-z 0-9 . _ -");
  Require(wallet::CheckHandle(text).ok() == ReferenceHandle(text), "the wallet checks handles alike");
  Require(ledger::IsValidAssetCode(text) == ReferenceAssetCode(text), "asset codes: 2-12 of A-Z 0-9");
  Require(wallet::CheckAssetCode(text).ok() == (text.empty() || ReferenceAssetCode(text)),
          "the wallet checks asset codes alike");
  Require(ledger::IsValidSkillCode(text) == ReferenceSkillCode(text), "skill codes: 1-32 of a-z 0-9 _ -");
  Require(wallet::CheckSkillCode(text).ok() == (text.empty() || ReferenceSkillCode(text)),
          "the wallet checks skill codes alike");
  Require(wallet::IsValidKeyName(text) == ReferenceKeyName(text), "key names: 1-64, no leading dot");
  absl::StatusOr<std::vector<std::string>> names = wallet::SplitKeyNames(text);
  if (names.ok()) {
    for (size_t i = 0; i < names->size(); ++i) {
      Require(ReferenceKeyName((*names)[i]), "every name in --as is a key name");
      Require(std::count(names->begin(), names->end(), (*names)[i]) == 1, "--as names each key once");
    }
  }
}

void Texts(std::string_view text) {
  const bool valid = ReferenceText(text);
  Require(ledger::IsValidText(text, 1 << 20) == valid, "text: well-formed UTF-8 without controls");
  Require(ledger::IsValidText(text, text.size()) == valid, "the bound counts bytes");
  Require(text.empty() || !ledger::IsValidText(text, text.size() - 1), "text over the bound is refused");
  Require(wallet::CheckMemo(text).ok() == (valid && text.size() <= ledger::kMemoBytesMax),
          "the wallet checks memos as the ledger does");
  const bool blank = ledger::StripWhitespace(text).empty();
  Require(wallet::CheckText(text, 200, "the text", true).ok() == (valid && text.size() <= 200 && !blank),
          "the wallet checks required text as the ledger does");
}

void Hex(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  const bool hex = OnlyOf(text, "0123456789abcdefABCDEF");
  absl::StatusOr<ledger::PublicKey> key = wallet::ParsePublicKey(text);
  Require(key.ok() == (hex && text.size() == 64), "a public key is 64 hex digits");
  if (key.ok()) Require(ledger::ToHex(*key) == lower, "a public key formats to its digits");
  absl::StatusOr<ledger::OperationId> id = wallet::ParseOperationId(text, "listing id");
  Require(id.ok() == (hex && text.size() == 32), "an operation id is 32 hex digits");
  if (id.ok()) Require(ledger::OperationIdToHex(*id) == lower, "an operation id formats to its digits");
  Require(wallet::ParsePendingId(text).ok() == id.ok(), "pending ids are operation ids");
  absl::StatusOr<ledger::ListingKind> kind = wallet::ParseListingKind(text);
  Require(kind.ok() == (text == "offer" || text == "request"), "listing kinds: offer or request");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  const std::string_view text = AsText(data, size);
  Names(text);
  Texts(text);
  Hex(text);
  return 0;
}
