// Payment requests: the one who helped asks to be paid; the payer accepts, which pays the
// request in the same operation, or declines. A request is paid at most once.
#include "ledger/src/rules/rules.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

Rejection LoadOpenRequest(const RuleContext& ctx, const OperationId& id,
                          PaymentRequest* request) {
  std::optional<PaymentRequest> found = ctx.state.FindRequest(id);
  if (!found) {
    return Reject(ResultCode::kUnknownRequest,
                  StrCat("there is no payment request ", OperationIdToHex(id)));
  }
  if (found->state != RequestState::kOpen) {
    return Reject(ResultCode::kRequestNotOpen,
                  StrCat("payment request ", OperationIdToHex(id), " was already ",
                         RequestStateName(found->state)));
  }
  *request = *std::move(found);
  return Ok();
}

Rejection CheckRequestedParties(RuleContext& ctx, const RequestPayment& action) {
  Account payee, payer;
  if (Rejection r = LoadAccount(ctx, action.payee, &payee); !r.ok()) return r;
  if (Rejection r = LoadAccount(ctx, action.payer, &payer); !r.ok()) return r;
  if (Rejection r = RequireOwnerOrAssistant(ctx, payee, "ask to be paid"); !r.ok()) return r;
  if (Rejection r = RequireActive(payee, "receive"); !r.ok()) return r;
  return RequireActive(payer, "pay");
}

}  // namespace

Rejection ApplyRequestPayment(RuleContext& ctx, const RequestPayment& action) {
  // A request is named by its operation's id, so an operation makes at most one; a second
  // would replace the first, even one just paid, with an open request that could be paid
  // again.
  if (ctx.state.FindRequest(ctx.operation.id)) {
    return Reject(ResultCode::kIdReused,
                  "a payment request is named by its operation's id, so one operation makes at "
                  "most one");
  }
  const Asset* asset = FindAsset(ctx.genesis, action.asset);
  if (asset == nullptr) {
    return Reject(ResultCode::kUnknownAsset,
                  StrCat("this community has no asset '", action.asset, "'"));
  }
  if (Rejection r = CheckRequestedParties(ctx, action); !r.ok()) return r;
  if (!action.skill.empty()) {
    if (Rejection r = RequireSkill(ctx, action.skill); !r.ok()) return r;
  }
  if (action.listing && !ctx.state.FindListing(*action.listing)) {
    return Reject(ResultCode::kUnknownListing,
                  StrCat("there is no listing ", OperationIdToHex(*action.listing)));
  }
  if (action.expires_at_ms != 0 && action.expires_at_ms <= ctx.timestamp_ms) {
    return Reject(ResultCode::kTimeInPast, "the request would expire before it is made");
  }
  PaymentRequest request;
  request.id = ctx.operation.id;
  request.payee = action.payee;
  request.payer = action.payer;
  request.asset = action.asset;
  request.amount = action.amount;
  request.skill = action.skill;
  request.memo = action.memo;
  request.listing = action.listing;
  request.expires_at_ms = action.expires_at_ms;
  request.created_index = ctx.index;
  ctx.state.Put(request);
  ctx.touched.insert(request.payee);
  ctx.touched.insert(request.payer);
  return Ok();
}

Rejection ApplyAcceptRequest(RuleContext& ctx, const AcceptRequest& action) {
  PaymentRequest request;
  if (Rejection r = LoadOpenRequest(ctx, action.request_id, &request); !r.ok()) return r;
  if (request.expires_at_ms != 0 && ctx.timestamp_ms >= request.expires_at_ms) {
    return Reject(ResultCode::kRequestExpired,
                  StrCat("payment request ", OperationIdToHex(request.id),
                         " has expired and can no longer be accepted"));
  }
  Account payer;
  if (Rejection r = LoadAccount(ctx, request.payer, &payer); !r.ok()) return r;
  if (Rejection r = RequireOwnerOrAssistant(ctx, payer, "accept a request made of it");
      !r.ok()) {
    return r;
  }
  Transfer payment{request.payer, request.payee, request.asset, request.amount,
                   request.skill, request.memo};
  if (Rejection r = MoveOrReserve(ctx, payment, MoveOptions{}); !r.ok()) return r;
  request.state = RequestState::kAccepted;
  request.resolved_index = ctx.index;
  ctx.state.Put(request);
  return Ok();
}

Rejection ApplyDeclineRequest(RuleContext& ctx, const DeclineRequest& action) {
  PaymentRequest request;
  if (Rejection r = LoadOpenRequest(ctx, action.request_id, &request); !r.ok()) return r;
  Account payer, payee;
  if (Rejection r = LoadAccount(ctx, request.payer, &payer); !r.ok()) return r;
  if (Rejection r = LoadAccount(ctx, request.payee, &payee); !r.ok()) return r;
  if (!SignedBy(payer, ctx.signers) && !SignedBy(payee, ctx.signers) &&
      !SignedByAdministrators(ctx)) {
    return Reject(ResultCode::kNotAuthorized,
                  StrCat("only '", payer.handle, "', '", payee.handle,
                         "' or the administrators may decline this request"));
  }
  request.state = RequestState::kDeclined;
  request.resolved_index = ctx.index;
  ctx.state.Put(request);
  ctx.touched.insert(request.payer);
  ctx.touched.insert(request.payee);
  return Ok();
}

}  // namespace noaber::ledger
