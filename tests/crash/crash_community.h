// noaber-crash: the community it founds and the operations it signs. Residents' keys and the
// administrator's key derive from the run's seed, so a replayed run signs with the same keys.
// Plain values and thread-safe free functions (once ledger::InitCrypto() has returned).
#ifndef NOABER_TESTS_CRASH_CRASH_COMMUNITY_H_
#define NOABER_TESTS_CRASH_CRASH_COMMUNITY_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/types.h"

namespace noaber::crash {

inline constexpr char kAsset[] = "HOUR";
inline constexpr char kSkill[] = "tuin";  // in the default skills catalogue

struct Resident {
  std::string handle;  // "res01"
  ledger::KeyPair key;
};

struct Community {
  ledger::CommunityId id{};
  ledger::KeyPair admin;
  std::vector<Resident> residents;
};

// The administrator and `residents` residents with keys derived from `seed`.
Community MakeCommunity(uint64_t seed, int residents);

int64_t NowMs();

// A fresh operation of `community` holding `action`, valid for days (longer than any run).
ledger::Operation NewOperation(const Community& community, ledger::Action action);

// The signed envelope of `operation` signed by `key`.
std::string SignBy(const ledger::Operation& operation, const ledger::KeyPair& key);

// Adds a "noaber-auth" entry signed by the administrator for `method`
// ("/noaber.v1.Ledger/GetBalances").
void AuthorizeAsAdmin(const Community& community, std::string_view method,
                      grpc::ClientContext* context);

// The operation id in signed envelope `bytes`; false if they do not decode.
bool OperationIdOf(std::string_view signed_bytes, ledger::OperationId* id);

}  // namespace noaber::crash

#endif  // NOABER_TESTS_CRASH_CRASH_COMMUNITY_H_
