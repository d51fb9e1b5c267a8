#include "wallet-cli/node_client.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/fake_ledger_test_util.h"

namespace noaber::wallet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class NodeClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ledger_.Start(); }
  void TearDown() override { ledger_.Stop(); }

  FakeLedger ledger_;
};

FakeLedger::SubmitAnswer Accepted(uint32_t code, uint64_t index) {
  FakeLedger::SubmitAnswer answer;
  answer.response.set_result_code(code);
  answer.response.set_index(index);
  return answer;
}

TEST_F(NodeClientTest, ResendsTheIdenticalBytesOnceAfterATransportFailure) {
  ledger_.QueueSubmit({grpc::StatusCode::UNAVAILABLE, "connection reset", {}, {}});
  ledger_.QueueSubmit(Accepted(1, 17));  // the first one had got through
  NodeClient client(ledger_.address());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("signed bytes");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->index(), 17u);
  EXPECT_THAT(ledger_.submitted(), ElementsAre("signed bytes", "signed bytes"));
}

TEST_F(NodeClientTest, GivesUpAfterOneResend) {
  ledger_.QueueSubmit({grpc::StatusCode::UNAVAILABLE, "down", {}, {}});
  ledger_.QueueSubmit({grpc::StatusCode::UNAVAILABLE, "still down", {}, {}});
  ledger_.QueueSubmit(Accepted(0, 1));
  NodeClient client(ledger_.address());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("x");
  EXPECT_EQ(ExitCodeOf(response.status()), ExitCode::kUnreachable);
  EXPECT_THAT(std::string(response.status().message()), HasSubstr(ledger_.address()));
  EXPECT_EQ(ledger_.submitted().size(), 2u);
}

TEST_F(NodeClientTest, RejectionIsNeverResent) {
  ledger_.QueueSubmit({grpc::StatusCode::FAILED_PRECONDITION,
                       "anna cannot pay 11h",
                       {{"noaber-result-code", "210"}, {"noaber-result-name", "exceeds_minimum"}},
                       {}});
  NodeClient client(ledger_.address());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("x");
  EXPECT_EQ(ExitCodeOf(response.status()), ExitCode::kRejected);
  EXPECT_EQ(response.status().message(), "anna cannot pay 11h");
  std::optional<LedgerResult> result = LedgerResultOf(response.status());
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->code, 210u);
  EXPECT_EQ(result->name, "exceeds_minimum");
  EXPECT_EQ(ledger_.submitted().size(), 1u);
}

TEST_F(NodeClientTest, BusyLedgerIsARejectionNotATransportFailure) {
  ledger_.QueueSubmit({grpc::StatusCode::UNAVAILABLE,
                       "the node is busy",
                       {{"noaber-result-code", "301"}, {"noaber-result-name", "unavailable"}},
                       {}});
  NodeClient client(ledger_.address());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("x");
  EXPECT_EQ(ExitCodeOf(response.status()), ExitCode::kRejected);
  EXPECT_EQ(ledger_.submitted().size(), 1u);
}

TEST_F(NodeClientTest, RefusedReadsAreRejections) {
  NodeClient client(ledger_.address());
  absl::StatusOr<v1::AccountInfo> account = client.GetAccountByHandle("nobody");
  EXPECT_EQ(ExitCodeOf(account.status()), ExitCode::kRejected);
  EXPECT_EQ(account.status().message(), "no account");
}

TEST_F(NodeClientTest, PrivateReadsCarryTheAuthEntry) {
  NodeClient client(ledger_.address());
  ASSERT_TRUE(client.GetBalances("anna", "key.1.nonce.signature").ok());
  EXPECT_THAT(ledger_.auth_seen(), ElementsAre("key.1.nonce.signature"));
}

TEST(NodeClientDownTest, UnreachableNodeIsNamed) {
  NodeClient client("127.0.0.1:1");
  absl::StatusOr<v1::Community> community = client.GetCommunity();
  EXPECT_EQ(ExitCodeOf(community.status()), ExitCode::kUnreachable);
  EXPECT_THAT(std::string(community.status().message()),
              HasSubstr("cannot reach the node at 127.0.0.1:1"));
}

}  // namespace
}  // namespace noaber::wallet
