#include "node/rate_limit.h"

#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"

namespace noaber::node {
namespace {

using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

TEST(TokenBucketsTest, BurstThenRefillAtTheRate) {
  int64_t now_ms = 1'000'000;
  TokenBuckets buckets({/*per_second=*/2, /*burst=*/5}, [&] { return now_ms; });
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(buckets.TryTake("a", 1)) << i;
  EXPECT_FALSE(buckets.TryTake("a", 1)) << "the burst is spent";
  EXPECT_TRUE(buckets.TryTake("b", 1)) << "another key has its own bucket";
  now_ms += 499;
  EXPECT_FALSE(buckets.TryTake("a", 1)) << "2 per second: one token takes 500 ms";
  now_ms += 1;
  EXPECT_TRUE(buckets.TryTake("a", 1));
  EXPECT_FALSE(buckets.TryTake("a", 1));
  now_ms += 3'600'000;
  EXPECT_EQ(buckets.Available("a"), 5) << "a long wait refills to the burst, not beyond";
  EXPECT_FALSE(buckets.TryTake("a", 6)) << "more than the burst never passes";
  EXPECT_EQ(buckets.Available("a"), 5) << "a refused take takes nothing";
}

TEST(TokenBucketsTest, AllOrNothingAcrossKeys) {
  int64_t now_ms = 0;
  TokenBuckets buckets({1, 3}, [&] { return now_ms; });
  ASSERT_TRUE(buckets.TryTake("a", 3));
  std::optional<std::string> lacking = buckets.TryTake({{"a", 1}, {"b", 2}});
  ASSERT_TRUE(lacking.has_value());
  EXPECT_EQ(*lacking, "a");
  EXPECT_EQ(buckets.Available("b"), 3) << "b was not charged for a refused call";
  now_ms += 1000;
  EXPECT_FALSE(buckets.TryTake({{"a", 1}, {"b", 2}}).has_value());
  EXPECT_EQ(buckets.Available("a"), 0);
  EXPECT_EQ(buckets.Available("b"), 1);
}

TEST(TokenBucketsTest, ClockSteppingBackRefillsNothing) {
  int64_t now_ms = 10'000;
  TokenBuckets buckets({1, 2}, [&] { return now_ms; });
  ASSERT_TRUE(buckets.TryTake("a", 2));
  now_ms = 0;
  EXPECT_FALSE(buckets.TryTake("a", 1));
  now_ms = 10'999;
  EXPECT_FALSE(buckets.TryTake("a", 1)) << "time lost to the step back is not counted twice";
  now_ms = 11'000;
  EXPECT_TRUE(buckets.TryTake("a", 1));
}

TEST(TokenBucketsTest, OffLimitsEverything) {
  TokenBuckets buckets({0, 0}, [] { return int64_t{0}; });
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(buckets.TryTake("a", 1000));
  EXPECT_EQ(buckets.size(), 0u);
}

TEST(TokenBucketsTest, DropsRefilledBucketsWhenFull) {
  int64_t now_ms = 0;
  TokenBuckets buckets({1000, 1}, [&] { return now_ms; });
  for (size_t i = 0; i < kRateBucketsMax; ++i) ASSERT_TRUE(buckets.TryTake(std::to_string(i), 1));
  EXPECT_EQ(buckets.size(), kRateBucketsMax);
  // All still empty: a new key finds no room and passes untracked.
  EXPECT_TRUE(buckets.TryTake("new", 1));
  EXPECT_EQ(buckets.size(), kRateBucketsMax);
  now_ms += 1;  // every bucket has refilled
  EXPECT_TRUE(buckets.TryTake("newer", 1));
  EXPECT_EQ(buckets.size(), 1u);
}

TEST(PeerAddressTest, StripsSchemeAndPort) {
  EXPECT_EQ(PeerAddress("ipv4:10.0.0.5:52100"), "10.0.0.5");
  EXPECT_EQ(PeerAddress("ipv6:[::1]:52100"), "::1");
  EXPECT_EQ(PeerAddress("ipv6:%5B::1%5D:1"), "%5B::1%5D");
  EXPECT_EQ(PeerAddress("unix:/tmp/socket"), "unix:/tmp/socket");
}

class SubmitLimiterTest : public ::testing::Test {
 protected:
  SubmitLimiterTest() {
    community_.Open("anna");
    community_.Open("bob");
  }
  SubmitLimiter Limiter(RateLimits limits) {
    return SubmitLimiter(limits, community_.id(), &community_.store(),
                         [this] { return community_.now_ms; });
  }
  std::string Pay(const std::string& signer, int64_t minutes = 1) {
    return TestCommunity::SignBy(
        community_.Op({ledger::Transfer{"anna", "bob", "HOUR", ledger::Amount{minutes}, "", ""}}),
        {signer});
  }
  TestCommunity community_;
};

TEST_F(SubmitLimiterTest, PeerLimitNamesTheAddress) {
  SubmitLimiter limiter = Limiter({.peer = {1, 2}, .account = {}});
  EXPECT_TRUE(limiter.Admit("ipv4:10.0.0.5:1000", Pay("anna")).ok());
  EXPECT_TRUE(limiter.Admit("ipv4:10.0.0.5:1001", Pay("anna")).ok());
  absl::Status refused = limiter.Admit("ipv4:10.0.0.5:1002", Pay("anna"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(refused.message(),
            "rate limit: calls from 10.0.0.5 exceed 1 per second (burst 2); nothing of this "
            "call was applied; wait and try again");
  EXPECT_TRUE(limiter.Admit("ipv4:10.0.0.6:1000", Pay("anna")).ok()) << "another address";
  community_.now_ms += 1000;
  EXPECT_TRUE(limiter.Admit("ipv4:10.0.0.5:1003", Pay("anna")).ok());
}

TEST_F(SubmitLimiterTest, AccountLimitCountsOperationsPerSigner) {
  SubmitLimiter limiter = Limiter({.peer = {}, .account = {1, 4}});
  const std::vector<std::string> three_bytes = {Pay("anna"), Pay("anna"), Pay("anna")};
  const std::vector<std::string_view> three(three_bytes.begin(), three_bytes.end());
  EXPECT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", three).ok());
  const std::vector<std::string> two_bytes = {Pay("anna"), Pay("anna")};
  const std::vector<std::string_view> two(two_bytes.begin(), two_bytes.end());
  absl::Status refused = limiter.Admit("ipv4:1.2.3.4:1", two);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.message().find("operations signed by account 'anna' (key "),
            absl::string_view::npos)
      << refused;
  EXPECT_NE(refused.message().find("exceed 1 per second (burst 4)"), absl::string_view::npos);
  EXPECT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", Pay("anna")).ok()) << "the refused call took none";
  EXPECT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", Pay("bob")).ok()) << "bob has his own bucket";
  EXPECT_FALSE(limiter.Admit("ipv4:1.2.3.4:1", Pay("anna")).ok());
  community_.now_ms += 1000;
  EXPECT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", Pay("anna")).ok());
  // Undecodable bytes are charged to nobody (the pipeline refuses them).
  EXPECT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", std::string("garbage")).ok());
}

TEST_F(SubmitLimiterTest, AKeyWithoutAccountIsNamedByItsKey) {
  SubmitLimiter limiter = Limiter({.peer = {}, .account = {1, 1}});
  ASSERT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", Pay("stranger")).ok());
  absl::Status refused = limiter.Admit("ipv4:1.2.3.4:1", Pay("stranger"));
  EXPECT_NE(refused.message().find("operations signed by the key " +
                                   ledger::ToHex(KeyFor("stranger").public_key)),
            absl::string_view::npos)
      << refused;
}

TEST_F(SubmitLimiterTest, ForgedOrReplayedOperationsCannotDrainAnothersBucket) {
  SubmitLimiter limiter = Limiter({.peer = {}, .account = {1, 10}});
  // Anna's key with another key's signature: decodes, names anna's key, does not verify.
  ledger::SignedOperation forged;
  ASSERT_TRUE(ledger::DecodeSignedOperation(Pay("bob"), &forged).ok());
  forged.signatures[0].key = KeyFor("anna").public_key;
  const std::string forged_bytes = ledger::EncodeSignedOperation(forged);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.Admit("ipv4:6.6.6.6:1", forged_bytes).ok());
  // An operation anna really signed, already in the journal, replayed.
  const std::string applied = Pay("anna");
  ASSERT_EQ(community_.Submit(applied).code, ledger::ResultCode::kAccepted);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.Admit("ipv4:6.6.6.6:1", applied).ok());
  // And one of hers that has expired.
  ledger::Operation old =
      community_.Op({ledger::Transfer{"anna", "bob", "HOUR", ledger::Amount{1}, "", ""}});
  old.valid_until_ms = community_.now_ms - 1;
  const std::string expired = TestCommunity::SignBy(old, {"anna"});
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.Admit("ipv4:6.6.6.6:1", expired).ok());
  // The forgeries spent at most half her burst; what she signs herself still passes.
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", Pay("anna")).ok()) << i;
  }
  EXPECT_FALSE(limiter.Admit("ipv4:1.2.3.4:1", Pay("anna")).ok()) << "but no more than that";
}

TEST_F(SubmitLimiterTest, OffByDefault) {
  SubmitLimiter limiter = Limiter({});
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Admit("ipv4:1.2.3.4:1", Pay("anna")).ok());
}

}  // namespace
}  // namespace noaber::node
