// Tests of the board of offers and requests: who may post and close a listing, what it must
// name, and that a listing is closed once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

constexpr int64_t kDayMs = 24 * 3'600'000LL;

class ListingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* handle : {"anna", "bert"}) {
      ASSERT_EQ(c.Open(handle).code, ResultCode::kAccepted);
    }
    ASSERT_EQ(c.Open("bakker", AccountKind::kPartner).code, ResultCode::kAccepted);
  }
  static PostListing Offer(const std::string& owner, int64_t ends_at_ms = 0) {
    return PostListing{owner,  ListingKind::kOffer, "tuin",    "Ik knip uw heg",
                       "HOUR", Amount{90},          ends_at_ms};
  }
  // Posts `listing` signed by `signers`; the listing's id goes to `id`.
  Outcome Post(const PostListing& listing, std::vector<std::string> signers, OperationId* id) {
    Operation op = c.Op({listing});
    *id = op.id;
    return c.Submit(op, signers);
  }
  Outcome Close(const OperationId& id, std::vector<std::string> signers) {
    return c.Submit(c.Op({CloseListing{id}}), signers);
  }
  TestCommunity c;
};

TEST_F(ListingsTest, AnOfferIsPostedUnderItsOperationId) {
  OperationId id;
  const int64_t ends = c.now_ms + 30 * kDayMs;
  Outcome o = Post(Offer("anna", ends), {"anna"}, &id);
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  std::optional<Listing> listing = c.ListingOf(id);
  ASSERT_TRUE(listing.has_value());
  EXPECT_EQ(listing->id, id);
  EXPECT_EQ(listing->owner, "anna");
  EXPECT_EQ(listing->kind, ListingKind::kOffer);
  EXPECT_EQ(listing->skill, "tuin");
  EXPECT_EQ(listing->text, "Ik knip uw heg");
  EXPECT_EQ(listing->asset, "HOUR");
  EXPECT_EQ(listing->estimate, Amount{90});
  EXPECT_EQ(listing->ends_at_ms, ends);
  EXPECT_EQ(listing->state, ListingState::kOpen);
  EXPECT_EQ(listing->created_index, o.index);
  EXPECT_EQ(listing->closed_index, 0u);
  absl::StatusOr<std::vector<uint64_t>> history = c.store().GetHistory("anna", o.index + 1, 1);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(*history, std::vector<uint64_t>{o.index});
  // Posting moves nothing.
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
}

TEST_F(ListingsTest, ARequestWithoutAnEstimateAndAPartnersOffer) {
  OperationId request, offer;
  PostListing help{
      "bert", ListingKind::kRequest, "computerhulp", "Wie helpt met mijn tablet?", "", Amount{0},
      0};
  ASSERT_EQ(Post(help, {"bert"}, &request).code, ResultCode::kAccepted);
  EXPECT_EQ(c.ListingOf(request)->kind, ListingKind::kRequest);
  EXPECT_EQ(c.ListingOf(request)->asset, "");
  PostListing bread{"bakker", ListingKind::kOffer, "koken", "Brood voor de buurtmaaltijd",
                    "BORN",   Amount{250},         0};
  ASSERT_EQ(Post(bread, {"bakker"}, &offer).code, ResultCode::kAccepted);
  EXPECT_EQ(c.ListingOf(offer)->estimate, Amount{250});
}

TEST_F(ListingsTest, AListingBySomeoneElseIsRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  OperationId id;
  Outcome o = Post(Offer("anna"), {"bert"}, &id);
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("the signature of 'anna' (1 of its 1 keys) is needed to post "
                                   "a listing for it"));
  // The administrators do not speak for a resident who is not assisted.
  EXPECT_EQ(Post(Offer("anna"), {"admin1"}, &id).code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.ListingOf(id), std::nullopt);
}

TEST_F(ListingsTest, AdministratorsPostForAnAssistedResident) {
  ASSERT_EQ(c.Submit(c.Op({SetAssisted{"anna", true}}), {"admin1"}).code, ResultCode::kAccepted);
  OperationId id;
  Outcome o = Post(Offer("anna"), {"admin1"}, &id);
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.ListingOf(id)->owner, "anna");
  EXPECT_EQ(c.SignersOf(o.index), std::vector<PublicKey>{testing::KeyFor("admin1").public_key});
}

TEST_F(ListingsTest, RefusedOwnersSkillsAssetsAndTimes) {
  ASSERT_EQ(c.Submit(c.Op({SetStatus{"bert", AccountStatus::kFrozen}}), {"admin1"}).code,
            ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  OperationId id;
  Outcome community = Post(Offer("community"), {"admin1"}, &id);
  EXPECT_EQ(community.code, ResultCode::kNotAllowedForCommunity);
  EXPECT_EQ(Post(Offer("zora"), {"anna"}, &id).code, ResultCode::kUnknownAccount);
  Outcome frozen = Post(Offer("bert"), {"bert"}, &id);
  EXPECT_EQ(frozen.code, ResultCode::kAccountFrozen);
  EXPECT_THAT(frozen.message, HasSubstr("'bert' is frozen and cannot post listings"));
  PostListing euro = Offer("anna");
  euro.asset = "EURO";
  EXPECT_EQ(Post(euro, {"anna"}, &id).code, ResultCode::kUnknownAsset);
  PostListing yoga = Offer("anna");
  yoga.skill = "yoga";
  EXPECT_EQ(Post(yoga, {"anna"}, &id).code, ResultCode::kUnknownSkill);
  // The end must lie after the node's time: now itself is too early.
  Outcome now = Post(Offer("anna", c.now_ms), {"anna"}, &id);
  EXPECT_EQ(now.code, ResultCode::kTimeInPast);
  EXPECT_THAT(now.message, HasSubstr("end before it is posted"));
  EXPECT_EQ(Post(Offer("anna", c.now_ms - 1), {"anna"}, &id).code, ResultCode::kTimeInPast);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(Post(Offer("anna", c.now_ms + 1), {"anna"}, &id).code, ResultCode::kAccepted);
}

TEST_F(ListingsTest, TheOwnerOrTheAdministratorsClose) {
  OperationId mine, other;
  ASSERT_EQ(Post(Offer("anna"), {"anna"}, &mine).code, ResultCode::kAccepted);
  ASSERT_EQ(Post(Offer("anna"), {"anna"}, &other).code, ResultCode::kAccepted);
  Outcome by_owner = Close(mine, {"anna"});
  ASSERT_EQ(by_owner.code, ResultCode::kAccepted) << by_owner.message;
  EXPECT_EQ(c.ListingOf(mine)->state, ListingState::kClosed);
  EXPECT_EQ(c.ListingOf(mine)->closed_index, by_owner.index);
  EXPECT_EQ(c.ListingOf(other)->state, ListingState::kOpen);
  ASSERT_EQ(Close(other, {"admin2"}).code, ResultCode::kAccepted);
  EXPECT_EQ(c.ListingOf(other)->state, ListingState::kClosed);
}

TEST_F(ListingsTest, ClosingSomeoneElsesListingIsRefused) {
  OperationId id;
  ASSERT_EQ(Post(Offer("anna"), {"anna"}, &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Close(id, {"bert"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("only 'anna' or the administrators may close this listing"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.ListingOf(id)->state, ListingState::kOpen);
}

TEST_F(ListingsTest, ClosingTwiceIsRefused) {
  OperationId id;
  ASSERT_EQ(Post(Offer("anna"), {"anna"}, &id).code, ResultCode::kAccepted);
  Outcome first = Close(id, {"anna"});
  ASSERT_EQ(first.code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome again = Close(id, {"anna"});
  EXPECT_EQ(again.code, ResultCode::kListingNotOpen);
  EXPECT_THAT(again.message, HasSubstr("listing " + OperationIdToHex(id) + " is already closed"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.ListingOf(id)->closed_index, first.index);
}

TEST_F(ListingsTest, ClosingAnUnknownListingIsRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  const OperationId id = NewOperationId();
  Outcome o = Close(id, {"admin1"});
  EXPECT_EQ(o.code, ResultCode::kUnknownListing);
  EXPECT_THAT(o.message, HasSubstr("there is no listing " + OperationIdToHex(id)));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(ListingsTest, AListingInARefusedLinkedBatchIsNotPosted) {
  const StateSnapshot before = TakeSnapshot(c);
  Operation op = c.Op({Offer("anna"), Transfer{"anna", "bert", "HOUR", Amount{601}, "", ""}});
  Outcome o = c.Submit(op, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("action 2 of 2"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.ListingOf(op.id), std::nullopt);
}

TEST_F(ListingsTest, OneOperationPostsAtMostOneListing) {
  // Both would be named by the operation's id: the second must not silently replace the first.
  const StateSnapshot before = TakeSnapshot(c);
  PostListing second = Offer("anna");
  second.text = "Ik maai uw gras";
  Operation op = c.Op({Offer("anna"), second});
  Outcome o = c.Submit(op, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kIdReused);
  EXPECT_THAT(o.message, HasSubstr("action 2 of 2"));
  EXPECT_EQ(TakeSnapshot(c), before);
  // Nor may a closed listing be posted again under the same id.
  Operation reopen = c.Op({Offer("anna"), CloseListing{}, Offer("anna")});
  std::get<CloseListing>(reopen.actions[1]).listing_id = reopen.id;
  EXPECT_EQ(c.Submit(reopen, {"anna"}).code, ResultCode::kIdReused);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(ListingsTest, ListingsReplayToTheSameBoard) {
  OperationId open, closed;
  ASSERT_EQ(Post(Offer("anna"), {"anna"}, &open).code, ResultCode::kAccepted);
  ASSERT_EQ(Post(Offer("bert"), {"bert"}, &closed).code, ResultCode::kAccepted);
  ASSERT_EQ(Close(closed, {"admin1"}).code, ResultCode::kAccepted);
  MemoryStore replayed;
  ASSERT_TRUE(ReplayJournal(c.store(), &replayed).ok());
  absl::Status same = CompareState(c.store(), replayed);
  EXPECT_TRUE(same.ok()) << same;
}

}  // namespace
}  // namespace noaber::ledger
