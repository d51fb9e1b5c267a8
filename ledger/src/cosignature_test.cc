// Tests of checkpoint cosignatures (cosignature.h): published keys and layouts, the key ID and
// signed message per the spec, round trips, forged and changed lines, note signatures that are
// not cosignatures, timestamp bounds, several cosigners, and malformed input.
#include "noaber/ledger/cosignature.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {
namespace {

class CryptoEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }
};
[[maybe_unused]] const ::testing::Environment* const kCryptoEnvironment =
    ::testing::AddGlobalTestEnvironment(new CryptoEnvironment);

// No published cosignature/v1 known answer gives both a private key (or seed) and the signed
// output, so these published values check only the key ID, the vkey form and the layout.
//
// A real witness's cosigner key and a 0x01 note key, from transparency-dev/formats,
// note/note_cosigv1_test.go (TestCoSigV1NewVerifier), commit
// 091ce41666c09683aa9350785e572be27f0c026d.
constexpr std::string_view kRemoraCosignerKey =
    "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
constexpr std::string_view kFormatsNoteKey =
    "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";
// The Ed25519 cosignature of TestCosignatureTimestamp in the same file, time 1727964367.
constexpr std::string_view kFormatsCosignature =
    "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJ"
    "XORmnFBOBA==";
// The example of C2SP tlog-cosignature.md, commit 01194db11950a0ae2b2b2401afa0a4063a822458 (its
// keys are not published, so its signatures cannot be checked).
constexpr std::string_view kSpecBody =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
constexpr std::string_view kSpecSignatures =
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\xE2\x80\x94 witness.example.com/w1 "
    "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIU"
    "BkBIfZ+qnA==\n";

constexpr std::string_view kLogName = "noaber.example/log";
constexpr std::string_view kWitnessName = "witness.example/w1";
constexpr uint64_t kTime = 1679315147;

KeyPair TestKey(uint8_t fill) {
  std::array<uint8_t, 32> seed{};
  seed.fill(fill);
  return KeyPairFromSeed(seed);
}

std::string CheckpointTestBody(uint64_t size = 20852163) {
  Checkpoint checkpoint{std::string(kLogName), size, {}};
  for (size_t i = 0; i < checkpoint.root.size(); ++i)
    checkpoint.root[i] = static_cast<uint8_t>(i * 7);
  return FormatCheckpointBody(checkpoint);
}

std::string SignedTestNote(const KeyPair& log, uint64_t size = 20852163) {
  return SignNote(CheckpointTestBody(size), kLogName, log.secret_key).value();
}

CosignerKey KeyOf(const KeyPair& key, std::string_view name = kWitnessName) {
  return CosignerKey{std::string(name), CosignerKeyId(name, key.public_key), key.public_key};
}

std::string BigEndian64(uint64_t value) {
  std::string out;
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
  return out;
}

std::string Chars(const Signature& signature) {
  return std::string(reinterpret_cast<const char*>(signature.data()), signature.size());
}

// A cosignature line by `signer` under the name and key ID of `claimed`, with any timestamp:
// the message signed is CosignedMessage(body, signed_time), the line says line_time.
std::string ForgedLine(std::string_view body, const KeyPair& signer, const KeyPair& claimed,
                       uint64_t signed_time, uint64_t line_time) {
  const Signature signature = Sign(signer.secret_key, CosignedMessage(body, signed_time));
  return FormatNoteSignatureLine(kWitnessName, CosignerKeyId(kWitnessName, claimed.public_key),
                                 StrCat(BigEndian64(line_time), Chars(signature)));
}

absl::StatusOr<std::vector<Cosignature>> VerifyText(std::string_view text,
                                                    std::span<const CosignerKey> keys) {
  absl::StatusOr<Note> note = ParseNote(text);
  if (!note.ok()) return note.status();
  return VerifyCosignatures(*note, keys);
}

std::string CosignedTestNote(const KeyPair& log, const KeyPair& witness, uint64_t time = kTime) {
  const std::vector<std::string> lines = {
      Cosign(CheckpointTestBody(), kWitnessName, witness.secret_key, time).value()};
  return AppendCosignatures(SignedTestNote(log), lines).value();
}

TEST(CosignatureKnownAnswer, PublishedCosignerKeyDecodesWithItsKeyId) {
  absl::StatusOr<CosignerKey> key = DecodeCosignerKey(kRemoraCosignerKey);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->name, "remora.n621.de");
  EXPECT_EQ(key->key_id, 0xda77ade7u);
  EXPECT_EQ(CosignerKeyId("remora.n621.de", key->public_key), 0xda77ade7u);
  EXPECT_NE(NoteKeyId("remora.n621.de", key->public_key), 0xda77ade7u);
  EXPECT_EQ(EncodeCosignerKey("remora.n621.de", key->public_key).value_or(""), kRemoraCosignerKey);
  // Each decoder takes only its own type byte.
  EXPECT_EQ(DecodeVerifierKey(kRemoraCosignerKey).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeVerifierKey(kFormatsNoteKey).value_or(VerifierKey{}).key_id, 0x7997405cu);
  EXPECT_EQ(DecodeCosignerKey(kFormatsNoteKey).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CosignatureKnownAnswer, SpecExampleLayout) {
  EXPECT_EQ(CosignedMessage(kSpecBody, kTime),
            "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");

  absl::StatusOr<Note> note = ParseNote(StrCat(kSpecBody, "\n", kSpecSignatures));
  ASSERT_TRUE(note.ok()) << note.status();
  ASSERT_EQ(note->signatures.size(), 2u);
  EXPECT_EQ(note->body, kSpecBody);
  // The log's Ed25519 note signature is not a timestamped signature.
  EXPECT_EQ(ParseTimestampedSignature(note->signatures[0].signature).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(note->signatures[1].name, "witness.example.com/w1");
  EXPECT_EQ(note->signatures[1].key_id, 0x8d66cf3fu);
  EXPECT_EQ(ParseTimestampedSignature(note->signatures[1].signature)
                .value_or(TimestampedSignature{})
                .timestamp_s,
            kTime);

  std::optional<std::string> formats = DecodeBase64(kFormatsCosignature);
  ASSERT_TRUE(formats.has_value());
  ASSERT_EQ(formats->size(), 4 + kTimestampedSignatureBytes);
  absl::StatusOr<TimestampedSignature> parsed = ParseTimestampedSignature(formats->substr(4));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->timestamp_s, 1727964367u);
  EXPECT_EQ(Chars(parsed->signature), formats->substr(12));
}

TEST(CosignatureKeyId, IsTheSpecDerivation) {
  for (uint8_t fill : {1, 2, 3}) {
    const KeyPair key = TestKey(fill);
    for (std::string_view name : {"witness.example/w1", "w", "oid/1.3.6.1.4.1.99999"}) {
      std::string preimage(name);
      preimage.push_back('\n');
      preimage.push_back('\x04');
      for (uint8_t byte : key.public_key) preimage.push_back(static_cast<char>(byte));
      const Hash hash = Sha256(preimage);
      const uint32_t expected = uint32_t{hash[0]} << 24 | uint32_t{hash[1]} << 16 |
                                uint32_t{hash[2]} << 8 | uint32_t{hash[3]};
      EXPECT_EQ(CosignerKeyId(name, key.public_key), expected) << name;
      EXPECT_NE(CosignerKeyId(name, key.public_key), NoteKeyId(name, key.public_key)) << name;
      EXPECT_EQ(KeyOf(key, name).key_id, expected);
    }
  }
}

TEST(CosignatureMessage, HasNoLeadingZerosAndAnyBody) {
  EXPECT_EQ(CosignedMessage("o\n0\nAAAA\n", 0), "cosignature/v1\ntime 0\no\n0\nAAAA\n");
  EXPECT_EQ(CosignedMessage("b\n", kCosignatureTimestampMax),
            "cosignature/v1\ntime 9223372036854775807\nb\n");
  EXPECT_EQ(CosignedMessage("b\n", 10), "cosignature/v1\ntime 10\nb\n");
}

TEST(Cosignature, RoundTrip) {
  const KeyPair log = TestKey(1);
  const KeyPair witness = TestKey(3);
  const std::string signed_note = SignedTestNote(log);
  const std::string line =
      Cosign(CheckpointTestBody(), kWitnessName, witness.secret_key, kTime).value();

  // The line, read independently: em dash, name, base64 of key ID, timestamp, signature.
  const std::string prefix = StrCat("\xE2\x80\x94 ", kWitnessName, " ");
  ASSERT_TRUE(line.starts_with(prefix) && line.ends_with("\n")) << line;
  std::optional<std::string> blob =
      DecodeBase64(std::string_view(line).substr(prefix.size(), line.size() - prefix.size() - 1));
  ASSERT_TRUE(blob.has_value());
  ASSERT_EQ(blob->size(), 4 + 8 + 64u);
  EXPECT_EQ(blob->substr(4, 8), BigEndian64(kTime));
  Signature signature{};
  std::copy(blob->begin() + 12, blob->end(), signature.begin());
  EXPECT_TRUE(Verify(witness.public_key, signature, CosignedMessage(CheckpointTestBody(), kTime)));

  const std::vector<std::string> lines = {line};
  absl::StatusOr<std::string> text = AppendCosignatures(signed_note, lines);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, signed_note + line);
  // The log's signature still verifies; the cosignature is kept and verifies.
  absl::StatusOr<Note> note = VerifyNote(*text, kLogName, log.public_key);
  ASSERT_TRUE(note.ok()) << note.status();
  ASSERT_EQ(note->signatures.size(), 2u);
  const std::vector<CosignerKey> keys = {KeyOf(witness)};
  absl::StatusOr<std::vector<Cosignature>> verified = VerifyCosignatures(*note, keys);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(*verified,
            (std::vector<Cosignature>{{std::string(kWitnessName),
                                       CosignerKeyId(kWitnessName, witness.public_key), kTime}}));

  // The boundary timestamps.
  for (uint64_t time : {uint64_t{0}, kCosignatureTimestampMax}) {
    absl::StatusOr<std::vector<Cosignature>> at =
        VerifyText(CosignedTestNote(log, witness, time), keys);
    ASSERT_TRUE(at.ok()) << at.status();
    ASSERT_EQ(at->size(), 1u);
    EXPECT_EQ((*at)[0].timestamp_s, time);
  }
}

TEST(Cosignature, OtherKeysAndNamesAreIgnored) {
  const KeyPair log = TestKey(1);
  const KeyPair witness = TestKey(3);
  const std::string text = CosignedTestNote(log, witness);
  for (const CosignerKey& key :
       {KeyOf(TestKey(4)), KeyOf(witness, "witness.example/w2"), KeyOf(log, kLogName)}) {
    const std::vector<CosignerKey> keys = {key};
    absl::StatusOr<std::vector<Cosignature>> verified = VerifyText(text, keys);
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_TRUE(verified->empty()) << key.name;
  }
  EXPECT_TRUE(VerifyText(text, {}).value().empty());
}

TEST(Cosignature, ForgedLinesOfAKnownKeyAreRefused) {
  const KeyPair log = TestKey(1);
  const KeyPair witness = TestKey(3);
  const std::string signed_note = SignedTestNote(log);
  const std::string body = CheckpointTestBody();
  const std::vector<CosignerKey> keys = {KeyOf(witness)};
  const std::string good = ForgedLine(body, witness, witness, kTime, kTime);
  ASSERT_TRUE(VerifyText(signed_note + good, keys).ok());
  const std::string other_body = SignedTestNote(log, 20852164);
  struct Case {
    std::string name;
    std::string text;
  };
  for (const Case& forged : {
           Case{"another key's signature",
                signed_note + ForgedLine(body, TestKey(4), witness, kTime, kTime)},
           Case{"a later timestamp",
                signed_note + ForgedLine(body, witness, witness, kTime, kTime + 1)},
           Case{"an earlier timestamp",
                signed_note + ForgedLine(body, witness, witness, kTime, kTime - 1)},
           Case{"another body", other_body + good},
           Case{"a good and a bad line",
                signed_note + good + ForgedLine(body, witness, witness, 1, 2)},
       }) {
    absl::StatusOr<std::vector<Cosignature>> verified = VerifyText(forged.text, keys);
    EXPECT_EQ(verified.status().code(), absl::StatusCode::kUnauthenticated) << forged.name;
  }
}

TEST(Cosignature, EverySingleByteChangeIsRefused) {
  const KeyPair witness = TestKey(3);
  const std::string signed_note = SignedTestNote(TestKey(1));
  const std::string text = CosignedTestNote(TestKey(1), witness);
  const std::vector<CosignerKey> keys = {KeyOf(witness)};
  ASSERT_EQ(VerifyText(text, keys).value().size(), 1u);
  size_t unauthenticated = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    // Lines of the log's signature are not this test's business.
    if (i >= CheckpointTestBody().size() && i < signed_note.size()) continue;
    for (int delta : {1, 0x20, 0x80}) {
      std::string changed = text;
      changed[i] = static_cast<char>(changed[i] + delta);
      absl::StatusOr<std::vector<Cosignature>> verified = VerifyText(changed, keys);
      if (verified.ok()) {
        // Only a changed name or key ID may leave the line as an unknown key's, ignored.
        EXPECT_TRUE(verified->empty()) << "byte " << i << " + " << delta;
      } else {
        EXPECT_TRUE(verified.status().code() == absl::StatusCode::kInvalidArgument ||
                    verified.status().code() == absl::StatusCode::kUnauthenticated);
        if (verified.status().code() == absl::StatusCode::kUnauthenticated) ++unauthenticated;
      }
    }
  }
  // The signature bytes reach the Ed25519 check, not only the parser.
  EXPECT_GT(unauthenticated, 100u);
}

TEST(Cosignature, NoteSignaturesAreNotCosignatures) {
  const KeyPair log = TestKey(1);
  const KeyPair witness = TestKey(3);
  const std::string body = CheckpointTestBody();
  const std::vector<CosignerKey> keys = {KeyOf(witness)};
  // A 0x01 note signature by the cosigner's key and name: its key ID differs, so it is ignored.
  const std::string note_line =
      SignNote(body, kWitnessName, witness.secret_key).value().substr(body.size() + 1);
  absl::StatusOr<std::vector<Cosignature>> verified =
      VerifyText(SignedTestNote(log) + note_line, keys);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_TRUE(verified->empty());
  // Nor is a cosignature taken for a note signature of the same key.
  EXPECT_EQ(
      VerifyNote(CosignedTestNote(log, witness), kWitnessName, witness.public_key).status().code(),
      absl::StatusCode::kUnauthenticated);
  // A note signature moved under the cosignature key ID has no timestamp: refused.
  const Signature signature = Sign(witness.secret_key, body);
  const std::string moved = FormatNoteSignatureLine(
      kWitnessName, CosignerKeyId(kWitnessName, witness.public_key), Chars(signature));
  const std::vector<std::string> lines = {moved};
  EXPECT_EQ(AppendCosignatures(SignedTestNote(log), lines).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyText(SignedTestNote(log) + moved, keys).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(Cosignature, TimestampsAboveTwoToThe63MinusOneAreRefused) {
  const KeyPair log = TestKey(1);
  const KeyPair witness = TestKey(3);
  const std::string body = CheckpointTestBody();
  const uint64_t too_late = kCosignatureTimestampMax + 1;
  for (uint64_t time : {too_late, ~uint64_t{0}}) {
    EXPECT_EQ(Cosign(body, kWitnessName, witness.secret_key, time).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  const std::string zeros(64, '\0');
  EXPECT_EQ(ParseTimestampedSignature(BigEndian64(too_late) + zeros).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseTimestampedSignature(BigEndian64(kCosignatureTimestampMax) + zeros)
                .value_or(TimestampedSignature{})
                .timestamp_s,
            kCosignatureTimestampMax);
  for (size_t size : {0, 71, 73, 64}) {
    EXPECT_FALSE(ParseTimestampedSignature(std::string(size, '\0')).ok()) << size;
  }

  // A genuine Ed25519 signature over "time 9223372036854775808" is still refused; the same
  // one second earlier verifies, so the bound is what refuses it.
  const std::vector<CosignerKey> keys = {KeyOf(witness)};
  const std::string late = ForgedLine(body, witness, witness, too_late, too_late);
  const std::vector<std::string> lines = {late};
  EXPECT_EQ(AppendCosignatures(SignedTestNote(log), lines).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyText(SignedTestNote(log) + late, keys).status().code(),
            absl::StatusCode::kUnauthenticated);
  const std::string last =
      ForgedLine(body, witness, witness, kCosignatureTimestampMax, kCosignatureTimestampMax);
  EXPECT_EQ(VerifyText(SignedTestNote(log) + last, keys).value().size(), 1u);
}

TEST(Cosignature, SeveralCosigners) {
  const KeyPair log = TestKey(1);
  const KeyPair w1 = TestKey(3), w2 = TestKey(4), unknown = TestKey(5);
  const std::string body = CheckpointTestBody();
  const std::vector<std::string> lines = {
      Cosign(body, kWitnessName, w1.secret_key, 10).value(),
      Cosign(body, "witness.example/w2", w2.secret_key, 15).value(),
      Cosign(body, "witness.example/w3", unknown.secret_key, 30).value(),
      Cosign(body, kWitnessName, w1.secret_key, 20).value(),
  };
  const std::string text = AppendCosignatures(SignedTestNote(log), lines).value();
  ASSERT_TRUE(VerifyNote(text, kLogName, log.public_key).ok());
  const std::vector<CosignerKey> keys = {KeyOf(w2, "witness.example/w2"), KeyOf(w1)};
  absl::StatusOr<std::vector<Cosignature>> verified = VerifyText(text, keys);
  ASSERT_TRUE(verified.ok()) << verified.status();
  // In the order of the keys, one per key, with its latest timestamp.
  ASSERT_EQ(verified->size(), 2u);
  EXPECT_EQ((*verified)[0].name, "witness.example/w2");
  EXPECT_EQ((*verified)[0].timestamp_s, 15u);
  EXPECT_EQ((*verified)[1].name, kWitnessName);
  EXPECT_EQ((*verified)[1].timestamp_s, 20u);

  // A key listed twice is ambiguous; too many keys are refused.
  const std::vector<CosignerKey> twice = {KeyOf(w1), KeyOf(w2, "witness.example/w2"), KeyOf(w1)};
  EXPECT_EQ(VerifyText(text, twice).status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<CosignerKey> many;
  for (size_t i = 0; i <= kCosignerKeysMax; ++i) many.push_back(KeyOf(w1, StrCat("w", i)));
  EXPECT_EQ(VerifyText(text, many).status().code(), absl::StatusCode::kInvalidArgument);
  many.pop_back();
  EXPECT_TRUE(VerifyText(text, many).ok());
}

TEST(Cosignature, CosignRefusesBadInput) {
  const KeyPair witness = TestKey(3);
  const std::string body = CheckpointTestBody();
  for (const std::string& bad_body :
       {std::string(""), body.substr(0, body.size() - 1), StrCat(body, "extension\n"),
        std::string("o\n012\nAAAA\n"), std::string("If you think cryptography...\n")}) {
    EXPECT_EQ(Cosign(bad_body, kWitnessName, witness.secret_key, kTime).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad_body;
  }
  for (std::string_view name : {"", "a b", "a+b", "a\nb",
                                "a\xC2\xA0"
                                "b"}) {
    EXPECT_EQ(Cosign(body, name, witness.secret_key, kTime).status().code(),
              absl::StatusCode::kInvalidArgument)
        << name;
    EXPECT_EQ(EncodeCosignerKey(name, witness.public_key).status().code(),
              absl::StatusCode::kInvalidArgument)
        << name;
  }
}

TEST(Cosignature, AppendRefusesWhatWouldBreakTheNote) {
  const KeyPair witness = TestKey(3);
  const std::string signed_note = SignedTestNote(TestKey(1));
  const std::string line =
      Cosign(CheckpointTestBody(), kWitnessName, witness.secret_key, kTime).value();
  const auto append = [&](std::string_view text, std::vector<std::string> lines) {
    return AppendCosignatures(text, lines).status().code();
  };
  EXPECT_EQ(AppendCosignatures(signed_note, {}).value_or(""), signed_note);
  const absl::StatusCode invalid = absl::StatusCode::kInvalidArgument;
  EXPECT_EQ(append(signed_note, {line.substr(0, line.size() - 1)}), invalid);
  EXPECT_EQ(append(signed_note, {line + line}), invalid);
  EXPECT_EQ(append(signed_note, {"\n"}), invalid);
  EXPECT_EQ(append(signed_note, {""}), invalid);
  EXPECT_EQ(append(signed_note, {line, "\n", line}), invalid);
  // An empty line and as many lines as the note has, then one: the count would match.
  EXPECT_EQ(append(signed_note, {StrCat("\n", line, line)}), invalid);
  EXPECT_EQ(append(signed_note, {"\n", line}), invalid);
  EXPECT_EQ(append(signed_note, {"", line + line}), invalid);
  EXPECT_EQ(append(signed_note, {StrCat("- ", line.substr(4))}), invalid);
  EXPECT_EQ(append(CheckpointTestBody(), {line}), invalid);  // not a signed note
  EXPECT_EQ(append(signed_note, std::vector<std::string>(kNoteSignaturesMax, line)), invalid);
  EXPECT_TRUE(
      AppendCosignatures(signed_note, std::vector<std::string>(kNoteSignaturesMax - 1, line)).ok());
}

TEST(CosignerKeyText, RoundTripsAndIsStrict) {
  const KeyPair witness = TestKey(3);
  const std::string good = EncodeCosignerKey(kWitnessName, witness.public_key).value();
  absl::StatusOr<CosignerKey> decoded = DecodeCosignerKey(good);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, KeyOf(witness));
  // Every single-byte change, every proper prefix and suffix is refused.
  for (const std::string& text : {good, std::string(kRemoraCosignerKey)}) {
    for (size_t i = 0; i < text.size(); ++i) {
      std::string changed = text;
      ++changed[i];
      EXPECT_FALSE(DecodeCosignerKey(changed).ok()) << changed;
      EXPECT_FALSE(DecodeCosignerKey(text.substr(0, i)).ok()) << i;
      EXPECT_FALSE(DecodeCosignerKey(text.substr(i + 1)).ok()) << i;
    }
  }
  // The same key as a 0x01 verifier key, with its 0x01 key ID: not a cosigner key.
  EXPECT_FALSE(DecodeCosignerKey(EncodeVerifierKey(kWitnessName, witness.public_key).value()).ok());
  // 0x04 key material under the 0x01 key ID.
  const std::string swapped =
      EncodeVerifierKeyOfType(kWitnessName, 0x04, witness.public_key).value();
  EXPECT_EQ(swapped, good);
  std::string wrong_id = good;
  const std::string note_id = EncodeVerifierKey(kWitnessName, witness.public_key)
                                  .value()
                                  .substr(kWitnessName.size() + 1, 8);
  wrong_id.replace(kWitnessName.size() + 1, 8, note_id);
  EXPECT_FALSE(DecodeCosignerKey(wrong_id).ok());
  EXPECT_FALSE(DecodeCosignerKey(StrCat(good, "=")).ok());
  EXPECT_FALSE(DecodeCosignerKey("").ok());
}

}  // namespace
}  // namespace noaber::ledger
