#include "node/account_sums.h"

#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"
#include "noaber/ledger/statement.h"

namespace noaber::node {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::ResultCode;
using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

constexpr int64_t kDayMs = 86'400'000;

TEST(YearStartTest, AgreesWithCalendarYearOf) {
  for (int year : {1970, 2025, 2026, 2027, 2100}) {
    const int64_t start = YearStartMs(year);
    EXPECT_EQ(ledger::CalendarYearOf(start), year);
    EXPECT_EQ(ledger::CalendarYearOf(start - 1), year - 1);
  }
}

Movement Made(Movement::Source source, const std::string& from, const std::string& to,
              int64_t minutes, const std::string& skill, int64_t at_ms) {
  Movement m;
  m.source = source;
  m.from = from;
  m.to = to;
  m.asset = "HOUR";
  m.amount = Amount{minutes};
  m.skill = skill;
  m.timestamp_ms = at_ms;
  return m;
}

TEST(CountForStatementTest, GivenIsWhatWasPaidForHelpReceivedWhatWasPaidOut) {
  const int64_t in_2026 = YearStartMs(2026) + kDayMs;
  StatementFigures f;
  using S = Movement::Source;
  CountForStatement(Made(S::kTransfer, "bob", "anna", 90, "tuin", in_2026), "anna", 2026, &f);
  CountForStatement(Made(S::kPostedPending, "carl", "anna", 30, "tuin", in_2026), "anna", 2026, &f);
  CountForStatement(Made(S::kAcceptedRequest, "anna", "bob", 60, "", in_2026), "anna", 2026, &f);
  CountForStatement(Made(S::kWelcome, "community", "anna", 120, "", in_2026), "anna", 2026, &f);
  CountForStatement(Made(S::kTransfer, "bob", "anna", 45, "koken", YearStartMs(2027)), "anna", 2026,
                    &f);
  EXPECT_EQ(f.given["HOUR"], (std::map<std::string, Amount>{{"tuin", Amount{120}}}));
  EXPECT_EQ(f.received["HOUR"], (std::map<std::string, Amount>{{"-", Amount{60}}}));

  // A correction made next year undoes the original in the year it was made.
  Movement correction = Made(S::kCorrection, "bob", "anna", 90, "tuin", YearStartMs(2027) + 5);
  correction.original_timestamp_ms = in_2026;
  CountForStatement(correction, "anna", 2026, &f);
  EXPECT_EQ(f.given["HOUR"].at("tuin"), Amount{30});
  CountForStatement(correction, "anna", 2027, &f);
  EXPECT_EQ(f.given["HOUR"].at("tuin"), Amount{30}) << "not counted in 2027";
}

class AccountSumsTest : public ::testing::Test {
 protected:
  AccountSumsTest() {
    c_.Open("anna");
    c_.Open("bob");
    c_.Open("lidl", AccountKind::kPartner);
    // The garden is run by anna and bob: either may pay (1 of 2).
    EXPECT_EQ(c_.Submit(c_.Op({ledger::OpenAccount{
                            "tuin-oost", AccountKind::kInitiative,
                            Sorted({KeyFor("anna").public_key, KeyFor("bob").public_key}), 1}}),
                        {"admin1"})
                  .code,
              ResultCode::kAccepted);
  }
  static std::vector<ledger::PublicKey> Sorted(std::vector<ledger::PublicKey> keys) {
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  ledger::Operation Pay(const std::string& signer, const std::string& from, const std::string& to,
                        int64_t amount, const std::string& asset, const std::string& skill = "",
                        const std::string& memo = "") {
    ledger::Operation op = c_.Op({ledger::Transfer{from, to, asset, Amount{amount}, skill, memo}});
    ledger::Outcome outcome = c_.Submit(op, {signer});
    EXPECT_EQ(outcome.code, ResultCode::kAccepted) << outcome.message;
    return op;
  }

  TestCommunity c_;
};

TEST_F(AccountSumsTest, AnInitiativesFundersPayeesAndOwners) {
  ASSERT_EQ(
      c_.Submit(c_.Op({ledger::SetLimits{"lidl", "HOUR", Amount{-6000}, std::nullopt}}), {"admin1"})
          .code,
      ResultCode::kAccepted);
  Pay("lidl", "lidl", "tuin-oost", 600, "HOUR");
  Pay("lidl", "lidl", "tuin-oost", 300, "HOUR");
  Pay("anna", "tuin-oost", "anna", 120, "HOUR", "tuin");
  const ledger::Operation mistake = Pay("bob", "tuin-oost", "bob", 60, "HOUR", "tuin");
  ASSERT_EQ(c_.Submit(c_.Op({ledger::CorrectTransfer{mistake.id, 0, "double"}}), {"admin1"}).code,
            ResultCode::kAccepted);

  absl::StatusOr<v1::InitiativeInfo> info =
      QueryInitiative(c_.store(), c_.ledger().genesis(), "tuin-oost");
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_EQ(info->funded_by_size(), 1);
  EXPECT_EQ(info->funded_by(0).handle(), "lidl");
  EXPECT_EQ(info->funded_by(0).amount(), 900);
  EXPECT_EQ(info->funded_by(0).formatted(), "15h");
  EXPECT_EQ(info->funded_by(0).payments(), 2u);
  ASSERT_EQ(info->paid_to_size(), 2);
  EXPECT_EQ(info->paid_to(0).handle(), "anna");
  EXPECT_EQ(info->paid_to(0).amount(), 120);
  EXPECT_EQ(info->paid_to(1).handle(), "bob");
  EXPECT_EQ(info->paid_to(1).amount(), 0) << "corrected";
  EXPECT_EQ(info->paid_to(1).payments(), 1u);
  EXPECT_EQ(std::vector<std::string>(info->owners().begin(), info->owners().end()),
            (std::vector<std::string>{"anna", "bob"}));
  ASSERT_GE(info->balances_size(), 1);
  EXPECT_EQ(info->balances(0).asset(), "HOUR");
  EXPECT_EQ(info->balances(0).balance(), 900 - 120);
  EXPECT_EQ(info->entries_scanned(), 6u);

  absl::StatusOr<v1::InitiativeInfo> resident =
      QueryInitiative(c_.store(), c_.ledger().genesis(), "anna");
  EXPECT_EQ(resident.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(QueryInitiative(c_.store(), c_.ledger().genesis(), "nobody").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(AccountSumsTest, AStatementVerifiesAndCountsTheYear) {
  const ledger::KeyPair node_key = KeyFor("node");
  Pay("bob", "bob", "anna", 90, "HOUR", "tuin");
  const ledger::Operation wrong = Pay("bob", "bob", "anna", 30, "HOUR", "koken");
  Pay("anna", "anna", "bob", 60, "HOUR", "");
  ASSERT_EQ(c_.Submit(c_.Op({ledger::CorrectTransfer{wrong.id, 0, "not cooked"}}), {"admin1"}).code,
            ResultCode::kAccepted);
  const int year = ledger::CalendarYearOf(c_.now_ms);
  absl::StatusOr<v1::Statements> statements =
      QueryStatement(c_.store(), c_.ledger().genesis(), c_.id(), node_key,
                     StatementRequest{"anna", year, ""}, c_.now_ms);
  ASSERT_TRUE(statements.ok()) << statements.status();
  ASSERT_EQ(statements->statements_size(), 1) << "HOUR only: BORN is a currency";
  const v1::SignedStatement& s = statements->statements(0);
  EXPECT_EQ(s.asset(), "HOUR");
  EXPECT_EQ(s.total_given(), 90);
  EXPECT_EQ(s.total_received(), 60);
  absl::StatusOr<ledger::Statement> verified =
      ledger::VerifyStatement(s.text(), node_key.public_key);
  ASSERT_TRUE(verified.ok()) << verified.status() << "\n" << s.text();
  EXPECT_EQ(verified->handle, "anna");
  EXPECT_EQ(verified->year, year);
  EXPECT_EQ(verified->given, (std::map<std::string, Amount>{{"tuin", Amount{90}}}));
  EXPECT_EQ(verified->received, (std::map<std::string, Amount>{{"-", Amount{60}}}));
  EXPECT_EQ(verified->journal_size, c_.HeadIndex() + 1);
  EXPECT_EQ(statements->node_key(),
            std::string(reinterpret_cast<const char*>(node_key.public_key.data()), 32));

  absl::StatusOr<v1::Statements> next_year =
      QueryStatement(c_.store(), c_.ledger().genesis(), c_.id(), node_key,
                     StatementRequest{"anna", year + 1, "HOUR"}, c_.now_ms);
  ASSERT_TRUE(next_year.ok()) << next_year.status();
  EXPECT_EQ(next_year->statements(0).total_given(), 0);
  EXPECT_EQ(QueryStatement(c_.store(), c_.ledger().genesis(), c_.id(), node_key,
                           StatementRequest{"anna", year, "BORN"}, c_.now_ms)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace noaber::node
