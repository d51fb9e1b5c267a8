#include "node/board_queries.h"

#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"

namespace noaber::node {
namespace {

using ledger::Amount;
using ledger::ListingKind;
using ledger::ResultCode;
using ledger::testing::TestCommunity;

class BoardQueriesTest : public ::testing::Test {
 protected:
  BoardQueriesTest() {
    c_.Open("anna");
    c_.Open("bob");
  }
  ledger::OperationId Post(const std::string& owner, ListingKind kind, const std::string& skill,
                           int64_t ends_at_ms = 0) {
    ledger::Operation op =
        c_.Op({ledger::PostListing{owner, kind, skill, "text", "", Amount{0}, ends_at_ms}});
    EXPECT_EQ(c_.Submit(op, {owner}).code, ResultCode::kAccepted);
    return op.id;
  }
  ledger::OperationId Ask(const std::string& payee, const std::string& payer, int64_t minutes,
                          int64_t expires_at_ms = 0) {
    ledger::Operation op = c_.Op(
        {ledger::RequestPayment{payee, payer, "HOUR", Amount{minutes}, "", "", {}, expires_at_ms}});
    EXPECT_EQ(c_.Submit(op, {payee}).code, ResultCode::kAccepted);
    return op.id;
  }
  v1::Listings Listings(const ListingFilter& filter) {
    absl::StatusOr<v1::Listings> out =
        QueryListings(c_.store(), c_.ledger().genesis(), filter, c_.now_ms);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : v1::Listings();
  }
  v1::PaymentRequests Requests(const RequestFilter& filter) {
    absl::StatusOr<v1::PaymentRequests> out =
        QueryRequests(c_.store(), c_.ledger().genesis(), filter, c_.now_ms);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : v1::PaymentRequests();
  }
  static std::string Id(const ledger::OperationId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
  }

  TestCommunity c_;
};

TEST_F(BoardQueriesTest, FiltersBySkillKindAndOwnerNewestFirst) {
  const ledger::OperationId garden = Post("anna", ListingKind::kOffer, "tuin");
  const ledger::OperationId odd_jobs = Post("bob", ListingKind::kRequest, "klussen");
  const ledger::OperationId garden_wanted = Post("bob", ListingKind::kRequest, "tuin");

  v1::Listings all = Listings({});
  ASSERT_EQ(all.listings_size(), 3);
  EXPECT_EQ(all.listings(0).listing_id(), Id(garden_wanted));
  EXPECT_EQ(all.listings(2).listing_id(), Id(garden));
  EXPECT_EQ(all.listings(2).state(), "open");
  EXPECT_EQ(all.listings(2).created_ms(), c_.now_ms);
  EXPECT_EQ(all.next_before_index(), 0u);

  v1::Listings tuin = Listings({.skill = "tuin"});
  ASSERT_EQ(tuin.listings_size(), 2);
  v1::Listings requests = Listings({.kind = ListingKind::kRequest});
  ASSERT_EQ(requests.listings_size(), 2);
  EXPECT_EQ(requests.listings(1).listing_id(), Id(odd_jobs));
  v1::Listings tuin_requests = Listings({.skill = "tuin", .kind = ListingKind::kRequest});
  ASSERT_EQ(tuin_requests.listings_size(), 1);
  EXPECT_EQ(tuin_requests.listings(0).kind(), "request");
  EXPECT_EQ(Listings({.owner = "anna"}).listings_size(), 1);
  EXPECT_EQ(Listings({.skill = "koken"}).listings_size(), 0);

  absl::StatusOr<v1::Listings> unknown =
      QueryListings(c_.store(), c_.ledger().genesis(), {.skill = "zweven"}, c_.now_ms);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(BoardQueriesTest, ClosedAndEndedListingsOnlyWhenAsked) {
  const ledger::OperationId closed = Post("anna", ListingKind::kOffer, "tuin");
  ASSERT_EQ(c_.Submit(c_.Op({ledger::CloseListing{closed}}), {"anna"}).code, ResultCode::kAccepted);
  Post("anna", ListingKind::kOffer, "koken", c_.now_ms + 1000);
  Post("anna", ListingKind::kOffer, "klussen");
  c_.now_ms += 2000;  // the koken offer has ended
  v1::Listings open = Listings({});
  ASSERT_EQ(open.listings_size(), 1);
  EXPECT_EQ(open.listings(0).skill(), "klussen");
  v1::Listings every = Listings({.include_closed = true});
  ASSERT_EQ(every.listings_size(), 3);
  EXPECT_EQ(every.listings(1).state(), "ended");
  EXPECT_EQ(every.listings(2).state(), "closed");
  EXPECT_GT(every.listings(2).closed_index(), 0u);
}

TEST_F(BoardQueriesTest, PagesFollowBeforeIndex) {
  for (int i = 0; i < 5; ++i) Post("anna", ListingKind::kOffer, "tuin");
  v1::Listings first = Listings({.limit = 2});
  ASSERT_EQ(first.listings_size(), 2);
  ASSERT_NE(first.next_before_index(), 0u);
  v1::Listings second = Listings({.before_index = first.next_before_index(), .limit = 2});
  ASSERT_EQ(second.listings_size(), 2);
  EXPECT_LT(second.listings(0).created_index(), first.listings(1).created_index());
  v1::Listings last = Listings({.before_index = second.next_before_index(), .limit = 2});
  EXPECT_EQ(last.listings_size(), 1);
  EXPECT_EQ(last.next_before_index(), 0u);
}

TEST_F(BoardQueriesTest, RequestsByRoleAndState) {
  c_.Open("carl");
  const ledger::OperationId anna_pays_bob = Ask("bob", "anna", 60);
  const ledger::OperationId bob_pays_anna = Ask("anna", "bob", 30);
  Ask("carl", "bob", 10);
  const ledger::OperationId expiring = Ask("bob", "anna", 20, c_.now_ms + 1000);
  const ledger::OperationId accepted = Ask("bob", "anna", 5);
  ASSERT_EQ(c_.Submit(c_.Op({ledger::AcceptRequest{accepted}}), {"anna"}).code,
            ResultCode::kAccepted);
  c_.now_ms += 2000;

  v1::PaymentRequests payer = Requests({.handle = "anna", .role = RequestRole::kPayer});
  ASSERT_EQ(payer.requests_size(), 1) << "open only: not expired, not accepted";
  EXPECT_EQ(payer.requests(0).request_id(), Id(anna_pays_bob));
  EXPECT_EQ(payer.requests(0).formatted_amount(), "1h");
  EXPECT_EQ(payer.requests(0).state(), "open");
  v1::PaymentRequests payee = Requests({.handle = "anna", .role = RequestRole::kPayee});
  ASSERT_EQ(payee.requests_size(), 1);
  EXPECT_EQ(payee.requests(0).request_id(), Id(bob_pays_anna));
  EXPECT_EQ(Requests({.handle = "anna"}).requests_size(), 2);

  v1::PaymentRequests closed =
      Requests({.handle = "anna", .role = RequestRole::kPayer, .include_closed = true});
  ASSERT_EQ(closed.requests_size(), 3);
  EXPECT_EQ(closed.requests(0).state(), "accepted");
  EXPECT_GT(closed.requests(0).resolved_index(), 0u);
  EXPECT_EQ(closed.requests(1).request_id(), Id(expiring));
  EXPECT_EQ(closed.requests(1).state(), "expired");

  absl::StatusOr<v1::PaymentRequests> unknown =
      QueryRequests(c_.store(), c_.ledger().genesis(), {.handle = "nobody"}, c_.now_ms);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace noaber::node
