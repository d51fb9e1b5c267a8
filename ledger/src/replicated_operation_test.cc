// Tests of DecodeReplicatedOperation(): what a Raft member applies must be exactly what the
// leader verified, decoded the same way, with the same signers, refused the same way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/ledger.h"

namespace noaber::ledger {
namespace {

using testing::TestCommunity;

// The signers a test picks from; their keys sort in no particular order of the names.
const std::vector<std::string> kSignerPool = {"admin1", "admin2", "anna", "bert",
                                              "carla",  "dirk",   "eva",  "femke"};

class ReplicatedOperationTest : public ::testing::Test {
 protected:
  // A random action of a random type, with random fields (what matters is the bytes).
  Action RandomAction() {
    const OperationId other = NewOperationId();
    const size_t i = Number(0, kSignerPool.size() - 1);
    const std::string& a = kSignerPool[i];
    const std::string& b =
        kSignerPool[(i + Number(1, kSignerPool.size() - 1)) % kSignerPool.size()];  // another one
    const Amount amount{Number(1, 100'000)};
    const Transfer t{a,
                     b,
                     Number(0, 1) ? "HOUR" : "BORN",
                     amount,
                     Number(0, 1) ? "tuin" : "",
                     std::string(Number(0, 40), 'm')};
    switch (Number(0, 9)) {
      case 0:
        return OpenAccount{a, AccountKind::kResident, SortedKeys(Number(1, 3)), 1};
      case 1:
        return CreatePending{t, Number(1'000, 3'600'000)};
      case 2:
        return PostPending{other, Number(0, 1) ? std::optional<Amount>(amount) : std::nullopt};
      case 3:
        return SetLimits{a, "HOUR", Amount{-Number(0, 900)}, std::nullopt};
      case 4:
        return RequestPayment{a, b, "HOUR", amount, "", "vraag", other, 0};
      case 5:
        return CorrectTransfer{other, static_cast<uint8_t>(Number(0, 3)), "Verkeerd"};
      case 6:
        return PostListing{a, ListingKind::kOffer, "tuin", "Heg knippen", "", Amount{0}, 0};
      default:
        return t;
    }
  }

  // The signed bytes of a random operation with 1 to 3 actions and 1 to 4 distinct signers.
  std::string RandomSignedOperation() {
    std::vector<Action> actions;
    for (int64_t i = Number(1, 3); i > 0; --i) actions.push_back(RandomAction());
    std::vector<std::string> signers = kSignerPool;
    std::shuffle(signers.begin(), signers.end(), rng_);
    signers.resize(Number(1, 4));
    return TestCommunity::SignBy(c.Op(std::move(actions)), signers);
  }

  std::vector<PublicKey> SortedKeys(int64_t n) {
    std::vector<PublicKey> keys;
    for (int64_t i = 0; i < n; ++i) keys.push_back(testing::KeyFor(kSignerPool[i]).public_key);
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  int64_t Number(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }

  // Both decoders on `bytes`: the same rejection, or the same VerifiedOperation.
  void ExpectSameResult(const std::string& bytes) {
    VerifiedOperation verified;
    VerifiedOperation decoded;
    const Rejection v = VerifyOperation(c.id(), bytes, &verified);
    const Rejection d = DecodeReplicatedOperation(c.id(), bytes, &decoded);
    EXPECT_EQ(d.code, v.code);
    EXPECT_EQ(d.message, v.message);
    EXPECT_EQ(decoded.operation, verified.operation);
    EXPECT_EQ(decoded.signed_bytes, verified.signed_bytes);
    EXPECT_EQ(decoded.body_hash, verified.body_hash);
    EXPECT_EQ(decoded.signers, verified.signers);
  }

  std::mt19937_64 rng_{20260105};
  TestCommunity c;
};

// Random operations, most valid (some break a stateless rule, such as two pending transfers
// in one operation): both decoders agree on every one, field by field or sentence by sentence.
TEST_F(ReplicatedOperationTest, GivesWhatVerifyGivesForManyOperations) {
  size_t valid = 0;
  size_t several_signers = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string bytes = RandomSignedOperation();
    VerifiedOperation verified;
    if (VerifyOperation(c.id(), bytes, &verified).ok()) {
      ++valid;
      if (verified.signers.size() > 1) ++several_signers;
      EXPECT_TRUE(std::is_sorted(verified.signers.begin(), verified.signers.end()));
    }
    ExpectSameResult(bytes);
    if (HasFailure()) break;
  }
  EXPECT_GT(valid, 200u);
  EXPECT_GT(several_signers, 100u);
}

TEST_F(ReplicatedOperationTest, RefusesWhatVerifyRefusesWithTheSameSentence) {
  const std::string bytes = RandomSignedOperation();
  for (size_t n = 0; n < bytes.size(); n += 7) ExpectSameResult(bytes.substr(0, n));
  ExpectSameResult(bytes + "x");
  // Another community's operation, an unsigned one, and a node-written expiry.
  TestCommunity other(nullptr, testing::TestGenesis(2));
  ExpectSameResult(TestCommunity::SignBy(
      other.Op({Transfer{"anna", "bert", "HOUR", Amount{5}, "", ""}}), {"anna"}));
  ExpectSameResult(
      TestCommunity::SignBy(c.Op({Transfer{"anna", "bert", "HOUR", Amount{5}, "", ""}}), {}));
  ExpectSameResult(TestCommunity::SignBy(c.Op({ExpirePending{NewOperationId()}}), {}));
  ExpectSameResult(TestCommunity::SignBy(
      c.Op({Transfer{"anna", "bert", "HOUR", Amount{-5}, "", ""}}), {"anna"}));
  VerifiedOperation untouched;
  untouched.signed_bytes = "before";
  EXPECT_FALSE(DecodeReplicatedOperation(c.id(), "garbage", &untouched).ok());
  EXPECT_EQ(untouched.signed_bytes, "before");
}

// What the member does not do: it trusts the leader's signature check.
TEST_F(ReplicatedOperationTest, DoesNotCheckSignatures) {
  std::string bytes = RandomSignedOperation();
  bytes[bytes.size() - 1] ^= 0x01;  // the last signature's last byte
  VerifiedOperation verified;
  EXPECT_EQ(VerifyOperation(c.id(), bytes, &verified).code, ResultCode::kBadSignature);
  VerifiedOperation decoded;
  ASSERT_TRUE(DecodeReplicatedOperation(c.id(), bytes, &decoded).ok());
  SignedOperation envelope;
  ASSERT_TRUE(DecodeSignedOperation(bytes, &envelope).ok());
  ASSERT_EQ(decoded.signers.size(), envelope.signatures.size());
  for (size_t i = 0; i < envelope.signatures.size(); ++i) {
    EXPECT_EQ(decoded.signers[i], envelope.signatures[i].key);
  }
}

}  // namespace
}  // namespace noaber::ledger
