// Rate limits on writes: a token bucket per client address (calls per second) and one per
// signing key (operations per second), each with a burst. See docs/node.md, "Rate limits".
#ifndef NOABER_NODE_RATE_LIMIT_H_
#define NOABER_NODE_RATE_LIMIT_H_

#include <google/protobuf/repeated_ptr_field.h>
#include <grpcpp/server_context.h>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "noaber/ledger/result.h"
#include "noaber/ledger/store.h"
#include "noaber/ledger/types.h"
#include "node/config.h"

namespace noaber::node {

// Buckets one TokenBuckets keeps; beyond this, buckets that have refilled are dropped (a full
// bucket is the same as none), and a new key finds no room only while all are in use.
inline constexpr size_t kRateBucketsMax = 100'000;

// One token bucket per key, for one limit. Owns its buckets; thread-safe. Counts in
// thousandths of a token so that integer milliseconds refill exactly (per_second thousandths
// per millisecond).
class TokenBuckets {
 public:
  TokenBuckets(RateLimit limit, std::function<int64_t()> clock_ms);

  // Takes `count` tokens from each key's bucket if every one of them has enough, else takes
  // nothing and returns the first key that has not. A key that finds no room among
  // kRateBucketsMax buckets is let through untracked (limits protect the node; they must not
  // lock out callers when an attacker spreads over many keys).
  std::optional<std::string> TryTake(const std::map<std::string, int64_t>& counts);
  bool TryTake(const std::string& key, int64_t count) { return !TryTake({{key, count}}); }

  // Whole tokens `key` holds now (a key never seen holds the burst).
  int64_t Available(const std::string& key);
  size_t size();

 private:
  struct Bucket {
    int64_t milli_tokens = 0;
    int64_t at_ms = 0;
  };
  // The bucket of `key` refilled to now; nullptr if there is no room for it. Holds mutex_.
  Bucket* Refilled(const std::string& key, int64_t now_ms);
  // Drops buckets that are full at `now_ms`. Holds mutex_.
  void DropFull(int64_t now_ms);

  const RateLimit limit_;
  const std::function<int64_t()> clock_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// "ipv4:10.0.0.5:52100" (gRPC's peer string) -> "10.0.0.5"; "ipv6:[::1]:52100" -> "::1".
// Other forms (unix sockets) are kept whole.
std::string PeerAddress(std::string_view grpc_peer);

// The limits on Submit, SubmitBatch and each batch of SubmitStream. Borrows the store (to
// name the accounts of a key, and to tell a replay), which must outlive it. Thread-safe.
//
// An operation is charged to every key that signed it. Signatures are checked by the write
// pipeline after this, so while a key's bucket is more than half full its operations are
// charged unverified (no extra cost on the normal path); from half down, an operation is
// charged only if its signatures verify, it has not expired and it is not already in the
// journal, so that nobody can drain more than half of another's bucket with forged or
// replayed operations.
class SubmitLimiter {
 public:
  SubmitLimiter(RateLimits limits, const ledger::CommunityId& community, const ledger::Store* store,
                std::function<int64_t()> clock_ms);

  // Admits one call from `grpc_peer` carrying `signed_operations`: one token from the
  // caller's address, then, all or nothing, one per operation from each signing key.
  // ResourceExhausted names the limit and the address or the account (and its key); then
  // no operation of the call may be applied.
  absl::Status Admit(std::string_view grpc_peer,
                     std::span<const std::string_view> signed_operations);
  absl::Status Admit(std::string_view grpc_peer, std::string_view signed_operation) {
    return Admit(grpc_peer, std::span<const std::string_view>(&signed_operation, 1));
  }

 private:
  // What to take from each key's bucket for `signed_operations`, keyed by the raw key bytes.
  std::map<std::string, int64_t> Charges(std::span<const std::string_view> signed_operations);
  // True if `signed_operation`, whose signers' buckets run low, should be charged: then
  // `signers` are the keys whose signatures verified.
  bool Genuine(std::string_view signed_operation, std::vector<ledger::PublicKey>* signers);
  absl::Status AccountRefusal(const std::string& key) const;

  const RateLimits limits_;
  const ledger::CommunityId community_;
  const ledger::Store* const store_;
  const std::function<int64_t()> clock_ms_;
  TokenBuckets peers_;
  TokenBuckets accounts_;
};

// A write call's admission by `limiter` (every call is admitted when it is null): Ok, or
// kBusy with the limiter's sentence, answered as RESOURCE_EXHAUSTED like a full write queue.
ledger::Rejection AdmitCall(SubmitLimiter* limiter, const grpc::ServerContext& context,
                            const std::string& signed_operation);
ledger::Rejection AdmitCall(SubmitLimiter* limiter, const grpc::ServerContext& context,
                            const google::protobuf::RepeatedPtrField<std::string>& operations);

}  // namespace noaber::node

#endif  // NOABER_NODE_RATE_LIMIT_H_
