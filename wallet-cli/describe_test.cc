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

}  // namespace
}  // namespace noaber::wallet
