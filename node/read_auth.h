// Authentication and access decisions for private reads. A caller signs each call (see
// noaber/ledger/call_auth.h) and sends the signature in the "noaber-auth" metadata entry; the
// node checks it for this community and method, refuses a nonce it has seen within the
// window, and lets the caller read an account's data if its key is one of that account's keys
// or one of the community account's keys (the administrators).
//
// Reads the Store for keys (which may rotate) on every call. Thread-safe.
#ifndef NOABER_NODE_READ_AUTH_H_
#define NOABER_NODE_READ_AUTH_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/store.h"

namespace noaber::node {

// Nonces remembered at once. Each stays until its signed time leaves the window; when the
// cache is full of live nonces, authenticated reads are refused (resource exhausted) rather
// than remembering less and accepting replays.
inline constexpr size_t kSeenNoncesMax = 100'000;

// Who made a call: the verified key, and whether it is an administrator's.
struct Caller {
  ledger::PublicKey key{};
  bool administrator = false;
};

class ReadAuthenticator {
 public:
  ReadAuthenticator(const ledger::Store* store, const ledger::CommunityId& community,
                    std::function<int64_t()> clock_ms, size_t seen_nonces_max = kSeenNoncesMax);

  // Authenticates a call of `method` (the full gRPC name, "/noaber.v1.Ledger/GetBalances")
  // from its metadata value `auth_text` (nullopt when absent). Unauthenticated when absent,
  // malformed, badly signed, outside the time window, or a replayed nonce;
  // ResourceExhausted when the nonce cache is full; storage errors as they come.
  absl::StatusOr<Caller> Authenticate(std::optional<std::string_view> auth_text,
                                      std::string_view method);

  // OK if `caller` may read `what` ("balances", "history") of account `handle`: one of its
  // keys, or an administrator. PermissionDenied with a sentence otherwise; NotFound if there
  // is no such account.
  absl::Status AllowAccount(const Caller& caller, std::string_view handle,
                            std::string_view what) const;

  // OK if `caller` is a member of the community: an administrator, or a holder of a key of
  // an account that is not closed. PermissionDenied saying `what` ("the board") is for the
  // community's accounts only otherwise.
  absl::Status AllowMember(const Caller& caller, std::string_view what) const;

  // OK if `caller` holds a key of one of `handles` or is an administrator; PermissionDenied
  // with `denial` otherwise.
  absl::Status AllowAnyOf(const Caller& caller, const std::vector<std::string>& handles,
                          std::string_view denial) const;

 private:
  absl::StatusOr<bool> HoldsKey(const ledger::PublicKey& key, std::string_view handle) const;
  // Refuses a nonce seen before; remembers it until `expires_ms`.
  absl::Status RememberNonce(const ledger::CallAuth& auth, int64_t now_ms);

  const ledger::Store* const store_;
  const ledger::CommunityId community_;
  const std::function<int64_t()> clock_ms_;
  const size_t seen_nonces_max_;

  std::mutex mutex_;
  std::set<std::string> seen_;                    // key bytes + nonce bytes
  std::multimap<int64_t, std::string> expiries_;  // when each seen nonce may be forgotten
};

}  // namespace noaber::node

#endif  // NOABER_NODE_READ_AUTH_H_
