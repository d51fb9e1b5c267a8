#include "wallet-cli/statement_file.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/testing/temp_dir.h"
#include "noaber/ledger/crypto.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

using ::testing::HasSubstr;

ledger::KeyPair NodeKeys(uint8_t seed_byte) {
  std::array<uint8_t, 32> seed{};
  seed.fill(seed_byte);
  return ledger::KeyPairFromSeed(seed);
}

// A statement of anna for 2026, signed by the node key made from seed byte 7.
std::string SignedText() {
  ledger::Statement s;
  s.community_name = "Teststad";
  s.community_id.fill(3);
  s.handle = "anna";
  s.year = 2026;
  s.asset = "HOUR";
  s.given = {{"tuin", {270}}};
  s.received = {{"computerhulp", {60}}, {"-", {30}}};
  s.journal_size = 152;
  s.issued_ms = 1'795'844'400'000;  // 2026-11-28 05:40 UTC
  return ledger::SignStatement(&s, NodeKeys(7).secret_key);
}

class StatementFileTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(ledger::InitCrypto().ok()); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_.Sub(name);
    std::ofstream(path) << text;
    return path;
  }

  ledger::testing::TempDir dir_;
};

TEST_F(StatementFileTest, AGoodStatementVerifiesWithOrWithoutTheExpectedKey) {
  std::string path = Write("anna.txt", SignedText());
  absl::StatusOr<ledger::Statement> plain = VerifyStatementFile(path, std::nullopt);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->handle, "anna");
  EXPECT_EQ(plain->node_key, NodeKeys(7).public_key);
  ASSERT_TRUE(VerifyStatementFile(path, NodeKeys(7).public_key).ok());
  EXPECT_EQ(StatementSummary(*plain),
            "Contribution statement of anna (resident) in Teststad, 2026, HOUR\n"
            "Given:    4h30m (tuin 4h30m)\n"
            "Received: 1h30m (no skill 30m, computerhulp 1h)\n"
            "Issued 2026-11-28 05:40 UTC at journal size 152; community id 0303030303030303…");
  nlohmann::json object = StatementJson(*plain);
  EXPECT_EQ(object["total_given"]["minor_units"], 270);
  EXPECT_EQ(object["received"]["computerhulp"]["formatted"], "1h");
  EXPECT_EQ(object["year"], 2026);
}

TEST_F(StatementFileTest, AnAlteredFigureIsARejection) {
  std::string text = SignedText();
  // Change one figure and its total so that the text still parses.
  for (auto [from, to] : {std::pair{"given: tuin 4h30m", "given: tuin 9h30m"},
                          std::pair{"total-given: 4h30m", "total-given: 9h30m"}}) {
    text.replace(text.find(from), std::string_view(from).size(), to);
  }
  absl::StatusOr<ledger::Statement> result =
      VerifyStatementFile(Write("altered.txt", text), std::nullopt);
  EXPECT_EQ(ExitCodeOf(result.status()), ExitCode::kRejected);
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("altered"));
}

TEST_F(StatementFileTest, AnotherNodesKeyIsARejection) {
  absl::StatusOr<ledger::Statement> result =
      VerifyStatementFile(Write("anna.txt", SignedText()), NodeKeys(8).public_key);
  EXPECT_EQ(ExitCodeOf(result.status()), ExitCode::kRejected);
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("not by the expected"));
}

TEST_F(StatementFileTest, TextThatIsNoStatementIsARejection) {
  std::string text = SignedText();
  for (const std::string& bad :
       {std::string("hello\n"), text + "PS: extra\n", text.substr(0, text.size() - 1)}) {
    absl::StatusOr<ledger::Statement> result =
        VerifyStatementFile(Write("bad.txt", bad), std::nullopt);
    EXPECT_EQ(ExitCodeOf(result.status()), ExitCode::kRejected) << bad;
    EXPECT_THAT(std::string(result.status().message()), HasSubstr("not a valid"));
  }
}

TEST_F(StatementFileTest, AnUnreadableFileIsAUsageError) {
  absl::StatusOr<ledger::Statement> missing =
      VerifyStatementFile(dir_.Sub("missing.txt"), std::nullopt);
  EXPECT_EQ(ExitCodeOf(missing.status()), ExitCode::kUsage);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("cannot read the statement"));
  EXPECT_EQ(ExitCodeOf(VerifyStatementFile(dir_.path(), std::nullopt).status()),
            ExitCode::kUsage);  // a folder
  std::string huge(ledger::kStatementBytesMax + 1, 'x');
  EXPECT_EQ(ExitCodeOf(VerifyStatementFile(Write("huge.txt", huge), std::nullopt).status()),
            ExitCode::kUsage);
}

}  // namespace
}  // namespace noaber::wallet
