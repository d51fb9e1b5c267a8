// Who must sign what, and the account loading every rule starts with.
#include <algorithm>

#include "noaber/ledger/strings.h"
#include "ledger/src/assert.h"
#include "ledger/src/rules/rules.h"

namespace noaber::ledger {

bool SignedBy(const Account& account, const std::vector<PublicKey>& signers) {
  size_t count = 0;
  for (const PublicKey& key : account.keys) {
    if (std::binary_search(signers.begin(), signers.end(), key)) ++count;
  }
  return count >= account.threshold;
}

Rejection RequireSignatureOf(const RuleContext& ctx, const Account& account,
                             std::string_view what) {
  if (SignedBy(account, ctx.signers)) return Ok();
  return Reject(ResultCode::kNotAuthorized,
                StrCat("the signature of '", account.handle, "' (", account.threshold,
                             " of its ", account.keys.size(), " keys) is needed to ", what));
}

Rejection RequireAdministrators(const RuleContext& ctx, std::string_view what) {
  std::optional<Account> community = ctx.state.FindAccount(kCommunityHandle);
  if (community && SignedBy(*community, ctx.signers)) return Ok();
  size_t threshold = community ? community->threshold : 0;
  return Reject(ResultCode::kNotAuthorized,
                StrCat("the signatures of ", threshold,
                       threshold == 1 ? " administrator are" : " administrators are",
                       " needed to ", what));
}

bool SignedByAdministrators(const RuleContext& ctx) {
  std::optional<Account> community = ctx.state.FindAccount(kCommunityHandle);
  return community && SignedBy(*community, ctx.signers);
}

Rejection RequireOwnerOrAssistant(const RuleContext& ctx, const Account& account,
                                  std::string_view what) {
  if (SignedBy(account, ctx.signers)) return Ok();
  if (account.assisted && SignedByAdministrators(ctx)) return Ok();
  return RequireSignatureOf(ctx, account, what);
}

Rejection RequireSkill(const RuleContext& ctx, std::string_view code) {
  std::optional<Skill> skill = ctx.state.FindSkill(code);
  if (!skill) {
    return Reject(ResultCode::kUnknownSkill,
                  StrCat("there is no skill '", code, "' in the catalogue"));
  }
  if (skill->retired) {
    return Reject(ResultCode::kSkillRetired,
                  StrCat("the skill '", code, "' has been retired from the catalogue"));
  }
  return Ok();
}

Rejection LoadAccount(const RuleContext& ctx, std::string_view handle, Account* account) {
  std::optional<Account> found = ctx.state.FindAccount(handle);
  if (!found) {
    return Reject(ResultCode::kUnknownAccount, StrCat("there is no account '", handle, "'"));
  }
  *account = *std::move(found);
  return Ok();
}

Rejection RequireActive(const Account& account, std::string_view role) {
  if (account.status == AccountStatus::kFrozen) {
    return Reject(ResultCode::kAccountFrozen,
                  StrCat("account '", account.handle, "' is frozen and cannot ", role));
  }
  if (account.status == AccountStatus::kClosed) {
    return Reject(ResultCode::kAccountClosed,
                  StrCat("account '", account.handle, "' is closed and cannot ", role));
  }
  return Ok();
}

Balance LoadBalance(const RuleContext& ctx, std::string_view handle, const Asset& asset) {
  std::optional<Balance> balance = ctx.state.FindBalance(handle, asset.code);
  // Every account gets a balance in every genesis asset when it opens. A missing one is a
  // storage error (the overlay remembers it and the batch is dropped) or a bug.
  NOABER_ASSERT(balance || !ctx.state.status().ok(),
                StrCat("no ", asset.code, " balance for '", handle, "'"));
  return balance.value_or(Balance{});
}

}  // namespace noaber::ledger
