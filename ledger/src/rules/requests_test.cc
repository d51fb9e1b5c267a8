// Tests of payment requests: the payee asks, the payer accepts (which pays) or someone
// declines; a request is paid at most once and not after its expiry.
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
using testing::KeyFor;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;

constexpr int64_t kHourMs = 3'600'000;

class RequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* handle : {"anna", "bert", "carla"}) {
      ASSERT_EQ(c.Open(handle).code, ResultCode::kAccepted);
    }
  }
  // bert asks anna for `minutes` of HOUR for gardening.
  static RequestPayment BertAsksAnna(int64_t minutes, int64_t expires_at_ms = 0) {
    return RequestPayment{"bert", "anna",        "HOUR",       Amount{minutes},
                          "tuin", "Heg geknipt", std::nullopt, expires_at_ms};
  }
  // Submits `request` signed by `signers`; the request's id goes to `id`.
  Outcome Ask(const RequestPayment& request, std::vector<std::string> signers, OperationId* id) {
    Operation op = c.Op({request});
    *id = op.id;
    return c.Submit(op, signers);
  }
  Outcome Accept(const OperationId& id, std::vector<std::string> signers) {
    return c.Submit(c.Op({AcceptRequest{id}}), signers);
  }
  Outcome Decline(const OperationId& id, std::vector<std::string> signers) {
    return c.Submit(c.Op({DeclineRequest{id}}), signers);
  }
  TestCommunity c;
};

TEST_F(RequestsTest, AskingMovesNothingAndAcceptingPays) {
  OperationId id;
  Outcome asked = Ask(BertAsksAnna(90), {"bert"}, &id);
  ASSERT_EQ(asked.code, ResultCode::kAccepted) << asked.message;
  std::optional<PaymentRequest> request = c.RequestOf(id);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->id, id);
  EXPECT_EQ(request->payee, "bert");
  EXPECT_EQ(request->payer, "anna");
  EXPECT_EQ(request->amount, Amount{90});
  EXPECT_EQ(request->skill, "tuin");
  EXPECT_EQ(request->memo, "Heg geknipt");
  EXPECT_EQ(request->state, RequestState::kOpen);
  EXPECT_EQ(request->created_index, asked.index);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{0});
  for (const char* handle : {"anna", "bert"}) {  // both see the request in their history
    EXPECT_EQ(*c.store().GetHistory(handle, asked.index + 1, 1),
              std::vector<uint64_t>{asked.index});
  }

  Outcome paid = Accept(id, {"anna"});
  ASSERT_EQ(paid.code, ResultCode::kAccepted) << paid.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-90});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{90});
  request = c.RequestOf(id);
  EXPECT_EQ(request->state, RequestState::kAccepted);
  EXPECT_EQ(request->resolved_index, paid.index);
  EXPECT_EQ(c.SignersOf(paid.index), std::vector<PublicKey>{KeyFor("anna").public_key});
}

TEST_F(RequestsTest, OnlyThePayeeAsks) {
  const StateSnapshot before = TakeSnapshot(c);
  OperationId id;
  Outcome o = Ask(BertAsksAnna(90), {"anna"}, &id);
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("the signature of 'bert' (1 of its 1 keys) is needed to ask "
                                   "to be paid"));
  EXPECT_EQ(Ask(BertAsksAnna(90), {"admin1"}, &id).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(RequestsTest, AcceptingSomeoneElsesRequestIsRefused) {
  OperationId id;
  ASSERT_EQ(Ask(BertAsksAnna(90), {"bert"}, &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome stranger = Accept(id, {"carla"});
  EXPECT_EQ(stranger.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(stranger.message,
              HasSubstr("the signature of 'anna' (1 of its 1 keys) is needed to accept a request "
                        "made of it"));
  // Neither the payee nor the administrators pay on behalf of a payer who is not assisted.
  EXPECT_EQ(Accept(id, {"bert"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(Accept(id, {"admin1", "admin2"}).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.RequestOf(id)->state, RequestState::kOpen);
}

TEST_F(RequestsTest, AcceptingTwiceIsRefused) {
  OperationId id;
  ASSERT_EQ(Ask(BertAsksAnna(90), {"bert"}, &id).code, ResultCode::kAccepted);
  ASSERT_EQ(Accept(id, {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome again = Accept(id, {"anna"});
  EXPECT_EQ(again.code, ResultCode::kRequestNotOpen);
  EXPECT_THAT(again.message,
              HasSubstr("payment request " + OperationIdToHex(id) + " was already accepted"));
  EXPECT_EQ(Decline(id, {"anna"}).code, ResultCode::kRequestNotOpen);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-90});  // paid once
}

TEST_F(RequestsTest, DecliningThenAcceptingIsRefused) {
  OperationId id;
  ASSERT_EQ(Ask(BertAsksAnna(90), {"bert"}, &id).code, ResultCode::kAccepted);
  Outcome declined = Decline(id, {"anna"});
  ASSERT_EQ(declined.code, ResultCode::kAccepted) << declined.message;
  EXPECT_EQ(c.RequestOf(id)->state, RequestState::kDeclined);
  EXPECT_EQ(c.RequestOf(id)->resolved_index, declined.index);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome accept = Accept(id, {"anna"});
  EXPECT_EQ(accept.code, ResultCode::kRequestNotOpen);
  EXPECT_THAT(accept.message, HasSubstr("was already declined"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
}

TEST_F(RequestsTest, ThePayerThePayeeOrTheAdministratorsDecline) {
  for (const char* signer : {"anna", "bert", "admin2"}) {
    OperationId id;
    ASSERT_EQ(Ask(BertAsksAnna(30), {"bert"}, &id).code, ResultCode::kAccepted);
    EXPECT_EQ(Decline(id, {signer}).code, ResultCode::kAccepted) << signer;
  }
  OperationId id;
  ASSERT_EQ(Ask(BertAsksAnna(30), {"bert"}, &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome stranger = Decline(id, {"carla"});
  EXPECT_EQ(stranger.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(stranger.message,
              HasSubstr("only 'anna', 'bert' or the administrators may decline this request"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(RequestsTest, AnExpiredRequestCannotBeAccepted) {
  OperationId id;
  const int64_t expires = c.now_ms + kHourMs;
  ASSERT_EQ(Ask(BertAsksAnna(90, expires), {"bert"}, &id).code, ResultCode::kAccepted);
  c.now_ms = expires;  // expiry is the first moment it no longer counts
  const StateSnapshot before = TakeSnapshot(c);
  Outcome late = Accept(id, {"anna"});
  EXPECT_EQ(late.code, ResultCode::kRequestExpired);
  EXPECT_THAT(late.message, HasSubstr("has expired and can no longer be accepted"));
  c.now_ms += 24 * kHourMs;
  EXPECT_EQ(Accept(id, {"anna"}).code, ResultCode::kRequestExpired);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.RequestOf(id)->state, RequestState::kOpen);
  // It may still be declined, which tidies it away.
  EXPECT_EQ(Decline(id, {"anna"}).code, ResultCode::kAccepted);
}

TEST_F(RequestsTest, ARequestIsPaidUpToTheMillisecondBeforeItsExpiry) {
  OperationId id;
  const int64_t expires = c.now_ms + kHourMs;
  ASSERT_EQ(Ask(BertAsksAnna(90, expires), {"bert"}, &id).code, ResultCode::kAccepted);
  c.now_ms = expires - 1;
  EXPECT_EQ(Accept(id, {"anna"}).code, ResultCode::kAccepted);
}

TEST_F(RequestsTest, AnExpiryMustLieAhead) {
  const StateSnapshot before = TakeSnapshot(c);
  OperationId id;
  Outcome now = Ask(BertAsksAnna(90, c.now_ms), {"bert"}, &id);
  EXPECT_EQ(now.code, ResultCode::kTimeInPast);
  EXPECT_THAT(now.message, HasSubstr("expire before it is made"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(RequestsTest, ARequestForAListingThatDoesNotExistIsRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  RequestPayment request = BertAsksAnna(90);
  request.listing = NewOperationId();
  OperationId id;
  Outcome o = Ask(request, {"bert"}, &id);
  EXPECT_EQ(o.code, ResultCode::kUnknownListing);
  EXPECT_THAT(o.message, HasSubstr("there is no listing " + OperationIdToHex(*request.listing)));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.RequestOf(id), std::nullopt);
}

TEST_F(RequestsTest, ARequestMayNameItsListing) {
  Operation offer =
      c.Op({PostListing{"bert", ListingKind::kOffer, "tuin", "Heggen knippen", "", Amount{0}, 0}});
  ASSERT_EQ(c.Submit(offer, {"bert"}).code, ResultCode::kAccepted);
  RequestPayment request = BertAsksAnna(90);
  request.listing = offer.id;
  OperationId id;
  ASSERT_EQ(Ask(request, {"bert"}, &id).code, ResultCode::kAccepted);
  EXPECT_EQ(c.RequestOf(id)->listing, offer.id);
}

TEST_F(RequestsTest, RefusedPartiesAssetsAndUnknownRequests) {
  ASSERT_EQ(c.Submit(c.Op({SetStatus{"carla", AccountStatus::kFrozen}}), {"admin1"}).code,
            ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  OperationId id;
  RequestPayment of_zora = BertAsksAnna(90);
  of_zora.payer = "zora";
  EXPECT_EQ(Ask(of_zora, {"bert"}, &id).code, ResultCode::kUnknownAccount);
  RequestPayment of_carla = BertAsksAnna(90);
  of_carla.payer = "carla";
  Outcome frozen = Ask(of_carla, {"bert"}, &id);
  EXPECT_EQ(frozen.code, ResultCode::kAccountFrozen);
  EXPECT_THAT(frozen.message, HasSubstr("'carla' is frozen and cannot pay"));
  RequestPayment euro = BertAsksAnna(90);
  euro.asset = "EURO";
  EXPECT_EQ(Ask(euro, {"bert"}, &id).code, ResultCode::kUnknownAsset);
  const OperationId unknown = NewOperationId();
  Outcome accept = Accept(unknown, {"anna"});
  EXPECT_EQ(accept.code, ResultCode::kUnknownRequest);
  EXPECT_THAT(accept.message,
              HasSubstr("there is no payment request " + OperationIdToHex(unknown)));
  EXPECT_EQ(Decline(unknown, {"anna"}).code, ResultCode::kUnknownRequest);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(RequestsTest, AnAcceptanceBeyondThePayersMinimumLeavesTheRequestOpen) {
  OperationId id;
  ASSERT_EQ(Ask(BertAsksAnna(500), {"bert"}, &id).code, ResultCode::kAccepted);
  ASSERT_EQ(c.Pay("anna", "carla", 200).code, ResultCode::kAccepted);  // 10h credit line - 200m
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Accept(id, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("'anna' cannot pay 8h20m"));
  EXPECT_EQ(TakeSnapshot(c), before);
  // Once anna has earned enough it goes through.
  ASSERT_EQ(c.Pay("carla", "anna", 100).code, ResultCode::kAccepted);
  EXPECT_EQ(Accept(id, {"anna"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-600});
}

TEST_F(RequestsTest, AdministratorsAcceptForAnAssistedPayer) {
  ASSERT_EQ(c.Submit(c.Op({SetAssisted{"anna", true}}), {"admin1"}).code, ResultCode::kAccepted);
  OperationId id;
  ASSERT_EQ(Ask(BertAsksAnna(90), {"bert"}, &id).code, ResultCode::kAccepted);
  Outcome o = Accept(id, {"admin1"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-90});
  EXPECT_EQ(c.SignersOf(o.index), std::vector<PublicKey>{KeyFor("admin1").public_key});
}

TEST_F(RequestsTest, AskingAndAcceptingInOneLinkedOperation) {
  Operation op = c.Op({BertAsksAnna(45), AcceptRequest{}});
  std::get<AcceptRequest>(op.actions[1]).request_id = op.id;
  Outcome o = c.Submit(op, {"anna", "bert"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.RequestOf(op.id)->state, RequestState::kAccepted);
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{45});
}

TEST_F(RequestsTest, APaidRequestCannotBeAskedAgainInTheSameOperation) {
  // Requests are named by their operation's id: a second request in the operation would
  // replace the one just paid by an open one that could be paid again.
  const StateSnapshot before = TakeSnapshot(c);
  Operation op = c.Op({BertAsksAnna(45), AcceptRequest{}, BertAsksAnna(45)});
  std::get<AcceptRequest>(op.actions[1]).request_id = op.id;
  Outcome o = c.Submit(op, {"anna", "bert"});
  EXPECT_EQ(o.code, ResultCode::kIdReused);
  EXPECT_THAT(o.message, HasSubstr("action 3 of 3"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(RequestsTest, RequestsReplayToTheSameState) {
  OperationId paid, declined, open;
  ASSERT_EQ(Ask(BertAsksAnna(30), {"bert"}, &paid).code, ResultCode::kAccepted);
  ASSERT_EQ(Ask(BertAsksAnna(40), {"bert"}, &declined).code, ResultCode::kAccepted);
  ASSERT_EQ(Ask(BertAsksAnna(50, c.now_ms + kHourMs), {"bert"}, &open).code, ResultCode::kAccepted);
  ASSERT_EQ(Accept(paid, {"anna"}).code, ResultCode::kAccepted);
  ASSERT_EQ(Decline(declined, {"bert"}).code, ResultCode::kAccepted);
  MemoryStore replayed;
  ASSERT_TRUE(ReplayJournal(c.store(), &replayed).ok());
  absl::Status same = CompareState(c.store(), replayed);
  EXPECT_TRUE(same.ok()) << same;
}

}  // namespace
}  // namespace noaber::ledger
