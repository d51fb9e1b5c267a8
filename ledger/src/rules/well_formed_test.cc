// Tests of the stateless checks: every malformed action is refused with its own code, before
// any rule reads the state, and leaves the state alone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ledger/src/rules/rules.h"
#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using testing::KeyFor;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

// `count` distinct public keys, sorted.
std::vector<PublicKey> SortedKeys(int count) {
  std::vector<PublicKey> keys;
  for (int i = 0; i < count; ++i) keys.push_back(KeyFor("key" + std::to_string(i)).public_key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// A transfer that is well-formed and would be accepted.
Transfer GoodTransfer() { return Transfer{"anna", "bert", "HOUR", Amount{30}, "tuin", "dank"}; }

class WellFormedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
  }
  // Submits `actions` signed by anna and an administrator, so authority is never the reason
  // for a refusal, and checks that a refusal changed nothing.
  Outcome Submit(std::vector<Action> actions) {
    const StateSnapshot before = TakeSnapshot(c);
    Outcome o = c.Submit(c.Op(std::move(actions)), {"admin1", "anna"});
    if (o.code != ResultCode::kAccepted) {
      EXPECT_EQ(TakeSnapshot(c), before) << "refused with " << ResultCodeName(o.code);
    }
    return o;
  }
  Outcome Submit(Action action) { return Submit(std::vector<Action>{std::move(action)}); }
  TestCommunity c;
};

TEST_F(WellFormedTest, AGoodTransferIsAccepted) {
  Outcome o = Submit(GoodTransfer());
  EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{30});
}

TEST_F(WellFormedTest, RefusesInvalidHandles) {
  for (const std::string& handle :
       std::vector<std::string>{"ab", "Anna", "anna bert", "anna!", "", std::string(33, 'a')}) {
    SCOPED_TRACE(handle);
    Transfer t = GoodTransfer();
    t.to = handle;
    Outcome to = Submit(t);
    EXPECT_EQ(to.code, ResultCode::kInvalidHandle);
    EXPECT_THAT(to.message, HasSubstr("receiver handle '" + handle + "' is not 3-32 characters"));
    t = GoodTransfer();
    t.from = handle;
    EXPECT_THAT(Submit(t).message, HasSubstr("sender handle '" + handle + "'"));
    Outcome open = Submit(OpenAccount{handle, AccountKind::kResident, SortedKeys(1), 1});
    EXPECT_EQ(open.code, ResultCode::kInvalidHandle);
    EXPECT_THAT(open.message, HasSubstr("account handle '" + handle + "'"));
    EXPECT_EQ(Submit(SetLimits{handle, "HOUR", Amount{0}, std::nullopt}).code,
              ResultCode::kInvalidHandle);
    EXPECT_EQ(Submit(SetStatus{handle, AccountStatus::kFrozen}).code, ResultCode::kInvalidHandle);
    EXPECT_EQ(Submit(RotateKeys{handle, SortedKeys(1), 1}).code, ResultCode::kInvalidHandle);
  }
}

TEST_F(WellFormedTest, HandlesOfThreeToThirtyTwoCharactersAreFine) {
  for (const std::string& handle :
       std::vector<std::string>{"abc", "a.b", "x_y-z.9", std::string(32, 'z')}) {
    SCOPED_TRACE(handle);
    Outcome o = Submit(OpenAccount{handle, AccountKind::kResident, SortedKeys(1), 1});
    EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
  }
}

TEST_F(WellFormedTest, RefusesInvalidAssetCodes) {
  for (const std::string& code :
       std::vector<std::string>{"H", "hour", "HO-UR", "", std::string(13, 'A')}) {
    SCOPED_TRACE(code);
    Transfer t = GoodTransfer();
    t.asset = code;
    Outcome transfer = Submit(t);
    EXPECT_EQ(transfer.code, ResultCode::kInvalidAssetCode);
    EXPECT_THAT(transfer.message, HasSubstr("asset code '" + code + "' is not 2-12 characters"));
    EXPECT_EQ(Submit(SetLimits{"anna", code, Amount{0}, std::nullopt}).code,
              ResultCode::kInvalidAssetCode);
  }
  // Well-formed codes of 2 and 12 characters get as far as the state.
  for (const std::string& code : std::vector<std::string>{"HO", std::string(12, 'A'), "EUR2"}) {
    Transfer t = GoodTransfer();
    t.asset = code;
    EXPECT_EQ(Submit(t).code, ResultCode::kUnknownAsset) << code;
  }
}

TEST_F(WellFormedTest, RefusesInvalidSkillCodes) {
  for (const std::string& code :
       std::vector<std::string>{"Tuin", "tuin!", "tuin hek", std::string(33, 's')}) {
    SCOPED_TRACE(code);
    Transfer t = GoodTransfer();
    t.skill = code;
    Outcome o = Submit(t);
    EXPECT_EQ(o.code, ResultCode::kInvalidSkillCode);
    EXPECT_THAT(o.message, HasSubstr("skill code '" + code + "'"));
  }
  Transfer t = GoodTransfer();
  t.skill = std::string(32, 's');  // well-formed, not in the catalogue
  EXPECT_EQ(Submit(t).code, ResultCode::kUnknownSkill);
}

TEST_F(WellFormedTest, RefusesAmountsThatAreNotPositiveOrTooLarge) {
  for (int64_t amount : {int64_t{0}, int64_t{-5}, kAmountMax + 1, INT64_MIN, INT64_MAX}) {
    SCOPED_TRACE(amount);
    Transfer t = GoodTransfer();
    t.amount = Amount{amount};
    Outcome o = Submit(t);
    EXPECT_EQ(o.code, ResultCode::kInvalidAmount);
    EXPECT_THAT(o.message, HasSubstr("the amount must be more than zero and at most 10^15 minor "
                                     "units, not " +
                                     std::to_string(amount)));
    Outcome post = Submit(PostPending{NewOperationId(), Amount{amount}});
    EXPECT_EQ(post.code, ResultCode::kInvalidAmount);
    EXPECT_THAT(post.message, HasSubstr("the amount to post must be more than zero"));
  }
  Transfer t = GoodTransfer();
  t.amount = Amount{kAmountMax};  // the largest well-formed amount; anna cannot pay it
  EXPECT_EQ(Submit(t).code, ResultCode::kExceedsMinimum);
}

TEST_F(WellFormedTest, RefusesAMemoOverItsByteLimit) {
  Transfer t = GoodTransfer();
  t.memo = std::string(kMemoBytesMax + 1, 'x');
  Outcome o = Submit(t);
  EXPECT_EQ(o.code, ResultCode::kInvalidText);
  EXPECT_THAT(o.message, HasSubstr("the memo has 257 bytes; at most 256"));
  t.memo = std::string(kMemoBytesMax - 2, 'x') + "\xC3\xA9";  // 256 bytes ending in 'é'
  EXPECT_EQ(Submit(t).code, ResultCode::kAccepted);
}

TEST_F(WellFormedTest, RefusesAMemoWithControlCharactersOrInvalidUtf8) {
  const std::vector<std::string> memos = {
      "line\nbreak",  "tab\there",        std::string("nul\0", 4),
      "del\x7F",   // control characters
      "\xC2\x85",  // C1 control (NEL)
      "\xFF",         "caf\xC3",          "\xC3(",
      "\xC0\xAF",     "\xE0\x80\xAF",               // invalid, overlong
      "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80"};  // surrogate, > U+10FFFF
  for (const std::string& memo : memos) {
    SCOPED_TRACE(::testing::PrintToString(memo));
    Transfer t = GoodTransfer();
    t.memo = memo;
    Outcome o = Submit(t);
    EXPECT_EQ(o.code, ResultCode::kInvalidText);
    EXPECT_THAT(o.message, HasSubstr("the memo is not valid UTF-8 or holds control characters"));
  }
  Transfer t = GoodTransfer();
  t.memo = "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8C\xB1";  // é, €, U+1F331
  EXPECT_EQ(Submit(t).code, ResultCode::kAccepted);
}

TEST_F(WellFormedTest, RefusesPayingOneself) {
  Transfer t = GoodTransfer();
  t.to = "anna";
  Outcome o = Submit(t);
  EXPECT_EQ(o.code, ResultCode::kSameAccount);
  EXPECT_THAT(o.message, HasSubstr("'anna' cannot pay itself"));
  EXPECT_EQ(Submit(CreatePending{t, kHourMs}).code, ResultCode::kSameAccount);
}

TEST_F(WellFormedTest, RefusesKeysThatAreUnsortedDuplicatedOrTooMany) {
  std::vector<PublicKey> unsorted = SortedKeys(2);
  std::reverse(unsorted.begin(), unsorted.end());
  std::vector<PublicKey> duplicated = {SortedKeys(1)[0], SortedKeys(1)[0]};
  for (const auto& keys : {unsorted, duplicated}) {
    Outcome open = Submit(OpenAccount{"carla", AccountKind::kResident, keys, 1});
    EXPECT_EQ(open.code, ResultCode::kInvalidKeys);
    EXPECT_THAT(open.message, HasSubstr("keys must be sorted and each listed once"));
    EXPECT_EQ(Submit(RotateKeys{"anna", keys, 1}).code, ResultCode::kInvalidKeys);
  }
  for (int count : {0, static_cast<int>(kKeysPerAccountMax) + 1}) {
    Outcome open = Submit(OpenAccount{"carla", AccountKind::kResident, SortedKeys(count), 1});
    EXPECT_EQ(open.code, ResultCode::kInvalidKeys);
    EXPECT_THAT(open.message,
                HasSubstr("an account has 1 to 10 keys, not " + std::to_string(count)));
    EXPECT_EQ(Submit(RotateKeys{"anna", SortedKeys(count), 1}).code, ResultCode::kInvalidKeys);
  }
  Outcome ten = Submit(OpenAccount{"carla", AccountKind::kResident, SortedKeys(10), 10});
  EXPECT_EQ(ten.code, ResultCode::kAccepted) << ten.message;
}

TEST_F(WellFormedTest, RefusesAThresholdOfZeroOrAboveTheKeyCount) {
  for (uint8_t threshold : {0, 3, 255}) {
    SCOPED_TRACE(static_cast<int>(threshold));
    Outcome open = Submit(OpenAccount{"carla", AccountKind::kResident, SortedKeys(2), threshold});
    EXPECT_EQ(open.code, ResultCode::kInvalidThreshold);
    EXPECT_THAT(open.message,
                HasSubstr("threshold " + std::to_string(threshold) + " is not between 1 and 2"));
    EXPECT_EQ(Submit(RotateKeys{"anna", SortedKeys(2), threshold}).code,
              ResultCode::kInvalidThreshold);
  }
  EXPECT_EQ(Submit(RotateKeys{"anna", SortedKeys(2), 2}).code, ResultCode::kAccepted);
}

TEST_F(WellFormedTest, RefusesToOpenACommunityOrAnUnknownKind) {
  for (auto kind :
       {AccountKind::kCommunity, static_cast<AccountKind>(0), static_cast<AccountKind>(9)}) {
    SCOPED_TRACE(static_cast<int>(kind));
    Outcome o = Submit(OpenAccount{"carla", kind, SortedKeys(1), 1});
    EXPECT_EQ(o.code, ResultCode::kInvalidKind);
    EXPECT_THAT(o.message, HasSubstr("opened as a resident, partner or initiative"));
  }
  for (auto kind : {AccountKind::kResident, AccountKind::kPartner, AccountKind::kInitiative}) {
    std::string handle = std::string("kind-") + AccountKindName(kind);
    EXPECT_EQ(Submit(OpenAccount{handle, kind, SortedKeys(1), 1}).code, ResultCode::kAccepted);
  }
}

TEST_F(WellFormedTest, RefusesAnUnknownStatusByte) {
  for (int status : {0, 4, 255}) {
    SCOPED_TRACE(status);
    Outcome o = Submit(SetStatus{"anna", static_cast<AccountStatus>(status)});
    EXPECT_EQ(o.code, ResultCode::kInvalidStatus);
    EXPECT_THAT(o.message, HasSubstr("status must be active, frozen or closed"));
  }
}

TEST_F(WellFormedTest, RefusesATimeoutOutsideOneSecondToAYear) {
  for (int64_t timeout : {int64_t{0}, int64_t{-1000}, kPendingTimeoutMinMs - 1,
                          kPendingTimeoutMaxMs + 1, INT64_MAX}) {
    SCOPED_TRACE(timeout);
    Outcome o = Submit(CreatePending{GoodTransfer(), timeout});
    EXPECT_EQ(o.code, ResultCode::kInvalidTimeout);
    EXPECT_THAT(o.message, HasSubstr("timeout is 1 second to 366 days, not " +
                                     std::to_string(timeout) + " ms"));
  }
  EXPECT_EQ(Submit(CreatePending{GoodTransfer(), kPendingTimeoutMinMs}).code,
            ResultCode::kAccepted);
  EXPECT_EQ(Submit(CreatePending{GoodTransfer(), 366 * kDayMs}).code, ResultCode::kAccepted);
}

TEST_F(WellFormedTest, RefusesSetLimitsWithoutLimitsOrWithTheWrongOrder) {
  Outcome none = Submit(SetLimits{"anna", "HOUR", std::nullopt, std::nullopt});
  EXPECT_EQ(none.code, ResultCode::kInvalidLimits);
  EXPECT_THAT(none.message, HasSubstr("no limit to set"));
  const std::vector<SetLimits> bad = {{"anna", "HOUR", Amount{10}, Amount{9}},
                                      {"anna", "HOUR", Amount{-kAmountMax - 1}, std::nullopt},
                                      {"anna", "HOUR", std::nullopt, Amount{kAmountMax + 1}}};
  for (const SetLimits& limits : bad) {
    Outcome o = Submit(limits);
    EXPECT_EQ(o.code, ResultCode::kInvalidLimits);
    EXPECT_THAT(o.message, HasSubstr("within +-10^15 minor units with minimum <= maximum"));
  }
  Outcome equal = Submit(SetLimits{"anna", "HOUR", Amount{0}, Amount{0}});
  EXPECT_EQ(equal.code, ResultCode::kAccepted) << equal.message;
}

TEST_F(WellFormedTest, RefusesASubmittedSystemAction) {
  Operation create = c.Op({CreatePending{GoodTransfer(), kHourMs}});
  const OperationId id = create.id;
  ASSERT_EQ(c.Submit(create, {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Submit(ExpirePending{id});
  EXPECT_EQ(o.code, ResultCode::kSystemActionNotAllowed);
  EXPECT_THAT(o.message, HasSubstr("done by the node, not submitted"));
  Outcome unsigned_op = c.Submit(c.Op({ExpirePending{id}}), {});  // as the node writes it
  EXPECT_EQ(unsigned_op.code, ResultCode::kSystemActionNotAllowed);
  Outcome linked = Submit({GoodTransfer(), ExpirePending{id}});
  EXPECT_EQ(linked.code, ResultCode::kSystemActionNotAllowed);
  EXPECT_THAT(linked.message, HasSubstr("action 2 of 2: "));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(WellFormedTest, RefusesMoreThanSixtyFourActions) {
  Transfer minute = GoodTransfer();
  minute.amount = Amount{1};
  Outcome o = Submit(std::vector<Action>(kActionsPerOperationMax + 1, minute));
  EXPECT_EQ(o.code, ResultCode::kTooManyActions);
  EXPECT_THAT(o.message, HasSubstr("65 actions; at most 64"));
  Outcome sixty_four = Submit(std::vector<Action>(kActionsPerOperationMax, minute));
  EXPECT_EQ(sixty_four.code, ResultCode::kAccepted) << sixty_four.message;
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{64});
}

TEST_F(WellFormedTest, RefusesAnOperationWithoutActions) {
  Outcome o = Submit(std::vector<Action>{});
  EXPECT_EQ(o.code, ResultCode::kNoActions);
  EXPECT_THAT(o.message, HasSubstr("no actions"));
}

// The decoder refuses 0 and 65 actions before the rules see them; the rules check again.
TEST(CheckWellFormedTest, CountsTheActions) {
  Operation op;
  EXPECT_EQ(CheckWellFormed(op, false).code, ResultCode::kNoActions);
  op.actions.assign(kActionsPerOperationMax, GoodTransfer());
  EXPECT_TRUE(CheckWellFormed(op, false).ok());
  op.actions.push_back(GoodTransfer());
  Rejection r = CheckWellFormed(op, false);
  EXPECT_EQ(r.code, ResultCode::kTooManyActions);
  EXPECT_THAT(r.message, HasSubstr("at most 64 actions may be linked"));
}

TEST(CheckWellFormedTest, AdmitsSystemActionsOnlyWhenAllowed) {
  Operation op;
  op.actions = {ExpirePending{NewOperationId()}};
  EXPECT_EQ(CheckWellFormed(op, false).code, ResultCode::kSystemActionNotAllowed);
  EXPECT_TRUE(CheckWellFormed(op, true).ok());
}

TEST_F(WellFormedTest, NamesTheFaultyActionOfALinkedBatch) {
  Transfer bad = GoodTransfer();
  bad.memo = "\x01";
  Outcome o = Submit({GoodTransfer(), GoodTransfer(), bad});
  EXPECT_EQ(o.code, ResultCode::kInvalidText);
  EXPECT_THAT(o.message, HasSubstr("action 3 of 3: the memo is not valid UTF-8"));
}

TEST_F(WellFormedTest, IsCheckedBeforeTheSignatures) {
  Transfer bad = GoodTransfer();
  bad.from = "X";
  const StateSnapshot before = TakeSnapshot(c);
  EXPECT_EQ(c.Submit(c.Op({bad}), {}).code, ResultCode::kInvalidHandle);  // not kNoSignatures
  EXPECT_EQ(TakeSnapshot(c), before);
}

}  // namespace
}  // namespace noaber::ledger
