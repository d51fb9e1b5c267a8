#include "node/read_auth.h"

#include <algorithm>

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrCat;

ReadAuthenticator::ReadAuthenticator(const ledger::Store* store,
                                     const ledger::CommunityId& community,
                                     std::function<int64_t()> clock_ms, size_t seen_nonces_max)
    : store_(store),
      community_(community),
      clock_ms_(std::move(clock_ms)),
      seen_nonces_max_(seen_nonces_max) {}

absl::StatusOr<Caller> ReadAuthenticator::Authenticate(std::optional<std::string_view> auth_text,
                                                       std::string_view method) {
  if (!auth_text) {
    return absl::UnauthenticatedError(
        StrCat("this call is private: send a \"", ledger::kCallAuthMetadataKey,
               "\" metadata entry signed by the account's key or an administrator's key"));
  }
  absl::StatusOr<ledger::CallAuth> auth = ledger::DecodeCallAuth(*auth_text);
  if (!auth.ok()) return absl::UnauthenticatedError(auth.status().message());
  const int64_t now_ms = clock_ms_();
  if (absl::Status s = ledger::VerifyCall(*auth, community_, method, now_ms); !s.ok()) return s;
  if (absl::Status s = RememberNonce(*auth, now_ms); !s.ok()) return s;
  absl::StatusOr<bool> administrator = HoldsKey(auth->key, ledger::kCommunityHandle);
  if (!administrator.ok()) return administrator.status();
  return Caller{auth->key, *administrator};
}

absl::Status ReadAuthenticator::RememberNonce(const ledger::CallAuth& auth, int64_t now_ms) {
  std::string id(reinterpret_cast<const char*>(auth.key.data()), auth.key.size());
  id.append(reinterpret_cast<const char*>(auth.nonce.data()), auth.nonce.size());
  std::lock_guard<std::mutex> lock(mutex_);
  // Forget nonces whose signed time has left the window: VerifyCall refuses them anyway.
  while (!expiries_.empty() && expiries_.begin()->first < now_ms) {
    seen_.erase(expiries_.begin()->second);
    expiries_.erase(expiries_.begin());
  }
  if (seen_.count(id) > 0) {
    return absl::UnauthenticatedError(
        "this call's nonce was used before: sign every call afresh (a replayed call is refused)");
  }
  if (seen_.size() >= seen_nonces_max_) {
    return absl::ResourceExhaustedError(
        "too many authenticated calls in the last two minutes; try again shortly");
  }
  seen_.insert(id);
  expiries_.emplace(auth.timestamp_ms + ledger::kCallAuthWindowMs, std::move(id));
  return absl::OkStatus();
}

absl::StatusOr<bool> ReadAuthenticator::HoldsKey(const ledger::PublicKey& key,
                                                 std::string_view handle) const {
  absl::StatusOr<std::optional<ledger::Account>> account = store_->GetAccount(handle);
  if (!account.ok()) return account.status();
  if (!account->has_value()) return false;
  const std::vector<ledger::PublicKey>& keys = (*account)->keys;
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

absl::Status ReadAuthenticator::AllowAccount(const Caller& caller, std::string_view handle,
                                             std::string_view what) const {
  absl::StatusOr<std::optional<ledger::Account>> account = store_->GetAccount(handle);
  if (!account.ok()) return account.status();
  if (!account->has_value()) return absl::NotFoundError(StrCat("no account '", handle, "'"));
  return AllowAnyOf(
      caller, {std::string(handle)},
      StrCat(what, " of '", handle, "' are visible to '", handle, "' and the administrators only"));
}

absl::Status ReadAuthenticator::AllowMember(const Caller& caller, std::string_view what) const {
  if (caller.administrator) return absl::OkStatus();
  absl::StatusOr<std::vector<std::string>> handles = store_->FindAccountsByKey(caller.key);
  if (!handles.ok()) return handles.status();
  for (const std::string& handle : *handles) {
    absl::StatusOr<std::optional<ledger::Account>> account = store_->GetAccount(handle);
    if (!account.ok()) return account.status();
    if (account->has_value() && (*account)->status != ledger::AccountStatus::kClosed) {
      return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(
      StrCat(what,
             " is visible to the accounts of the community only: sign the call with the "
             "key of an open account"));
}

absl::Status ReadAuthenticator::AllowAnyOf(const Caller& caller,
                                           const std::vector<std::string>& handles,
                                           std::string_view denial) const {
  if (caller.administrator) return absl::OkStatus();
  for (const std::string& handle : handles) {
    absl::StatusOr<bool> holds = HoldsKey(caller.key, handle);
    if (!holds.ok()) return holds.status();
    if (*holds) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(std::string(denial));
}

}  // namespace noaber::node
