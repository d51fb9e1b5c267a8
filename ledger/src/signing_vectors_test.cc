// Test vectors for docs/signing.md: fixed keys, a fixed genesis and fixed operations, and the
// exact bytes the encoder, the signer and the journal must produce for them. Every hex string
// below is quoted verbatim in docs/signing.md, so a wallet written in another language checks
// itself against the same bytes. A failure here means the signing format changed, which breaks
// every wallet: change the document (and its version byte) with it, never only the code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/memory_store.h"
#include "noaber/ledger/operation.h"

namespace noaber::ledger {
namespace {

// ---- The fixed inputs (docs/signing.md, "Test vectors") ----

constexpr int64_t kCreatedMs = 1767603600000;     // 2026-01-05 09:00:00 UTC
constexpr int64_t kValidUntilMs = 1767607200000;  // 2026-01-05 10:00:00 UTC
constexpr int64_t kSubmitMs = 1767603660000;      // 2026-01-05 09:01:00 UTC
constexpr int64_t kWeekMs = 7LL * 24 * 3600 * 1000;
// The byte of the body the one-bit test flips: the last byte of the operation id.
constexpr size_t kFlippedBodyByte = 64;

// Ed25519 seeds: 32 bytes that all equal `byte`.
std::array<uint8_t, 32> SeedOf(uint8_t byte) {
  std::array<uint8_t, 32> seed;
  seed.fill(byte);
  return seed;
}

KeyPair Admin() { return KeyPairFromSeed(SeedOf(0x01)); }
KeyPair Anna() { return KeyPairFromSeed(SeedOf(0x02)); }
KeyPair Bert() { return KeyPairFromSeed(SeedOf(0x03)); }

// 00112233445566778899aabbccddee00 with its last byte replaced by `last`.
OperationId IdEndingIn(uint8_t last) {
  OperationId id{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x00};
  id[15] = last;
  return id;
}

Genesis VectorGenesis() { return DefaultGenesis("Bornholm", {Admin().public_key}, 1, kCreatedMs); }

CommunityId VectorCommunity() { return CommunityIdOf(EncodeGenesis(VectorGenesis())); }

Operation OperationOf(uint8_t id_last, std::vector<Action> actions) {
  Operation operation;
  operation.community = VectorCommunity();
  operation.id = IdEndingIn(id_last);
  operation.valid_until_ms = kValidUntilMs;
  operation.actions = std::move(actions);
  return operation;
}

std::string Hex(std::string_view bytes) {
  return ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::string Bytes(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  EXPECT_TRUE(FromHex(hex, reinterpret_cast<uint8_t*>(out.data()), out.size())) << hex;
  return out;
}

// ---- The expected bytes, generated once by this code and pasted here and in the doc ----

constexpr char kAdminPublicKey[] =
    "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
constexpr char kAnnaPublicKey[] =
    "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394";
constexpr char kBertPublicKey[] =
    "ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d1";

constexpr char kGenesis[] =
    "6e6f616265722d67656e657369730108426f726e686f6c6d0000019b8d627a80"
    "0104484f5552010c54696d652063726564697473fffc72815b398000018a88e3"
    "dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c010301"
    "04484f5552fffffffffffffda800038d7ea4c680000204484f55520000000000"
    "00000000038d7ea4c680000304484f5552000000000000000000038d7ea4c680"
    "00000f0c626f6f64736368617070656e11426f6f64736368617070656e20646f"
    "656e1047726f636572792073686f7070696e67046361726507766572766f6572"
    "16566572766f657220656e20626567656c656964696e67145472616e73706f72"
    "7420616e64206573636f727404636172650a67657a656c73636861701447657a"
    "656c736368617020656e2062657a6f656b12436f6d70616e7920616e64207669"
    "736974730463617265056b6f6b656e134b6f6b656e20656e206d61616c74696a"
    "64656e11436f6f6b696e6720616e64206d65616c730463617265047475696e0d"
    "5475696e6f6e646572686f75640947617264656e696e6704686f6d65076b6c75"
    "7373656e0e4b6c65696e65206b6c757373656e144f6464206a6f627320616e64"
    "207265706169727304686f6d650a7363686f6f6e6d61616b0b5363686f6f6e6d"
    "616b656e08436c65616e696e6704686f6d650c636f6d707574657268756c701d"
    "48756c70206d657420636f6d707574657220656e2074656c65666f6f6e17436f"
    "6d707574657220616e642070686f6e652068656c70076469676974616c0d6164"
    "6d696e69737472617469651448756c702062696a20666f726d756c696572656e"
    "0f48656c70207769746820666f726d73076469676974616c077461616c6c6573"
    "155461616c6d6161746a6520656e207461616c6c65731a4c616e677561676520"
    "627564647920616e64206c6573736f6e73086c6561726e696e67086875697377"
    "65726b13487569737765726b626567656c656964696e670d486f6d65776f726b"
    "2068656c70086c6561726e696e670c6b696e6465726f7076616e67084f707061"
    "7373656e0c4368696c646d696e64696e6704636172650a64696572656e7a6f72"
    "671044696572656e207665727a6f7267656e08506574206361726504686f6d65"
    "0b6576656e656d656e74656e1948756c702062696a2077696a6b616374697669"
    "74656974656e144e65696768626f7572686f6f64206576656e747309636f6d6d"
    "756e6974790d766572647575727a616d696e6710456e65726769652062657370"
    "6172656e12486f6d6520656e6572677920736176696e6704686f6d65";
constexpr char kCommunityId[] = "464f6759c0033fadbf7a30fbc7d4b53f5a8a4ddc6b8cbc0c93aa4673b86c5afb";

constexpr char kOpenAccountBody[] =
    "6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30fbc7d4b5"
    "3f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aabbccddee"
    "010000019b8d996900010104616e6e6101018139770ea87d175f56a35466c34c"
    "7ecccb8d8a91b4ee37a25df60f5b8fc9b39401";
constexpr char kOpenAccountSignature[] =
    "fcdf5c9d2169470d72da3c566111ed99456498c54a7522d5a65a1cbdda83032e"
    "e77e638d573c9d7ae9e1ebb5ab0413b35c446f79bcd33e5b7c481a33e2b06b0f";
constexpr char kOpenAccountEnvelope[] =
    "000000736e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30"
    "fbc7d4b53f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aa"
    "bbccddee010000019b8d996900010104616e6e6101018139770ea87d175f56a3"
    "5466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b39401018a88e3dd7409f195"
    "fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5cfcdf5c9d2169470d"
    "72da3c566111ed99456498c54a7522d5a65a1cbdda83032ee77e638d573c9d7a"
    "e9e1ebb5ab0413b35c446f79bcd33e5b7c481a33e2b06b0f";

constexpr char kTransferBody[] =
    "6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30fbc7d4b5"
    "3f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aabbccddee"
    "020000019b8d996900010204616e6e61046265727404484f5552000000000000"
    "005a047475696e0019486567206765736e6f65696420e280932064616e6b206a"
    "6521";
constexpr char kTransferSignature[] =
    "b5609f543960ecbffdf17f79d84561dff467258823e5049889d06d6e72636fd8"
    "83d9b3e0ac02dd9901ae87b0291b0c40e2452780b260c3d4e1d226265b1e1d05";
constexpr char kTransferEnvelope[] =
    "000000826e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30"
    "fbc7d4b53f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aa"
    "bbccddee020000019b8d996900010204616e6e61046265727404484f55520000"
    "00000000005a047475696e0019486567206765736e6f65696420e28093206461"
    "6e6b206a6521018139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25d"
    "f60f5b8fc9b394b5609f543960ecbffdf17f79d84561dff467258823e5049889"
    "d06d6e72636fd883d9b3e0ac02dd9901ae87b0291b0c40e2452780b260c3d4e1"
    "d226265b1e1d05";

constexpr char kCreatePendingBody[] =
    "6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30fbc7d4b5"
    "3f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aabbccddee"
    "030000019b8d996900010304616e6e61046265727404484f5552000000000000"
    "007807766572766f65720017526974206e61617220686574207a69656b656e68"
    "75697300000000240c8400";
constexpr char kCreatePendingSignature[] =
    "84c8c5c2e3bc62b2a4febd9bf5acdcdb54d1ee28f829514450963f704759d188"
    "cee0da07832b778aeab8e2f0025e7a704e66b9d6de5d3f602184e463c5a7840e";
constexpr char kCreatePendingEnvelope[] =
    "0000008b6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30"
    "fbc7d4b53f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aa"
    "bbccddee030000019b8d996900010304616e6e61046265727404484f55520000"
    "00000000007807766572766f65720017526974206e61617220686574207a6965"
    "6b656e6875697300000000240c8400018139770ea87d175f56a35466c34c7ecc"
    "cb8d8a91b4ee37a25df60f5b8fc9b39484c8c5c2e3bc62b2a4febd9bf5acdcdb"
    "54d1ee28f829514450963f704759d188cee0da07832b778aeab8e2f0025e7a70"
    "4e66b9d6de5d3f602184e463c5a7840e";

constexpr char kPostPendingAmountBody[] =
    "6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30fbc7d4b5"
    "3f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aabbccddee"
    "040000019b8d996900010400112233445566778899aabbccddee030100000000"
    "0000005a";
constexpr char kPostPendingAmountSignature[] =
    "d1b4fac6b414e753e8a6c425b5a5c558b53640d383511893d60a337a29df2e37"
    "ee54f82c51c1107c121ab1b8c662982a82640ede00bb89209ec5e7d03a57790e";
constexpr char kPostPendingAmountEnvelope[] =
    "000000646e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30"
    "fbc7d4b53f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aa"
    "bbccddee040000019b8d996900010400112233445566778899aabbccddee0301"
    "000000000000005a018139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37"
    "a25df60f5b8fc9b394d1b4fac6b414e753e8a6c425b5a5c558b53640d3835118"
    "93d60a337a29df2e37ee54f82c51c1107c121ab1b8c662982a82640ede00bb89"
    "209ec5e7d03a57790e";

constexpr char kPostPendingAllBody[] =
    "6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30fbc7d4b5"
    "3f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aabbccddee"
    "050000019b8d996900010400112233445566778899aabbccddee0300";
constexpr char kPostPendingAllSignature[] =
    "16c078b0dbafaffb13f4f55b3e4bbc62153c0cc76ce05202b8d6210b53052063"
    "0cafdef35b5fb9dfff54221d678e2bc7c168cf7b87dd685f0b2be30fde65dc0b";
constexpr char kPostPendingAllEnvelope[] =
    "0000005c6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30"
    "fbc7d4b53f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aa"
    "bbccddee050000019b8d996900010400112233445566778899aabbccddee0300"
    "018139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b3"
    "9416c078b0dbafaffb13f4f55b3e4bbc62153c0cc76ce05202b8d6210b530520"
    "630cafdef35b5fb9dfff54221d678e2bc7c168cf7b87dd685f0b2be30fde65dc"
    "0b";

constexpr char kBatchBody[] =
    "6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30fbc7d4b5"
    "3f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aabbccddee"
    "060000019b8d996900020204616e6e61046265727404484f5552000000000000"
    "003c056b6f6b656e00084d61616c74696a6402046265727404616e6e6104484f"
    "5552000000000000001e000000";
constexpr char kBatchSignatureAnna[] =
    "c4cc8fbee4cfafbf19756479f4924498d6b6108d9889f4f5c36ab964da1c91dc"
    "cfb1a901334cbda352285d137b3bed1c915d4735ce338c4fcec30092a5795901";
constexpr char kBatchSignatureBert[] =
    "4869c10098485b369013113f1f9cbcbc17d16930b6fe6278be55df99695f6b17"
    "cfe3d4be5feb6499b07796086193e6a54dab583c3c579069aa8bad8091bb410a";
constexpr char kBatchEnvelope[] =
    "0000008d6e6f616265722d6f7065726174696f6e01464f6759c0033fadbf7a30"
    "fbc7d4b53f5a8a4ddc6b8cbc0c93aa4673b86c5afb00112233445566778899aa"
    "bbccddee060000019b8d996900020204616e6e61046265727404484f55520000"
    "00000000003c056b6f6b656e00084d61616c74696a6402046265727404616e6e"
    "6104484f5552000000000000001e000000028139770ea87d175f56a35466c34c"
    "7ecccb8d8a91b4ee37a25df60f5b8fc9b394c4cc8fbee4cfafbf19756479f492"
    "4498d6b6108d9889f4f5c36ab964da1c91dccfb1a901334cbda352285d137b3b"
    "ed1c915d4735ce338c4fcec30092a5795901ed4928c628d1c2c6eae903389059"
    "95612959273a5c63f93636c14614ac8737d14869c10098485b369013113f1f9c"
    "bcbc17d16930b6fe6278be55df99695f6b17cfe3d4be5feb6499b07796086193"
    "e6a54dab583c3c579069aa8bad8091bb410a";

constexpr char kJournalEntry0Hash[] =
    "ee2ec9d3c1b030bdddc92e858fd23e19306f3896b55ce1c59642b0b9baed8435";
constexpr char kJournalEntry1[] =
    "00000000000000010000019b8d6364e0ee2ec9d3c1b030bdddc92e858fd23e19"
    "306f3896b55ce1c59642b0b9baed84350000000000d8000000736e6f61626572"
    "2d6f7065726174696f6e01464f6759c0033fadbf7a30fbc7d4b53f5a8a4ddc6b"
    "8cbc0c93aa4673b86c5afb00112233445566778899aabbccddee010000019b8d"
    "996900010104616e6e6101018139770ea87d175f56a35466c34c7ecccb8d8a91"
    "b4ee37a25df60f5b8fc9b39401018a88e3dd7409f195fd52db2d3cba5d72ca67"
    "09bf1d94121bf3748801b40f6f5cfcdf5c9d2169470d72da3c566111ed994564"
    "98c54a7522d5a65a1cbdda83032ee77e638d573c9d7ae9e1ebb5ab0413b35c44"
    "6f79bcd33e5b7c481a33e2b06b0f";
constexpr char kJournalEntry1Hash[] =
    "f2db2ff8d3471aabfcd807646c3237cc390a0a15f2a694216ec00349bee9ded8";

struct Vector {
  const char* name;
  Operation operation;
  std::vector<KeyPair> signers;  // sorted by public key, as in the envelope
  std::string_view body_hex;
  std::vector<std::string_view> signature_hex;
  std::string_view envelope_hex;
};

std::vector<Vector> Vectors() {
  const KeyPair admin = Admin(), anna = Anna(), bert = Bert();
  return {
      {"open_account",
       OperationOf(0x01, {OpenAccount{"anna", AccountKind::kResident, {anna.public_key}, 1}}),
       {admin},
       kOpenAccountBody,
       {kOpenAccountSignature},
       kOpenAccountEnvelope},
      {"transfer",
       OperationOf(0x02, {Transfer{"anna", "bert", "HOUR", Amount{90}, "tuin",
                                   "Heg gesnoeid \xe2\x80\x93 dank je!"}}),
       {anna},
       kTransferBody,
       {kTransferSignature},
       kTransferEnvelope},
      {"create_pending",
       OperationOf(0x03, {CreatePending{Transfer{"anna", "bert", "HOUR", Amount{120}, "vervoer",
                                                 "Rit naar het ziekenhuis"},
                                        kWeekMs}}),
       {anna},
       kCreatePendingBody,
       {kCreatePendingSignature},
       kCreatePendingEnvelope},
      {"post_pending with amount",
       OperationOf(0x04, {PostPending{IdEndingIn(0x03), Amount{90}}}),
       {anna},
       kPostPendingAmountBody,
       {kPostPendingAmountSignature},
       kPostPendingAmountEnvelope},
      {"post_pending without amount",
       OperationOf(0x05, {PostPending{IdEndingIn(0x03), std::nullopt}}),
       {anna},
       kPostPendingAllBody,
       {kPostPendingAllSignature},
       kPostPendingAllEnvelope},
      {"linked batch of two transfers",
       OperationOf(0x06, {Transfer{"anna", "bert", "HOUR", Amount{60}, "koken", "Maaltijd"},
                          Transfer{"bert", "anna", "HOUR", Amount{30}, "", ""}}),
       {anna, bert},
       kBatchBody,
       {kBatchSignatureAnna, kBatchSignatureBert},
       kBatchEnvelope},
  };
}

class SigningVectors : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }
};

TEST_F(SigningVectors, KeysComeFromTheStatedSeeds) {
  EXPECT_EQ(ToHex(Admin().public_key), kAdminPublicKey);
  EXPECT_EQ(ToHex(Anna().public_key), kAnnaPublicKey);
  EXPECT_EQ(ToHex(Bert().public_key), kBertPublicKey);
  // libsodium's 64-byte secret key is the seed followed by the public key.
  const KeyPair anna = Anna();
  EXPECT_EQ(ToHex(anna.secret_key), ToHex(SeedOf(0x02)) + kAnnaPublicKey);
}

TEST_F(SigningVectors, GenesisBytesAndCommunityId) {
  const std::string bytes = EncodeGenesis(VectorGenesis());
  EXPECT_EQ(Hex(bytes), kGenesis);
  EXPECT_EQ(ToHex(Sha256(bytes)), kCommunityId);
  EXPECT_EQ(ToHex(VectorCommunity()), kCommunityId);
  absl::StatusOr<Genesis> decoded = DecodeGenesis(Bytes(kGenesis));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, VectorGenesis());
}

TEST_F(SigningVectors, BodiesSignaturesAndEnvelopesAreExactlyTheDocumentedBytes) {
  const CommunityId community = VectorCommunity();
  for (const Vector& v : Vectors()) {
    SCOPED_TRACE(v.name);
    const std::string body = EncodeOperation(v.operation);
    EXPECT_EQ(Hex(body), v.body_hex);
    Operation decoded;
    EXPECT_TRUE(DecodeOperation(body, &decoded).ok());
    EXPECT_EQ(decoded, v.operation);

    SignedOperation signed_operation{body, {}};
    for (const KeyPair& signer : v.signers) {
      ASSERT_TRUE(AddSignature(signer.secret_key, &signed_operation).ok());
    }
    ASSERT_EQ(signed_operation.signatures.size(), v.signature_hex.size());
    for (size_t i = 0; i < v.signers.size(); ++i) {
      const SignatureEntry& entry = signed_operation.signatures[i];
      EXPECT_EQ(entry.key, v.signers[i].public_key) << "signatures are sorted by key";
      EXPECT_EQ(ToHex(entry.signature), v.signature_hex[i]);
      // A plain detached Ed25519 signature of the body bytes, nothing else.
      EXPECT_EQ(ToHex(Sign(v.signers[i].secret_key, body)), v.signature_hex[i]);
      Signature documented{};
      ASSERT_TRUE(FromHex(v.signature_hex[i], documented.data(), documented.size()));
      EXPECT_TRUE(Verify(v.signers[i].public_key, documented, Bytes(v.body_hex)));
    }
    EXPECT_EQ(Hex(EncodeSignedOperation(signed_operation)), v.envelope_hex);

    VerifiedOperation verified;
    Rejection r = VerifyOperation(community, Bytes(v.envelope_hex), &verified);
    EXPECT_EQ(r.code, ResultCode::kAccepted) << r.message;
    EXPECT_EQ(verified.operation, v.operation);
    EXPECT_EQ(verified.body_hash, Sha256(body));
    EXPECT_EQ(verified.signers.size(), v.signers.size());
  }
}

TEST_F(SigningVectors, OneBitChangedInTheBodyIsABadSignature) {
  for (const Vector& v : Vectors()) {
    SCOPED_TRACE(v.name);
    std::string envelope = Bytes(v.envelope_hex);
    envelope[4 + kFlippedBodyByte] ^= 0x01;  // after the u32 body length
    VerifiedOperation verified;
    Rejection r = VerifyOperation(VectorCommunity(), envelope, &verified);
    EXPECT_EQ(r.code, ResultCode::kBadSignature) << r.message;
  }
}

TEST_F(SigningVectors, EveryOneBitChangeOfATransferBodyIsRefused) {
  const std::string envelope = Bytes(kTransferEnvelope);
  const size_t body_bytes = Bytes(kTransferBody).size();
  size_t bad_signatures = 0;
  for (size_t bit = 0; bit < body_bytes * 8; ++bit) {
    std::string changed = envelope;
    changed[4 + bit / 8] ^= static_cast<char>(1 << (bit % 8));
    VerifiedOperation verified;
    Rejection r = VerifyOperation(VectorCommunity(), changed, &verified);
    EXPECT_FALSE(r.ok()) << "bit " << bit;
    if (r.code == ResultCode::kBadSignature) ++bad_signatures;
  }
  // Changes in the ids, times, amounts and text still decode as a well-formed operation and
  // are caught by the signature alone.
  EXPECT_GT(bad_signatures, body_bytes);
}

// Applies the vectors in order on a fresh ledger: they are accepted against state too, and
// the journal entries chain as the document says.
TEST_F(SigningVectors, TheLedgerAcceptsThemAndChainsTheJournal) {
  MemoryStore store;
  absl::StatusOr<std::unique_ptr<Ledger>> ledger = Ledger::Create(&store, VectorGenesis());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_EQ(ToHex((*ledger)->community_id()), kCommunityId);
  EXPECT_EQ(ToHex((*ledger)->head().hash), kJournalEntry0Hash);
  absl::StatusOr<std::optional<JournalEntry>> entry0 = store.GetEntry(0);
  ASSERT_TRUE(entry0.ok() && entry0->has_value());
  // index 0, timestamp created_ms, previous hash zeros, outcome 0, then the genesis bytes.
  EXPECT_EQ(Hex(EncodeJournalEntry(**entry0)), std::string("0000000000000000") +
                                                   "0000019b8d627a80" + std::string(64, '0') +
                                                   "0000" + "000003bc" + kGenesis);
  EXPECT_EQ(Bytes(kGenesis).size(), 0x3bcu);
  EXPECT_EQ(ToHex(HashJournalEntry(**entry0)), kJournalEntry0Hash);

  auto submit = [&](std::string_view envelope_hex) {
    absl::StatusOr<Outcome> outcome = (*ledger)->Submit(kSubmitMs, Bytes(envelope_hex));
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? *outcome : Outcome{ResultCode::kUnavailable, "", 0, 0};
  };
  EXPECT_EQ(submit(kOpenAccountEnvelope).code, ResultCode::kAccepted);
  absl::StatusOr<std::optional<JournalEntry>> entry1 = store.GetEntry(1);
  ASSERT_TRUE(entry1.ok() && entry1->has_value());
  EXPECT_EQ(Hex(EncodeJournalEntry(**entry1)), kJournalEntry1);
  EXPECT_EQ(ToHex((*ledger)->head().hash), kJournalEntry1Hash);
  EXPECT_EQ(ToHex((**entry1).previous_hash), kJournalEntry0Hash);

  // Bert is opened the same way (not a vector) so anna has someone to pay.
  SignedOperation open_bert{
      EncodeOperation(
          OperationOf(0x10, {OpenAccount{"bert", AccountKind::kResident, {Bert().public_key}, 1}})),
      {}};
  ASSERT_TRUE(AddSignature(Admin().secret_key, &open_bert).ok());
  EXPECT_EQ(submit(Hex(EncodeSignedOperation(open_bert))).code, ResultCode::kAccepted);
  EXPECT_EQ(submit(kTransferEnvelope).code, ResultCode::kAccepted);
  EXPECT_EQ(submit(kCreatePendingEnvelope).code, ResultCode::kAccepted);
  EXPECT_EQ(submit(kPostPendingAmountEnvelope).code, ResultCode::kAccepted);
  // The two post_pending vectors are alternatives: once posted, the pending is not open.
  EXPECT_EQ(submit(kPostPendingAllEnvelope).code, ResultCode::kPendingNotOpen);
  EXPECT_EQ(submit(kBatchEnvelope).code, ResultCode::kAccepted);
  EXPECT_EQ((*ledger)->head().index, 6u);

  absl::StatusOr<std::optional<Balance>> anna = store.GetBalance("anna", "HOUR");
  ASSERT_TRUE(anna.ok() && anna->has_value());
  EXPECT_EQ((**anna).balance, Amount{-90 - 90 - 60 + 30});
}

// The hex blocks of docs/signing.md: the fenced blocks holding only hex digits, each joined
// into one string, in document order.
std::vector<std::string> HexBlocksOf(std::istream& in) {
  std::vector<std::string> blocks;
  std::optional<std::string> block;  // set while inside a fenced block
  bool only_hex = true;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("```")) {
      if (block && only_hex && !block->empty()) blocks.push_back(*block);
      block = block ? std::nullopt : std::optional<std::string>(std::string());
      only_hex = true;
      continue;
    }
    if (!block) continue;
    only_hex = only_hex && !line.empty() &&
               line.find_first_not_of("0123456789abcdef") == std::string::npos;
    block->append(line);
  }
  return blocks;
}

// The document quotes every vector, in this order; this keeps the two from drifting apart.
TEST_F(SigningVectors, TheDocumentQuotesExactlyTheseVectors) {
  const std::filesystem::path doc =
      std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "docs" /
      "signing.md";
  std::ifstream in(doc);
  ASSERT_TRUE(in.good()) << "cannot read " << doc;
  const std::vector<std::string> expected = {
      kGenesis,
      kCommunityId,
      kOpenAccountBody,
      kOpenAccountSignature,
      kOpenAccountEnvelope,
      kTransferBody,
      kTransferSignature,
      kTransferEnvelope,
      kCreatePendingBody,
      kCreatePendingSignature,
      kCreatePendingEnvelope,
      kPostPendingAmountBody,
      kPostPendingAmountSignature,
      kPostPendingAmountEnvelope,
      kPostPendingAllBody,
      kPostPendingAllSignature,
      kPostPendingAllEnvelope,
      kBatchBody,
      kBatchSignatureAnna,
      kBatchSignatureBert,
      kBatchEnvelope,
      kJournalEntry0Hash,
      kJournalEntry1,
      kJournalEntry1Hash,
  };
  const std::vector<std::string> quoted = HexBlocksOf(in);
  ASSERT_EQ(quoted.size(), expected.size()) << doc;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(quoted[i], expected[i]) << "hex block " << i + 1 << " of " << doc;
  }
  // The public keys are quoted inline, in backticks.
  in.clear();
  in.seekg(0);
  std::stringstream text;
  text << in.rdbuf();
  for (const char* key : {kAdminPublicKey, kAnnaPublicKey, kBertPublicKey}) {
    EXPECT_NE(text.str().find(std::string("`") + key + "`"), std::string::npos) << key;
  }
}

// ---- The decoder's canonical-form rules and result codes (docs/signing.md, "Canonical form") --

constexpr size_t kVersionByte = 16;
constexpr size_t kCommunityFirstByte = 17;
constexpr size_t kActionCountByte = 73;
constexpr size_t kFirstActionTypeByte = 74;
constexpr size_t kPostPendingFlagByte = 91;  // after the type byte and the 16-byte pending id

class SigningCanonicalForm : public SigningVectors {};
class SigningBounds : public SigningVectors {};

// `body` signed by `signers`, in the canonical envelope.
std::string SignedEnvelope(std::string body, const std::vector<KeyPair>& signers) {
  SignedOperation signed_operation{std::move(body), {}};
  for (const KeyPair& signer : signers) {
    EXPECT_TRUE(AddSignature(signer.secret_key, &signed_operation).ok());
  }
  return EncodeSignedOperation(signed_operation);
}

std::string WithByte(std::string bytes, size_t offset, uint8_t value) {
  bytes[offset] = static_cast<char>(value);
  return bytes;
}

ResultCode VerifyCode(std::string_view envelope) {
  VerifiedOperation verified;
  return VerifyOperation(VectorCommunity(), envelope, &verified).code;
}

struct EnvelopeCase {
  const char* what;
  std::string envelope;
  ResultCode expected;
};

TEST_F(SigningCanonicalForm, EachDocumentedRuleHasItsResultCode) {
  const KeyPair admin = Admin(), anna = Anna(), bert = Bert();
  const std::string transfer = Bytes(kTransferBody);
  const std::string envelope = Bytes(kTransferEnvelope);
  const std::string batch = Bytes(kBatchBody);
  SignedOperation batch_signed;
  ASSERT_TRUE(DecodeSignedOperation(Bytes(kBatchEnvelope), &batch_signed).ok());
  const SignatureEntry by_anna = batch_signed.signatures[0], by_bert = batch_signed.signatures[1];
  std::string bad_signature = envelope;
  bad_signature.back() ^= 0x01;

  const EnvelopeCase cases[] = {
      {"a byte after the body", SignedEnvelope(transfer + '\0', {anna}),
       ResultCode::kMalformedEncoding},
      {"the body one byte short", SignedEnvelope(transfer.substr(0, transfer.size() - 1), {anna}),
       ResultCode::kMalformedEncoding},
      {"a byte after the envelope", envelope + '\0', ResultCode::kMalformedEncoding},
      {"the envelope one byte short", envelope.substr(0, envelope.size() - 1),
       ResultCode::kMalformedEncoding},
      {"an amount flag of 2",
       SignedEnvelope(WithByte(Bytes(kPostPendingAmountBody), kPostPendingFlagByte, 2), {anna}),
       ResultCode::kNonCanonical},
      {"an amount flag of 1 with no amount after it",
       SignedEnvelope(WithByte(Bytes(kPostPendingAllBody), kPostPendingFlagByte, 1), {anna}),
       ResultCode::kMalformedEncoding},
      {"another domain tag", SignedEnvelope(WithByte(transfer, 0, 'N'), {anna}),
       ResultCode::kMalformedEncoding},
      {"version 2", SignedEnvelope(WithByte(transfer, kVersionByte, 2), {anna}),
       ResultCode::kUnsupportedVersion},
      {"another community",
       SignedEnvelope(WithByte(transfer, kCommunityFirstByte, transfer[kCommunityFirstByte] ^ 1),
                      {anna}),
       ResultCode::kWrongCommunity},
      {"no actions", SignedEnvelope(transfer.substr(0, kActionCountByte) + '\0', {anna}),
       ResultCode::kNoActions},
      {"an action count of 65", SignedEnvelope(WithByte(transfer, kActionCountByte, 65), {anna}),
       ResultCode::kTooManyActions},
      {"action type 0", SignedEnvelope(WithByte(transfer, kFirstActionTypeByte, 0), {anna}),
       ResultCode::kUnknownActionType},
      {"action type 10", SignedEnvelope(WithByte(transfer, kFirstActionTypeByte, 10), {anna}),
       ResultCode::kUnknownActionType},
      {"a signed expire_pending",
       SignedEnvelope(EncodeOperation(OperationOf(0x20, {ExpirePending{IdEndingIn(0x03)}})),
                      {admin}),
       ResultCode::kSystemActionNotAllowed},
      {"no signatures", SignedEnvelope(transfer, {}), ResultCode::kNoSignatures},
      {"a signature count of 17", envelope.substr(0, 4 + transfer.size()) + '\x11',
       ResultCode::kTooManySignatures},
      {"65537 bytes", envelope + std::string(65537 - envelope.size(), '\0'), ResultCode::kTooLarge},
      {"65536 bytes (within the bound, but trailing bytes)",
       envelope + std::string(65536 - envelope.size(), '\0'), ResultCode::kMalformedEncoding},
      {"signatures not sorted by key",
       EncodeSignedOperation(SignedOperation{batch, {by_bert, by_anna}}),
       ResultCode::kNonCanonical},
      {"the same key twice", EncodeSignedOperation(SignedOperation{batch, {by_anna, by_anna}}),
       ResultCode::kNonCanonical},
      {"one bit of a signature changed", bad_signature, ResultCode::kBadSignature},
      {"an extra valid signature by a key that need not sign",
       SignedEnvelope(transfer, {anna, bert}), ResultCode::kAccepted},
  };
  for (const EnvelopeCase& c : cases) {
    EXPECT_EQ(VerifyCode(c.envelope), c.expected)
        << c.what << ": got " << ResultCodeName(VerifyCode(c.envelope));
  }
}

// ---- The stateless bounds (docs/signing.md, "Well-formedness") ----

struct ActionCase {
  const char* what;
  std::vector<Action> actions;
  ResultCode expected;
};

// `count` distinct public keys, sorted.
std::vector<PublicKey> SortedKeys(size_t count) {
  std::vector<PublicKey> keys;
  for (size_t i = 0; i < count; ++i) {
    keys.push_back(KeyPairFromSeed(SeedOf(static_cast<uint8_t>(0x10 + i))).public_key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

Transfer Pay(std::string from, std::string to, std::string asset, int64_t amount,
             std::string skill = "", std::string memo = "") {
  return Transfer{std::move(from), std::move(to),    std::move(asset),
                  Amount{amount},  std::move(skill), std::move(memo)};
}

std::vector<ActionCase> TransferCases() {
  using R = ResultCode;
  return {
      {"handle of 3", {Pay("ann", "bert", "HOUR", 1)}, R::kAccepted},
      {"handle of 2", {Pay("an", "bert", "HOUR", 1)}, R::kInvalidHandle},
      {"handle of 32", {Pay(std::string(32, 'a'), "bert", "HOUR", 1)}, R::kAccepted},
      {"handle of 33", {Pay(std::string(33, 'a'), "bert", "HOUR", 1)}, R::kInvalidHandle},
      {"handle with . _ -", {Pay("a.n_n-a9", "bert", "HOUR", 1)}, R::kAccepted},
      {"handle in capitals", {Pay("Anna", "bert", "HOUR", 1)}, R::kInvalidHandle},
      {"paying oneself", {Pay("anna", "anna", "HOUR", 1)}, R::kSameAccount},
      {"asset code of 2", {Pay("anna", "bert", "HO", 1)}, R::kAccepted},
      {"asset code of 1", {Pay("anna", "bert", "H", 1)}, R::kInvalidAssetCode},
      {"asset code of 12", {Pay("anna", "bert", "HOUR12345678", 1)}, R::kAccepted},
      {"asset code of 13", {Pay("anna", "bert", "HOUR123456789", 1)}, R::kInvalidAssetCode},
      {"asset code in lower case", {Pay("anna", "bert", "hour", 1)}, R::kInvalidAssetCode},
      {"amount 0", {Pay("anna", "bert", "HOUR", 0)}, R::kInvalidAmount},
      {"amount -1", {Pay("anna", "bert", "HOUR", -1)}, R::kInvalidAmount},
      {"amount 10^15", {Pay("anna", "bert", "HOUR", kAmountMax)}, R::kAccepted},
      {"amount 10^15 + 1", {Pay("anna", "bert", "HOUR", kAmountMax + 1)}, R::kInvalidAmount},
      {"skill of 32", {Pay("anna", "bert", "HOUR", 1, std::string(32, 'k'))}, R::kAccepted},
      {"skill of 33", {Pay("anna", "bert", "HOUR", 1, std::string(33, 'k'))}, R::kInvalidSkillCode},
      {"skill with a dot", {Pay("anna", "bert", "HOUR", 1, "tuin.werk")}, R::kInvalidSkillCode},
      {"memo of 256 bytes",
       {Pay("anna", "bert", "HOUR", 1, "", std::string(256, 'm'))},
       R::kAccepted},
      {"memo of 257 bytes",
       {Pay("anna", "bert", "HOUR", 1, "", std::string(257, 'm'))},
       R::kInvalidText},
      {"memo with a newline", {Pay("anna", "bert", "HOUR", 1, "", "a\nb")}, R::kInvalidText},
      {"memo with DEL", {Pay("anna", "bert", "HOUR", 1, "", "a\x7f")}, R::kInvalidText},
      {"memo with a C1 control",
       {Pay("anna", "bert", "HOUR", 1, "", "a\xc2\x85")},
       R::kInvalidText},
      {"memo with an overlong '/'",
       {Pay("anna", "bert", "HOUR", 1, "", "\xc0\xaf")},
       R::kInvalidText},
      {"memo with a surrogate",
       {Pay("anna", "bert", "HOUR", 1, "", "\xed\xa0\x80")},
       R::kInvalidText},
      {"memo with a cut UTF-8 sequence",
       {Pay("anna", "bert", "HOUR", 1, "", "caf\xc3")},
       R::kInvalidText},
      {"memo in UTF-8",
       {Pay("anna", "bert", "HOUR", 1, "", "caf\xc3\xa9 \xf0\x9f\x8c\xb1")},
       R::kAccepted},
  };
}

std::vector<ActionCase> OtherCases() {
  using R = ResultCode;
  const Transfer t = Pay("anna", "bert", "HOUR", 60);
  const int64_t day_ms = 24LL * 3600 * 1000;
  const std::vector<PublicKey> two = SortedKeys(2);
  return {
      {"timeout 999 ms", {CreatePending{t, 999}}, R::kInvalidTimeout},
      {"timeout 1 s", {CreatePending{t, 1000}}, R::kAccepted},
      {"timeout 366 days", {CreatePending{t, 366 * day_ms}}, R::kAccepted},
      {"timeout 366 days + 1 ms", {CreatePending{t, 366 * day_ms + 1}}, R::kInvalidTimeout},
      {"two create_pendings",
       {CreatePending{t, 1000}, CreatePending{t, 1000}},
       R::kMultiplePendings},
      {"post of 0", {PostPending{IdEndingIn(0x03), Amount{0}}}, R::kInvalidAmount},
      {"void", {VoidPending{IdEndingIn(0x03)}}, R::kAccepted},
      {"open as community",
       {OpenAccount{"carla", AccountKind::kCommunity, two, 1}},
       R::kInvalidKind},
      {"open as kind 0",
       {OpenAccount{"carla", static_cast<AccountKind>(0), two, 1}},
       R::kInvalidKind},
      {"no keys", {OpenAccount{"carla", AccountKind::kPartner, {}, 1}}, R::kInvalidKeys},
      {"10 keys", {OpenAccount{"carla", AccountKind::kPartner, SortedKeys(10), 10}}, R::kAccepted},
      {"11 keys",
       {OpenAccount{"carla", AccountKind::kPartner, SortedKeys(11), 1}},
       R::kInvalidKeys},
      {"keys not sorted",
       {OpenAccount{"carla", AccountKind::kPartner, {two[1], two[0]}, 1}},
       R::kInvalidKeys},
      {"a key twice",
       {OpenAccount{"carla", AccountKind::kPartner, {two[0], two[0]}, 1}},
       R::kInvalidKeys},
      {"threshold 0",
       {OpenAccount{"carla", AccountKind::kInitiative, two, 0}},
       R::kInvalidThreshold},
      {"threshold above the keys", {RotateKeys{"carla", two, 3}}, R::kInvalidThreshold},
      {"rotate to 11 keys", {RotateKeys{"carla", SortedKeys(11), 1}}, R::kInvalidKeys},
      {"limits: neither",
       {SetLimits{"anna", "HOUR", std::nullopt, std::nullopt}},
       R::kInvalidLimits},
      {"limits: min above max",
       {SetLimits{"anna", "HOUR", Amount{10}, Amount{9}}},
       R::kInvalidLimits},
      {"limits: min -10^15",
       {SetLimits{"anna", "HOUR", Amount{-kAmountMax}, std::nullopt}},
       R::kAccepted},
      {"limits: min below -10^15",
       {SetLimits{"anna", "HOUR", Amount{-kAmountMax - 1}, std::nullopt}},
       R::kInvalidLimits},
      {"limits: max only", {SetLimits{"anna", "HOUR", std::nullopt, Amount{0}}}, R::kAccepted},
      {"status closed", {SetStatus{"anna", AccountStatus::kClosed}}, R::kAccepted},
      {"status 0", {SetStatus{"anna", static_cast<AccountStatus>(0)}}, R::kInvalidStatus},
      {"status 4", {SetStatus{"anna", static_cast<AccountStatus>(4)}}, R::kInvalidStatus},
      {"64 actions", std::vector<Action>(64, t), R::kAccepted},
      {"65 actions", std::vector<Action>(65, t), R::kTooManyActions},
  };
}

TEST_F(SigningBounds, EachDocumentedBoundHoldsAtItsEdge) {
  std::vector<ActionCase> cases = TransferCases();
  for (ActionCase& c : OtherCases()) cases.push_back(std::move(c));
  for (const ActionCase& c : cases) {
    const std::string envelope =
        SignedEnvelope(EncodeOperation(OperationOf(0x30, c.actions)), {Anna()});
    EXPECT_EQ(VerifyCode(envelope), c.expected)
        << c.what << ": got " << ResultCodeName(VerifyCode(envelope));
  }
}

TEST_F(SigningBounds, SixteenSignaturesAndNoMore) {
  const std::string body = Bytes(kTransferBody);
  std::vector<KeyPair> signers;
  for (uint8_t i = 0; i < 16; ++i) signers.push_back(KeyPairFromSeed(SeedOf(0x40 + i)));
  EXPECT_EQ(VerifyCode(SignedEnvelope(body, signers)), ResultCode::kAccepted);
  signers.push_back(KeyPairFromSeed(SeedOf(0x40 + 16)));
  EXPECT_EQ(VerifyCode(SignedEnvelope(body, signers)), ResultCode::kTooManySignatures);
}

TEST_F(SigningBounds, TheResultCodeNumbersAndNamesAreTheDocumentedOnes) {
  struct Row {
    int number;
    const char* name;
    ResultGroup group;
  };
  const Row table[] = {
      {0, "accepted", ResultGroup::kAccepted},
      {1, "already_applied", ResultGroup::kAccepted},
      {100, "malformed_encoding", ResultGroup::kMalformed},
      {101, "non_canonical", ResultGroup::kMalformed},
      {102, "unsupported_version", ResultGroup::kMalformed},
      {103, "wrong_community", ResultGroup::kMalformed},
      {104, "too_large", ResultGroup::kMalformed},
      {105, "no_actions", ResultGroup::kMalformed},
      {106, "too_many_actions", ResultGroup::kMalformed},
      {107, "unknown_action_type", ResultGroup::kMalformed},
      {108, "system_action_not_allowed", ResultGroup::kMalformed},
      {109, "bad_signature", ResultGroup::kMalformed},
      {110, "no_signatures", ResultGroup::kMalformed},
      {111, "too_many_signatures", ResultGroup::kMalformed},
      {112, "invalid_handle", ResultGroup::kMalformed},
      {113, "invalid_asset_code", ResultGroup::kMalformed},
      {114, "invalid_skill_code", ResultGroup::kMalformed},
      {115, "invalid_amount", ResultGroup::kMalformed},
      {116, "invalid_text", ResultGroup::kMalformed},
      {117, "invalid_keys", ResultGroup::kMalformed},
      {118, "invalid_threshold", ResultGroup::kMalformed},
      {119, "invalid_kind", ResultGroup::kMalformed},
      {120, "invalid_status", ResultGroup::kMalformed},
      {121, "same_account", ResultGroup::kMalformed},
      {122, "invalid_timeout", ResultGroup::kMalformed},
      {123, "invalid_limits", ResultGroup::kMalformed},
      {124, "multiple_pendings", ResultGroup::kMalformed},
      {200, "expired", ResultGroup::kFailsAgainstState},
      {201, "valid_until_too_far", ResultGroup::kFailsAgainstState},
      {202, "id_reused", ResultGroup::kFailsAgainstState},
      {203, "unknown_account", ResultGroup::kFailsAgainstState},
      {204, "account_exists", ResultGroup::kFailsAgainstState},
      {205, "unknown_asset", ResultGroup::kFailsAgainstState},
      {206, "unknown_skill", ResultGroup::kFailsAgainstState},
      {207, "not_authorized", ResultGroup::kFailsAgainstState},
      {208, "account_frozen", ResultGroup::kFailsAgainstState},
      {209, "account_closed", ResultGroup::kFailsAgainstState},
      {210, "exceeds_minimum", ResultGroup::kFailsAgainstState},
      {211, "exceeds_maximum", ResultGroup::kFailsAgainstState},
      {212, "unknown_pending", ResultGroup::kFailsAgainstState},
      {213, "pending_not_open", ResultGroup::kFailsAgainstState},
      {214, "pending_expired", ResultGroup::kFailsAgainstState},
      {215, "post_exceeds_pending", ResultGroup::kFailsAgainstState},
      {216, "balance_not_zero", ResultGroup::kFailsAgainstState},
      {217, "limits_exclude_balance", ResultGroup::kFailsAgainstState},
      {218, "not_allowed_for_community", ResultGroup::kFailsAgainstState},
      {219, "pending_not_due", ResultGroup::kFailsAgainstState},
      {220, "overflow", ResultGroup::kFailsAgainstState},
      {221, "limits_cross", ResultGroup::kFailsAgainstState},
      {300, "busy", ResultGroup::kRetryLater},
      {301, "unavailable", ResultGroup::kRetryLater},
  };
  std::set<int> documented;
  for (const Row& row : table) {
    const auto code = static_cast<ResultCode>(row.number);
    EXPECT_STREQ(ResultCodeName(code), row.name) << row.number;
    EXPECT_EQ(GroupOf(code), row.group) << row.name;
    documented.insert(row.number);
  }
  // A code added to result.h must be added to the document's table too.
  for (int number = 0; number < 1000; ++number) {
    if (std::string_view(ResultCodeName(static_cast<ResultCode>(number))) == "unknown") continue;
    EXPECT_TRUE(documented.contains(number)) << number << " is not in the table";
  }
}

}  // namespace
}  // namespace noaber::ledger
