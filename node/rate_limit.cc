#include "node/rate_limit.h"

#include <algorithm>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrAppend;
using ledger::StrCat;

TokenBuckets::TokenBuckets(RateLimit limit, std::function<int64_t()> clock_ms)
    : limit_(limit), clock_ms_(std::move(clock_ms)) {}

TokenBuckets::Bucket* TokenBuckets::Refilled(const std::string& key, int64_t now_ms) {
  const int64_t full = limit_.burst * 1000;
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    if (buckets_.size() >= kRateBucketsMax) DropFull(now_ms);
    if (buckets_.size() >= kRateBucketsMax) return nullptr;
    found = buckets_.emplace(key, Bucket{full, now_ms}).first;
  }
  Bucket& bucket = found->second;
  // A clock that steps back refills nothing; a long gap refills at most to full (and the
  // product cannot overflow: the gap is capped at the time to refill from empty).
  const int64_t elapsed_ms =
      std::clamp<int64_t>(now_ms - bucket.at_ms, 0, full / limit_.per_second + 1);
  bucket.milli_tokens = std::min(full, bucket.milli_tokens + elapsed_ms * limit_.per_second);
  bucket.at_ms = std::max(bucket.at_ms, now_ms);
  return &bucket;
}

void TokenBuckets::DropFull(int64_t now_ms) {
  const int64_t full = limit_.burst * 1000;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const int64_t elapsed_ms = std::max<int64_t>(0, now_ms - it->second.at_ms);
    const bool refilled = elapsed_ms >= full / limit_.per_second + 1 ||
                          it->second.milli_tokens + elapsed_ms * limit_.per_second >= full;
    it = refilled ? buckets_.erase(it) : std::next(it);
  }
}

std::optional<std::string> TokenBuckets::TryTake(const std::map<std::string, int64_t>& counts) {
  if (limit_.off()) return std::nullopt;
  const int64_t now_ms = clock_ms_();
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Bucket*> charged;
  for (const auto& [key, count] : counts) {
    Bucket* bucket = Refilled(key, now_ms);
    if (bucket == nullptr) {
      charged.push_back(nullptr);
      continue;
    }
    if (bucket->milli_tokens < count * 1000) return key;
    charged.push_back(bucket);
  }
  size_t i = 0;
  for (const auto& [key, count] : counts) {
    if (charged[i] != nullptr) charged[i]->milli_tokens -= count * 1000;
    ++i;
  }
  return std::nullopt;
}

int64_t TokenBuckets::Available(const std::string& key) {
  if (limit_.off()) return kRateBurstHighest;
  std::lock_guard<std::mutex> lock(mutex_);
  const Bucket* bucket = Refilled(key, clock_ms_());
  return bucket == nullptr ? limit_.burst : bucket->milli_tokens / 1000;
}

size_t TokenBuckets::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return buckets_.size();
}

std::string PeerAddress(std::string_view grpc_peer) {
  for (std::string_view scheme : {"ipv4:", "ipv6:"}) {
    if (grpc_peer.substr(0, scheme.size()) != scheme) continue;
    std::string_view address = grpc_peer.substr(scheme.size());
    const size_t colon = address.rfind(':');
    if (colon != std::string_view::npos) address = address.substr(0, colon);
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
      address = address.substr(1, address.size() - 2);
    }
    return std::string(address);
  }
  return std::string(grpc_peer);
}

SubmitLimiter::SubmitLimiter(RateLimits limits, const ledger::CommunityId& community,
                             const ledger::Store* store, std::function<int64_t()> clock_ms)
    : limits_(limits),
      community_(community),
      store_(store),
      clock_ms_(clock_ms),
      peers_(limits.peer, clock_ms),
      accounts_(limits.account, clock_ms) {}

absl::Status SubmitLimiter::Admit(std::string_view grpc_peer,
                                  std::span<const std::string_view> signed_operations) {
  if (!limits_.peer.off()) {
    const std::string address = PeerAddress(grpc_peer);
    if (!peers_.TryTake(address, 1)) {
      return absl::ResourceExhaustedError(
          StrCat("rate limit: calls from ", address, " exceed ", limits_.peer.per_second,
                 " per second (burst ", limits_.peer.burst,
                 "); nothing of this call was applied; wait and try again"));
    }
  }
  if (limits_.account.off()) return absl::OkStatus();
  std::optional<std::string> lacking = accounts_.TryTake(Charges(signed_operations));
  if (lacking.has_value()) return AccountRefusal(*lacking);
  return absl::OkStatus();
}

std::map<std::string, int64_t> SubmitLimiter::Charges(
    std::span<const std::string_view> signed_operations) {
  std::map<std::string, int64_t> charges;
  std::vector<ledger::PublicKey> signers;
  for (std::string_view bytes : signed_operations) {
    // Bytes that do not decode are charged to no key: the pipeline refuses them anyway.
    ledger::SignedOperation decoded;
    if (!ledger::DecodeSignedOperation(bytes, &decoded).ok()) continue;
    signers.clear();
    bool running_low = false;
    for (const ledger::SignatureEntry& entry : decoded.signatures) {
      signers.push_back(entry.key);
      const std::string key(entry.key.begin(), entry.key.end());
      running_low = running_low || 2 * accounts_.Available(key) <= limits_.account.burst;
    }
    if (running_low && !Genuine(bytes, &signers)) continue;
    for (const ledger::PublicKey& signer : signers) {
      ++charges[std::string(signer.begin(), signer.end())];
    }
  }
  return charges;
}

bool SubmitLimiter::Genuine(std::string_view signed_operation,
                            std::vector<ledger::PublicKey>* signers) {
  ledger::VerifiedOperation verified;
  if (!ledger::VerifyOperation(community_, signed_operation, &verified).ok()) return false;
  if (verified.operation.valid_until_ms < clock_ms_()) return false;
  absl::StatusOr<std::optional<ledger::OperationRecord>> applied =
      store_->GetOperationRecord(verified.operation.id);
  if (!applied.ok() || applied->has_value()) return false;
  *signers = std::move(verified.signers);
  return true;
}

absl::Status SubmitLimiter::AccountRefusal(const std::string& key) const {
  ledger::PublicKey public_key{};
  std::copy(key.begin(), key.end(), public_key.begin());
  const std::string hex = ledger::ToHex(public_key);
  std::string who = StrCat("the key ", hex);
  absl::StatusOr<std::vector<std::string>> accounts = store_->FindAccountsByKey(public_key);
  if (accounts.ok() && !accounts->empty()) {
    who = StrCat("account '", accounts->front(), "'");
    for (size_t i = 1; i < accounts->size(); ++i) StrAppend(&who, ", '", (*accounts)[i], "'");
    StrAppend(&who, " (key ", hex.substr(0, 16), "...)");
  }
  return absl::ResourceExhaustedError(
      StrCat("rate limit: operations signed by ", who, " exceed ", limits_.account.per_second,
             " per second (burst ", limits_.account.burst,
             "); nothing of this call was applied; wait and try again"));
}

namespace {

ledger::Rejection Admit(SubmitLimiter* limiter, const grpc::ServerContext& context,
                        std::span<const std::string_view> signed_operations) {
  if (limiter == nullptr) return ledger::Ok();
  absl::Status admitted = limiter->Admit(context.peer(), signed_operations);
  if (admitted.ok()) return ledger::Ok();
  return ledger::Reject(ledger::ResultCode::kBusy, std::string(admitted.message()));
}

}  // namespace

ledger::Rejection AdmitCall(SubmitLimiter* limiter, const grpc::ServerContext& context,
                            const std::string& signed_operation) {
  const std::string_view operation = signed_operation;
  return Admit(limiter, context, std::span<const std::string_view>(&operation, 1));
}

ledger::Rejection AdmitCall(SubmitLimiter* limiter, const grpc::ServerContext& context,
                            const google::protobuf::RepeatedPtrField<std::string>& operations) {
  if (limiter == nullptr) return ledger::Ok();
  const std::vector<std::string_view> views(operations.begin(), operations.end());
  return Admit(limiter, context, views);
}

}  // namespace noaber::node
