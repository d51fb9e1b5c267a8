// Tests of contribution statements: the text a node signs, parsed back strictly, and refused
// after any change, by another node key than expected, or when its totals do not add up.
#include "noaber/ledger/statement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "ledger/testing/test_community.h"
#include "noaber/ledger/crypto.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using testing::KeyFor;

constexpr std::string_view kSigningPrefix = "noaber-statement\n";

class StatementTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }

  // Anna's 2026: she gave 4h30m of gardening and 1h of no particular skill, and received 1h.
  static Statement Anna() {
    Statement s;
    s.community_name = "Bornholm";
    s.community_id = Sha256("a community");
    s.handle = "anna";
    s.kind = AccountKind::kResident;
    s.year = 2026;
    s.asset = "HOUR";
    s.given = {{"-", Amount{60}}, {"tuin", Amount{270}}};
    s.received = {{"computerhulp", Amount{60}}};
    s.journal_size = 152;
    s.issued_ms = 1'795'845'000'000;  // 2026-11-28 05:50:00 UTC
    return s;
  }
  static KeyPair Node() { return KeyFor("node"); }
  static std::string Signed(Statement s) { return SignStatement(&s, Node().secret_key); }

  // `text` with the first occurrence of `from` replaced by `to`.
  static std::string Replaced(std::string text, std::string_view from, std::string_view to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }
  // Signs the body lines of `text` (all but its signature line) again, as a node would.
  static std::string Resigned(const std::string& text) {
    const size_t signature = text.find("signature: ");
    const std::string body = text.substr(0, signature);
    const Signature sig = Sign(Node().secret_key, std::string(kSigningPrefix) + body);
    return body + "signature: " + ToHex(sig) + "\n";
  }
  static absl::StatusCode VerifyCode(const std::string& text) {
    return VerifyStatement(text, std::nullopt).status().code();
  }
};

TEST_F(StatementTest, TheTextIsTheDocumentedFormat) {
  Statement s = Anna();
  const std::string text = SignStatement(&s, Node().secret_key);
  EXPECT_EQ(s.node_key, Node().public_key);
  const std::string expected_body =
      "Noaber contribution statement v1\n"
      "community: Bornholm\n"
      "community-id: " +
      ToHex(Sha256("a community")) +
      "\n"
      "account: anna\n"
      "kind: resident\n"
      "year: 2026\n"
      "asset: HOUR\n"
      "given: - 1h\n"
      "given: tuin 4h30m\n"
      "received: computerhulp 1h\n"
      "total-given: 5h30m\n"
      "total-received: 1h\n"
      "journal-size: 152\n"
      "issued-at: 2026-11-28 05:50 UTC\n"
      "node-key: " +
      ToHex(Node().public_key) + "\n";
  EXPECT_EQ(StatementBody(s), expected_body);
  EXPECT_EQ(text, expected_body + "signature: " + ToHex(s.signature) + "\n");
  // The signature covers the prefixed body, nothing else.
  EXPECT_TRUE(Verify(Node().public_key, s.signature, std::string(kSigningPrefix) + expected_body));
}

TEST_F(StatementTest, SignParseAndVerifyRoundTrip) {
  Statement s = Anna();
  const std::string text = SignStatement(&s, Node().secret_key);
  absl::StatusOr<Statement> parsed = ParseStatement(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->community_name, s.community_name);
  EXPECT_EQ(parsed->community_id, s.community_id);
  EXPECT_EQ(parsed->handle, "anna");
  EXPECT_EQ(parsed->kind, AccountKind::kResident);
  EXPECT_EQ(parsed->year, 2026);
  EXPECT_EQ(parsed->asset, "HOUR");
  EXPECT_EQ(parsed->given, s.given);
  EXPECT_EQ(parsed->received, s.received);
  EXPECT_EQ(parsed->journal_size, 152u);
  EXPECT_EQ(parsed->issued_ms, s.issued_ms);
  EXPECT_EQ(parsed->node_key, Node().public_key);
  EXPECT_EQ(parsed->signature, s.signature);
  EXPECT_EQ(TotalOf(parsed->given), Amount{330});

  absl::StatusOr<Statement> any_key = VerifyStatement(text, std::nullopt);
  ASSERT_TRUE(any_key.ok()) << any_key.status();
  absl::StatusOr<Statement> pinned = VerifyStatement(text, Node().public_key);
  ASSERT_TRUE(pinned.ok()) << pinned.status();
  EXPECT_EQ(pinned->handle, "anna");
}

TEST_F(StatementTest, AStatementWithNothingGivenOrReceived) {
  Statement s = Anna();
  s.given.clear();
  s.received.clear();
  s.kind = AccountKind::kInitiative;
  const std::string text = Signed(s);
  EXPECT_THAT(text, HasSubstr("total-given: 0m\ntotal-received: 0m\n"));
  absl::StatusOr<Statement> verified = VerifyStatement(text, Node().public_key);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_TRUE(verified->given.empty());
  EXPECT_EQ(verified->kind, AccountKind::kInitiative);
}

TEST_F(StatementTest, IssuedAtIsKeptToTheMinute) {
  Statement s = Anna();
  s.issued_ms += 59'999;  // 05:50:59.999
  absl::StatusOr<Statement> verified = VerifyStatement(Signed(s), std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->issued_ms, Anna().issued_ms);
}

// --- Every change is refused ---

TEST_F(StatementTest, AChangedAmountIsRefused) {
  const std::string text = Signed(Anna());
  // Changed alone, the total no longer adds up; changed with its total, the signature fails.
  const std::string amount = Replaced(text, "given: tuin 4h30m", "given: tuin 5h30m");
  EXPECT_EQ(VerifyCode(amount), absl::StatusCode::kInvalidArgument);
  const std::string both = Replaced(amount, "total-given: 5h30m", "total-given: 6h30m");
  absl::StatusOr<Statement> r = VerifyStatement(both, std::nullopt);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("altered"));
  EXPECT_EQ(VerifyCode(Replaced(text,
                                "received: computerhulp 1h\ntotal-given: 5h30m\n"
                                "total-received: 1h",
                                "received: computerhulp 2h\ntotal-given: 5h30m\n"
                                "total-received: 2h")),
            absl::StatusCode::kDataLoss);
}

TEST_F(StatementTest, AChangedHandleYearOrCommunityIsRefused) {
  const std::string text = Signed(Anna());
  EXPECT_EQ(VerifyCode(Replaced(text, "account: anna", "account: anne")),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyCode(Replaced(text, "year: 2026", "year: 2025")), absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyCode(Replaced(text, "community: Bornholm", "community: Borneo")),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyCode(Replaced(text, "kind: resident", "kind: partner")),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyCode(Replaced(text, "journal-size: 152", "journal-size: 153")),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyCode(Replaced(text, "05:50 UTC", "05:51 UTC")), absl::StatusCode::kDataLoss);
}

TEST_F(StatementTest, ARemovedLineIsRefused) {
  const std::string text = Signed(Anna());
  // Without its total adjusted it does not add up; with it, the signature fails.
  const std::string removed = Replaced(text, "given: - 1h\n", "");
  EXPECT_EQ(VerifyCode(removed), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyCode(Replaced(removed, "total-given: 5h30m", "total-given: 4h30m")),
            absl::StatusCode::kDataLoss);
  // A header line may not go either.
  EXPECT_EQ(VerifyCode(Replaced(text, "kind: resident\n", "")), absl::StatusCode::kInvalidArgument);
}

TEST_F(StatementTest, AnAddedLineIsRefused) {
  const std::string text = Signed(Anna());
  const std::string added = Replaced(text, "given: tuin", "given: koken 1h\ngiven: tuin");
  EXPECT_EQ(VerifyCode(added), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyCode(Replaced(added, "total-given: 5h30m", "total-given: 6h30m")),
            absl::StatusCode::kDataLoss);
  // Nothing may follow the signature, and the last line must end.
  absl::StatusOr<Statement> trailing = VerifyStatement(text + "note: echt waar\n", std::nullopt);
  EXPECT_EQ(trailing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(trailing.status().message(), HasSubstr("nothing may follow the signature"));
  EXPECT_EQ(VerifyCode(text.substr(0, text.size() - 1)), absl::StatusCode::kInvalidArgument);
}

TEST_F(StatementTest, AFlippedSignatureDigitIsRefused) {
  const std::string text = Signed(Anna());
  const size_t digits = text.find("signature: ") + std::string_view("signature: ").size();
  for (size_t i : {digits, digits + 63, digits + 127}) {
    std::string flipped = text;
    flipped[i] = flipped[i] == '0' ? '1' : '0';
    EXPECT_EQ(VerifyCode(flipped), absl::StatusCode::kDataLoss) << "digit " << i - digits;
  }
  // A changed node key fails too: the signature was made by another key.
  const size_t key = text.find("node-key: ") + std::string_view("node-key: ").size();
  std::string other_key = text;
  other_key[key] = other_key[key] == '0' ? '1' : '0';
  EXPECT_NE(VerifyCode(other_key), absl::StatusCode::kOk);
}

TEST_F(StatementTest, AnotherNodeKeyThanThePinnedOneIsPermissionDenied) {
  const std::string text = Signed(Anna());
  absl::StatusOr<Statement> r = VerifyStatement(text, KeyFor("another node").public_key);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(r.status().message(), HasSubstr(ToHex(Node().public_key).substr(0, 16)));
  // A statement that another node signed correctly still verifies without a pinned key.
  Statement s = Anna();
  const std::string by_other = SignStatement(&s, KeyFor("another node").secret_key);
  EXPECT_TRUE(VerifyStatement(by_other, std::nullopt).ok());
  EXPECT_EQ(VerifyStatement(by_other, Node().public_key).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(StatementTest, TotalsThatDoNotAddUpAreRefusedEvenWhenSigned) {
  const std::string text =
      Resigned(Replaced(Signed(Anna()), "total-received: 1h", "total-received: 2h"));
  absl::StatusOr<Statement> parsed = ParseStatement(text);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("statement line 12: total does not add up"));
  EXPECT_EQ(VerifyCode(text), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      VerifyCode(Resigned(Replaced(Signed(Anna()), "total-given: 5h30m", "total-given: 4h30m"))),
      absl::StatusCode::kInvalidArgument);
}

TEST_F(StatementTest, OnlyTheCanonicalTextVerifies) {
  // Each of these parses to the same statement as the signed text, but is not the text the
  // node signed: a verifier must not pass it on as the node's words.
  const std::string text = Signed(Anna());
  const size_t digits = text.find("signature: ") + std::string_view("signature: ").size();
  std::string upper = text;
  for (size_t i = digits; i < digits + 128; ++i) upper[i] = std::toupper(upper[i]);
  ASSERT_NE(upper, text);
  EXPECT_NE(VerifyCode(upper), absl::StatusCode::kOk);
  EXPECT_NE(VerifyCode(Replaced(text, "year: 2026", "year: 02026")), absl::StatusCode::kOk);
  EXPECT_NE(VerifyCode(Replaced(text, "journal-size: 152", "journal-size: 0152")),
            absl::StatusCode::kOk);
  EXPECT_NE(VerifyCode(Replaced(text, "issued-at: 2026-11-28 05:50 UTC",
                                "issued-at: 2026-11-28 5:50 UTC")),
            absl::StatusCode::kOk);
}

TEST_F(StatementTest, MalformedTextsAreRefusedNamingTheLine) {
  const std::string text = Signed(Anna());
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {Replaced(text, "Noaber contribution statement v1", "Noaber statement v2"),
       "statement line 1: expected 'Noaber contribution statement v1'"},
      {Replaced(text, "account: anna", "account: Anna"), "bad handle"},
      {Replaced(text, "kind: resident", "kind: neighbour"), "unknown account kind"},
      {Replaced(text, "year: 2026", "year: 1969"), "bad year"},
      {Replaced(text, "asset: HOUR", "asset: hour"), "bad asset code"},
      {Replaced(text, "given: tuin 4h30m", "given: tuin 270m"), "not an amount in canonical form"},
      {Replaced(text, "given: tuin 4h30m", "given: Tuin 4h30m"), "not a skill code"},
      {Replaced(text, "given: - 1h\ngiven: tuin 4h30m", "given: tuin 4h30m\ngiven: - 1h"),
       "skills out of order"},
      {Replaced(text, "issued-at: 2026-11-28 05:50 UTC", "issued-at: yesterday"), "bad time"},
      {std::string(kStatementBytesMax + 1, 'x'), "too large"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Statement> parsed = ParseStatement(c.text);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace noaber::ledger
