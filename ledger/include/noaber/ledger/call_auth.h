// Authentication of private read calls: the caller signs (community, method, time, nonce)
// with one of its account's keys and sends it in the "noaber-auth" metadata entry. The node
// accepts it within a short window and refuses a nonce it has seen. Thread-safe functions.
#ifndef NOABER_LEDGER_CALL_AUTH_H_
#define NOABER_LEDGER_CALL_AUTH_H_

#include <array>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

inline constexpr char kCallAuthMetadataKey[] = "noaber-auth";
// How far a call's time may lie from the node's clock, either way.
inline constexpr int64_t kCallAuthWindowMs = 60'000;

using Nonce = std::array<uint8_t, 16>;

struct CallAuth {
  PublicKey key{};
  int64_t timestamp_ms = 0;
  Nonce nonce{};
  Signature signature{};
};

// The bytes signed: "noaber-call" | version 1 | community id | Str16 method | i64 time | nonce.
// `method` is the full gRPC method name, e.g. "/noaber.v1.Ledger/GetBalances".
std::string CallAuthMessage(const CommunityId& community, std::string_view method,
                            int64_t timestamp_ms, const Nonce& nonce);

// Signs a call now, with a fresh random nonce.
CallAuth SignCall(const SecretKey& secret_key, const CommunityId& community,
                  std::string_view method, int64_t now_ms);

// Metadata text: "<key hex>.<time ms>.<nonce hex>.<signature hex>".
std::string EncodeCallAuth(const CallAuth& auth);
// InvalidArgument naming what is wrong with the text.
absl::StatusOr<CallAuth> DecodeCallAuth(std::string_view text);

// Unauthenticated if the signature does not verify for this community and method, or the
// time lies outside the window around `now_ms`. (Nonce reuse is the node's to track.)
absl::Status VerifyCall(const CallAuth& auth, const CommunityId& community,
                        std::string_view method, int64_t now_ms);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_CALL_AUTH_H_
