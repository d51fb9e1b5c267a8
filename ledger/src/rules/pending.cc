// Two-phase transfers: a payer reserves an amount (create), then moves all or part of it
// (post) or releases it (void). What is neither posted nor voided before its timeout is
// expired by the node. Each ends exactly once; the record stays, so a late retry is told why.
#include "noaber/ledger/strings.h"
#include "ledger/src/rules/rules.h"

namespace noaber::ledger {

namespace {

Rejection LoadOpenPending(const RuleContext& ctx, const OperationId& id, Pending* pending) {
  std::optional<Pending> found = ctx.state.FindPending(id);
  if (!found) {
    return Reject(ResultCode::kUnknownPending,
                  StrCat("there is no pending transfer ", OperationIdToHex(id)));
  }
  if (found->state != PendingState::kOpen) {
    return Reject(ResultCode::kPendingNotOpen,
                  StrCat("pending transfer ", OperationIdToHex(id), " was already ",
                               PendingStateName(found->state)));
  }
  *pending = *std::move(found);
  return Ok();
}

// Gives back what `pending` reserved on both sides; `moved` of it goes from payer to payee.
Rejection Settle(RuleContext& ctx, Pending& pending, Amount moved, PendingState state) {
  const Asset* asset = FindAsset(ctx.genesis, pending.asset);
  Balance from = LoadBalance(ctx, pending.from, *asset);
  Balance to = LoadBalance(ctx, pending.to, *asset);
  from.pending_debits = *CheckedSubtract(from.pending_debits, pending.amount);
  to.pending_credits = *CheckedSubtract(to.pending_credits, pending.amount);
  if (moved.minor_units > 0) {
    if (Rejection r = Debit(*asset, pending.from, moved, false, &from); !r.ok()) return r;
    if (Rejection r = Credit(*asset, pending.to, moved, false, &to); !r.ok()) return r;
    Account payee;
    if (Rejection r = LoadAccount(ctx, pending.to, &payee); !r.ok()) return r;
    if (Rejection r = CountReceived(ctx, payee, *asset, moved); !r.ok()) return r;
  }
  pending.state = state;
  pending.posted = moved;
  pending.resolved_index = ctx.index;
  ctx.state.Put(pending.from, pending.asset, from);
  ctx.state.Put(pending.to, pending.asset, to);
  ctx.state.Put(pending);
  ctx.touched.insert(pending.from);
  ctx.touched.insert(pending.to);
  return Ok();
}

}  // namespace

Rejection ApplyCreatePending(RuleContext& ctx, const CreatePending& action) {
  const OperationId& id = ctx.operation.id;
  if (ctx.state.FindPending(id)) {  // ids are unique; kept as a guard
    return Reject(ResultCode::kIdReused, "a pending transfer with this id exists");
  }
  if (Rejection r = MoveOrReserve(ctx, action.transfer, MoveOptions{.reserve = true}); !r.ok()) {
    return r;
  }
  const Transfer& t = action.transfer;
  Pending pending;
  pending.id = id;
  pending.from = t.from;
  pending.to = t.to;
  pending.asset = t.asset;
  pending.amount = t.amount;
  pending.skill = t.skill;
  pending.memo = t.memo;
  pending.expires_at_ms = ctx.timestamp_ms + action.timeout_ms;
  pending.created_index = ctx.index;
  ctx.state.Put(pending);
  return Ok();
}

Rejection ApplyPostPending(RuleContext& ctx, const PostPending& action) {
  Pending pending;
  if (Rejection r = LoadOpenPending(ctx, action.pending_id, &pending); !r.ok()) return r;
  if (ctx.timestamp_ms >= pending.expires_at_ms) {
    return Reject(ResultCode::kPendingExpired,
                  StrCat("pending transfer ", OperationIdToHex(pending.id),
                               " has passed its timeout and can no longer be posted"));
  }
  Account from, to;
  if (Rejection r = LoadAccount(ctx, pending.from, &from); !r.ok()) return r;
  if (Rejection r = LoadAccount(ctx, pending.to, &to); !r.ok()) return r;
  if (Rejection r = RequireOwnerOrAssistant(ctx, from, "post its pending payment"); !r.ok()) {
    return r;
  }
  if (Rejection r = RequireActive(from, "pay"); !r.ok()) return r;
  if (Rejection r = RequireActive(to, "receive"); !r.ok()) return r;
  Amount moved = action.amount.value_or(pending.amount);
  if (moved > pending.amount) {
    const Asset* asset = FindAsset(ctx.genesis, pending.asset);
    return Reject(ResultCode::kPostExceedsPending,
                  StrCat("cannot post ", Show(moved, *asset), ": pending transfer ",
                               OperationIdToHex(pending.id), " reserved only ",
                               Show(pending.amount, *asset)));
  }
  return Settle(ctx, pending, moved, PendingState::kPosted);
}

Rejection ApplyVoidPending(RuleContext& ctx, const VoidPending& action) {
  Pending pending;
  if (Rejection r = LoadOpenPending(ctx, action.pending_id, &pending); !r.ok()) return r;
  Account from, to;
  if (Rejection r = LoadAccount(ctx, pending.from, &from); !r.ok()) return r;
  if (Rejection r = LoadAccount(ctx, pending.to, &to); !r.ok()) return r;
  // Either side may call it off, and so may the administrators.
  if (!SignedBy(from, ctx.signers) && !SignedBy(to, ctx.signers) &&
      !RequireAdministrators(ctx, "").ok()) {
    return Reject(ResultCode::kNotAuthorized,
                  StrCat("only '", from.handle, "', '", to.handle,
                               "' or the administrators may void this pending transfer"));
  }
  return Settle(ctx, pending, Amount{0}, PendingState::kVoided);
}

Rejection ApplyExpirePending(RuleContext& ctx, const ExpirePending& action) {
  Pending pending;
  if (Rejection r = LoadOpenPending(ctx, action.pending_id, &pending); !r.ok()) return r;
  if (ctx.timestamp_ms < pending.expires_at_ms) {
    return Reject(ResultCode::kPendingNotDue,
                  StrCat("pending transfer ", OperationIdToHex(pending.id),
                               " is not due to expire yet"));
  }
  return Settle(ctx, pending, Amount{0}, PendingState::kExpired);
}

}  // namespace noaber::ledger
