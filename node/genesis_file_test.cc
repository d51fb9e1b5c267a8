#include "node/genesis_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "noaber/ledger/crypto.h"

namespace noaber::node {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::AssetKind;

constexpr char kKeyA[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr char kKeyB[] = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

std::string Minimal() {
  return std::string("community = \"Bornholm\"\nadmin_keys = [\"") + kKeyA + "\"]\n" +
         "[[assets]]\ncode = \"HOUR\"\nkind = \"time\"\nname = \"Time credits\"\n"
         "issuance_floor = \"-100000h\"\n";
}

absl::Status ParseError(const std::string& text) {
  absl::StatusOr<ledger::Genesis> g = ParseGenesisToml(text, "genesis.toml", 1);
  return g.ok() ? absl::OkStatus() : g.status();
}

void ExpectError(const std::string& text, std::string_view expected) {
  absl::Status s = ParseError(text);
  ASSERT_FALSE(s.ok()) << text;
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(s.message()).find(expected), std::string::npos) << s.message();
}

TEST(GenesisFileTest, TheExampleFileParses) {
  std::ifstream in(std::string(NOABER_SOURCE_DIR) + "/deploy/genesis.example.toml");
  ASSERT_TRUE(in) << "deploy/genesis.example.toml is missing";
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<ledger::Genesis> g = ParseGenesisToml(text.str(), "genesis.example.toml", 42);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->community_name, "Bornholm");
  EXPECT_EQ(g->created_ms, 42);
  ASSERT_EQ(g->assets.size(), 2u);
  EXPECT_EQ(g->assets[0].code, "HOUR");
  EXPECT_EQ(g->assets[0].kind, AssetKind::kTime);
  EXPECT_EQ(g->assets[0].issuance_floor, Amount{-100'000 * 60});
  EXPECT_EQ(g->assets[1].code, "BORN");
  EXPECT_EQ(g->assets[1].kind, AssetKind::kCurrency);
  EXPECT_EQ(g->assets[1].issuance_floor, Amount{-100'000'000});
  ASSERT_EQ(g->admin_keys.size(), 2u);
  EXPECT_TRUE(std::is_sorted(g->admin_keys.begin(), g->admin_keys.end()));
  EXPECT_EQ(g->admin_threshold, 1);
  ASSERT_EQ(g->default_limits.size(), 4u);
  EXPECT_EQ(g->default_limits[0].kind, AccountKind::kResident);
  EXPECT_EQ(g->default_limits[0].limits.min, Amount{-600});
  EXPECT_EQ(g->default_limits[0].limits.max, Amount{ledger::kAmountMax});
  EXPECT_EQ(g->default_limits[3].limits.max, Amount{50'000});
  EXPECT_EQ(g->default_limits[0].welcome, Amount{120}) << "welcome = \"2h\"";
  EXPECT_EQ(g->default_limits[0].annual_cap, Amount{0});
  EXPECT_EQ(g->default_limits[3].annual_cap, Amount{180'000}) << "annual_cap = \"1800.00\"";
  EXPECT_EQ(g->default_limits[3].welcome, Amount{0});
  ASSERT_EQ(g->skills.size(), 5u);
  EXPECT_EQ(g->skills[1].code, "tuin");
  EXPECT_EQ(g->skills[1].label_en, "Gardening");
  EXPECT_TRUE(ledger::ValidateGenesis(*g).ok());
}

TEST(GenesisFileTest, MinimalFileGetsDefaultSkills) {
  absl::StatusOr<ledger::Genesis> g = ParseGenesisToml(Minimal(), "genesis.toml", 1);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->skills, ledger::DefaultSkills());
  EXPECT_TRUE(g->default_limits.empty());
  absl::StatusOr<ledger::Genesis> none =
      ParseGenesisToml("skills = []\n" + Minimal(), "genesis.toml", 1);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->skills.empty());
}

TEST(GenesisFileTest, SyntaxErrorsGiveLineAndColumn) {
  ExpectError("community = \"Bornholm\"\nadmin_keys = [\n", "genesis.toml:");
  absl::Status s = ParseError("community = \"x\"\n\nthis is not toml\n");
  EXPECT_NE(s.message().find("genesis.toml:3:"), absl::string_view::npos) << s.message();
}

TEST(GenesisFileTest, EachBadTopLevelField) {
  const std::string keys = std::string("admin_keys = [\"") + kKeyA + "\"]\n";
  ExpectError("community = \"x\"\nadmin_keys = []\n", "admin_keys: at least one administrator key");
  ExpectError(keys, "community: missing");
  ExpectError("community = 7\n" + keys, "genesis.toml:1: community: expected a string");
  ExpectError("communty = \"x\"\n", "genesis.toml:1: communty: unknown key");
  ExpectError("community = \"x\"\nadmin_keys = [\"abc\"]\n",
              "genesis.toml:2: admin_keys[0]: expected 64 hex digits");
  ExpectError(
      std::string("community = \"x\"\nadmin_keys = [\"") + kKeyA + "\", \"" + kKeyA + "\"]\n",
      "admin_keys[1]: the same key is listed twice");
  ExpectError(Minimal() + "admin_threshold = 2\n", "assets[0].admin_threshold: unknown key");
  ExpectError("admin_threshold = 2\n" + Minimal(), "admin_threshold: must be between 1 and 1");
  ExpectError("community = \"\"\n" + keys + Minimal().substr(Minimal().find("[[assets]]")),
              "community name must be 1-64 bytes");
  ExpectError(std::string("community = \"x\"\n") + keys, "assets: at least one is needed");
}

TEST(GenesisFileTest, EachBadAssetField) {
  auto with = [](std::string_view from, std::string_view to) {
    std::string text = Minimal();
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  ExpectError(with("code = \"HOUR\"", "code = \"hour\""),
              "genesis.toml:4: assets[0].code: 'hour' is not 2-12 of A-Z 0-9");
  ExpectError(with("code = \"HOUR\"\n", ""), "assets[0].code: missing");
  ExpectError(with("kind = \"time\"", "kind = \"minutes\""),
              "genesis.toml:5: assets[0].kind: 'minutes': expected \"time\" or \"currency\"");
  ExpectError(with("name = \"Time credits\"", "name = 3"), "genesis.toml:6: assets[0].name");
  ExpectError(with("-100000h", "lots"), "genesis.toml:7: assets[0].issuance_floor: invalid amount");
  ExpectError(with("-100000h", "100h"), "issuance floor of HOUR must be between");
  ExpectError(with("issuance_floor", "floor"), "assets[0].floor: unknown key");
  ExpectError("assets = [1]\n" + Minimal().substr(0, Minimal().find("[[assets]]")),
              "assets[0]: expected a table");
}

TEST(GenesisFileTest, EachBadLimitsField) {
  const std::string base = Minimal() + "[[default_limits]]\n";
  ExpectError(base + "kind = \"alien\"\nasset = \"HOUR\"\n",
              "genesis.toml:9: default_limits[0].kind: 'alien': expected \"resident\"");
  ExpectError(base + "kind = \"community\"\nasset = \"HOUR\"\n", "default_limits[0].kind");
  ExpectError(base + "kind = \"resident\"\nasset = \"EURO\"\n",
              "genesis.toml:10: default_limits[0].asset: 'EURO' is not one of the [[assets]]");
  ExpectError(base + "kind = \"resident\"\nasset = \"HOUR\"\nmin = \"ten\"\n",
              "genesis.toml:11: default_limits[0].min: invalid amount 'ten'");
  ExpectError(base + "kind = \"resident\"\nasset = \"HOUR\"\nmin = \"10h\"\n",
              "default limits for HOUR must satisfy min <= 0 <= max");
  ExpectError(base + "kind = \"resident\"\nasset = \"HOUR\"\nmaximum = \"10h\"\n",
              "default_limits[0].maximum: unknown key");
  absl::StatusOr<ledger::Genesis> g =
      ParseGenesisToml(base + "kind = \"partner\"\nasset = \"HOUR\"\nmax = \"1h30m\"\n", "g", 1);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->default_limits[0].limits.min, Amount{0});
  EXPECT_EQ(g->default_limits[0].limits.max, Amount{90});
}

TEST(GenesisFileTest, WelcomeAndAnnualCapAreTypedAmounts) {
  const std::string base =
      Minimal() + "[[default_limits]]\nkind = \"resident\"\nasset = \"HOUR\"\n";
  absl::StatusOr<ledger::Genesis> g =
      ParseGenesisToml(base + "welcome = \"1h30m\"\nannual_cap = \"1800h\"\n", "g", 1);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->default_limits[0].welcome, Amount{90});
  EXPECT_EQ(g->default_limits[0].annual_cap, Amount{1800 * 60});
  ExpectError(base + "welcome = \"-2h\"\n",
              "genesis.toml:11: default_limits[0].welcome: may not be negative");
  ExpectError(base + "annual_cap = \"-1h\"\n", "default_limits[0].annual_cap: may not be negative");
  ExpectError(base + "welcome = \"2\"\n", "default_limits[0].welcome");
  ExpectError(base + "max = \"1h\"\nwelcome = \"2h\"\n",
              "welcome for HOUR must lie between 0 and the maximum");
}

TEST(GenesisFileTest, EachBadSkillField) {
  const std::string base = Minimal() + "[[skills]]\n";
  const std::string labels = "label_nl = \"Tuin\"\nlabel_en = \"Garden\"\ncategory = \"home\"\n";
  ExpectError(base + "code = \"Tuin!\"\n" + labels,
              "genesis.toml:9: skills[0].code: 'Tuin!' is not 1-32 of a-z 0-9 _ -");
  ExpectError(base + "code = \"tuin\"\nlabel_nl = \"Tuin\"\ncategory = \"home\"\n",
              "skills[0].label_en: missing");
  ExpectError(base + "code = \"tuin\"\n" + labels + "[[skills]]\ncode = \"tuin\"\n" + labels,
              "skill tuin twice");
  ExpectError(base + "code = \"tuin\"\n" + labels + "icon = \"x\"\n",
              "skills[0].icon: unknown key");
}

TEST(GenesisFileTest, MissingFileIsNamed) {
  absl::StatusOr<ledger::Genesis> g = LoadGenesisFile("/nonexistent/genesis.toml", 1);
  EXPECT_EQ(g.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(g.status().message().find("/nonexistent/genesis.toml"), absl::string_view::npos);
}

}  // namespace
}  // namespace noaber::node
