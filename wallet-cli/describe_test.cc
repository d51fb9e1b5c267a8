#include "wallet-cli/describe.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace noaber::wallet {
namespace {

using ledger::Amount;
using ledger::AssetKind;

const AssetKinds kKinds = {{"HOUR", AssetKind::kTime}, {"EUR", AssetKind::kCurrency}};

ledger::OperationId IdOf(uint8_t byte) {
  ledger::OperationId id{};
  id.fill(byte);
  return id;
}

TEST(DescribeTest, TransfersFromEachSide) {
  ledger::Transfer transfer{"anna", "bert", "HOUR", Amount{90}, "gardening", "Heg gesnoeid"};
  ledger::OperationId id = IdOf(1);
  EXPECT_EQ(DescribeAction(transfer, id, "anna", kKinds),
            "paid 1h30m to bert (gardening): \"Heg gesnoeid\"");
  EXPECT_EQ(DescribeAction(transfer, id, "bert", kKinds),
            "received 1h30m from anna (gardening): \"Heg gesnoeid\"");
  ledger::Transfer euros{"anna", "bert", "EUR", Amount{1250}, "", ""};
  EXPECT_EQ(DescribeAction(euros, id, "carla", kKinds), "anna paid 12.50 EUR to bert");
}

TEST(DescribeTest, PendingTransfers) {
  ledger::CreatePending pending{{"anna", "bert", "HOUR", Amount{120}, "", ""}, 2 * 86'400'000};
  EXPECT_EQ(DescribeAction(pending, IdOf(0xab), "anna", kKinds),
            "reserved 2h for bert (pending abababab, for 2d)");
  EXPECT_EQ(DescribeAction(pending, IdOf(0xab), "bert", kKinds),
            "anna reserved 2h for you (pending abababab, for 2d)");
  EXPECT_EQ(DescribeAction(pending, IdOf(0xab), "carla", kKinds),
            "anna reserved 2h for bert (pending abababab, for 2d)");
  EXPECT_EQ(DescribeAction(ledger::PostPending{IdOf(0xcd), std::nullopt}, IdOf(1), "anna", kKinds),
            "paid pending cdcdcdcd");
  EXPECT_EQ(DescribeAction(ledger::PostPending{IdOf(0xcd), Amount{30}}, IdOf(1), "anna", kKinds),
            "paid part of pending cdcdcdcd");
  EXPECT_EQ(DescribeAction(ledger::VoidPending{IdOf(0xcd)}, IdOf(1), "anna", kKinds),
            "released pending cdcdcdcd");
  EXPECT_EQ(DescribeAction(ledger::ExpirePending{IdOf(0xcd)}, IdOf(1), "anna", kKinds),
            "pending cdcdcdcd expired");
}

TEST(DescribeTest, Administration) {
  ledger::OperationId id = IdOf(1);
  EXPECT_EQ(DescribeAction(ledger::OpenAccount{"bert", ledger::AccountKind::kPartner, {}, 1}, id,
                           "bert", kKinds),
            "opened partner account bert");
  EXPECT_EQ(DescribeAction(ledger::SetLimits{"bert", "HOUR", Amount{-600}, std::nullopt}, id,
                           "bert", kKinds),
            "limits of bert in HOUR: min -10h, max unchanged");
  EXPECT_EQ(
      DescribeAction(ledger::SetStatus{"bert", ledger::AccountStatus::kFrozen}, id, "bert", kKinds),
      "status of bert set to frozen");
  EXPECT_EQ(DescribeAction(ledger::RotateKeys{"bert", {{}, {}}, 2}, id, "bert", kKinds),
            "keys of bert replaced (2 key(s), 2 to sign)");
}

TEST(DescribeTest, JsonCarriesTheTransfer) {
  ledger::CreatePending pending{{"anna", "bert", "EUR", Amount{1250}, "", "x"}, 60'000};
  nlohmann::json object = ActionJson(pending, IdOf(0xab), "anna", kKinds);
  EXPECT_EQ(object["type"], "create_pending");
  EXPECT_EQ(object["from"], "anna");
  EXPECT_EQ(object["to"], "bert");
  EXPECT_EQ(object["amount"]["minor_units"], 1250);
  EXPECT_EQ(object["amount"]["formatted"], "12.50");
  EXPECT_EQ(object["pending_id"], "abababababababababababababababab");
  EXPECT_EQ(object["timeout_ms"], 60'000);
}

TEST(DescribeTest, SkillsCatalogue) {
  ledger::OperationId id = IdOf(1);
  ledger::Skill tuin{"tuin", "Tuinonderhoud", "Gardening", "home", false};
  EXPECT_EQ(DescribeAction(ledger::SetSkill{tuin}, id, "community", kKinds),
            "skill tuin set: Tuinonderhoud / Gardening (home)");
  tuin.retired = true;
  EXPECT_EQ(DescribeAction(ledger::SetSkill{tuin}, id, "community", kKinds),
            "retired skill tuin (Gardening)");
}

TEST(DescribeTest, ListingsFromEachSide) {
  ledger::PostListing offer{
      "anna",           ledger::ListingKind::kOffer, "tuin", "Heg snoeien", "HOUR", Amount{120},
      1'798'761'599'999};
  EXPECT_EQ(DescribeAction(offer, IdOf(0x1a), "anna", kKinds),
            "offered help with tuin: \"Heg snoeien\", about 2h, until 2026-12-31 23:59 UTC "
            "(listing 1a1a1a1a)");
  ledger::PostListing ask{
      "bert", ledger::ListingKind::kRequest, "computerhulp", "Printer", "", Amount{}, 0};
  EXPECT_EQ(DescribeAction(ask, IdOf(0x2b), "anna", kKinds),
            "bert asked for help with computerhulp: \"Printer\" (listing 2b2b2b2b)");
  EXPECT_EQ(DescribeAction(ledger::CloseListing{IdOf(0x2b)}, IdOf(1), "bert", kKinds),
            "closed listing 2b2b2b2b");
}

TEST(DescribeTest, PaymentRequestsFromEachSide) {
  ledger::RequestPayment request{"bert", "anna", "HOUR", Amount{90}, "tuin", "Heg", IdOf(0x1a), 0};
  EXPECT_EQ(DescribeAction(request, IdOf(0xcd), "bert", kKinds),
            "asked anna to pay 1h30m (tuin): \"Heg\" (request cdcdcdcd, for listing 1a1a1a1a)");
  EXPECT_EQ(DescribeAction(request, IdOf(0xcd), "anna", kKinds),
            "bert asked you to pay 1h30m (tuin): \"Heg\" (request cdcdcdcd, for listing "
            "1a1a1a1a)");
  ledger::AcceptRequest accept{IdOf(0xcd)};
  EXPECT_EQ(DescribeAction(accept, IdOf(1), "anna", kKinds), "accepted request cdcdcdcd");
  ActionNotes paid;
  paid.from = "anna";
  paid.to = "bert";
  paid.asset = "HOUR";
  paid.amount = Amount{90};
  EXPECT_EQ(DescribeAction(accept, IdOf(1), "anna", kKinds, paid),
            "accepted request cdcdcdcd: paid 1h30m to bert");
  EXPECT_EQ(DescribeAction(accept, IdOf(1), "bert", kKinds, paid),
            "anna accepted request cdcdcdcd: received 1h30m");
  EXPECT_EQ(DescribeAction(accept, IdOf(1), "community", kKinds, paid),
            "anna accepted request cdcdcdcd: paid 1h30m to bert");
  EXPECT_EQ(DescribeAction(ledger::DeclineRequest{IdOf(0xcd)}, IdOf(1), "anna", kKinds),
            "declined request cdcdcdcd");
}

TEST(DescribeTest, SignedOnBehalfOfAnAssistedResident) {
  ActionNotes notes;
  notes.signed_on_behalf_by = {std::string(64, 'a')};
  ledger::Transfer transfer{"jan", "bert", "HOUR", Amount{60}, "", ""};
  EXPECT_EQ(DescribeAction(transfer, IdOf(1), "jan", kKinds, notes),
            "paid 1h to bert (signed on behalf of jan by administrator key aaaaaaaa)");
  nlohmann::json object = ActionJson(transfer, IdOf(1), "jan", kKinds, notes);
  EXPECT_EQ(object["signed_on_behalf_of"], "jan");
  EXPECT_EQ(object["signed_on_behalf_by"][0], std::string(64, 'a'));
  ledger::AcceptRequest accept{IdOf(0xcd)};
  notes.from = "jan";
  EXPECT_EQ(DescribeAction(accept, IdOf(1), "jan", kKinds, notes),
            "accepted request cdcdcdcd (signed on behalf of jan by administrator key aaaaaaaa)");
  EXPECT_EQ(DescribeAction(transfer, IdOf(1), "jan", kKinds),
            "paid 1h to bert");  // without the node's word, nothing is claimed
}

TEST(DescribeTest, AssistanceAndCorrections) {
  EXPECT_EQ(DescribeAction(ledger::SetAssisted{"jan", true}, IdOf(1), "jan", kKinds),
            "jan is assisted: administrators may sign for them");
  EXPECT_EQ(DescribeAction(ledger::SetAssisted{"jan", false}, IdOf(1), "jan", kKinds),
            "jan is no longer assisted");
  ledger::CorrectTransfer correct{IdOf(0xef), 0, "wrong neighbour"};
  EXPECT_EQ(DescribeAction(correct, IdOf(1), "anna", kKinds),
            "corrected action 1 of operation efefefef, because \"wrong neighbour\"");
  ActionNotes notes;
  notes.original_index = 5;
  notes.from = "bert";
  notes.to = "anna";
  notes.asset = "HOUR";
  notes.amount = Amount{120};
  EXPECT_EQ(DescribeAction(correct, IdOf(1), "anna", kKinds, notes),
            "corrected entry #5: received back 2h from bert, because \"wrong neighbour\"");
  EXPECT_EQ(DescribeAction(correct, IdOf(1), "bert", kKinds, notes),
            "corrected entry #5: paid back 2h to anna, because \"wrong neighbour\"");
  nlohmann::json object = ActionJson(correct, IdOf(1), "anna", kKinds, notes);
  EXPECT_EQ(object["type"], "correct_transfer");
  EXPECT_EQ(object["reason"], "wrong neighbour");
  EXPECT_EQ(object["original_index"], 5);
  EXPECT_EQ(object["original_action"], 1);
  EXPECT_EQ(object["amount"]["minor_units"], 120);
}

TEST(DescribeTest, EveryActionHasADescription) {
  // One of each alternative: a new action type without a description fails to compile, and
  // an empty description fails here.
  std::vector<ledger::Action> actions = {
      ledger::OpenAccount{},    ledger::Transfer{},       ledger::CreatePending{},
      ledger::PostPending{},    ledger::VoidPending{},    ledger::SetLimits{},
      ledger::SetStatus{},      ledger::RotateKeys{},     ledger::ExpirePending{},
      ledger::SetSkill{},       ledger::PostListing{},    ledger::CloseListing{},
      ledger::RequestPayment{}, ledger::AcceptRequest{},  ledger::DeclineRequest{},
      ledger::SetAssisted{},    ledger::CorrectTransfer{}};
  ASSERT_EQ(actions.size(), std::variant_size_v<ledger::Action>);
  for (const ledger::Action& action : actions) {
    EXPECT_FALSE(DescribeAction(action, IdOf(1), "anna", kKinds).empty());
    EXPECT_EQ(ActionJson(action, IdOf(1), "anna", kKinds)["type"],
              ledger::ActionTypeName(ledger::TypeOf(action)));
  }
}

}  // namespace
}  // namespace noaber::wallet
