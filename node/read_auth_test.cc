#include "node/read_auth.h"

#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"

namespace noaber::node {
namespace {

using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

constexpr char kMethod[] = "/noaber.v1.Ledger/GetBalances";

class ReadAuthTest : public ::testing::Test {
 protected:
  ReadAuthTest() {
    c_.Open("anna");
    c_.Open("bob");
  }

  ReadAuthenticator Authenticator(size_t seen_nonces_max = kSeenNoncesMax) {
    return ReadAuthenticator(
        &c_.store(), c_.id(), [this] { return now_ms_; }, seen_nonces_max);
  }
  std::string Signed(std::string_view name, std::string_view method = kMethod,
                     int64_t offset_ms = 0) {
    return ledger::EncodeCallAuth(
        ledger::SignCall(KeyFor(name).secret_key, c_.id(), method, now_ms_ + offset_ms));
  }

  TestCommunity c_;
  int64_t now_ms_ = ledger::testing::kStartMs + 600'000;
};

TEST_F(ReadAuthTest, MissingOrMalformedIsUnauthenticated) {
  ReadAuthenticator auth = Authenticator();
  absl::StatusOr<Caller> missing = auth.Authenticate(std::nullopt, kMethod);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(missing.status().message().find("noaber-auth"), absl::string_view::npos);
  EXPECT_EQ(auth.Authenticate("nonsense", kMethod).status().code(),
            absl::StatusCode::kUnauthenticated);
  std::string broken = Signed("anna");
  broken.back() = broken.back() == '0' ? '1' : '0';
  EXPECT_EQ(auth.Authenticate(broken, kMethod).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(ReadAuthTest, SignatureIsBoundToMethodAndTime) {
  ReadAuthenticator auth = Authenticator();
  EXPECT_EQ(
      auth.Authenticate(Signed("anna", "/noaber.v1.Ledger/GetHistory"), kMethod).status().code(),
      absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.Authenticate(Signed("anna", kMethod, -ledger::kCallAuthWindowMs - 1), kMethod)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(auth.Authenticate(Signed("anna", kMethod, -ledger::kCallAuthWindowMs), kMethod).ok());
}

TEST_F(ReadAuthTest, ReplayedNonceIsRefused) {
  ReadAuthenticator auth = Authenticator();
  const std::string text = Signed("anna");
  ASSERT_TRUE(auth.Authenticate(text, kMethod).ok());
  absl::StatusOr<Caller> again = auth.Authenticate(text, kMethod);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(again.status().message().find("used before"), absl::string_view::npos);
  EXPECT_TRUE(auth.Authenticate(Signed("anna"), kMethod).ok());  // a fresh nonce is fine
}

TEST_F(ReadAuthTest, NonceCacheIsBoundedAndForgetsExpiredNonces) {
  ReadAuthenticator auth = Authenticator(/*seen_nonces_max=*/2);
  ASSERT_TRUE(auth.Authenticate(Signed("anna"), kMethod).ok());
  ASSERT_TRUE(auth.Authenticate(Signed("bob"), kMethod).ok());
  EXPECT_EQ(auth.Authenticate(Signed("anna"), kMethod).status().code(),
            absl::StatusCode::kResourceExhausted);
  now_ms_ += ledger::kCallAuthWindowMs + 1;  // the first two can no longer be replayed
  EXPECT_TRUE(auth.Authenticate(Signed("anna"), kMethod).ok());
}

TEST_F(ReadAuthTest, AccountKeysAndAdministratorsMayRead) {
  ReadAuthenticator auth = Authenticator();
  absl::StatusOr<Caller> anna = auth.Authenticate(Signed("anna"), kMethod);
  ASSERT_TRUE(anna.ok()) << anna.status();
  EXPECT_FALSE(anna->administrator);
  EXPECT_TRUE(auth.AllowAccount(*anna, "anna", "balances").ok());
  absl::Status denied = auth.AllowAccount(*anna, "bob", "balances");
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.message(), "balances of 'bob' are visible to 'bob' and the administrators only");
  EXPECT_EQ(auth.AllowAccount(*anna, "nobody", "balances").code(), absl::StatusCode::kNotFound);

  absl::StatusOr<Caller> admin = auth.Authenticate(Signed("admin2"), kMethod);
  ASSERT_TRUE(admin.ok()) << admin.status();
  EXPECT_TRUE(admin->administrator);
  EXPECT_TRUE(auth.AllowAccount(*admin, "bob", "balances").ok());
}

TEST_F(ReadAuthTest, AStrangerKeyIsAuthenticatedButNotAllowed) {
  ReadAuthenticator auth = Authenticator();
  absl::StatusOr<Caller> stranger = auth.Authenticate(Signed("stranger"), kMethod);
  ASSERT_TRUE(stranger.ok()) << stranger.status();
  EXPECT_FALSE(stranger->administrator);
  EXPECT_EQ(auth.AllowAnyOf(*stranger, {"anna", "bob"}, "only payer and payee").code(),
            absl::StatusCode::kPermissionDenied);
  absl::StatusOr<Caller> bob = auth.Authenticate(Signed("bob"), kMethod);
  EXPECT_TRUE(auth.AllowAnyOf(*bob, {"anna", "bob"}, "only payer and payee").ok());
}

TEST_F(ReadAuthTest, TheBoardIsForEveryOpenAccount) {
  ReadAuthenticator auth = Authenticator();
  absl::StatusOr<Caller> anna = auth.Authenticate(Signed("anna"), kMethod);
  ASSERT_TRUE(anna.ok()) << anna.status();
  EXPECT_TRUE(auth.AllowMember(*anna, "the board").ok());
  absl::StatusOr<Caller> admin = auth.Authenticate(Signed("admin2"), kMethod);
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE(auth.AllowMember(*admin, "the board").ok());
  absl::StatusOr<Caller> stranger = auth.Authenticate(Signed("stranger"), kMethod);
  ASSERT_TRUE(stranger.ok());
  absl::Status refused = auth.AllowMember(*stranger, "the board");
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(refused.message().find("the board is visible to the accounts of the community only"),
            absl::string_view::npos)
      << refused;

  // A closed account's key no longer opens the board.
  ASSERT_EQ(
      c_.Submit(c_.Op({ledger::SetStatus{"bob", ledger::AccountStatus::kClosed}}), {"admin1"}).code,
      ledger::ResultCode::kAccepted);
  absl::StatusOr<Caller> bob = auth.Authenticate(Signed("bob"), kMethod);
  ASSERT_TRUE(bob.ok());
  EXPECT_EQ(auth.AllowMember(*bob, "the board").code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace noaber::node
