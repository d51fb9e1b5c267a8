#include "wallet-cli/inputs.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "noaber/ledger/operation.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

using ledger::AssetKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

void ExpectUsage(const absl::Status& status, std::string_view why) {
  EXPECT_EQ(ExitCodeOf(status), ExitCode::kUsage) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(std::string(why)));
}

TEST(InputsTest, AmountsAsPeopleTypeThem) {
  for (std::string_view good : {"1h30m", "90m", "1.5h", "2h", "12.50", "12", "0.5"}) {
    EXPECT_TRUE(CheckAmountSyntax(good).ok()) << good;
  }
  ExpectUsage(CheckAmountSyntax("abc"), "invalid amount 'abc'");
  ExpectUsage(CheckAmountSyntax("1h30"), "say the unit");
  ExpectUsage(CheckAmountSyntax("12.505"), "two decimals");
  ExpectUsage(CheckAmountSyntax("-1h"), "negative");
  ExpectUsage(CheckAmountSyntax(""), "empty");
  EXPECT_TRUE(CheckAmountSyntax("-10h", /*allow_negative=*/true).ok());
}

TEST(InputsTest, AmountsParseByTheAssetsKind) {
  EXPECT_EQ(ParseAmountFor("1h30m", "HOUR", AssetKind::kTime)->minor_units, 90);
  EXPECT_EQ(ParseAmountFor("1.5h", "HOUR", AssetKind::kTime)->minor_units, 90);
  EXPECT_EQ(ParseAmountFor("12.50", "EUR", AssetKind::kCurrency)->minor_units, 1250);
  EXPECT_EQ(ParseAmountFor("-10h", "HOUR", AssetKind::kTime, true)->minor_units, -600);
  ExpectUsage(ParseAmountFor("12.50", "HOUR", AssetKind::kTime).status(), "HOUR counts time");
  ExpectUsage(ParseAmountFor("2h", "EUR", AssetKind::kCurrency).status(), "EUR counts money");
  ExpectUsage(ParseAmountFor("99999999999999999h", "HOUR", AssetKind::kTime).status(),
              "invalid amount");
}

TEST(InputsTest, Handles) {
  EXPECT_TRUE(CheckHandle("bert").ok());
  EXPECT_TRUE(CheckHandle("wijk.centrum-2").ok());
  ExpectUsage(CheckHandle("Bert"), "not a handle");
  ExpectUsage(CheckHandle("ab"), "not a handle");
  ExpectUsage(CheckHandle(std::string(33, 'a')), "not a handle");
  ExpectUsage(CheckHandle("bert!"), "not a handle");
}

TEST(InputsTest, AssetsAndSkills) {
  EXPECT_TRUE(CheckAssetCode("").ok());
  EXPECT_TRUE(CheckAssetCode("HOUR").ok());
  ExpectUsage(CheckAssetCode("hour"), "not an asset code");
  EXPECT_TRUE(CheckSkillCode("").ok());
  EXPECT_TRUE(CheckSkillCode("gardening").ok());
  ExpectUsage(CheckSkillCode("Gardening"), "not a skill code");
}

TEST(InputsTest, MemoBoundary) {
  EXPECT_TRUE(CheckMemo("").ok());
  EXPECT_TRUE(CheckMemo("Heg gesnoeid, dank je wel!").ok());
  EXPECT_TRUE(CheckMemo(std::string(ledger::kMemoBytesMax, 'x')).ok());
  ExpectUsage(CheckMemo(std::string(ledger::kMemoBytesMax + 1, 'x')), "at most 256");
  ExpectUsage(CheckMemo("line\nbreak"), "control characters");
  ExpectUsage(CheckMemo("\xff\xfe"), "UTF-8");
}

TEST(InputsTest, PendingIds) {
  std::string hex(32, 'a');
  ASSERT_TRUE(ParsePendingId(hex).ok());
  EXPECT_EQ(ledger::OperationIdToHex(*ParsePendingId(hex)), hex);
  ExpectUsage(ParsePendingId("abc").status(), "not a pending id");
  ExpectUsage(ParsePendingId(std::string(32, 'z')).status(), "not a pending id");
}

TEST(InputsTest, TimeoutBounds) {
  EXPECT_EQ(*ParseTimeoutMs("7d"), 7 * 86'400'000LL);
  EXPECT_EQ(*ParseTimeoutMs("1s"), ledger::kPendingTimeoutMinMs);
  EXPECT_TRUE(ParseTimeoutMs("366d").ok());
  ExpectUsage(ParseTimeoutMs("0s").status(), "between");
  ExpectUsage(ParseTimeoutMs("367d").status(), "between");
  ExpectUsage(ParseTimeoutMs("soon").status(), "invalid duration");
}

TEST(InputsTest, OperationIdsNameWhatTheyAre) {
  EXPECT_TRUE(ParseOperationId(std::string(32, 'b'), "request id").ok());
  ExpectUsage(ParseOperationId("1234", "request id").status(), "'1234' is not a request id");
  ExpectUsage(ParseOperationId(std::string(33, 'b'), "listing id").status(), "32 hex digits");
}

TEST(InputsTest, TextsAndReasons) {
  EXPECT_TRUE(CheckText("Ik help graag in de tuin", 500, "the text", true).ok());
  EXPECT_TRUE(CheckText("", 500, "the text", false).ok());
  ExpectUsage(CheckText("", 256, "the reason", true), "the reason must not be empty");
  ExpectUsage(CheckText("  ", 256, "the reason", true), "must not be empty");
  EXPECT_TRUE(CheckText(std::string(500, 'x'), 500, "the text", true).ok());
  ExpectUsage(CheckText(std::string(501, 'x'), 500, "the text", true), "at most 500");
  ExpectUsage(CheckText("a\tb", 500, "the text", true), "control characters");
}

TEST(InputsTest, ListingKinds) {
  EXPECT_EQ(*ParseListingKind("offer"), ledger::ListingKind::kOffer);
  EXPECT_EQ(*ParseListingKind("request"), ledger::ListingKind::kRequest);
  ExpectUsage(ParseListingKind("gift").status(), "offer or request");
}

TEST(InputsTest, UntilIsADateOrADuration) {
  const int64_t now_ms = 1'780'000'000'000;  // 2026-05-28 20:26:40 UTC
  EXPECT_EQ(*ParseUntilMs("30d", now_ms), now_ms + 30 * 86'400'000LL);
  // Through the whole day named.
  EXPECT_EQ(*ParseUntilMs("2026-12-31", now_ms), 1'798'761'600'000LL - 1);
  EXPECT_EQ(*ParseUntilMs("2026-05-28", now_ms), 1'780'012'800'000LL - 1);  // today
  ExpectUsage(ParseUntilMs("2026-05-27", now_ms).status(), "lies in the past");
  ExpectUsage(ParseUntilMs("2028-01-01", now_ms).status(), "ahead");
  EXPECT_TRUE(ParseUntilMs("366d", now_ms).ok());
  ExpectUsage(ParseUntilMs("367d", now_ms).status(), "ahead");
  ExpectUsage(ParseUntilMs("0s", now_ms).status(), "lies in the past");
  ExpectUsage(ParseUntilMs("2026-13-01", now_ms).status(), "neither a date");
  ExpectUsage(ParseUntilMs("tomorrow", now_ms).status(), "neither a date");
}

TEST(InputsTest, RequestExpiryBounds) {
  EXPECT_EQ(*ParseExpiryMs("2s"), 2000);
  EXPECT_EQ(*ParseExpiryMs("366d"), kRequestExpiryMaxMs);
  ExpectUsage(ParseExpiryMs("0s").status(), "expires after 1s to 366d");
  ExpectUsage(ParseExpiryMs("367d").status(), "366d");
  ExpectUsage(ParseExpiryMs("soon").status(), "invalid duration");
}

TEST(InputsTest, YearsAndLimits) {
  EXPECT_TRUE(CheckYear(2026).ok());
  ExpectUsage(CheckYear(26), "--year must lie between 2000 and 9999");
  EXPECT_TRUE(CheckLimit(1, 200).ok());
  EXPECT_TRUE(CheckLimit(200, 200).ok());
  ExpectUsage(CheckLimit(0, 200), "--limit");
  ExpectUsage(CheckLimit(201, 200), "not 201");
}

TEST(InputsTest, PublicKeys) {
  EXPECT_TRUE(ParsePublicKey(std::string(64, 'A')).ok());
  ExpectUsage(ParsePublicKey(std::string(63, 'a')).status(), "64 hex digits");
}

TEST(InputsTest, KeyNameLists) {
  EXPECT_THAT(*SplitKeyNames("anna"), ElementsAre("anna"));
  EXPECT_THAT(*SplitKeyNames("admin1, admin2"), ElementsAre("admin1", "admin2"));
  EXPECT_TRUE(SplitKeyNames("")->empty());
  ExpectUsage(SplitKeyNames("anna,,bert").status(), "not a key name");
  ExpectUsage(SplitKeyNames("anna,anna").status(), "twice");
}

TEST(InputsTest, KindNames) {
  EXPECT_EQ(AssetKindFromName("time"), AssetKind::kTime);
  EXPECT_EQ(AssetKindFromName("currency"), AssetKind::kCurrency);
  EXPECT_FALSE(AssetKindFromName("gold").has_value());
  EXPECT_EQ(AccountKindFromName("partner"), ledger::AccountKind::kPartner);
  EXPECT_FALSE(AccountKindFromName("admin").has_value());
}

}  // namespace
}  // namespace noaber::wallet
