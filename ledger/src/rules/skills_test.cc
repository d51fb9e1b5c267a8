// Tests of the skills catalogue: seeded by the genesis, kept by the administrators, never
// shrunk; a retired skill stays for history but new transfers, listings and requests may
// not name it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;
using testing::TestGenesis;

const Skill kBikes{"fietsen", "Fietsreparatie", "Bike repair", "home", false};

class SkillsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
  }
  Outcome Set(const Skill& skill, std::vector<std::string> signers = {"admin1"}) {
    return c.Submit(c.Op({SetSkill{skill}}), signers);
  }
  std::optional<Skill> SkillOf(const std::string& code) {
    absl::StatusOr<std::optional<Skill>> skill = c.store().GetSkill(code);
    return skill.ok() ? *skill : std::nullopt;
  }
  Outcome PayFor(const std::string& skill) {
    return c.Submit(c.Op({Transfer{"anna", "bert", "HOUR", Amount{30}, skill, ""}}), {"anna"});
  }
  Outcome List(const std::string& skill) {
    return c.Submit(
        c.Op({PostListing{"anna", ListingKind::kOffer, skill, "Ik help graag", "", Amount{0}, 0}}),
        {"anna"});
  }
  Outcome Ask(const std::string& skill) {
    return c.Submit(
        c.Op({RequestPayment{"bert", "anna", "HOUR", Amount{30}, skill, "", std::nullopt, 0}}),
        {"bert"});
  }
  TestCommunity c;
};

TEST_F(SkillsTest, TheGenesisSkillsAreInTheCatalogue) {
  for (const Skill& skill : DefaultSkills()) EXPECT_EQ(SkillOf(skill.code), skill) << skill.code;
  EXPECT_EQ(SkillOf("fietsen"), std::nullopt);
}

TEST_F(SkillsTest, AdministratorsAddASkillThatCanThenBeUsed) {
  EXPECT_EQ(PayFor("fietsen").code, ResultCode::kUnknownSkill);
  Outcome o = Set(kBikes);
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(SkillOf("fietsen"), kBikes);
  EXPECT_EQ(PayFor("fietsen").code, ResultCode::kAccepted);
  EXPECT_EQ(List("fietsen").code, ResultCode::kAccepted);
  EXPECT_EQ(Ask("fietsen").code, ResultCode::kAccepted);
}

TEST_F(SkillsTest, AdministratorsRelabelASkillKeepingItsCode) {
  Skill garden = *SkillOf("tuin");
  garden.label_en = "Garden work";
  garden.category = "outdoor";
  ASSERT_EQ(Set(garden).code, ResultCode::kAccepted);
  EXPECT_EQ(SkillOf("tuin"), garden);
  EXPECT_EQ(PayFor("tuin").code, ResultCode::kAccepted);
}

TEST_F(SkillsTest, ASkillSetByANonAdministratorIsRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Set(kBikes, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("administrator"));
  EXPECT_THAT(o.message, HasSubstr("change the skills catalogue"));
  Skill retired = *SkillOf("tuin");
  retired.retired = true;
  EXPECT_EQ(Set(retired, {"bert"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(SkillOf("fietsen"), std::nullopt);
}

TEST(SkillsThresholdTest, TwoOfTwoAdministratorsWhenTheGenesisSaysSo) {
  TestCommunity c(nullptr, TestGenesis(2));
  const StateSnapshot before = TakeSnapshot(c);
  Outcome one = c.Submit(c.Op({SetSkill{kBikes}}), {"admin1"});
  EXPECT_EQ(one.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(one.message, HasSubstr("the signatures of 2 administrators are needed"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.Submit(c.Op({SetSkill{kBikes}}), {"admin1", "admin2"}).code, ResultCode::kAccepted);
}

TEST_F(SkillsTest, AnUnknownSkillIsRefusedEverywhere) {
  const StateSnapshot before = TakeSnapshot(c);
  for (Outcome o : {PayFor("yoga"), List("yoga"), Ask("yoga")}) {
    EXPECT_EQ(o.code, ResultCode::kUnknownSkill);
    EXPECT_THAT(o.message, HasSubstr("there is no skill 'yoga' in the catalogue"));
  }
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(SkillsTest, ARetiredSkillIsRefusedForNewTransfersListingsAndRequests) {
  Outcome earlier = PayFor("tuin");
  ASSERT_EQ(earlier.code, ResultCode::kAccepted);
  Skill retired = *SkillOf("tuin");
  retired.retired = true;
  ASSERT_EQ(Set(retired).code, ResultCode::kAccepted);
  EXPECT_EQ(SkillOf("tuin"), retired);  // kept, for the history that names it

  const StateSnapshot before = TakeSnapshot(c);
  for (Outcome o : {PayFor("tuin"), List("tuin"), Ask("tuin")}) {
    EXPECT_EQ(o.code, ResultCode::kSkillRetired);
    EXPECT_THAT(o.message, HasSubstr("the skill 'tuin' has been retired"));
  }
  CreatePending pending{Transfer{"anna", "bert", "HOUR", Amount{30}, "tuin", ""}, 3'600'000};
  EXPECT_EQ(c.Submit(c.Op({pending}), {"anna"}).code, ResultCode::kSkillRetired);
  EXPECT_EQ(TakeSnapshot(c), before);
  // The earlier transfer is still in the journal; other skills and none at all still work.
  EXPECT_TRUE(c.store().GetEntry(earlier.index)->has_value());
  EXPECT_EQ(PayFor("").code, ResultCode::kAccepted);
  EXPECT_EQ(PayFor("klussen").code, ResultCode::kAccepted);

  // Un-retiring brings it back.
  retired.retired = false;
  ASSERT_EQ(Set(retired).code, ResultCode::kAccepted);
  EXPECT_EQ(PayFor("tuin").code, ResultCode::kAccepted);
}

TEST_F(SkillsTest, ASkillNeedsItsLabelsAndAValidCode) {
  const StateSnapshot before = TakeSnapshot(c);
  Skill no_label = kBikes;
  no_label.label_nl = "";
  EXPECT_EQ(Set(no_label).code, ResultCode::kInvalidText);
  Skill no_category = kBikes;
  no_category.category = "";
  EXPECT_EQ(Set(no_category).code, ResultCode::kInvalidText);
  Skill long_label = kBikes;
  long_label.label_en = std::string(kNameBytesMax + 1, 'x');
  EXPECT_EQ(Set(long_label).code, ResultCode::kInvalidText);
  Skill bad_code = kBikes;
  bad_code.code = "Fietsen";
  EXPECT_EQ(Set(bad_code).code, ResultCode::kInvalidSkillCode);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(SkillsTest, SkillChangesReplayToTheSameCatalogue) {
  ASSERT_EQ(Set(kBikes).code, ResultCode::kAccepted);
  Skill retired = *SkillOf("koken");
  retired.retired = true;
  ASSERT_EQ(Set(retired).code, ResultCode::kAccepted);
  MemoryStore replayed;
  ASSERT_TRUE(ReplayJournal(c.store(), &replayed).ok());
  EXPECT_TRUE(CompareState(c.store(), replayed).ok());
  absl::StatusOr<std::optional<Skill>> koken = replayed.GetSkill("koken");
  ASSERT_TRUE(koken.ok() && koken->has_value());
  EXPECT_TRUE((**koken).retired);
}

}  // namespace
}  // namespace noaber::ledger
