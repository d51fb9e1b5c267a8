#include "wallet-cli/key_file.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace noaber::wallet {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

KeyFile SampleFile() {
  KeyFile file;
  file.name = "anna";
  file.public_key.fill(0x11);
  file.kdf = InteractiveKdf();
  file.salt.fill(0x22);
  file.nonce.fill(0x33);
  file.ciphertext.fill(0x44);
  return file;
}

// The sample file's JSON with `edit` applied.
std::string Edited(const std::function<void(json&)>& edit) {
  json object = json::parse(EncodeKeyFile(SampleFile()));
  edit(object);
  return object.dump();
}

void ExpectRefused(const std::string& text, std::string_view why) {
  absl::StatusOr<KeyFile> file = DecodeKeyFile(text);
  ASSERT_FALSE(file.ok()) << text;
  EXPECT_EQ(file.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(file.status().message()), HasSubstr(std::string(why))) << text;
}

TEST(KeyFileTest, RoundTrips) {
  std::string text = EncodeKeyFile(SampleFile());
  EXPECT_THAT(text, HasSubstr("\"version\": 1"));
  EXPECT_THAT(text, HasSubstr("\"kdf\": \"argon2id13\""));
  absl::StatusOr<KeyFile> file = DecodeKeyFile(text);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(*file, SampleFile());
}

TEST(KeyFileTest, RefusesWhatIsNotExactlyTheFormat) {
  ExpectRefused("", "not valid JSON");
  ExpectRefused("[1, 2]", "not a JSON object");
  ExpectRefused(std::string(kKeyFileBytesMax + 1, ' '), "larger than");
  ExpectRefused(Edited([](json& o) { o.erase("salt"); }), "missing field \"salt\"");
  ExpectRefused(Edited([](json& o) { o["extra"] = 1; }), "unexpected field \"extra\"");
  ExpectRefused(Edited([](json& o) { o["version"] = 2; }), "unsupported version");
  ExpectRefused(Edited([](json& o) { o["version"] = "1"; }), "unsupported version");
  ExpectRefused(Edited([](json& o) { o["kdf"] = "scrypt"; }), "\"kdf\"");
  ExpectRefused(Edited([](json& o) { o["name"] = "../x"; }), "\"name\"");
  ExpectRefused(Edited([](json& o) { o["public_key"] = "abcd"; }), "64 hex digits");
  ExpectRefused(Edited([](json& o) { o["nonce"] = std::string(48, 'g'); }), "48 hex digits");
  ExpectRefused(Edited([](json& o) { o["ciphertext"] = 7; }), "must be a string");
  ExpectRefused(Edited([](json& o) { o["opslimit"] = 2.5; }), "whole number");
  ExpectRefused(Edited([](json& o) { o["memlimit"] = -1; }), "whole number");
}

TEST(KeyFileTest, KdfLimitsAreBounded) {
  KdfLimits moderate = ModerateKdf();
  EXPECT_TRUE(IsAllowedKdf(moderate));
  EXPECT_TRUE(IsAllowedKdf(InteractiveKdf()));
  EXPECT_TRUE(IsAllowedKdf(MinimumKdf()));
  EXPECT_FALSE(IsAllowedKdf({moderate.opslimit + 1, moderate.memlimit}));
  EXPECT_FALSE(IsAllowedKdf({moderate.opslimit, moderate.memlimit + 1}));
  EXPECT_FALSE(IsAllowedKdf({MinimumKdf().opslimit, MinimumKdf().memlimit - 1}));
  ExpectRefused(Edited([](json& o) { o["memlimit"] = uint64_t{1} << 40; }), "outside");
  ExpectRefused(Edited([](json& o) { o["opslimit"] = 0; }), "outside");
}

TEST(KeyFileTest, KeyNames) {
  for (std::string_view good : {"a", "anna", "anna-2", "wijk.centrum", "x_y", "0"}) {
    EXPECT_TRUE(IsValidKeyName(good)) << good;
  }
  for (std::string_view bad : {"", ".anna", "Anna", "a/b", "a b", "ü"}) {
    EXPECT_FALSE(IsValidKeyName(bad)) << bad;
  }
  EXPECT_TRUE(IsValidKeyName(std::string(kKeyNameBytesMax, 'a')));
  EXPECT_FALSE(IsValidKeyName(std::string(kKeyNameBytesMax + 1, 'a')));
}

TEST(KeyFileTest, AssociatedDataBindsNameAndKey) {
  ledger::PublicKey key{};
  key.fill(1);
  ledger::PublicKey other = key;
  other[31] = 2;
  EXPECT_NE(KeyFileAssociatedData("anna", key), KeyFileAssociatedData("bert", key));
  EXPECT_NE(KeyFileAssociatedData("anna", key), KeyFileAssociatedData("anna", other));
}

}  // namespace
}  // namespace noaber::wallet
