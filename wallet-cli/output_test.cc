#include "wallet-cli/output.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

using ledger::Amount;
using ledger::AssetKind;
using nlohmann::json;
using ::testing::HasSubstr;

TEST(OutputTest, HumanResultIsTheSentence) {
  std::ostringstream out, err;
  Output output(false, &out, &err);
  output.Result("Paid 1h30m to bert (entry 17).", {{"entry", 17}});
  EXPECT_EQ(out.str(), "Paid 1h30m to bert (entry 17).\n");
  EXPECT_EQ(err.str(), "");
}

TEST(OutputTest, JsonResultIsOneObjectPerLine) {
  std::ostringstream out, err;
  Output output(true, &out, &err);
  output.Note("only for people");
  output.Result("Paid", {{"entry", 17}, {"amount", AmountJson("HOUR", {90}, AssetKind::kTime)}});
  json object = json::parse(out.str());
  EXPECT_EQ(object["ok"], true);
  EXPECT_EQ(object["entry"], 17);
  EXPECT_EQ(object["amount"]["minor_units"], 90);
  EXPECT_EQ(object["amount"]["formatted"], "1h30m");
  EXPECT_EQ(object["amount"]["asset"], "HOUR");
  std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  EXPECT_EQ(err.str(), "");
}

TEST(OutputTest, RejectionNamesTheResult) {
  std::ostringstream out, err;
  Output output(false, &out, &err);
  output.Failure(
      RejectedError("anna would go below her minimum", LedgerResult{210, "exceeds_minimum"}));
  EXPECT_EQ(err.str(), "noaber: anna would go below her minimum (exceeds_minimum)\n");
  EXPECT_EQ(out.str(), "");
}

TEST(OutputTest, JsonFailureCarriesExitCodeAndResult) {
  std::ostringstream out, err;
  Output output(true, &out, &err);
  output.Failure(RejectedError("refused", LedgerResult{210, "exceeds_minimum"}));
  json object = json::parse(out.str());
  EXPECT_EQ(object["ok"], false);
  EXPECT_EQ(object["error"]["exit_code"], 3);
  EXPECT_EQ(object["error"]["result_code"], 210);
  EXPECT_EQ(object["error"]["result_name"], "exceeds_minimum");
  EXPECT_EQ(object["error"]["message"], "refused");
}

TEST(OutputTest, InvalidUtf8NeverBreaksJson) {
  std::ostringstream out, err;
  Output output(true, &out, &err);
  output.Result("", {{"memo", "\xff"}});
  EXPECT_TRUE(json::accept(out.str()));
}

TEST(FailureTest, ExitCodes) {
  EXPECT_EQ(ExitCodeOf(absl::OkStatus()), ExitCode::kDone);
  EXPECT_EQ(ExitCodeOf(UsageError("x")), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeOf(RejectedError("x", std::nullopt)), ExitCode::kRejected);
  EXPECT_EQ(ExitCodeOf(UnreachableError("x")), ExitCode::kUnreachable);
  EXPECT_EQ(ExitCodeOf(KeystoreError("x")), ExitCode::kKeystore);
  EXPECT_EQ(ExitCodeOf(absl::InternalError("x")), ExitCode::kFailed);
  EXPECT_EQ(ExitCodeOf(FromKeystore(absl::InvalidArgumentError("bad name"))), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeOf(FromKeystore(absl::NotFoundError("no key"))), ExitCode::kKeystore);
  EXPECT_EQ(ExitCodeOf(FromKeystore(absl::PermissionDeniedError("wrong"))), ExitCode::kKeystore);
  EXPECT_FALSE(LedgerResultOf(UsageError("x")).has_value());
  std::optional<LedgerResult> result =
      LedgerResultOf(RejectedError("x", LedgerResult{203, "unknown_account"}));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->code, 203u);
  EXPECT_EQ(result->name, "unknown_account");
}

TEST(FormatTest, AmountsInSentences) {
  EXPECT_EQ(AmountText("HOUR", {90}, AssetKind::kTime), "1h30m");
  EXPECT_EQ(AmountText("BORN", {120}, AssetKind::kTime), "2h BORN");
  EXPECT_EQ(AmountText("EUR", {1250}, AssetKind::kCurrency), "12.50 EUR");
  EXPECT_EQ(AmountJson("EUR", {-5}, AssetKind::kCurrency)["formatted"], "-0.05");
}

TEST(FormatTest, TableColumnsAlign) {
  EXPECT_EQ(FormatTable({{"ASSET", "BALANCE"}, {"HOUR", "1h30m"}, {"EUROCENT", "2"}}),
            "ASSET     BALANCE\n"
            "HOUR      1h30m\n"
            "EUROCENT  2");
  EXPECT_EQ(FormatTable({}), "");
  // Widths count characters, not bytes.
  EXPECT_EQ(FormatTable({{"TEXT", "X"}, {"één", "1"}}), "TEXT  X\néén   1");
  // No trailing spaces when the last columns are empty.
  EXPECT_EQ(FormatTable({{"A", "B", "C"}, {"1", "", ""}}), "A  B  C\n1");
}

TEST(FormatTest, ShortenCutsWholeCharacters) {
  EXPECT_EQ(Shorten("tuin", 4), "tuin");
  EXPECT_EQ(Shorten("tuinonderhoud", 5), "tuin…");
  EXPECT_EQ(Shorten("ééééé", 3), "éé…");
  EXPECT_EQ(Shorten("", 3), "");
  ledger::OperationId id{};
  id.fill(0x1a);
  EXPECT_EQ(ShortId(id), "1a1a1a1a");
}

TEST(FormatTest, TimesAndKeys) {
  EXPECT_EQ(FormatTime(0), "1970-01-01 00:00 UTC");
  EXPECT_EQ(FormatTime(1'714'572'180'000), "2024-05-01 14:03 UTC");
  ledger::PublicKey key{};
  key.fill(0xab);
  EXPECT_EQ(ShortKey(key), "abababab…");
}

}  // namespace
}  // namespace noaber::wallet
