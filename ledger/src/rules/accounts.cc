// Accounts: opened by the administrators, limited and frozen by them, keys rotated by the
// account itself (or by the administrators, for a resident who lost their phone).
#include "noaber/ledger/strings.h"
#include "ledger/src/rules/rules.h"

namespace noaber::ledger {

namespace {

void IndexKeys(RuleContext& ctx, const std::string& handle, const std::vector<PublicKey>& keys,
               bool present) {
  for (const PublicKey& key : keys) ctx.state.delta().key_index[{key, handle}] = present;
}

// The genesis may welcome new accounts of a kind with an amount, paid by the community
// account in the same operation.
Rejection PayWelcome(RuleContext& ctx, const Account& account) {
  for (const Asset& asset : ctx.genesis.assets) {
    const Amount welcome = WelcomeFor(ctx.genesis, account.kind, asset.code);
    if (welcome.minor_units <= 0) continue;
    Transfer gift{kCommunityHandle, account.handle, asset.code, welcome, "", "welcome"};
    if (Rejection r = MoveOrReserve(ctx, gift, MoveOptions{.payer_must_sign = false}); !r.ok()) {
      return r;
    }
  }
  return Ok();
}

}  // namespace

Rejection ApplyOpenAccount(RuleContext& ctx, const OpenAccount& action) {
  if (Rejection r = RequireAdministrators(ctx, "open an account"); !r.ok()) return r;
  if (ctx.state.FindAccount(action.handle)) {
    return Reject(ResultCode::kAccountExists,
                  StrCat("the handle '", action.handle, "' is taken"));
  }
  Account account;
  account.handle = action.handle;
  account.kind = action.kind;
  account.status = AccountStatus::kActive;
  account.keys = action.keys;
  account.threshold = action.threshold;
  account.opened_index = ctx.index;
  ctx.state.Put(account);
  for (const Asset& asset : ctx.genesis.assets) {
    Balance balance;
    balance.limits = DefaultLimitsFor(ctx.genesis, action.kind, asset);
    ctx.state.Put(action.handle, asset.code, balance);
  }
  IndexKeys(ctx, account.handle, account.keys, true);
  ctx.touched.insert(account.handle);
  return PayWelcome(ctx, account);
}

Rejection ApplySetAssisted(RuleContext& ctx, const SetAssisted& action) {
  if (Rejection r = RequireAdministrators(ctx, "mark an account as assisted"); !r.ok()) return r;
  Account account;
  if (Rejection r = LoadAccount(ctx, action.handle, &account); !r.ok()) return r;
  if (account.kind != AccountKind::kResident) {
    return Reject(ResultCode::kInvalidKind,
                  StrCat("only residents are assisted; '", account.handle, "' is a ",
                         AccountKindName(account.kind)));
  }
  if (account.status == AccountStatus::kClosed) return RequireActive(account, "be assisted");
  account.assisted = action.assisted;
  ctx.state.Put(account);
  ctx.touched.insert(account.handle);
  return Ok();
}

Rejection ApplySetLimits(RuleContext& ctx, const SetLimits& action) {
  if (Rejection r = RequireAdministrators(ctx, "set limits"); !r.ok()) return r;
  const Asset* asset = FindAsset(ctx.genesis, action.asset);
  if (asset == nullptr) {
    return Reject(ResultCode::kUnknownAsset,
                  StrCat("this community has no asset '", action.asset, "'"));
  }
  Account account;
  if (Rejection r = LoadAccount(ctx, action.handle, &account); !r.ok()) return r;
  if (account.status == AccountStatus::kClosed) {
    return RequireActive(account, "have its limits changed");
  }
  Balance balance = LoadBalance(ctx, action.handle, *asset);
  Limits limits{action.min.value_or(balance.limits.min), action.max.value_or(balance.limits.max)};
  if (limits.min > limits.max) {
    return Reject(ResultCode::kLimitsCross,
                  StrCat("the minimum ", Show(limits.min, *asset),
                               " would be above the maximum ", Show(limits.max, *asset)));
  }
  // Limits bound the balance counting pending transfers; they may not be set around it.
  Amount lowest = *CheckedSubtract(balance.balance, balance.pending_debits);
  Amount highest = *CheckedAdd(balance.balance, balance.pending_credits);
  if (lowest < limits.min || highest > limits.max) {
    return Reject(ResultCode::kLimitsExcludeBalance,
                  StrCat("'", action.handle, "' has ", Show(balance.balance, *asset),
                               " (", Show(lowest, *asset), " to ", Show(highest, *asset),
                               " counting pending transfers), outside the limits ",
                               Show(limits.min, *asset), " to ", Show(limits.max, *asset)));
  }
  balance.limits = limits;
  ctx.state.Put(action.handle, action.asset, balance);
  ctx.touched.insert(action.handle);
  return Ok();
}

Rejection ApplySetStatus(RuleContext& ctx, const SetStatus& action) {
  const char* verb = action.status == AccountStatus::kFrozen   ? "freeze an account"
                     : action.status == AccountStatus::kClosed ? "close an account"
                                                               : "unfreeze an account";
  if (Rejection r = RequireAdministrators(ctx, verb); !r.ok()) return r;
  Account account;
  if (Rejection r = LoadAccount(ctx, action.handle, &account); !r.ok()) return r;
  if (account.kind == AccountKind::kCommunity) {
    return Reject(ResultCode::kNotAllowedForCommunity,
                  "the community account cannot be frozen or closed");
  }
  if (account.status == AccountStatus::kClosed) {
    return Reject(ResultCode::kAccountClosed,
                  StrCat("account '", account.handle, "' is closed for good"));
  }
  if (action.status == AccountStatus::kClosed) {
    for (const Asset& asset : ctx.genesis.assets) {
      Balance b = LoadBalance(ctx, action.handle, asset);
      if (b.balance.minor_units != 0 || b.pending_debits.minor_units != 0 ||
          b.pending_credits.minor_units != 0) {
        return Reject(ResultCode::kBalanceNotZero,
                      StrCat("account '", account.handle, "' still holds ",
                                   Show(b.balance, asset),
                                   // Show() names currencies itself ("12.50 BORN").
                                   asset.kind == AssetKind::kTime ? " " + asset.code : "",
                                   " or pending transfers; settle them before closing"));
      }
    }
  }
  account.status = action.status;
  ctx.state.Put(account);
  ctx.touched.insert(account.handle);
  return Ok();
}

Rejection ApplyRotateKeys(RuleContext& ctx, const RotateKeys& action) {
  Account account;
  if (Rejection r = LoadAccount(ctx, action.handle, &account); !r.ok()) return r;
  if (account.status == AccountStatus::kClosed) return RequireActive(account, "change keys");
  if (!SignedBy(account, ctx.signers) && !RequireAdministrators(ctx, "").ok()) {
    return Reject(ResultCode::kNotAuthorized,
                  StrCat("the keys of '", account.handle,
                               "' are changed by the account itself or by the administrators"));
  }
  IndexKeys(ctx, account.handle, account.keys, false);
  IndexKeys(ctx, account.handle, action.keys, true);
  account.keys = action.keys;
  account.threshold = action.threshold;
  ctx.state.Put(account);
  ctx.touched.insert(account.handle);
  return Ok();
}

}  // namespace noaber::ledger
