// Tests of signed checkpoints (checkpoint.h): a known answer from the Go reference
// implementation, round trips, other keys and names, every single-byte change of a note,
// cosignatures, and malformed notes, bodies and keys.
#include "noaber/ledger/checkpoint.h"

#include <gtest/gtest.h>

#include <string>

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

// Known answer from golang.org/x/mod/sumdb/note, note_test.go (the PeterNeumann key). The
// signer key there is "PRIVATE+KEY+PeterNeumann+c74f20a3+" followed by base64(0x01 || seed).
constexpr std::string_view kGoSignerKeyMaterial = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoSignatureLine =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

constexpr std::string_view kOrigin = "noaber.example/log";

KeyPair TestKey(uint8_t fill) {
  std::array<uint8_t, 32> seed{};
  seed.fill(fill);
  return KeyPairFromSeed(seed);
}

Checkpoint TestCheckpoint() {
  Checkpoint checkpoint{std::string(kOrigin), 20852163, {}};
  for (size_t i = 0; i < checkpoint.root.size(); ++i) checkpoint.root[i] = static_cast<uint8_t>(i * 7);
  return checkpoint;
}

std::string SignedTestNote(const KeyPair& key) {
  absl::StatusOr<std::string> note = SignNote(FormatCheckpointBody(TestCheckpoint()), kOrigin,
                                              key.secret_key);
  EXPECT_TRUE(note.ok()) << note.status();
  return note.value_or("");
}

void ExpectInvalid(std::string_view text, std::string_view message_part) {
  absl::StatusOr<Note> note = ParseNote(text);
  ASSERT_FALSE(note.ok()) << text;
  EXPECT_EQ(note.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(ToView(note.status().message()).find(message_part), std::string_view::npos)
      << note.status();
}

TEST(CheckpointGoKnownAnswer, SignsAndVerifiesByteForByte) {
  std::optional<std::string> material = DecodeBase64(kGoSignerKeyMaterial);
  ASSERT_TRUE(material.has_value());
  ASSERT_EQ(material->size(), 33u);
  ASSERT_EQ((*material)[0], 0x01);
  std::array<uint8_t, 32> seed{};
  std::copy(material->begin() + 1, material->end(), seed.begin());
  const KeyPair key = KeyPairFromSeed(seed);

  absl::StatusOr<VerifierKey> verifier = DecodeVerifierKey(kGoVerifierKey);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_EQ(verifier->name, "PeterNeumann");
  EXPECT_EQ(verifier->key_id, 0xc74f20a3u);
  EXPECT_EQ(verifier->public_key, key.public_key);
  EXPECT_EQ(EncodeVerifierKey("PeterNeumann", key.public_key).value_or(""), kGoVerifierKey);

  const std::string expected = StrCat(kGoText, "\n", kGoSignatureLine);
  EXPECT_EQ(SignNote(kGoText, "PeterNeumann", key.secret_key).value_or(""), expected);
  absl::StatusOr<Note> note = VerifyNote(expected, "PeterNeumann", verifier->public_key);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(note->body, kGoText);
}

TEST(CheckpointBody, FormatsAndParses) {
  Checkpoint checkpoint{"example.com/behind-the-sofa", 20852163, {}};
  std::optional<std::string> root = DecodeBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  ASSERT_TRUE(root.has_value() && root->size() == 32);
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  // The body of the example in C2SP tlog-checkpoint.md.
  const std::string body =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  EXPECT_EQ(FormatCheckpointBody(checkpoint), body);
  EXPECT_EQ(ParseCheckpointBody(body).value_or(Checkpoint{}), checkpoint);
  Checkpoint empty{"o", 0, {}};
  EXPECT_EQ(ParseCheckpointBody(FormatCheckpointBody(empty)).value_or(Checkpoint{}), empty);
}

TEST(CheckpointBody, RefusesMalformedBodies) {
  const std::string root = "\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  for (const std::string& body : {
           StrCat("o\n", "012", root), StrCat("o\n", "-1", root), StrCat("o\n", "+1", root),
           StrCat("o\n", "1x", root), StrCat("o\n", "", root), StrCat("o\n", " 1", root),
           StrCat("o\n", "18446744073709551616", root), StrCat("\n", "1", root),
           StrCat("o\n1", root, "extension\n"), std::string("o\n1\nAAAA\n"),
           std::string("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")}) {
    absl::StatusOr<Checkpoint> checkpoint = ParseCheckpointBody(body);
    EXPECT_EQ(checkpoint.status().code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_FALSE(checkpoint.status().message().empty());
  }
  EXPECT_EQ(ParseCheckpointBody(StrCat("o\n", "18446744073709551615", root))->size,
            18446744073709551615u);
}

TEST(CheckpointBase64, IsStrict) {
  for (std::string_view bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(DecodeBase64(EncodeBase64(bytes)), std::string(bytes));
  }
  EXPECT_EQ(EncodeBase64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(EncodeBase64("fo"), "Zm8=");
  for (std::string_view bad : {"Zm8", "Zm9=", "Zg==Zg==", "Zh==", "Z===", "Zm 8=", "Zm-8",
                               "Zm_8", "Zm8=\n", "=m8="}) {
    EXPECT_FALSE(DecodeBase64(bad).has_value()) << bad;
  }
}

TEST(CheckpointNote, RoundTrip) {
  const KeyPair key = TestKey(1);
  const std::string text = SignedTestNote(key);
  absl::StatusOr<Note> note = VerifyNote(text, kOrigin, key.public_key);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(ParseCheckpointBody(note->body).value_or(Checkpoint{}), TestCheckpoint());
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].key_id, NoteKeyId(kOrigin, key.public_key));

  absl::StatusOr<std::string> vkey = EncodeVerifierKey(kOrigin, key.public_key);
  ASSERT_TRUE(vkey.ok());
  absl::StatusOr<VerifierKey> decoded = DecodeVerifierKey(*vkey);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->public_key, key.public_key);
  EXPECT_EQ(decoded->name, kOrigin);
}

TEST(CheckpointNote, OtherKeyOrNameFails) {
  const KeyPair key = TestKey(1);
  const std::string text = SignedTestNote(key);
  EXPECT_EQ(VerifyNote(text, kOrigin, TestKey(2).public_key).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyNote(text, "noaber.example/other", key.public_key).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(CheckpointNote, EverySingleByteChangeFails) {
  const KeyPair key = TestKey(1);
  const std::string text = SignedTestNote(key);
  for (size_t i = 0; i < text.size(); ++i) {
    for (int delta : {1, 0x20, 0x80}) {
      std::string changed = text;
      changed[i] = static_cast<char>(changed[i] + delta);
      absl::StatusOr<Note> note = VerifyNote(changed, kOrigin, key.public_key);
      ASSERT_FALSE(note.ok()) << "byte " << i << " + " << delta;
      EXPECT_TRUE(note.status().code() == absl::StatusCode::kInvalidArgument ||
                  note.status().code() == absl::StatusCode::kUnauthenticated);
    }
  }
  // Removing or adding a byte anywhere fails too.
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size()) {
      EXPECT_FALSE(VerifyNote(std::string(text).erase(i, 1), kOrigin, key.public_key).ok()) << i;
    }
    EXPECT_FALSE(VerifyNote(std::string(text).insert(i, "a"), kOrigin, key.public_key).ok()) << i;
  }
}

TEST(CheckpointNote, CosignaturesAreKeptAndIgnored) {
  const KeyPair key = TestKey(1);
  const KeyPair witness = TestKey(3);
  const std::string body = FormatCheckpointBody(TestCheckpoint());
  const std::string cosigned = SignNote(body, "witness.example/w1", witness.secret_key).value();
  const std::string cosignature_line = cosigned.substr(body.size() + 1);
  // An unknown key, another algorithm's blob of 4 + 3 bytes, and a witness cosignature.
  const std::string text = StrCat(SignedTestNote(key), "\xE2\x80\x94 other.example/k AAAAAAAAAA==\n",
                                  cosignature_line);
  absl::StatusOr<Note> note = VerifyNote(text, kOrigin, key.public_key);
  ASSERT_TRUE(note.ok()) << note.status();
  ASSERT_EQ(note->signatures.size(), 3u);
  EXPECT_EQ(note->signatures[1].name, "other.example/k");
  EXPECT_EQ(note->signatures[1].signature.size(), 3u);
  EXPECT_EQ(note->signatures[2].name, "witness.example/w1");
  EXPECT_TRUE(VerifyNote(text, "witness.example/w1", witness.public_key).ok());

  // A second, failing signature line by the log's own key rejects the whole note.
  const std::string line = SignedTestNote(key).substr(body.size() + 1);
  std::string forged = line;
  forged[forged.size() - 4] = forged[forged.size() - 4] == 'A' ? 'B' : 'A';
  EXPECT_EQ(VerifyNote(StrCat(text, forged), kOrigin, key.public_key).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(CheckpointNote, RefusesMalformedNotes) {
  const std::string text = SignedTestNote(TestKey(1));
  const std::string body = FormatCheckpointBody(TestCheckpoint());
  const std::string line = text.substr(body.size() + 1);
  ExpectInvalid(StrCat(body, line), "no empty line");
  ExpectInvalid(text.substr(0, text.size() - 1), "newline");
  ExpectInvalid(StrCat(body, "\n"), "newline");
  ExpectInvalid(StrCat(body, "\n- ", line.substr(4)), "em dash");
  ExpectInvalid(StrCat(body, "\n", line.substr(0, line.size() - 2), "!\n"), "base64");
  ExpectInvalid(StrCat(body, "\n", line.substr(0, line.size() - 2), "\n"), "base64");
  ExpectInvalid(StrCat(body, "\n\xE2\x80\x94 name+plus AAAAAAAA\n"), "key name");
  ExpectInvalid(StrCat(body, "\n\xE2\x80\x94 k AAAA\n"), "too short");
  ExpectInvalid(StrCat(body, "\n\xE2\x80\x94 nospace\n"), "no space");
  ExpectInvalid(StrCat("a\rb\n", text.substr(body.size() - 1)), "control character");
  ExpectInvalid(StrCat("a\xFF\n", text.substr(body.size() - 1)), "UTF-8");
  std::string many = text;
  for (size_t i = 0; i < kNoteSignaturesMax; ++i) many += line;
  ExpectInvalid(many, "more than");

  // Size not decimal: the note verifies, the checkpoint body does not parse.
  const KeyPair key = TestKey(1);
  const std::string bad_size = SignNote("o\n1e3\nAAAA\n", kOrigin, key.secret_key).value();
  absl::StatusOr<Note> note = VerifyNote(bad_size, kOrigin, key.public_key);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(ParseCheckpointBody(note->body).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CheckpointNote, SignRefusesBadInput) {
  const KeyPair key = TestKey(1);
  EXPECT_FALSE(SignNote("no newline", kOrigin, key.secret_key).ok());
  EXPECT_FALSE(SignNote("", kOrigin, key.secret_key).ok());
  EXPECT_FALSE(SignNote("tab\there\n", kOrigin, key.secret_key).ok());
  for (std::string_view name : {"", "a b", "a+b", "a\xC2\xA0" "b", "a\xE3\x80\x80" "b"}) {
    EXPECT_FALSE(SignNote("body\n", name, key.secret_key).ok()) << name;
    EXPECT_FALSE(EncodeVerifierKey(name, key.public_key).ok()) << name;
  }
}

TEST(CheckpointVerifierKey, RefusesMalformedKeys) {
  const std::string good(kGoVerifierKey);
  ASSERT_TRUE(DecodeVerifierKey(good).ok());
  // Every single-byte change and every proper substring is refused.
  for (size_t i = 0; i < good.size(); ++i) {
    std::string changed = good;
    ++changed[i];
    EXPECT_FALSE(DecodeVerifierKey(changed).ok()) << changed;
    EXPECT_FALSE(DecodeVerifierKey(good.substr(0, i)).ok()) << i;
    EXPECT_FALSE(DecodeVerifierKey(good.substr(i + 1)).ok()) << i;
  }
  EXPECT_FALSE(DecodeVerifierKey("PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
}

}  // namespace
}  // namespace noaber::ledger
