// The impact aggregator: what each kind of movement adds, corrections, and the promise the
// node relies on: fed entry by entry as batches commit, it equals a recomputation from the
// whole journal, also across a save and load of its state.
#include "ledger/impact/aggregator.h"

#include <gtest/gtest.h>

#include <optional>

#include "ledger/testing/random_operations.h"
#include "ledger/testing/test_community.h"

namespace noaber::impact {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::OperationId;
using ledger::ResultCode;
using ledger::Transfer;
using ledger::testing::EconomyGenesis;
using ledger::testing::RandomOperations;
using ledger::testing::TestCommunity;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

ImpactAggregator Recompute(TestCommunity& c) {
  ImpactAggregator aggregator(c.ledger().genesis());
  absl::Status s = aggregator.CatchUp(c.store(), c.HeadIndex());
  EXPECT_TRUE(s.ok()) << s;
  return aggregator;
}

class AggregatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* handle : {"anna", "bert", "carla"}) Open(handle, AccountKind::kResident);
    Open("gemeente", AccountKind::kPartner);
    Open("bakker", AccountKind::kPartner);
    Open("tuin", AccountKind::kInitiative);
  }
  void Open(const std::string& handle, AccountKind kind) {
    ASSERT_EQ(c.Open(handle, kind).code, ResultCode::kAccepted) << handle;
  }
  // A transfer signed by its payer (the administrators for the community); returns its id.
  OperationId Pay(const std::string& from, const std::string& to, int64_t amount,
                  const std::string& asset, const std::string& skill = "") {
    ledger::Operation op =
        c.Op({Transfer{from, to, asset, Amount{amount}, skill, "Uitgifte 2026"}});
    ledger::Outcome o = c.Submit(op, {from == ledger::kCommunityHandle ? "admin1" : from});
    EXPECT_EQ(o.code, ResultCode::kAccepted) << from << " -> " << to << ": " << o.message;
    return op.id;
  }
  TestCommunity c{nullptr, EconomyGenesis()};
};

TEST_F(AggregatorTest, CountsHelpCurrencyAndInitiativesPerMonth) {
  const Month january = MonthOf(c.now_ms);
  Pay("anna", "bert", 90, "HOUR", "tuin");
  Pay("anna", "tuin", 120, "HOUR");
  Pay("tuin", "carla", 60, "HOUR", "tuin");
  Pay(ledger::kCommunityHandle, "gemeente", 10'000, "BORN");
  Pay("gemeente", "anna", 2'000, "BORN");
  Pay("gemeente", "tuin", 3'000, "BORN");
  Pay("anna", "bakker", 500, "BORN");
  ImpactAggregator aggregator = Recompute(c);
  ASSERT_EQ(aggregator.applied_index(), c.HeadIndex());
  const MonthFigures& m = aggregator.months().at(january);
  // Help: anna -> bert, anna -> tuin, tuin -> carla; the welcome credits are not help.
  EXPECT_EQ(m.hours.amount, 270);
  EXPECT_EQ(m.hours.count, 3);
  EXPECT_EQ(m.hours.persons.size(), 3u);
  EXPECT_EQ(m.skills.at("tuin").amount, 150);
  EXPECT_EQ(m.skills.at("").amount, 120);
  EXPECT_EQ(m.residents.at("anna"), (ResidentMonth{0, 2}));
  EXPECT_EQ(m.residents.at("bert"), (ResidentMonth{1, 0}));
  EXPECT_EQ(m.residents.at("carla"), (ResidentMonth{1, 0}));
  // Three welcomes of 2h, from the community to residents.
  const Cell& welcome = m.flows.at({AccountKind::kCommunity, AccountKind::kResident, "HOUR"});
  EXPECT_EQ(welcome.amount, 3 * ledger::testing::kWelcomeMinutes);
  EXPECT_EQ(m.flows.at({AccountKind::kResident, AccountKind::kInitiative, "HOUR"}).amount, 120);
  const CurrencyMonth& born = m.currencies.at("BORN");
  EXPECT_EQ(born.issued.amount, 10'000);
  EXPECT_EQ(born.returned.amount, 0);
  EXPECT_EQ(born.spent_at_partners.amount, 500);
  EXPECT_EQ(born.spent_at_partners.persons, (Persons{{"anna", 1}}));
  const InitiativeMonth& tuin = m.initiatives.at("tuin");
  EXPECT_EQ(tuin.received_by_kind.at({AccountKind::kResident, "HOUR"}).amount, 120);
  EXPECT_EQ(tuin.received_by_kind.at({AccountKind::kPartner, "BORN"}).amount, 3'000);
  EXPECT_EQ(tuin.received_by_account.at({"gemeente", "BORN"}).amount, 3'000);
  EXPECT_EQ(tuin.paid_to_residents.at("HOUR").persons, (Persons{{"carla", 1}}));
}

TEST_F(AggregatorTest, ACorrectionSubtractsFromTheMonthOfTheOriginal) {
  const Month january = MonthOf(c.now_ms);
  const OperationId id = Pay("anna", "bert", 90, "HOUR", "tuin");
  Pay("carla", "bert", 30, "HOUR", "tuin");
  c.now_ms += 40 * kDayMs;
  ASSERT_EQ(c.Submit(c.Op({ledger::CorrectTransfer{id, 0, "Verkeerde buur"}}), {"admin1"}).code,
            ResultCode::kAccepted);
  ImpactAggregator aggregator = Recompute(c);
  const MonthFigures& m = aggregator.months().at(january);
  EXPECT_EQ(m.hours.amount, 30);
  EXPECT_EQ(m.hours.count, 1);
  EXPECT_EQ(m.skills.at("tuin").persons, (Persons{{"bert", 1}, {"carla", 1}}));
  EXPECT_EQ(m.residents.count("anna"), 0u) << "anna's only help was corrected";
  EXPECT_EQ(m.residents.at("bert"), (ResidentMonth{1, 0}));
  // Nothing is counted in the month of the correction itself.
  EXPECT_EQ(aggregator.months().count(MonthOf(c.now_ms)), 0u);
}

TEST_F(AggregatorTest, RefusesEntriesOutOfOrderAndChangesNothing) {
  Pay("anna", "bert", 90, "HOUR");
  ImpactAggregator aggregator(c.ledger().genesis());
  absl::StatusOr<std::optional<ledger::JournalEntry>> last = c.store().GetEntry(c.HeadIndex());
  ASSERT_TRUE(last.ok() && last->has_value());
  absl::Status s = aggregator.Apply(c.store(), **last);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(aggregator, ImpactAggregator(c.ledger().genesis()));
}

TEST_F(AggregatorTest, RefusesAnEntryThatDoesNotDecode) {
  ImpactAggregator aggregator(c.ledger().genesis());
  ledger::JournalEntry entry;
  entry.index = 1;
  entry.signed_bytes = "not an operation";
  EXPECT_EQ(aggregator.Apply(c.store(), entry).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(aggregator.applied_index(), 0u);
}

TEST(AggregatorStateTest, DamagedStateIsRefused) {
  TestCommunity c{nullptr, EconomyGenesis()};
  ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
  ImpactAggregator aggregator = Recompute(c);
  const std::string bytes = aggregator.Encode();
  absl::StatusOr<ImpactAggregator> back = ImpactAggregator::Decode(c.ledger().genesis(), bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, aggregator);
  for (size_t cut : {size_t{0}, size_t{5}, bytes.size() - 1}) {
    EXPECT_EQ(ImpactAggregator::Decode(c.ledger().genesis(), bytes.substr(0, cut)).status().code(),
              absl::StatusCode::kDataLoss)
        << cut;
  }
  EXPECT_FALSE(ImpactAggregator::Decode(c.ledger().genesis(), bytes + "x").ok());
}

// The node's way (entries fed as each batch commits, the state saved and loaded halfway)
// gives exactly the figures of a recomputation from the journal, over random journals of
// every kind of operation spread over several months; so does a copy of the aggregator made
// halfway and caught up at the end (over the months since, corrections of earlier ones).
TEST(AggregatorRandomizedTest, IncrementalEqualsRecomputation) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    TestCommunity c{nullptr, EconomyGenesis()};
    RandomOperations random(c, seed, /*accounts=*/12);
    ImpactAggregator incremental(c.ledger().genesis());
    std::optional<ImpactAggregator> copied;  // a copy made halfway, caught up at the end
    for (int batch = 0; batch < 150; ++batch) {
      if (batch % 25 == 0) c.now_ms += 11 * kDayMs;  // into later months
      random.Batch(8);
      ASSERT_TRUE(incremental.CatchUp(c.store(), c.HeadIndex()).ok());
      if (batch == 40) copied = incremental;
      if (batch == 75) {
        absl::StatusOr<ImpactAggregator> loaded =
            ImpactAggregator::Decode(c.ledger().genesis(), incremental.Encode());
        ASSERT_TRUE(loaded.ok()) << loaded.status();
        incremental = *std::move(loaded);
      }
    }
    ImpactAggregator recomputed = Recompute(c);
    ASSERT_GT(recomputed.months().size(), 2u) << "seed " << seed;
    EXPECT_EQ(incremental, recomputed) << "seed " << seed;
    EXPECT_EQ(incremental.Encode(), recomputed.Encode()) << "seed " << seed;
    ASSERT_TRUE(copied->CatchUp(c.store(), c.HeadIndex()).ok());
    EXPECT_EQ(*copied, recomputed) << "seed " << seed;
    EXPECT_EQ(copied->Encode(), recomputed.Encode()) << "seed " << seed;
    // Counting each entry afresh (a copy starts without the cache of what Count() found
    // before) gives the same figures as counting with what it found.
    ImpactAggregator uncached(c.ledger().genesis());
    while (uncached.applied_index() < c.HeadIndex()) {
      ImpactAggregator copy = uncached;
      ASSERT_TRUE(copy.CatchUp(c.store(), uncached.applied_index() + 1).ok());
      uncached = copy;
    }
    EXPECT_EQ(uncached, recomputed) << "seed " << seed;
    EXPECT_EQ(uncached.Encode(), recomputed.Encode()) << "seed " << seed;
    // Something happened: help was exchanged and some of it corrected.
    int64_t transfers = 0;
    for (const auto& [month, figures] : recomputed.months()) transfers += figures.hours.count;
    EXPECT_GT(transfers, 20) << "seed " << seed;
    EXPECT_GT(random.economy().corrections, 0u) << "seed " << seed;
  }
}

}  // namespace
}  // namespace noaber::impact
