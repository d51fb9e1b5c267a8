#include "wallet-cli/node_client.h"

#include <chrono>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/fake_ledger_test_util.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

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

// Addresses --node accepts, and the bad one named when it does not.
TEST(ParseNodeAddressesTest, TakesOneOrSeveralAddresses) {
  EXPECT_THAT(*ParseNodeAddresses("127.0.0.1:7420"), ElementsAre("127.0.0.1:7420"));
  EXPECT_THAT(*ParseNodeAddresses("10.0.0.1:7000,node-2.example:7000, [::1]:7000 "),
              ElementsAre("10.0.0.1:7000", "node-2.example:7000", "[::1]:7000"));
  EXPECT_THAT(*ParseNodeAddresses("a:1,a:1"), ElementsAre("a:1"));  // counted once
  EXPECT_THAT(*ParseNodeAddresses("a:65535,b:1"), ElementsAre("a:65535", "b:1"));
}

TEST(ParseNodeAddressesTest, NamesTheBadAddress) {
  for (const char* bad : {"10.0.0.2", "10.0.0.2:", ":7420", "host:0", "host:65536", "host:74x0",
                          "host:+7420", "ho st:7420", "[::1]7420", "[::1", "[zz]:1", "a/b:1"}) {
    absl::StatusOr<std::vector<std::string>> parsed =
        ParseNodeAddresses(StrCat("127.0.0.1:7420,", bad));
    EXPECT_EQ(ExitCodeOf(parsed.status()), ExitCode::kUsage) << bad;
    EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(StrCat("'", bad, "'")));
  }
  EXPECT_EQ(ExitCodeOf(ParseNodeAddresses("").status()), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeOf(ParseNodeAddresses(" ").status()), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeOf(ParseNodeAddresses("a:1,,b:2").status()), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeOf(ParseNodeAddresses("a:1,").status()), ExitCode::kUsage);
}

TEST(ParseNodeAddressesTest, ListIsBounded) {
  std::string addresses = "node:1";
  for (size_t port = 2; port <= kNodeAddressesMax; ++port) StrAppend(&addresses, ",node:", port);
  EXPECT_EQ(ParseNodeAddresses(addresses)->size(), kNodeAddressesMax);
  StrAppend(&addresses, ",node:", kNodeAddressesMax + 1);
  EXPECT_EQ(ExitCodeOf(ParseNodeAddresses(addresses).status()), ExitCode::kUsage);
}

TEST_F(NodeClientTest, BadAddressFailsEveryCallAndSendsNothing) {
  NodeClient client(StrCat(ledger_.address(), ",10.0.0.2"));
  absl::StatusOr<v1::Community> community = client.GetCommunity();
  EXPECT_EQ(ExitCodeOf(community.status()), ExitCode::kUsage);
  EXPECT_THAT(std::string(community.status().message()), HasSubstr("'10.0.0.2'"));
  EXPECT_EQ(ExitCodeOf(client.Submit("x").status()), ExitCode::kUsage);
  EXPECT_EQ(ledger_.calls(), 0);
}

TEST_F(NodeClientTest, ReadsAskForCurrentState) {
  NodeClient client(ledger_.address());
  ASSERT_TRUE(client.GetCommunity().ok());
  ASSERT_TRUE(client.GetBalances("anna", "auth").ok());
  ASSERT_TRUE(client.GetCheckpoint().ok());
  EXPECT_THAT(ledger_.read_entries(), ElementsAre("current", "current", "current"));
}

// Cluster tests: the fixture's ledger_ plays the leader, `follower_` a member that is not.
class ClusterTest : public NodeClientTest {
 protected:
  void SetUp() override {
    NodeClientTest::SetUp();
    follower_.Start();
    ASSERT_GT(down_.port(), 0);
  }
  void TearDown() override {
    follower_.Stop();
    NodeClientTest::TearDown();
  }
  // Quick connects: a refused address costs 300 ms, not 2 s.
  static FollowLimits Quick() {
    FollowLimits limits;
    limits.connect_window_ms = 300;
    return limits;
  }

  FakeLedger follower_;
  ClosedPort down_;
};

TEST_F(ClusterTest, FollowerSendsTheWriteToTheLeader) {
  follower_.FollowLeader(ledger_.address());
  ledger_.QueueSubmit(Accepted(0, 4));
  NodeClient client(follower_.address());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("signed bytes");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->index(), 4u);
  EXPECT_THAT(follower_.submitted(), ElementsAre("signed bytes"));
  EXPECT_THAT(ledger_.submitted(), ElementsAre("signed bytes"));  // the very same bytes
  EXPECT_EQ(client.address(), ledger_.address());
  // The leader stays the current address: the next call goes straight there.
  ASSERT_TRUE(client.GetCommunity().ok());
  EXPECT_EQ(follower_.calls(), 1);
}

TEST_F(ClusterTest, CurrentReadsGoToTheLeader) {
  follower_.FollowLeader(ledger_.address());
  NodeClient client(follower_.address());
  ASSERT_TRUE(client.GetBalances("anna", "key.1.nonce.signature").ok());
  // The follower would have answered a read without the entry itself.
  EXPECT_THAT(follower_.read_entries(), ElementsAre("current"));
  EXPECT_THAT(follower_.auth_seen(), IsEmpty());
  EXPECT_THAT(ledger_.auth_seen(), ElementsAre("key.1.nonce.signature"));
}

TEST_F(ClusterTest, LeaderRejectionIsARejectionAndNotResent) {
  follower_.FollowLeader(ledger_.address());
  ledger_.QueueSubmit({grpc::StatusCode::FAILED_PRECONDITION,
                       "anna cannot pay 11h",
                       {{"noaber-result-code", "210"}, {"noaber-result-name", "exceeds_minimum"}},
                       {}});
  NodeClient client(follower_.address());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("x");
  EXPECT_EQ(ExitCodeOf(response.status()), ExitCode::kRejected);
  EXPECT_EQ(LedgerResultOf(response.status())->name, "exceeds_minimum");
  EXPECT_EQ(ledger_.submitted().size(), 1u);
  EXPECT_EQ(follower_.submitted().size(), 1u);
}

TEST_F(ClusterTest, DownAddressIsLeftForTheNext) {
  ledger_.QueueSubmit(Accepted(0, 2));
  NodeClient client(StrCat(down_.address(), ",", ledger_.address()), {}, Quick());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("signed bytes");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(ledger_.submitted(), ElementsAre("signed bytes"));
  EXPECT_EQ(client.address(), ledger_.address());
  // A read, which has no resend of its own, moves on too.
  NodeClient reader(StrCat(down_.address(), ",", ledger_.address()), {}, Quick());
  absl::StatusOr<v1::Community> community = reader.GetCommunity();
  ASSERT_TRUE(community.ok()) << community.status();
  EXPECT_EQ(reader.address(), ledger_.address());
}

TEST_F(ClusterTest, NamedLeaderDownSoTheNextAddressIsTried) {
  // The leader the follower still names has just died; the next address is the new one.
  follower_.FollowLeader(down_.address());
  ledger_.QueueSubmit(Accepted(0, 9));
  NodeClient client(StrCat(follower_.address(), ",", down_.address(), ",", ledger_.address()), {},
                    Quick());
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("signed bytes");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(follower_.submitted(), ElementsAre("signed bytes"));
  EXPECT_THAT(ledger_.submitted(), ElementsAre("signed bytes"));
}

TEST_F(ClusterTest, EveryAddressDownNamesThemAll) {
  ClosedPort other;
  ASSERT_GT(other.port(), 0);
  NodeClient client(StrCat(down_.address(), ",", other.address()), {}, Quick());
  absl::StatusOr<v1::Community> community = client.GetCommunity();
  EXPECT_EQ(ExitCodeOf(community.status()), ExitCode::kUnreachable);
  const std::string message(community.status().message());
  EXPECT_THAT(message, HasSubstr("no node could be reached"));
  EXPECT_THAT(message, HasSubstr(StrCat("cannot reach the node at ", down_.address())));
  EXPECT_THAT(message, HasSubstr(StrCat("cannot reach the node at ", other.address())));
}

TEST_F(ClusterTest, RedirectLoopIsBounded) {
  // Two members that each name the other: a bug, or a stale view; either way bounded.
  follower_.FollowLeader(ledger_.address());
  ledger_.FollowLeader(follower_.address());
  FollowLimits limits;
  limits.redirects_max = 5;
  NodeClient client(follower_.address(), {}, limits);
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("x");
  EXPECT_EQ(ExitCodeOf(response.status()), ExitCode::kUnreachable);
  const std::string message(response.status().message());
  EXPECT_THAT(message, HasSubstr("found no leader after 5 redirects"));
  EXPECT_THAT(message, HasSubstr(StrCat("the node at ", follower_.address(),
                                        " is not the leader and names ", ledger_.address())));
  EXPECT_THAT(message, HasSubstr(StrCat("the node at ", ledger_.address(),
                                        " is not the leader and names ", follower_.address())));
  EXPECT_EQ(follower_.submitted().size() + ledger_.submitted().size(), 6u);
  EXPECT_THAT(follower_.submitted(), Each(std::string("x")));
}

TEST_F(ClusterTest, WaitsWhileNoLeaderIsKnown) {
  follower_.QueueNotLeader("");  // an election under way
  follower_.QueueNotLeader("");
  follower_.FollowLeader(ledger_.address());  // then it has a leader
  ledger_.QueueSubmit(Accepted(0, 3));
  NodeClient client(follower_.address());
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("signed bytes");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(follower_.submitted().size(), 3u);
  EXPECT_THAT(ledger_.submitted(), ElementsAre("signed bytes"));
  // It waited 200 ms, then 400 ms, rather than asking again at once.
  EXPECT_GE(elapsed, std::chrono::milliseconds(600));
}

TEST_F(ClusterTest, NoLeaderWithinTheWindowIsUnreachable) {
  follower_.FollowLeader("");
  FollowLimits limits;
  limits.call_window_ms = 1'000;
  NodeClient client(follower_.address(), {}, limits);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<v1::SubmitResponse> response = client.Submit("x");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ExitCodeOf(response.status()), ExitCode::kUnreachable);
  EXPECT_THAT(std::string(response.status().message()),
              HasSubstr(StrCat("found no leader within 1 s:\n  - the node at ", follower_.address(),
                               " is not the leader and knows of none")));
  EXPECT_GE(follower_.submitted().size(), 3u);  // asked again after 200, 400 ms
  EXPECT_LT(elapsed, std::chrono::milliseconds(2'000));
}

}  // namespace
}  // namespace noaber::wallet
