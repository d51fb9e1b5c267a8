#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using testing::TestCommunity;

class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(c.Open("anna").code, ResultCode::kAccepted);
    ASSERT_EQ(c.Open("bert").code, ResultCode::kAccepted);
  }
  TestCommunity c;
};

TEST_F(TransferTest, MovesHoursWithinTheCreditLine) {
  Outcome o = c.Pay("anna", "bert", 90);
  EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-90});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{90});
}

TEST_F(TransferTest, RefusesAnOverdraftAndChangesNothing) {
  const uint64_t head = c.HeadIndex();
  Outcome o = c.Pay("anna", "bert", 601);  // the credit line is 10h
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_NE(o.message.find("'anna' cannot pay 10h1m"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("minimum is -10h"), std::string::npos) << o.message;
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{0});
  EXPECT_EQ(c.HeadIndex(), head);
}

}  // namespace
}  // namespace noaber::ledger
