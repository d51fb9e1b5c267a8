// How the neighbourhood economy's actions read in history (economy_view.cc), and the
// catalogue and kind defaults GetCommunity shows.
#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"
#include "node/entry_view.h"
#include "node/queries.h"

namespace noaber::node {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::ResultCode;
using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

class EconomyViewTest : public ::testing::Test {
 protected:
  EconomyViewTest() {
    c_.Open("anna");
    c_.Open("bob");
  }
  // Submits `actions` signed by `signers` and returns the entry as history shows it.
  v1::JournalEntry Accepted(std::vector<ledger::Action> actions,
                            const std::vector<std::string>& signers,
                            ledger::Operation* op_out = nullptr) {
    ledger::Operation op = c_.Op(std::move(actions));
    ledger::Outcome outcome = c_.Submit(op, signers);
    EXPECT_EQ(outcome.code, ResultCode::kAccepted) << outcome.message;
    if (op_out != nullptr) *op_out = op;
    return View(c_.HeadIndex());
  }
  v1::JournalEntry View(uint64_t index, bool with_state = true) {
    auto entry = c_.store().GetEntry(index);
    EXPECT_TRUE(entry.ok() && entry->has_value());
    absl::StatusOr<v1::JournalEntry> view =
        EntryView(**entry, c_.ledger().genesis(), with_state ? &c_.store() : nullptr);
    EXPECT_TRUE(view.ok()) << view.status();
    return view.ok() ? *view : v1::JournalEntry();
  }
  static std::string Short(const ledger::OperationId& id) {
    return ledger::OperationIdToHex(id).substr(0, 8);
  }

  TestCommunity c_;
};

TEST_F(EconomyViewTest, TheCatalogueComesFromTheStore) {
  v1::JournalEntry set =
      Accepted({ledger::SetSkill{{"tuin", "Tuinonderhoud", "Gardening", "home", /*retired=*/true}},
                ledger::SetSkill{{"fietsen", "Fietsen maken", "Bicycle repair", "home", false}}},
               {"admin1"});
  ASSERT_EQ(set.actions_size(), 2);
  EXPECT_EQ(set.actions(0).type(), "set_skill");
  EXPECT_EQ(set.actions(0).skill(), "tuin");
  EXPECT_TRUE(set.actions(0).skill_entry().retired());
  EXPECT_EQ(set.actions(0).detail(),
            "skill 'tuin' in the catalogue: Tuinonderhoud / Gardening (home), retired");
  EXPECT_EQ(set.actions(1).skill_entry().label_en(), "Bicycle repair");

  absl::StatusOr<v1::Community> community =
      QueryCommunity(c_.store(), c_.ledger().genesis(), c_.id());
  ASSERT_TRUE(community.ok()) << community.status();
  std::map<std::string, bool> retired;
  for (const v1::Skill& skill : community->skills()) retired[skill.code()] = skill.retired();
  EXPECT_EQ(retired.size(), c_.ledger().genesis().skills.size() + 1) << "the new skill is listed";
  EXPECT_TRUE(retired.at("tuin"));
  EXPECT_FALSE(retired.at("fietsen"));
  EXPECT_FALSE(retired.at("klussen"));
}

TEST_F(EconomyViewTest, ListingsOnTheBoard) {
  ledger::Operation posted_op;
  v1::JournalEntry posted =
      Accepted({ledger::PostListing{"anna", ledger::ListingKind::kOffer, "klussen",
                                    "Ik repareer fietsen", "HOUR", Amount{90}, 0}},
               {"anna"}, &posted_op);
  const v1::Action& post = posted.actions(0);
  EXPECT_EQ(post.type(), "post_listing");
  EXPECT_EQ(post.handle(), "anna");
  EXPECT_EQ(post.listing_id(), posted.operation_id());
  EXPECT_EQ(post.listing_kind(), "offer");
  EXPECT_EQ(post.text(), "Ik repareer fietsen");
  EXPECT_EQ(post.formatted_amount(), "1h30m HOUR");
  EXPECT_EQ(post.detail(),
            "'anna' offers help with klussen: \"Ik repareer fietsen\", about 1h30m HOUR");

  v1::JournalEntry closed = Accepted({ledger::CloseListing{posted_op.id}}, {"admin1"});
  EXPECT_EQ(closed.actions(0).type(), "close_listing");
  EXPECT_EQ(closed.actions(0).handle(), "anna");
  EXPECT_EQ(closed.actions(0).listing_id(), posted.operation_id());
  EXPECT_EQ(closed.actions(0).detail(),
            "closed the offer " + Short(posted_op.id) + " of 'anna' (klussen)");
  EXPECT_EQ(View(c_.HeadIndex(), /*with_state=*/false).actions(0).detail(),
            "closed listing " + Short(posted_op.id));
}

TEST_F(EconomyViewTest, PaymentRequestsAcceptedOnBehalfOfAnAssistedResident) {
  ledger::Operation asked_op;
  v1::JournalEntry asked = Accepted(
      {ledger::RequestPayment{"bob", "anna", "HOUR", Amount{60}, "klussen", "fiets", {}, 0}},
      {"bob"}, &asked_op);
  const v1::Action& ask = asked.actions(0);
  EXPECT_EQ(ask.type(), "request_payment");
  EXPECT_EQ(ask.request_id(), asked.operation_id());
  EXPECT_EQ(ask.from(), "anna");
  EXPECT_EQ(ask.to(), "bob");
  EXPECT_EQ(ask.detail(), "'bob' asked 'anna' to pay 1h HOUR for klussen: \"fiets\"");
  EXPECT_EQ(ask.signed_on_behalf_by_size(), 0);

  v1::JournalEntry assisted = Accepted({ledger::SetAssisted{"anna", true}}, {"admin1"});
  EXPECT_TRUE(assisted.actions(0).assisted());
  EXPECT_EQ(assisted.actions(0).detail(),
            "'anna' is now assisted: the administrators may sign its payments on its behalf");

  v1::JournalEntry accepted = Accepted({ledger::AcceptRequest{asked_op.id}}, {"admin1"});
  const v1::Action& accept = accepted.actions(0);
  EXPECT_EQ(accept.type(), "accept_request");
  EXPECT_EQ(accept.from(), "anna");
  EXPECT_EQ(accept.to(), "bob");
  EXPECT_EQ(accept.amount(), 60);
  ASSERT_EQ(accept.signed_on_behalf_by_size(), 1);
  EXPECT_EQ(accept.signed_on_behalf_by(0), ledger::ToHex(KeyFor("admin1").public_key));
  EXPECT_EQ(accept.detail(), "'anna' accepted the payment request " + Short(asked_op.id) +
                                 " and paid 'bob' 1h HOUR for klussen: \"fiets\" (signed on "
                                 "behalf of 'anna' by the administrators)");
  EXPECT_EQ(View(c_.HeadIndex(), /*with_state=*/false).actions(0).detail(),
            "accepted payment request " + Short(asked_op.id));

  // A payment the administrators sign for her, and one she signs herself.
  v1::JournalEntry for_her =
      Accepted({ledger::Transfer{"anna", "bob", "HOUR", Amount{15}, "", ""}}, {"admin1"});
  EXPECT_EQ(for_her.actions(0).signed_on_behalf_by_size(), 1);
  v1::JournalEntry herself =
      Accepted({ledger::Transfer{"anna", "bob", "HOUR", Amount{15}, "", ""}}, {"anna"});
  EXPECT_EQ(herself.actions(0).signed_on_behalf_by_size(), 0);
  EXPECT_EQ(herself.actions(0).detail(), "'anna' paid 'bob' 15m HOUR");
}

TEST_F(EconomyViewTest, DeclinedRequest) {
  ledger::Operation asked_op;
  Accepted({ledger::RequestPayment{"bob", "anna", "HOUR", Amount{45}, "", "", {}, 0}}, {"bob"},
           &asked_op);
  v1::JournalEntry declined = Accepted({ledger::DeclineRequest{asked_op.id}}, {"anna"});
  EXPECT_EQ(declined.actions(0).type(), "decline_request");
  EXPECT_EQ(declined.actions(0).request_id(),
            std::string(reinterpret_cast<const char*>(asked_op.id.data()), 16));
  EXPECT_EQ(declined.actions(0).detail(), "declined the payment request " + Short(asked_op.id) +
                                              " of 'bob' to 'anna' for 45m HOUR");
}

TEST_F(EconomyViewTest, ACorrectionNamesTheOriginalAndItsReason) {
  ledger::Operation original;
  v1::JournalEntry paid = Accepted(
      {ledger::Transfer{"anna", "bob", "HOUR", Amount{30}, "tuin", "heg"}}, {"anna"}, &original);
  v1::JournalEntry corrected =
      Accepted({ledger::CorrectTransfer{original.id, 0, "wrong neighbour"}}, {"admin1"});
  const v1::Action& correction = corrected.actions(0);
  EXPECT_EQ(correction.type(), "correct_transfer");
  EXPECT_EQ(correction.original_operation_id(), paid.operation_id());
  EXPECT_EQ(correction.original_action_index(), 0u);
  EXPECT_EQ(correction.original_index(), paid.index());
  EXPECT_EQ(correction.reason(), "wrong neighbour");
  EXPECT_EQ(correction.from(), "bob") << "the reversal pays the payer back";
  EXPECT_EQ(correction.to(), "anna");
  EXPECT_EQ(correction.amount(), 30);
  EXPECT_EQ(correction.detail(), "corrected the transfer of 30m HOUR from 'anna' to 'bob' (entry " +
                                     std::to_string(paid.index()) +
                                     "): 'bob' paid it back; reason: \"wrong neighbour\"");
  EXPECT_EQ(
      View(c_.HeadIndex(), /*with_state=*/false).actions(0).detail(),
      "corrected action 1 of operation " + Short(original.id) + "; reason: \"wrong neighbour\"");
}

TEST(EconomyViewWelcomeTest, OpeningShowsTheWelcomeAndTheCommunityItsDefaults) {
  ledger::Genesis genesis = ledger::testing::TestGenesis();
  for (ledger::DefaultLimits& d : genesis.default_limits) {
    if (d.kind == AccountKind::kResident && d.asset == "HOUR") d.welcome = Amount{120};
    if (d.kind == AccountKind::kResident && d.asset == "BORN") d.annual_cap = Amount{180'000};
  }
  TestCommunity c(nullptr, genesis);
  ASSERT_EQ(c.Open("carl").code, ResultCode::kAccepted);
  auto entry = c.store().GetEntry(c.HeadIndex());
  ASSERT_TRUE(entry.ok() && entry->has_value());
  absl::StatusOr<v1::JournalEntry> view = EntryView(**entry, c.ledger().genesis(), &c.store());
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->actions(0).detail(),
            "opened resident account 'carl' (1 key, threshold 1), welcomed with 2h HOUR");

  absl::StatusOr<v1::Community> community = QueryCommunity(c.store(), c.ledger().genesis(), c.id());
  ASSERT_TRUE(community.ok()) << community.status();
  bool seen_welcome = false, seen_cap = false;
  for (const v1::KindDefaults& d : community->kind_defaults()) {
    if (d.kind() == "resident" && d.asset() == "HOUR") seen_welcome = d.welcome() == 120;
    if (d.kind() == "resident" && d.asset() == "BORN") seen_cap = d.annual_cap() == 180'000;
  }
  EXPECT_TRUE(seen_welcome);
  EXPECT_TRUE(seen_cap);
  EXPECT_EQ(community->assets(0).in_circulation(), 120) << "the welcome was issued";
}

}  // namespace
}  // namespace noaber::node
