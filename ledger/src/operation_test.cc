// Tests of the canonical byte form of operations and of the signed envelope around them.
#include "noaber/ledger/operation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/crypto.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using testing::KeyFor;

// Offsets in the body: the 16-byte tag, version, community id, operation id, valid_until,
// the action count, then the first action's type byte.
constexpr size_t kVersionOffset = 16;
constexpr size_t kCountOffset = kVersionOffset + 1 + 32 + 16 + 8;
constexpr size_t kFirstTypeOffset = kCountOffset + 1;

class OperationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }

  // An operation of `actions` with recognisable header fields.
  static Operation Make(std::vector<Action> actions) {
    Operation op;
    op.community = Sha256("a community");
    op.id = *OperationIdFromHex("00112233445566778899aabbccddeeff");
    op.valid_until_ms = 1'767'607'200'000;
    op.actions = std::move(actions);
    return op;
  }
  static Rejection Decode(std::string_view body) {
    Operation op;
    return DecodeOperation(body, &op);
  }
  static Rejection DecodeEnvelope(std::string_view bytes) {
    SignedOperation signed_operation;
    return DecodeSignedOperation(bytes, &signed_operation);
  }
  // One action of every type, each with every field set away from its default.
  static std::vector<Action> EveryAction() {
    const OperationId pending = *OperationIdFromHex("ffeeddccbbaa99887766554433221100");
    const std::vector<PublicKey> keys = {KeyFor("a").public_key, KeyFor("b").public_key};
    std::vector<PublicKey> sorted = keys;
    std::sort(sorted.begin(), sorted.end());
    const Transfer transfer{"anna", "bert", "HOUR", Amount{90}, "tuin", "Bedankt! \xE2\x82\xAC"};
    return {OpenAccount{"carla", AccountKind::kInitiative, sorted, 2},
            transfer,
            CreatePending{transfer, 3'600'000},
            PostPending{pending, Amount{45}},
            VoidPending{pending},
            SetLimits{"anna", "BORN", Amount{-1'000}, Amount{50'000}},
            SetStatus{"bert", AccountStatus::kFrozen},
            RotateKeys{"anna", sorted, 1},
            ExpirePending{pending},
            SetSkill{Skill{"fietsen", "Fietsreparatie", "Bike repair", "home", true}},
            PostListing{"anna", ListingKind::kRequest, "tuin", "Wie helpt met de heg?", "HOUR",
                        Amount{120}, 1'767'700'000'000},
            CloseListing{pending},
            RequestPayment{"bert", "anna", "HOUR", Amount{90}, "tuin", "Heg geknipt", pending,
                           1'767'700'000'000},
            AcceptRequest{pending},
            DeclineRequest{pending},
            SetAssisted{"carla", true},
            CorrectTransfer{pending, 3, "Verkeerde ontvanger"}};
  }
};

TEST_F(OperationTest, EveryActionTypeRoundTrips) {
  const std::vector<Action> actions = EveryAction();
  ASSERT_EQ(actions.size(), 17u);
  for (size_t i = 0; i < actions.size(); ++i) {
    const ActionType type = TypeOf(actions[i]);
    SCOPED_TRACE(ActionTypeName(type));
    EXPECT_EQ(static_cast<int>(type), static_cast<int>(i) + 1);  // frozen numbers
    const Operation op = Make({actions[i]});
    const std::string body = EncodeOperation(op);
    EXPECT_EQ(static_cast<uint8_t>(body[kFirstTypeOffset]), static_cast<uint8_t>(type));
    Operation decoded;
    Rejection r = DecodeOperation(body, &decoded);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(decoded, op);
    EXPECT_EQ(EncodeOperation(decoded), body);
  }
}

TEST_F(OperationTest, ActionTypesHaveStableNames) {
  EXPECT_STREQ(ActionTypeName(ActionType::kOpenAccount), "open_account");
  EXPECT_STREQ(ActionTypeName(ActionType::kTransfer), "transfer");
  EXPECT_STREQ(ActionTypeName(ActionType::kCreatePending), "create_pending");
  EXPECT_STREQ(ActionTypeName(ActionType::kPostPending), "post_pending");
  EXPECT_STREQ(ActionTypeName(ActionType::kVoidPending), "void_pending");
  EXPECT_STREQ(ActionTypeName(ActionType::kSetLimits), "set_limits");
  EXPECT_STREQ(ActionTypeName(ActionType::kSetStatus), "set_status");
  EXPECT_STREQ(ActionTypeName(ActionType::kRotateKeys), "rotate_keys");
  EXPECT_STREQ(ActionTypeName(ActionType::kExpirePending), "expire_pending");
  EXPECT_STREQ(ActionTypeName(ActionType::kSetSkill), "set_skill");
  EXPECT_STREQ(ActionTypeName(ActionType::kPostListing), "post_listing");
  EXPECT_STREQ(ActionTypeName(ActionType::kCloseListing), "close_listing");
  EXPECT_STREQ(ActionTypeName(ActionType::kRequestPayment), "request_payment");
  EXPECT_STREQ(ActionTypeName(ActionType::kAcceptRequest), "accept_request");
  EXPECT_STREQ(ActionTypeName(ActionType::kDeclineRequest), "decline_request");
  EXPECT_STREQ(ActionTypeName(ActionType::kSetAssisted), "set_assisted");
  EXPECT_STREQ(ActionTypeName(ActionType::kCorrectTransfer), "correct_transfer");
  EXPECT_EQ(static_cast<int>(ActionType::kSetSkill), 10);  // frozen numbers
  EXPECT_EQ(static_cast<int>(ActionType::kCorrectTransfer), 17);
  EXPECT_STREQ(ActionTypeName(static_cast<ActionType>(0)), "unknown");
  EXPECT_STREQ(ActionTypeName(static_cast<ActionType>(18)), "unknown");
}

TEST_F(OperationTest, ALinkedBatchAndAbsentOptionalsRoundTrip) {
  std::vector<Action> actions = EveryAction();
  actions.push_back(PostPending{NewOperationId(), std::nullopt});
  actions.push_back(SetLimits{"anna", "HOUR", std::nullopt, Amount{kAmountMax}});
  actions.push_back(SetLimits{"anna", "HOUR", Amount{-kAmountMax}, std::nullopt});
  actions.push_back(Transfer{"anna", "bert", "HOUR", Amount{1}, "", ""});
  actions.push_back(RequestPayment{"bert", "anna", "HOUR", Amount{1}, "", "", std::nullopt, 0});
  actions.push_back(PostListing{"anna", ListingKind::kOffer, "tuin", "Heg", "", Amount{0}, 0});
  actions.push_back(SetSkill{Skill{"tuin", "Tuin", "Garden", "home", false}});
  actions.push_back(SetAssisted{"carla", false});
  const Operation op = Make(actions);
  Operation decoded;
  Rejection r = DecodeOperation(EncodeOperation(op), &decoded);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(decoded, op);
}

TEST_F(OperationTest, BytesOutsideTheEnumsDecodeForTheRulesToJudge) {
  // The decoder keeps the bytes as they are; CheckWellFormed refuses them with its own codes.
  const Operation op = Make({OpenAccount{"carla", static_cast<AccountKind>(9), {}, 0},
                             SetStatus{"bert", static_cast<AccountStatus>(7)}});
  Operation decoded;
  ASSERT_TRUE(DecodeOperation(EncodeOperation(op), &decoded).ok());
  EXPECT_EQ(decoded, op);
}

TEST_F(OperationTest, RefusesEveryTruncation) {
  const std::string body = EncodeOperation(Make(EveryAction()));
  for (size_t size = 0; size < body.size(); ++size) {
    Rejection r = Decode(body.substr(0, size));
    EXPECT_EQ(r.code, ResultCode::kMalformedEncoding) << "cut at " << size << ": " << r.message;
  }
  EXPECT_THAT(Decode(body.substr(0, body.size() - 1)).message, HasSubstr("truncated"));
  EXPECT_THAT(Decode("noaber-genesis\x01").message, HasSubstr("not a Noaber operation"));
}

TEST_F(OperationTest, RefusesTrailingBytes) {
  const std::string body = EncodeOperation(Make(EveryAction()));
  for (std::string tail : {std::string(1, '\0'), std::string("xyz")}) {
    Rejection r = Decode(body + tail);
    EXPECT_EQ(r.code, ResultCode::kMalformedEncoding);
    EXPECT_THAT(r.message, HasSubstr(std::to_string(tail.size()) + " bytes after its end"));
  }
}

TEST_F(OperationTest, RefusesAFlagByteOtherThanZeroOrOne) {
  std::string body = EncodeOperation(Make({PostPending{NewOperationId(), std::nullopt}}));
  ASSERT_EQ(body.back(), '\0');  // the "amount present" flag ends the body
  body.back() = '\x01';
  body += std::string(8, '\0');  // ... and with it an amount
  ASSERT_TRUE(Decode(body).ok());
  body[body.size() - 9] = '\x02';
  Rejection r = Decode(body);
  EXPECT_EQ(r.code, ResultCode::kNonCanonical);
  EXPECT_THAT(r.message, HasSubstr("flag"));
}

TEST_F(OperationTest, RefusesANewFlagByteOtherThanZeroOrOne) {
  // Each of these actions ends in a flag byte: retired, assisted.
  for (const Action& action : {Action{SetSkill{Skill{"tuin", "Tuin", "Garden", "home", true}}},
                               Action{SetAssisted{"carla", true}}}) {
    std::string body = EncodeOperation(Make({action}));
    ASSERT_EQ(body.back(), '\x01');
    body.back() = '\x02';
    Rejection r = Decode(body);
    EXPECT_EQ(r.code, ResultCode::kNonCanonical) << ActionTypeName(TypeOf(action));
  }
  // A payment request's "listing present" flag sits just before its 8-byte expiry.
  std::string body = EncodeOperation(
      Make({RequestPayment{"bert", "anna", "HOUR", Amount{1}, "", "", std::nullopt, 0}}));
  ASSERT_EQ(body[body.size() - 9], '\0');
  body[body.size() - 9] = '\x02';
  EXPECT_EQ(Decode(body).code, ResultCode::kNonCanonical);
}

TEST_F(OperationTest, RefusesAnUnknownActionType) {
  for (uint8_t type : {0, 18, 255}) {
    std::string body = EncodeOperation(Make({VoidPending{NewOperationId()}}));
    body[kFirstTypeOffset] = static_cast<char>(type);
    Rejection r = Decode(body);
    EXPECT_EQ(r.code, ResultCode::kUnknownActionType) << static_cast<int>(type);
    EXPECT_THAT(r.message, HasSubstr("action 1 has unknown type " + std::to_string(type)));
  }
}

TEST_F(OperationTest, RefusesAnotherVersion) {
  for (uint8_t version : {0, 2, 255}) {
    std::string body = EncodeOperation(Make({VoidPending{NewOperationId()}}));
    body[kVersionOffset] = static_cast<char>(version);
    Rejection r = Decode(body);
    EXPECT_EQ(r.code, ResultCode::kUnsupportedVersion);
    EXPECT_THAT(r.message, HasSubstr("operation version " + std::to_string(version) +
                                     " is not supported (only 1)"));
  }
}

TEST_F(OperationTest, RefusesZeroOrTooManyActions) {
  Rejection none = Decode(EncodeOperation(Make({})));
  EXPECT_EQ(none.code, ResultCode::kNoActions);
  std::vector<Action> many(kActionsPerOperationMax + 1, VoidPending{NewOperationId()});
  Rejection too_many = Decode(EncodeOperation(Make(many)));
  EXPECT_EQ(too_many.code, ResultCode::kTooManyActions);
  EXPECT_THAT(too_many.message, HasSubstr("65 actions; at most 64"));
  many.pop_back();
  EXPECT_TRUE(Decode(EncodeOperation(Make(many))).ok());
}

// --- The signed envelope ---

TEST_F(OperationTest, SignaturesAreKeptSortedAndVerify) {
  SignedOperation s{EncodeOperation(Make(EveryAction())), {}};
  for (const char* name : {"zeta", "alpha", "mu", "beta"}) {
    ASSERT_TRUE(AddSignature(KeyFor(name).secret_key, &s).ok()) << name;
  }
  ASSERT_EQ(s.signatures.size(), 4u);
  for (size_t i = 1; i < s.signatures.size(); ++i) {
    EXPECT_LT(s.signatures[i - 1].key, s.signatures[i].key);
  }
  for (const SignatureEntry& e : s.signatures) EXPECT_TRUE(Verify(e.key, e.signature, s.body));
  SignedOperation decoded;
  Rejection r = DecodeSignedOperation(EncodeSignedOperation(s), &decoded);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(decoded.body, s.body);
  EXPECT_EQ(decoded.signatures, s.signatures);
}

TEST_F(OperationTest, AddSignatureRefusesASecondSignatureByTheSameKey) {
  SignedOperation s{EncodeOperation(Make({VoidPending{NewOperationId()}})), {}};
  ASSERT_TRUE(AddSignature(KeyFor("anna").secret_key, &s).ok());
  const std::vector<SignatureEntry> once = s.signatures;
  absl::Status again = AddSignature(KeyFor("anna").secret_key, &s);
  EXPECT_EQ(again.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(again.message(), HasSubstr("already signed"));
  EXPECT_EQ(s.signatures, once);
}

TEST_F(OperationTest, EnvelopeRefusesUnsortedOrDuplicatedSignatures) {
  SignedOperation s{EncodeOperation(Make({VoidPending{NewOperationId()}})), {}};
  ASSERT_TRUE(AddSignature(KeyFor("anna").secret_key, &s).ok());
  ASSERT_TRUE(AddSignature(KeyFor("bert").secret_key, &s).ok());
  SignedOperation unsorted = s;
  std::swap(unsorted.signatures[0], unsorted.signatures[1]);
  Rejection r = DecodeEnvelope(EncodeSignedOperation(unsorted));
  EXPECT_EQ(r.code, ResultCode::kNonCanonical);
  EXPECT_THAT(r.message, HasSubstr("sorted by public key, each key once"));
  SignedOperation duplicated = s;
  duplicated.signatures[1] = duplicated.signatures[0];
  EXPECT_EQ(DecodeEnvelope(EncodeSignedOperation(duplicated)).code, ResultCode::kNonCanonical);
}

TEST_F(OperationTest, EnvelopeRefusesTruncationAndTrailingBytes) {
  SignedOperation s{EncodeOperation(Make({VoidPending{NewOperationId()}})), {}};
  ASSERT_TRUE(AddSignature(KeyFor("anna").secret_key, &s).ok());
  const std::string bytes = EncodeSignedOperation(s);
  for (size_t size = 0; size < bytes.size(); ++size) {
    Rejection r = DecodeEnvelope(bytes.substr(0, size));
    EXPECT_EQ(r.code, ResultCode::kMalformedEncoding) << "cut at " << size;
  }
  EXPECT_THAT(DecodeEnvelope(bytes.substr(0, 10)).message, HasSubstr("truncated"));
  Rejection trailing = DecodeEnvelope(bytes + "x");
  EXPECT_EQ(trailing.code, ResultCode::kMalformedEncoding);
  EXPECT_THAT(trailing.message, HasSubstr("bytes after the end"));
}

TEST_F(OperationTest, EnvelopeRefusesTooManySignatures) {
  SignedOperation s{EncodeOperation(Make({VoidPending{NewOperationId()}})), {}};
  for (size_t i = 0; i < kSignaturesPerOperationMax; ++i) {
    ASSERT_TRUE(AddSignature(KeyFor("signer" + std::to_string(i)).secret_key, &s).ok());
  }
  EXPECT_TRUE(DecodeEnvelope(EncodeSignedOperation(s)).ok());
  ASSERT_TRUE(AddSignature(KeyFor("one too many").secret_key, &s).ok());
  Rejection r = DecodeEnvelope(EncodeSignedOperation(s));
  EXPECT_EQ(r.code, ResultCode::kTooManySignatures);
  EXPECT_THAT(r.message, HasSubstr("17 signatures; at most 16"));
}

TEST_F(OperationTest, EnvelopeRefusesMoreThanSixtyFourKibibytes) {
  // The envelope is a 4-byte body length, the body and a 1-byte signature count.
  SignedOperation s{std::string(kSignedOperationBytesMax - 5, 'x'), {}};
  EXPECT_TRUE(DecodeEnvelope(EncodeSignedOperation(s)).ok());
  s.body.push_back('x');
  Rejection r = DecodeEnvelope(EncodeSignedOperation(s));
  EXPECT_EQ(r.code, ResultCode::kTooLarge);
  EXPECT_THAT(r.message, HasSubstr("65537 bytes; at most 65536"));
}

// --- Operation ids ---

TEST_F(OperationTest, OperationIdsRoundTripThroughHex) {
  const OperationId id = NewOperationId();
  EXPECT_NE(id, NewOperationId());
  const std::string hex = OperationIdToHex(id);
  EXPECT_EQ(hex.size(), 32u);
  EXPECT_EQ(OperationIdFromHex(hex), id);
  EXPECT_EQ(OperationIdFromHex("00112233445566778899AABBCCDDEEFF"),
            OperationIdFromHex("00112233445566778899aabbccddeeff"));
  EXPECT_EQ(OperationIdFromHex(hex.substr(0, 31)), std::nullopt);
  EXPECT_EQ(OperationIdFromHex(hex + "00"), std::nullopt);
  EXPECT_EQ(OperationIdFromHex("zz112233445566778899aabbccddeeff"), std::nullopt);
}

// A UUIDv7 (RFC 9562): the time in milliseconds in the first 6 bytes, version 7, variant 10.
TEST_F(OperationTest, NewOperationIdsAreUuidVersion7) {
  const auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t before = now_ms();
  std::vector<OperationId> ids;
  for (int i = 0; i < 64; ++i) ids.push_back(NewOperationId());
  const int64_t after = now_ms();
  // A second of slack either side: the system clock may be stepped while the test runs.
  constexpr int64_t kSlackMs = 1000;
  for (const OperationId& id : ids) {
    int64_t time = 0;
    for (int i = 0; i < 6; ++i) time = (time << 8) | id[i];
    EXPECT_GE(time, before - kSlackMs);
    EXPECT_LE(time, after + kSlackMs);
    EXPECT_EQ(id[6] >> 4, 7) << OperationIdToHex(id);
    EXPECT_EQ(id[8] >> 6, 2) << OperationIdToHex(id);
  }
  std::sort(ids.begin(), ids.end());  // never the same twice
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  // The 74 random bits vary: over 64 ids, every one of them is set in some id and clear in
  // another (each bit fails that with probability 2^-63).
  for (int bit = 0; bit < 128; ++bit) {
    const int byte = bit / 8;
    const int in_byte = 7 - bit % 8;
    const bool fixed = byte < 6 || (byte == 6 && in_byte >= 4) || (byte == 8 && in_byte >= 6);
    if (fixed) continue;
    int set = 0;
    for (const OperationId& id : ids) set += (id[byte] >> in_byte) & 1;
    EXPECT_GT(set, 0) << "bit " << bit;
    EXPECT_LT(set, 64) << "bit " << bit;
  }
}

}  // namespace
}  // namespace noaber::ledger
