// TEMPORARY generator; replaced by the real test.
#include <gtest/gtest.h>
#include <cstdio>
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/memory_store.h"

namespace noaber::ledger {
namespace {
std::array<uint8_t, 32> Seed(uint8_t b) { std::array<uint8_t, 32> s; s.fill(b); return s; }
OperationId Id(uint8_t last) {
  OperationId id = *OperationIdFromHex("00112233445566778899aabbccddee00");
  id[15] = last; return id;
}
void P(const char* name, const std::string& s) {
  printf("%s %s\n", name, ToHex(reinterpret_cast<const uint8_t*>(s.data()), s.size()).c_str());
}
TEST(SigningGen, Print) {
  ASSERT_TRUE(InitCrypto().ok());
  KeyPair admin = KeyPairFromSeed(Seed(1)), anna = KeyPairFromSeed(Seed(2)), bert = KeyPairFromSeed(Seed(3));
  printf("admin %s\nanna %s\nbert %s\n", ToHex(admin.public_key).c_str(), ToHex(anna.public_key).c_str(), ToHex(bert.public_key).c_str());
  Genesis g = DefaultGenesis("Bornholm", {admin.public_key}, 1, 1767603600000);
  std::string gb = EncodeGenesis(g);
  P("genesis", gb);
  CommunityId c = CommunityIdOf(gb);
  printf("community %s\n", ToHex(c).c_str());
  auto op = [&](uint8_t n, std::vector<Action> a) { Operation o; o.community = c; o.id = Id(n); o.valid_until_ms = 1767607200000; o.actions = std::move(a); return o; };
  struct V { const char* name; Operation o; std::vector<KeyPair> s; };
  std::vector<V> vs = {
    {"open", op(1, {OpenAccount{"anna", AccountKind::kResident, {anna.public_key}, 1}}), {admin}},
    {"transfer", op(2, {Transfer{"anna", "bert", "HOUR", Amount{90}, "tuin", "Heg gesnoeid \xe2\x80\x93 dank je!"}}), {anna}},
    {"create", op(3, {CreatePending{Transfer{"anna", "bert", "HOUR", Amount{120}, "vervoer", "Rit naar het ziekenhuis"}, 7LL*24*3600*1000}}), {anna}},
    {"post_amount", op(4, {PostPending{Id(3), Amount{90}}}), {anna}},
    {"post_all", op(5, {PostPending{Id(3), std::nullopt}}), {anna}},
    {"batch", op(6, {Transfer{"anna", "bert", "HOUR", Amount{60}, "koken", "Maaltijd"}, Transfer{"bert", "anna", "HOUR", Amount{30}, "", ""}}), {anna, bert}},
  };
  for (auto& v : vs) {
    SignedOperation s{EncodeOperation(v.o), {}};
    for (auto& k : v.s) ASSERT_TRUE(AddSignature(k.secret_key, &s).ok());
    printf("== %s\n", v.name);
    P("body", s.body);
    for (auto& e : s.signatures) printf("sig %s %s\n", ToHex(e.key).c_str(), ToHex(e.signature).c_str());
    std::string env = EncodeSignedOperation(s);
    P("envelope", env);
    VerifiedOperation vo;
    Rejection r = VerifyOperation(c, env, &vo);
    printf("verify %d %s\n", (int)r.code, r.message.c_str());
    v.name = strdup(env.c_str()); // stash
  }
  MemoryStore store;
  auto l = Ledger::Create(&store, g);
  ASSERT_TRUE(l.ok());
  printf("head0 %s\n", ToHex((*l)->head().hash).c_str());
  JournalEntry e0{0, 1767603600000, Hash{}, ResultCode::kAccepted, gb};
  P("entry0", EncodeJournalEntry(e0));
  for (auto& v : vs) {
    auto o = (*l)->Submit(1767603660000, v.name);
    printf("submit %d %s head %llu %s\n", (int)o->code, o->message.c_str(), (unsigned long long)(*l)->head().index, ToHex((*l)->head().hash).c_str());
  }
}
}  // namespace
}  // namespace noaber::ledger
