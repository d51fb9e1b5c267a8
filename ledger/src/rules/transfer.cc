// Transfers, and the balance arithmetic that pending transfers share.
#include "noaber/ledger/strings.h"
#include "ledger/src/rules/rules.h"

namespace noaber::ledger {

std::string Show(Amount amount, const Asset& asset) {
  std::string text = FormatAmount(amount, asset.kind);
  if (asset.kind == AssetKind::kCurrency) StrAppend(&text, " ", asset.code);
  return text;
}

Rejection Debit(const Asset& asset, std::string_view handle, Amount amount, bool reserve,
                Balance* balance) {
  // What the account could still spend: its balance less what pending transfers reserve.
  std::optional<Amount> available = CheckedSubtract(balance->balance, balance->pending_debits);
  std::optional<Amount> after = available ? CheckedSubtract(*available, amount) : std::nullopt;
  if (!after) {
    return Reject(ResultCode::kOverflow, StrCat("the amount overflows '", handle, "'"));
  }
  if (*after < balance->limits.min) {
    return Reject(ResultCode::kExceedsMinimum,
                  StrCat("'", handle, "' cannot pay ", Show(amount, asset),
                               ": its balance is ", Show(balance->balance, asset), " with ",
                               Show(balance->pending_debits, asset),
                               " reserved for pending payments, and its minimum is ",
                               Show(balance->limits.min, asset)));
  }
  if (reserve) {
    balance->pending_debits = *CheckedAdd(balance->pending_debits, amount);
  } else {
    balance->balance = *CheckedSubtract(balance->balance, amount);
  }
  return Ok();
}

Rejection Credit(const Asset& asset, std::string_view handle, Amount amount, bool reserve,
                 Balance* balance) {
  std::optional<Amount> promised = CheckedAdd(balance->balance, balance->pending_credits);
  std::optional<Amount> after = promised ? CheckedAdd(*promised, amount) : std::nullopt;
  if (!after) {
    return Reject(ResultCode::kOverflow, StrCat("the amount overflows '", handle, "'"));
  }
  if (*after > balance->limits.max) {
    return Reject(ResultCode::kExceedsMaximum,
                  StrCat("'", handle, "' cannot receive ", Show(amount, asset),
                               ": its balance is ", Show(balance->balance, asset), " with ",
                               Show(balance->pending_credits, asset),
                               " still to come in, and its maximum is ",
                               Show(balance->limits.max, asset)));
  }
  if (reserve) {
    balance->pending_credits = *CheckedAdd(balance->pending_credits, amount);
  } else {
    balance->balance = *CheckedAdd(balance->balance, amount);
  }
  return Ok();
}

namespace {

// The checks a transfer and a pending transfer share; fills in what they need to apply.
struct TransferParties {
  const Asset* asset = nullptr;
  Account from;
  Account to;
};

Rejection CheckTransferParties(RuleContext& ctx, const Transfer& t, TransferParties* parties) {
  parties->asset = FindAsset(ctx.genesis, t.asset);
  if (parties->asset == nullptr) {
    return Reject(ResultCode::kUnknownAsset,
                  StrCat("this community has no asset '", t.asset, "'"));
  }
  if (!t.skill.empty() && FindSkill(ctx.genesis, t.skill) == nullptr) {
    return Reject(ResultCode::kUnknownSkill,
                  StrCat("there is no skill '", t.skill, "' in the catalogue"));
  }
  if (Rejection r = LoadAccount(ctx, t.from, &parties->from); !r.ok()) return r;
  if (Rejection r = LoadAccount(ctx, t.to, &parties->to); !r.ok()) return r;
  if (Rejection r = RequireSignatureOf(ctx, parties->from, "pay from it"); !r.ok()) return r;
  if (Rejection r = RequireActive(parties->from, "pay"); !r.ok()) return r;
  return RequireActive(parties->to, "receive");
}

}  // namespace

// Moves `amount` from `from` to `to` at once, or reserves it when `reserve`.
Rejection MoveOrReserve(RuleContext& ctx, const Transfer& t, bool reserve) {
  TransferParties parties;
  if (Rejection r = CheckTransferParties(ctx, t, &parties); !r.ok()) return r;
  Balance from = LoadBalance(ctx, t.from, *parties.asset);
  Balance to = LoadBalance(ctx, t.to, *parties.asset);
  if (Rejection r = Debit(*parties.asset, t.from, t.amount, reserve, &from); !r.ok()) return r;
  if (Rejection r = Credit(*parties.asset, t.to, t.amount, reserve, &to); !r.ok()) return r;
  ctx.state.Put(t.from, t.asset, from);
  ctx.state.Put(t.to, t.asset, to);
  ctx.touched.insert(t.from);
  ctx.touched.insert(t.to);
  return Ok();
}

Rejection ApplyTransfer(RuleContext& ctx, const Transfer& action) {
  return MoveOrReserve(ctx, action, /*reserve=*/false);
}

}  // namespace noaber::ledger
