#include "wallet-cli/keystore.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "noaber/ledger/crypto.h"
#include "wallet-cli/private_files.h"

namespace noaber::wallet {
namespace {

using ::testing::HasSubstr;

Secret<Passphrase> PassphraseOf(std::string_view text) {
  Secret<Passphrase> passphrase;
  std::copy(text.begin(), text.end(), passphrase->bytes.begin());
  passphrase->size = text.size();
  return passphrase;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

// Replaces the first occurrence of `from` in the file at `path`.
void Edit(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = ReadText(path);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  WriteText(path, text);
}

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class KeystoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    char pattern[] = "/tmp/noaber-keystore-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    folder_ = pattern;
    home_ = folder_ + "/home";
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  // A key with the cheapest KDF libsodium allows, so tests stay fast.
  KeyInfo MakeKey(Keystore& keystore, std::string_view name, std::string_view passphrase) {
    absl::StatusOr<KeyInfo> key = keystore.Create(name, *PassphraseOf(passphrase), MinimumKdf());
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : KeyInfo{};
  }

  std::string folder_;
  std::string home_;
};

TEST_F(KeystoreTest, RoundTripUnlocksAKeyThatSigns) {
  Keystore keystore(home_);
  KeyInfo key = MakeKey(keystore, "anna", "correct horse");
  Secret<ledger::SecretKey> secret_key;
  ASSERT_TRUE(keystore.Unlock("anna", *PassphraseOf("correct horse"), &secret_key).ok());
  ledger::Signature signature = ledger::Sign(*secret_key, "hello");
  EXPECT_TRUE(ledger::Verify(key.public_key, signature, "hello"));
  absl::StatusOr<KeyInfo> read = keystore.Read("anna");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->public_key, key.public_key);
  EXPECT_EQ(read->kdf, MinimumKdf());
}

TEST_F(KeystoreTest, RecordsItsOwnKdfLimits) {
  Keystore keystore(home_);
  ASSERT_TRUE(keystore.Create("anna", *PassphraseOf("pw"), InteractiveKdf()).ok());
  absl::StatusOr<KeyInfo> read = keystore.Read("anna");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->kdf, InteractiveKdf());
  Secret<ledger::SecretKey> secret_key;
  EXPECT_TRUE(keystore.Unlock("anna", *PassphraseOf("pw"), &secret_key).ok());
}

TEST_F(KeystoreTest, WrongPassphraseIsPermissionDenied) {
  Keystore keystore(home_);
  MakeKey(keystore, "anna", "correct horse");
  Secret<ledger::SecretKey> secret_key;
  absl::Status status = keystore.Unlock("anna", *PassphraseOf("correct hors"), &secret_key);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("wrong passphrase"));
}

TEST_F(KeystoreTest, TamperedCiphertextIsRefused) {
  Keystore keystore(home_);
  MakeKey(keystore, "anna", "pw");
  std::string path = keystore.PathOf("anna");
  std::string text = ReadText(path);
  size_t at = text.find("\"ciphertext\": \"") + 15;
  text[at] = text[at] == '0' ? '1' : '0';
  WriteText(path, text);
  Secret<ledger::SecretKey> secret_key;
  EXPECT_EQ(keystore.Unlock("anna", *PassphraseOf("pw"), &secret_key).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(KeystoreTest, SwappedPublicKeyIsRefused) {
  Keystore keystore(home_);
  KeyInfo anna = MakeKey(keystore, "anna", "pw");
  KeyInfo bert = MakeKey(keystore, "bert", "pw");
  Edit(keystore.PathOf("anna"), ledger::ToHex(anna.public_key), ledger::ToHex(bert.public_key));
  Secret<ledger::SecretKey> secret_key;
  EXPECT_EQ(keystore.Unlock("anna", *PassphraseOf("pw"), &secret_key).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(KeystoreTest, RenamedFileIsRefused) {
  Keystore keystore(home_);
  MakeKey(keystore, "anna", "pw");
  std::filesystem::copy_file(keystore.PathOf("anna"), keystore.PathOf("bert"));
  chmod(keystore.PathOf("bert").c_str(), 0600);
  EXPECT_EQ(keystore.Read("bert").status().code(), absl::StatusCode::kDataLoss);
  // Renaming inside the file too breaks the associated data instead.
  Edit(keystore.PathOf("bert"), "\"anna\"", "\"bert\"");
  Secret<ledger::SecretKey> secret_key;
  EXPECT_EQ(keystore.Unlock("bert", *PassphraseOf("pw"), &secret_key).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(KeystoreTest, FilesArePrivate) {
  Keystore keystore(home_);
  MakeKey(keystore, "anna", "pw");
  EXPECT_EQ(ModeOf(keystore.PathOf("anna")), 0600u);
  EXPECT_EQ(ModeOf(home_), 0700u);
  EXPECT_EQ(ModeOf(home_ + "/keys"), 0700u);
  for (const auto& entry : std::filesystem::directory_iterator(home_ + "/keys")) {
    EXPECT_EQ(entry.path().filename(), "anna.json") << "a temporary file was left behind";
  }
}

TEST_F(KeystoreTest, FileReadableByOthersIsNotUnlocked) {
  Keystore keystore(home_);
  MakeKey(keystore, "anna", "pw");
  chmod(keystore.PathOf("anna").c_str(), 0644);
  Secret<ledger::SecretKey> secret_key;
  absl::Status status = keystore.Unlock("anna", *PassphraseOf("pw"), &secret_key);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("chmod 600"));
}

TEST_F(KeystoreTest, HostileMemlimitIsRefusedBeforeDerivation) {
  Keystore keystore(home_);
  MakeKey(keystore, "anna", "pw");
  Edit(keystore.PathOf("anna"), "\"memlimit\": 8192", "\"memlimit\": 68719476736");
  Secret<ledger::SecretKey> secret_key;
  absl::Status status = keystore.Unlock("anna", *PassphraseOf("pw"), &secret_key);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(status.message()), HasSubstr("memlimit 68719476736"));
}

TEST_F(KeystoreTest, HostileOpslimitIsRefused) {
  Keystore keystore(home_);
  MakeKey(keystore, "anna", "pw");
  Edit(keystore.PathOf("anna"), "\"opslimit\": 1", "\"opslimit\": 4000000000");
  EXPECT_EQ(keystore.Read("anna").status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(KeystoreTest, ExistingKeyIsNeverOverwritten) {
  Keystore keystore(home_);
  KeyInfo first = MakeKey(keystore, "anna", "pw");
  absl::StatusOr<KeyInfo> again = keystore.Create("anna", *PassphraseOf("other"), MinimumKdf());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(keystore.Read("anna")->public_key, first.public_key);
}

TEST_F(KeystoreTest, BadNamesAreInvalidArguments) {
  Keystore keystore(home_);
  for (std::string_view name : {"", "../evil", "Anna", ".hidden", "a/b", "with space"}) {
    EXPECT_EQ(keystore.Create(name, *PassphraseOf("pw"), MinimumKdf()).status().code(),
              absl::StatusCode::kInvalidArgument)
        << name;
    EXPECT_EQ(keystore.Read(name).status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
}

TEST_F(KeystoreTest, MissingKeyIsNotFound) {
  Keystore keystore(home_);
  EXPECT_EQ(keystore.Read("nobody").status().code(), absl::StatusCode::kNotFound);
  Secret<ledger::SecretKey> secret_key;
  EXPECT_EQ(keystore.Unlock("nobody", *PassphraseOf("pw"), &secret_key).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(KeystoreTest, ListIsSortedAndReportsDamagedFiles) {
  Keystore keystore(home_);
  absl::StatusOr<KeyListing> empty = keystore.List();
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->keys.empty());
  MakeKey(keystore, "zoe", "pw");
  MakeKey(keystore, "anna", "pw");
  WriteText(home_ + "/keys/broken.json", "{not json");
  WriteText(home_ + "/keys/notes.txt", "ignored");
  absl::StatusOr<KeyListing> listing = keystore.List();
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->keys.size(), 2u);
  EXPECT_EQ(listing->keys[0].name, "anna");
  EXPECT_EQ(listing->keys[1].name, "zoe");
  ASSERT_EQ(listing->problems.size(), 1u);
  EXPECT_THAT(listing->problems[0], HasSubstr("broken.json"));
}

TEST(PrivateFilesTest, ReadSmallFileRefusesLargeFiles) {
  char pattern[] = "/tmp/noaber-private-files-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  std::string path = std::string(pattern) + "/big";
  ASSERT_TRUE(WritePrivateFileAtomically(path, std::string(5000, 'x'), false).ok());
  EXPECT_EQ(ReadSmallFile(path, 4096).status().code(), absl::StatusCode::kDataLoss);
  absl::StatusOr<SmallFile> file = ReadSmallFile(path, 5000);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->contents.size(), 5000u);
  EXPECT_EQ(file->mode, 0600u);
  EXPECT_EQ(WritePrivateFileAtomically(path, "y", false).code(), absl::StatusCode::kAlreadyExists);
  std::filesystem::remove_all(pattern);
}

}  // namespace
}  // namespace noaber::wallet
