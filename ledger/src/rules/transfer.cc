// Transfers, and the balance arithmetic that pending transfers share.
#include <algorithm>

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

Rejection CheckTransferParties(RuleContext& ctx, const Transfer& t, bool payer_must_sign,
                               TransferParties* parties) {
  parties->asset = FindAsset(ctx.genesis, t.asset);
  if (parties->asset == nullptr) {
    return Reject(ResultCode::kUnknownAsset,
                  StrCat("this community has no asset '", t.asset, "'"));
  }
  if (!t.skill.empty()) {
    if (Rejection r = RequireSkill(ctx, t.skill); !r.ok()) return r;
  }
  if (Rejection r = LoadAccount(ctx, t.from, &parties->from); !r.ok()) return r;
  if (Rejection r = LoadAccount(ctx, t.to, &parties->to); !r.ok()) return r;
  if (payer_must_sign) {
    if (Rejection r = RequireOwnerOrAssistant(ctx, parties->from, "pay from it"); !r.ok()) {
      return r;
    }
  }
  if (Rejection r = RequireActive(parties->from, "pay"); !r.ok()) return r;
  return RequireActive(parties->to, "receive");
}

}  // namespace

Rejection CountReceived(RuleContext& ctx, const Account& payee, const Asset& asset,
                        Amount amount) {
  const Amount cap = AnnualCapFor(ctx.genesis, payee.kind, asset.code);
  if (cap.minor_units <= 0) return Ok();
  const int year = CalendarYearOf(ctx.timestamp_ms);
  const ReceivedKey key{payee.handle, asset.code, year};
  const Amount received = ctx.state.FindReceived(key);
  std::optional<Amount> after = CheckedAdd(received, amount);
  if (!after || *after > cap) {
    Amount left{std::max<int64_t>(0, cap.minor_units - received.minor_units)};
    // Show() names a currency's code itself ("200.00 BORN"); a time asset's is added here.
    return Reject(ResultCode::kEarningCapExceeded,
                  StrCat("'", payee.handle, "' may receive at most ", Show(cap, asset),
                         asset.kind == AssetKind::kTime ? " " + asset.code : "", " in ", year,
                         "; ", Show(left, asset), " is left, not enough for ",
                         Show(amount, asset)));
  }
  ctx.state.PutReceived(key, *after);
  return Ok();
}

// Moves `amount` from `from` to `to` at once, or reserves it when `options.reserve`.
Rejection MoveOrReserve(RuleContext& ctx, const Transfer& t, MoveOptions options) {
  TransferParties parties;
  if (Rejection r = CheckTransferParties(ctx, t, options.payer_must_sign, &parties); !r.ok()) {
    return r;
  }
  const bool reserve = options.reserve;
  Balance from = LoadBalance(ctx, t.from, *parties.asset);
  Balance to = LoadBalance(ctx, t.to, *parties.asset);
  if (Rejection r = Debit(*parties.asset, t.from, t.amount, reserve, &from); !r.ok()) return r;
  if (Rejection r = Credit(*parties.asset, t.to, t.amount, reserve, &to); !r.ok()) return r;
  if (!reserve && options.count_received) {
    if (Rejection r = CountReceived(ctx, parties.to, *parties.asset, t.amount); !r.ok()) {
      return r;
    }
  }
  ctx.state.Put(t.from, t.asset, from);
  ctx.state.Put(t.to, t.asset, to);
  ctx.touched.insert(t.from);
  ctx.touched.insert(t.to);
  return Ok();
}

Rejection ApplyTransfer(RuleContext& ctx, const Transfer& action) {
  return MoveOrReserve(ctx, action, MoveOptions{});
}

}  // namespace noaber::ledger
