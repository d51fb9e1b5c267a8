#include "noaber/ledger/call_auth.h"

#include <sodium.h>

#include <charconv>

#include "ledger/src/codec.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

std::string CallAuthMessage(const CommunityId& community, std::string_view method,
                            int64_t timestamp_ms, const Nonce& nonce) {
  Writer w;
  w.Raw("noaber-call");
  w.U8(1);
  w.Fixed(community);
  w.Str16(method);
  w.I64(timestamp_ms);
  w.Fixed(nonce);
  return w.Take();
}

CallAuth SignCall(const SecretKey& secret_key, const CommunityId& community,
                  std::string_view method, int64_t now_ms) {
  CallAuth auth;
  std::copy(secret_key.begin() + 32, secret_key.end(), auth.key.begin());
  auth.timestamp_ms = now_ms;
  randombytes_buf(auth.nonce.data(), auth.nonce.size());
  auth.signature = Sign(secret_key, CallAuthMessage(community, method, now_ms, auth.nonce));
  return auth;
}

std::string EncodeCallAuth(const CallAuth& auth) {
  return StrCat(ToHex(auth.key), ".", auth.timestamp_ms, ".", ToHex(auth.nonce), ".",
                ToHex(auth.signature));
}

absl::StatusOr<CallAuth> DecodeCallAuth(std::string_view text) {
  auto invalid = [](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("noaber-auth metadata: ", why));
  };
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos) return invalid("expected key.time.nonce.signature");
    parts[i] = text.substr(0, dot);
    text.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  CallAuth auth;
  if (!FromHex(parts[0], auth.key.data(), auth.key.size())) return invalid("bad public key");
  auto [end, error] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), auth.timestamp_ms);
  if (error != std::errc() || end != parts[1].data() + parts[1].size()) {
    return invalid("bad time");
  }
  if (!FromHex(parts[2], auth.nonce.data(), auth.nonce.size())) return invalid("bad nonce");
  if (!FromHex(parts[3], auth.signature.data(), auth.signature.size())) {
    return invalid("bad signature");
  }
  return auth;
}

absl::Status VerifyCall(const CallAuth& auth, const CommunityId& community,
                        std::string_view method, int64_t now_ms) {
  if (auth.timestamp_ms < now_ms - kCallAuthWindowMs ||
      auth.timestamp_ms > now_ms + kCallAuthWindowMs) {
    return absl::UnauthenticatedError(
        "the call's signed time is more than a minute from the node's clock");
  }
  if (!Verify(auth.key, auth.signature,
              CallAuthMessage(community, method, auth.timestamp_ms, auth.nonce))) {
    return absl::UnauthenticatedError("the call's signature does not verify");
  }
  return absl::OkStatus();
}

}  // namespace noaber::ledger
