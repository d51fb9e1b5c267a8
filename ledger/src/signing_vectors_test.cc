// Test vectors for docs/signing.md: fixed keys, a fixed genesis and fixed operations, and the
// exact bytes the encoder, the signer and the journal must produce for them. Every hex string
// below is quoted verbatim in docs/signing.md, so a wallet written in another language checks
// itself against the same bytes. A failure here means the signing format changed, which breaks
// every wallet: change the document (and its version byte) with it, never only the code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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
constexpr int64_t kRequestExpiresMs = 1768208400000;  // 2026-01-12 09:00:00 UTC
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
    "6e6f616265722d67656e657369730208426f726e686f6c6d0000019b8d627a80"
    "0104484f5552010c54696d652063726564697473fffc72815b398000018a88e3"
    "dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c010301"
    "04484f5552fffffffffffffda800038d7ea4c680000000000000000000000000"
    "00000000000204484f5552000000000000000000038d7ea4c680000000000000"
    "00000000000000000000000304484f5552000000000000000000038d7ea4c680"
    "0000000000000000000000000000000000000f0c626f6f64736368617070656e"
    "11426f6f64736368617070656e20646f656e1047726f636572792073686f7070"
    "696e67046361726507766572766f657216566572766f657220656e2062656765"
    "6c656964696e67145472616e73706f727420616e64206573636f727404636172"
    "650a67657a656c73636861701447657a656c736368617020656e2062657a6f65"
    "6b12436f6d70616e7920616e64207669736974730463617265056b6f6b656e13"
    "4b6f6b656e20656e206d61616c74696a64656e11436f6f6b696e6720616e6420"
    "6d65616c730463617265047475696e0d5475696e6f6e646572686f7564094761"
    "7264656e696e6704686f6d65076b6c757373656e0e4b6c65696e65206b6c7573"
    "73656e144f6464206a6f627320616e64207265706169727304686f6d650a7363"
    "686f6f6e6d61616b0b5363686f6f6e6d616b656e08436c65616e696e6704686f"
    "6d650c636f6d707574657268756c701d48756c70206d657420636f6d70757465"
    "7220656e2074656c65666f6f6e17436f6d707574657220616e642070686f6e65"
    "2068656c70076469676974616c0d61646d696e69737472617469651448756c70"
    "2062696a20666f726d756c696572656e0f48656c70207769746820666f726d73"
    "076469676974616c077461616c6c6573155461616c6d6161746a6520656e2074"
    "61616c6c65731a4c616e677561676520627564647920616e64206c6573736f6e"
    "73086c6561726e696e6708687569737765726b13487569737765726b62656765"
    "6c656964696e670d486f6d65776f726b2068656c70086c6561726e696e670c6b"
    "696e6465726f7076616e67084f7070617373656e0c4368696c646d696e64696e"
    "6704636172650a64696572656e7a6f72671044696572656e207665727a6f7267"
    "656e08506574206361726504686f6d650b6576656e656d656e74656e1948756c"
    "702062696a2077696a6b61637469766974656974656e144e65696768626f7572"
    "686f6f64206576656e747309636f6d6d756e6974790d766572647575727a616d"
    "696e6710456e657267696520626573706172656e12486f6d6520656e65726779"
    "20736176696e6704686f6d65";
constexpr char kCommunityId[] = "9a4b9c85e9f6d84ca29c866cddd5eda212c6b43755492594460f114ab5afb23a";

constexpr char kOpenAccountBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "010000019b8d996900010104616e6e6101018139770ea87d175f56a35466c34c"
    "7ecccb8d8a91b4ee37a25df60f5b8fc9b39401";
constexpr char kOpenAccountSignature[] =
    "4403979f2332324beea31b7757d30b12d5b0807dabd7851b1ada0b86d35ce79e"
    "0c5c219967e3a1cdc9b2f05c13d33924451587b070566905b0cf66d45e33a30e";
constexpr char kOpenAccountEnvelope[] =
    "000000736e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee010000019b8d996900010104616e6e6101018139770ea87d175f56a3"
    "5466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b39401018a88e3dd7409f195"
    "fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c4403979f2332324b"
    "eea31b7757d30b12d5b0807dabd7851b1ada0b86d35ce79e0c5c219967e3a1cd"
    "c9b2f05c13d33924451587b070566905b0cf66d45e33a30e";

constexpr char kTransferBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "020000019b8d996900010204616e6e61046265727404484f5552000000000000"
    "005a047475696e0019486567206765736e6f65696420e280932064616e6b206a"
    "6521";
constexpr char kTransferSignature[] =
    "4ee1ad895ff6cfb2f4dc54c344ea4bf13abbbc66ed418c73a9e7a0d64e387a82"
    "e4a93b658c39ede0336bea3e6dc437e5727be426b2cfe8c59863b448f6990909";
constexpr char kTransferEnvelope[] =
    "000000826e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee020000019b8d996900010204616e6e61046265727404484f55520000"
    "00000000005a047475696e0019486567206765736e6f65696420e28093206461"
    "6e6b206a6521018139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25d"
    "f60f5b8fc9b3944ee1ad895ff6cfb2f4dc54c344ea4bf13abbbc66ed418c73a9"
    "e7a0d64e387a82e4a93b658c39ede0336bea3e6dc437e5727be426b2cfe8c598"
    "63b448f6990909";

constexpr char kCreatePendingBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "030000019b8d996900010304616e6e61046265727404484f5552000000000000"
    "007807766572766f65720017526974206e61617220686574207a69656b656e68"
    "75697300000000240c8400";
constexpr char kCreatePendingSignature[] =
    "424b52a25780e56b62a15d5d54f124a768b3a9e39d8fe8beb7ff39246b842e9a"
    "78fadf08f09b6fc84458764557d2410fc63dfa9187b8f0f0e0ef399fed212300";
constexpr char kCreatePendingEnvelope[] =
    "0000008b6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee030000019b8d996900010304616e6e61046265727404484f55520000"
    "00000000007807766572766f65720017526974206e61617220686574207a6965"
    "6b656e6875697300000000240c8400018139770ea87d175f56a35466c34c7ecc"
    "cb8d8a91b4ee37a25df60f5b8fc9b394424b52a25780e56b62a15d5d54f124a7"
    "68b3a9e39d8fe8beb7ff39246b842e9a78fadf08f09b6fc84458764557d2410f"
    "c63dfa9187b8f0f0e0ef399fed212300";

constexpr char kPostPendingAmountBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "040000019b8d996900010400112233445566778899aabbccddee030100000000"
    "0000005a";
constexpr char kPostPendingAmountSignature[] =
    "e19ad7c013dd58af5fb7fbeb8fffd013b5daccef2caee4cd9493a70b44e176c6"
    "f2c0ec71411338c9437407970bc2668df09c567682144b0473d383b9b4cdda07";
constexpr char kPostPendingAmountEnvelope[] =
    "000000646e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee040000019b8d996900010400112233445566778899aabbccddee0301"
    "000000000000005a018139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37"
    "a25df60f5b8fc9b394e19ad7c013dd58af5fb7fbeb8fffd013b5daccef2caee4"
    "cd9493a70b44e176c6f2c0ec71411338c9437407970bc2668df09c567682144b"
    "0473d383b9b4cdda07";

constexpr char kPostPendingAllBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "050000019b8d996900010400112233445566778899aabbccddee0300";
constexpr char kPostPendingAllSignature[] =
    "19959d9d126ed516b2ee0a63f6d4a23c607149efafc036171b350a5f71e1af9b"
    "31c47ff3284d889651c9e2a34a292c1b657a442a7dae33e83f72aafb944f000e";
constexpr char kPostPendingAllEnvelope[] =
    "0000005c6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee050000019b8d996900010400112233445566778899aabbccddee0300"
    "018139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b3"
    "9419959d9d126ed516b2ee0a63f6d4a23c607149efafc036171b350a5f71e1af"
    "9b31c47ff3284d889651c9e2a34a292c1b657a442a7dae33e83f72aafb944f00"
    "0e";

constexpr char kBatchBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "060000019b8d996900020204616e6e61046265727404484f5552000000000000"
    "003c056b6f6b656e00084d61616c74696a6402046265727404616e6e6104484f"
    "5552000000000000001e000000";
constexpr char kBatchSignatureAnna[] =
    "2c0231fd25f33d7595814948fa85ccaabc51d0c5dedb10a21b1bb73acaad6bfe"
    "64667700cbbe015b9dded337040f10be7d6beb73e22272126186f22b11ca6708";
constexpr char kBatchSignatureBert[] =
    "45f79d5727f651c299c3f6019a2c7f7addb9399b3889212485f27ca2ca1aac10"
    "ecb6f4dddfa6a49f77cf98e3a8e6affa8b27be9f4de85d81e79b32f0c2c3a306";
constexpr char kBatchEnvelope[] =
    "0000008d6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee060000019b8d996900020204616e6e61046265727404484f55520000"
    "00000000003c056b6f6b656e00084d61616c74696a6402046265727404616e6e"
    "6104484f5552000000000000001e000000028139770ea87d175f56a35466c34c"
    "7ecccb8d8a91b4ee37a25df60f5b8fc9b3942c0231fd25f33d7595814948fa85"
    "ccaabc51d0c5dedb10a21b1bb73acaad6bfe64667700cbbe015b9dded337040f"
    "10be7d6beb73e22272126186f22b11ca6708ed4928c628d1c2c6eae903389059"
    "95612959273a5c63f93636c14614ac8737d145f79d5727f651c299c3f6019a2c"
    "7f7addb9399b3889212485f27ca2ca1aac10ecb6f4dddfa6a49f77cf98e3a8e6"
    "affa8b27be9f4de85d81e79b32f0c2c3a306";

constexpr char kPostListingBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "070000019b8d996900010b046265727401047475696e000e48656767656e206b"
    "6e697070656e04484f5552000000000000003c0000000000000000";
constexpr char kPostListingSignature[] =
    "cc891b7fc64621fc52d83552bff587370fa02f97cdd143c402a62e6ce12e4ad4"
    "5a8b8eb416fa060df3b98011ecf8e720fbc3ee662fee80e59a0ef7840b92500c";
constexpr char kPostListingEnvelope[] =
    "0000007b6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee070000019b8d996900010b046265727401047475696e000e48656767"
    "656e206b6e697070656e04484f5552000000000000003c000000000000000001"
    "ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d1"
    "cc891b7fc64621fc52d83552bff587370fa02f97cdd143c402a62e6ce12e4ad4"
    "5a8b8eb416fa060df3b98011ecf8e720fbc3ee662fee80e59a0ef7840b92500c";

constexpr char kRequestPaymentBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "080000019b8d996900010d046265727404616e6e6104484f5552000000000000"
    "003c047475696e000b4865672067656b6e6970740100112233445566778899aa"
    "bbccddee070000019bb16efe80";
constexpr char kRequestPaymentSignature[] =
    "f3509f8e6fcfb590da487c9a934c96fd939d72009943521ee91f3e8b02ef9f99"
    "f9731353c53e22c9b372735f2dbbc76133611266f15a119968b12fe02db19208";
constexpr char kRequestPaymentEnvelope[] =
    "0000008d6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee080000019b8d996900010d046265727404616e6e6104484f55520000"
    "00000000003c047475696e000b4865672067656b6e6970740100112233445566"
    "778899aabbccddee070000019bb16efe8001ed4928c628d1c2c6eae903389059"
    "95612959273a5c63f93636c14614ac8737d1f3509f8e6fcfb590da487c9a934c"
    "96fd939d72009943521ee91f3e8b02ef9f99f9731353c53e22c9b372735f2dbb"
    "c76133611266f15a119968b12fe02db19208";

constexpr char kAcceptRequestBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "090000019b8d996900010e00112233445566778899aabbccddee08";
constexpr char kAcceptRequestSignature[] =
    "ee495367a74f856fbcbf570c50f69f3de3546311d9d2997fe6ea554489b34c1e"
    "dd57befe21cd022f3eff2c52003ee98bf5ce2d69a910ba961679e1ef1727a80e";
constexpr char kAcceptRequestEnvelope[] =
    "0000005b6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee090000019b8d996900010e00112233445566778899aabbccddee0801"
    "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394"
    "ee495367a74f856fbcbf570c50f69f3de3546311d9d2997fe6ea554489b34c1e"
    "dd57befe21cd022f3eff2c52003ee98bf5ce2d69a910ba961679e1ef1727a80e";

constexpr char kCorrectTransferBody[] =
    "6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5ed"
    "a212c6b43755492594460f114ab5afb23a00112233445566778899aabbccddee"
    "0a0000019b8d996900011100112233445566778899aabbccddee0200000e4475"
    "6262656c2062657461616c64";
constexpr char kCorrectTransferSignature[] =
    "a05e494d663e876d01890b373a44c29fe0d130ce1013911300c3ab3221946e72"
    "b7e5b2f57c6cbd35b35849bc013d2fc7a7f58d2b4205f1218e9bdd0ed85a5a02";
constexpr char kCorrectTransferEnvelope[] =
    "0000006c6e6f616265722d6f7065726174696f6e019a4b9c85e9f6d84ca29c86"
    "6cddd5eda212c6b43755492594460f114ab5afb23a00112233445566778899aa"
    "bbccddee0a0000019b8d996900011100112233445566778899aabbccddee0200"
    "000e44756262656c2062657461616c64018a88e3dd7409f195fd52db2d3cba5d"
    "72ca6709bf1d94121bf3748801b40f6f5ca05e494d663e876d01890b373a44c2"
    "9fe0d130ce1013911300c3ab3221946e72b7e5b2f57c6cbd35b35849bc013d2f"
    "c7a7f58d2b4205f1218e9bdd0ed85a5a02";

constexpr char kJournalEntry0Hash[] =
    "2a1977349b917792f1167b7424f846730df0c9eaac8895df041591f431efdd23";
constexpr char kJournalEntry1[] =
    "00000000000000010000019b8d6364e02a1977349b917792f1167b7424f84673"
    "0df0c9eaac8895df041591f431efdd230000000000d8000000736e6f61626572"
    "2d6f7065726174696f6e019a4b9c85e9f6d84ca29c866cddd5eda212c6b43755"
    "492594460f114ab5afb23a00112233445566778899aabbccddee010000019b8d"
    "996900010104616e6e6101018139770ea87d175f56a35466c34c7ecccb8d8a91"
    "b4ee37a25df60f5b8fc9b39401018a88e3dd7409f195fd52db2d3cba5d72ca67"
    "09bf1d94121bf3748801b40f6f5c4403979f2332324beea31b7757d30b12d5b0"
    "807dabd7851b1ada0b86d35ce79e0c5c219967e3a1cdc9b2f05c13d339244515"
    "87b070566905b0cf66d45e33a30e";
constexpr char kJournalEntry1Hash[] =
    "2590975c3b9d02722eba381197ae19a2adaaef8835b85913b60e3312bca0586b";

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
      {"post_listing",
       OperationOf(0x07, {PostListing{"bert", ListingKind::kOffer, "tuin", "Heggen knippen", "HOUR",
                                      Amount{60}, 0}}),
       {bert},
       kPostListingBody,
       {kPostListingSignature},
       kPostListingEnvelope},
      {"request_payment",
       OperationOf(0x08, {RequestPayment{"bert", "anna", "HOUR", Amount{60}, "tuin", "Heg geknipt",
                                         IdEndingIn(0x07), kRequestExpiresMs}}),
       {bert},
       kRequestPaymentBody,
       {kRequestPaymentSignature},
       kRequestPaymentEnvelope},
      {"accept_request",
       OperationOf(0x09, {AcceptRequest{IdEndingIn(0x08)}}),
       {anna},
       kAcceptRequestBody,
       {kAcceptRequestSignature},
       kAcceptRequestEnvelope},
      {"correct_transfer",
       OperationOf(0x0a, {CorrectTransfer{IdEndingIn(0x02), 0, "Dubbel betaald"}}),
       {admin},
       kCorrectTransferBody,
       {kCorrectTransferSignature},
       kCorrectTransferEnvelope},
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
                                                   "0000" + "000003ec" + kGenesis);
  EXPECT_EQ(Bytes(kGenesis).size(), 0x3ecu);
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

  // The neighbourhood economy: bert offers help, asks anna to pay for it, and she accepts;
  // then the administrator corrects V2 (paid back from bert to anna).
  EXPECT_EQ(submit(kPostListingEnvelope).code, ResultCode::kAccepted);
  EXPECT_EQ(submit(kRequestPaymentEnvelope).code, ResultCode::kAccepted);
  anna = store.GetBalance("anna", "HOUR");
  EXPECT_EQ((**anna).balance, Amount{-90 - 90 - 60 + 30});  // asking moves nothing
  EXPECT_EQ(submit(kAcceptRequestEnvelope).code, ResultCode::kAccepted);
  absl::StatusOr<std::optional<PaymentRequest>> request = store.GetRequest(IdEndingIn(0x08));
  ASSERT_TRUE(request.ok() && request->has_value());
  EXPECT_EQ((**request).state, RequestState::kAccepted);
  EXPECT_EQ((**request).listing, IdEndingIn(0x07));
  EXPECT_EQ(submit(kCorrectTransferEnvelope).code, ResultCode::kAccepted);
  // A second acceptance and a second correction are refused.
  EXPECT_EQ(submit(kAcceptRequestEnvelope).code, ResultCode::kAlreadyApplied);
  EXPECT_EQ((*ledger)->head().index, 10u);

  anna = store.GetBalance("anna", "HOUR");
  ASSERT_TRUE(anna.ok() && anna->has_value());
  EXPECT_EQ((**anna).balance, Amount{-90 - 90 - 60 + 30 - 60 + 90});
  absl::StatusOr<std::optional<Balance>> bert = store.GetBalance("bert", "HOUR");
  ASSERT_TRUE(bert.ok() && bert->has_value());
  EXPECT_EQ((**bert).balance, Amount{180});
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
      std::filesystem::path(NOABER_DOCS_DIR) / "signing.md";
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
      kPostListingBody,
      kPostListingSignature,
      kPostListingEnvelope,
      kRequestPaymentBody,
      kRequestPaymentSignature,
      kRequestPaymentEnvelope,
      kAcceptRequestBody,
      kAcceptRequestSignature,
      kAcceptRequestEnvelope,
      kCorrectTransferBody,
      kCorrectTransferSignature,
      kCorrectTransferEnvelope,
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

std::string DocumentText() {
  const std::filesystem::path doc =
      std::filesystem::path(NOABER_DOCS_DIR) / "signing.md";
  std::ifstream in(doc);
  EXPECT_TRUE(in.good()) << "cannot read " << doc;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The table cells of a Markdown row "| a | b | c |", trimmed; empty for other lines.
std::vector<std::string> CellsOf(std::string_view line) {
  std::vector<std::string> cells;
  if (!line.starts_with("|")) return cells;
  line.remove_prefix(1);
  while (!line.empty()) {
    size_t bar = line.find('|');
    if (bar == std::string_view::npos) break;
    std::string_view cell = line.substr(0, bar);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
    cells.emplace_back(cell);
    line.remove_prefix(bar + 1);
  }
  return cells;
}

const char* GroupName(ResultGroup group) {
  switch (group) {
    case ResultGroup::kAccepted:
      return "accepted";
    case ResultGroup::kMalformed:
      return "malformed";
    case ResultGroup::kFailsAgainstState:
      return "fails against state";
    case ResultGroup::kRetryLater:
      return "retry later";
  }
  return "?";
}

// Section 9's table lists every result code with its name and group, and section 3's table
// every action type with its name: exactly what the code says, no more and no less.
TEST_F(SigningVectors, TheDocumentsTablesListEveryResultCodeAndActionType) {
  std::istringstream in(DocumentText());
  std::map<int, std::vector<std::string>> codes, types;
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.starts_with("## ")) section = line.substr(3, line.find('.') - 3);
    const std::vector<std::string> cells = CellsOf(line);
    if (cells.size() < 3 || cells[0].empty() ||
        cells[0].find_first_not_of("0123456789") != std::string::npos || cells[1].size() < 3 ||
        cells[1].front() != '`') {
      continue;
    }
    const int number = std::stoi(cells[0]);
    const std::string name = cells[1].substr(1, cells[1].size() - 2);
    if (section == "9" && cells.size() == 4) {  // | Code | Name | Group | Meaning |
      EXPECT_TRUE(codes.emplace(number, std::vector<std::string>{name, cells[2]}).second)
          << number << " twice";
    } else if (section == "3" && cells.size() == 3) {  // | Type | Name | Fields |
      EXPECT_TRUE(types.emplace(number, std::vector<std::string>{name}).second) << number;
    }
  }
  size_t known = 0;
  for (int number = 0; number < 1000; ++number) {
    const auto code = static_cast<ResultCode>(number);
    if (std::string_view(ResultCodeName(code)) == "unknown") continue;
    ++known;
    ASSERT_TRUE(codes.contains(number)) << number << " is not in the document's table";
    EXPECT_EQ(codes[number][0], ResultCodeName(code)) << number;
    EXPECT_EQ(codes[number][1], GroupName(GroupOf(code))) << number;
  }
  EXPECT_EQ(codes.size(), known) << "the document lists a code the code does not know";
  size_t action_types = 0;
  for (int number = 1; number < 256; ++number) {
    const char* name = ActionTypeName(static_cast<ActionType>(number));
    if (std::string_view(name) == "unknown") continue;
    ++action_types;
    ASSERT_TRUE(types.contains(number)) << "action type " << number << " is not documented";
    EXPECT_EQ(types[number][0], name) << number;
  }
  EXPECT_EQ(action_types, 17u);
  EXPECT_EQ(types.size(), action_types);
}

// ---- The decoder's canonical-form rules and result codes (docs/signing.md, "Canonical form") --

constexpr size_t kVersionByte = 16;
constexpr size_t kCommunityFirstByte = 17;
constexpr size_t kActionCountByte = 73;
constexpr size_t kFirstActionTypeByte = 74;
constexpr size_t kPostPendingFlagByte = 91;  // after the type byte and the 16-byte pending id
// request_payment V8: payee, payer, asset, amount, skill, memo, then the listing flag.
constexpr size_t kRequestListingFlagByte = 75 + 5 + 5 + 5 + 8 + 5 + 2 + 11;

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
  ASSERT_EQ(Bytes(kRequestPaymentBody)[kRequestListingFlagByte], '\x01');

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
      {"action type 18", SignedEnvelope(WithByte(transfer, kFirstActionTypeByte, 18), {anna}),
       ResultCode::kUnknownActionType},
      {"a listing flag of 2",
       SignedEnvelope(WithByte(Bytes(kRequestPaymentBody), kRequestListingFlagByte, 2), {bert}),
       ResultCode::kNonCanonical},
      {"a listing flag of 0 with a listing id after it",
       SignedEnvelope(WithByte(Bytes(kRequestPaymentBody), kRequestListingFlagByte, 0), {bert}),
       ResultCode::kMalformedEncoding},
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

// The actions of the neighbourhood economy (types 10-17), and the memo of an issuance.
std::vector<ActionCase> EconomyCases() {
  using R = ResultCode;
  const OperationId id = IdEndingIn(0x07);
  const Skill skill{"fietsen", "Fietsreparatie", "Bike repair", "home", false};
  auto with_code = [&](std::string code) {
    Skill s = skill;
    s.code = std::move(code);
    return SetSkill{s};
  };
  auto listing = [](std::string text, std::string asset, int64_t estimate, int64_t ends_at_ms) {
    return PostListing{"bert",           ListingKind::kOffer, "tuin",    std::move(text),
                       std::move(asset), Amount{estimate},    ends_at_ms};
  };
  auto request = [&](std::string payer, int64_t amount, std::string memo, int64_t expires_ms) {
    return RequestPayment{"bert", std::move(payer), "HOUR",       Amount{amount},
                          "tuin", std::move(memo),  std::nullopt, expires_ms};
  };
  return {
      {"issuance with a memo", {Pay("community", "anna", "HOUR", 60, "", "Welkom")}, R::kAccepted},
      {"issuance without a memo", {Pay("community", "anna", "HOUR", 60)}, R::kReasonRequired},
      {"skill of 32", {with_code(std::string(32, 'k'))}, R::kAccepted},
      {"skill of 33", {with_code(std::string(33, 'k'))}, R::kInvalidSkillCode},
      {"skill code empty", {with_code("")}, R::kInvalidSkillCode},
      {"skill without a category",
       {SetSkill{Skill{"fietsen", "Fietsreparatie", "Bike repair", "", false}}},
       R::kInvalidText},
      {"skill label of 65 bytes",
       {SetSkill{Skill{"fietsen", std::string(65, 'f'), "Bike repair", "home", false}}},
       R::kInvalidText},
      {"listing text of 500 bytes", {listing(std::string(500, 't'), "", 0, 0)}, R::kAccepted},
      {"listing text of 501 bytes", {listing(std::string(501, 't'), "", 0, 0)}, R::kInvalidText},
      {"listing without text", {listing("", "", 0, 0)}, R::kInvalidText},
      {"listing kind 3",
       {PostListing{"bert", static_cast<ListingKind>(3), "tuin", "Heg", "", Amount{0}, 0}},
       R::kInvalidKind},
      {"listing without a skill",
       {PostListing{"bert", ListingKind::kRequest, "", "Heg", "", Amount{0}, 0}},
       R::kInvalidSkillCode},
      {"estimate without an asset", {listing("Heg", "", 60, 0)}, R::kInvalidAmount},
      {"estimate asset without an amount", {listing("Heg", "HOUR", 0, 0)}, R::kInvalidAmount},
      {"estimate of -1", {listing("Heg", "HOUR", -1, 0)}, R::kInvalidAmount},
      {"listing ending at -1 ms", {listing("Heg", "", 0, -1)}, R::kInvalidTimeout},
      {"request of 0", {request("anna", 0, "", 0)}, R::kInvalidAmount},
      {"request of oneself", {request("bert", 60, "", 0)}, R::kSameAccount},
      {"request of the community without a memo",
       {request("community", 60, "", 0)},
       R::kReasonRequired},
      {"request expiring at -1 ms", {request("anna", 60, "", -1)}, R::kInvalidTimeout},
      {"close, accept, decline",
       {CloseListing{id}, AcceptRequest{id}, DeclineRequest{id}},
       R::kAccepted},
      {"set_assisted with a bad handle", {SetAssisted{"Anna", true}}, R::kInvalidHandle},
      {"correction without a reason", {CorrectTransfer{id, 0, ""}}, R::kReasonRequired},
      {"correction reason of 256 bytes",
       {CorrectTransfer{id, 0, std::string(256, 'r')}},
       R::kAccepted},
      {"correction reason of 257 bytes",
       {CorrectTransfer{id, 0, std::string(257, 'r')}},
       R::kInvalidText},
  };
}

TEST_F(SigningBounds, EachDocumentedBoundHoldsAtItsEdge) {
  std::vector<ActionCase> cases = TransferCases();
  for (ActionCase& c : OtherCases()) cases.push_back(std::move(c));
  for (ActionCase& c : EconomyCases()) cases.push_back(std::move(c));
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
      {125, "reason_required", ResultGroup::kMalformed},
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
      {222, "earning_cap_exceeded", ResultGroup::kFailsAgainstState},
      {223, "unknown_listing", ResultGroup::kFailsAgainstState},
      {224, "listing_not_open", ResultGroup::kFailsAgainstState},
      {225, "unknown_request", ResultGroup::kFailsAgainstState},
      {226, "request_not_open", ResultGroup::kFailsAgainstState},
      {227, "request_expired", ResultGroup::kFailsAgainstState},
      {228, "not_correctable", ResultGroup::kFailsAgainstState},
      {229, "already_corrected", ResultGroup::kFailsAgainstState},
      {230, "skill_retired", ResultGroup::kFailsAgainstState},
      {231, "time_in_past", ResultGroup::kFailsAgainstState},
      {300, "busy", ResultGroup::kRetryLater},
      {301, "unavailable", ResultGroup::kRetryLater},
      {302, "not_leader", ResultGroup::kRetryLater},
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

// The node keeps its key for its whole life: guarded, and wiped when its holder goes.
TEST(KeyGuardTest, WipesTheKeyWhenItsHolderGoes) {
  KeyPair key = NewKeyPair();
  const KeyPair copy = key;
  {
    KeyGuard guard(&key);
    EXPECT_EQ(key.secret_key, copy.secret_key);  // usable while guarded
    const std::string message = "checkpoint";
    EXPECT_TRUE(Verify(key.public_key, Sign(key.secret_key, message), message));
  }
  EXPECT_EQ(key.secret_key, SecretKey{});
  EXPECT_EQ(key.public_key, PublicKey{});
  EXPECT_NE(copy.secret_key, SecretKey{});
}

}  // namespace
}  // namespace noaber::ledger
