// Routes each action to its rule.
#include "ledger/src/rules/rules.h"

namespace noaber::ledger {

namespace {
struct Dispatch {
  RuleContext& ctx;
  Rejection operator()(const OpenAccount& a) { return ApplyOpenAccount(ctx, a); }
  Rejection operator()(const Transfer& a) { return ApplyTransfer(ctx, a); }
  Rejection operator()(const CreatePending& a) { return ApplyCreatePending(ctx, a); }
  Rejection operator()(const PostPending& a) { return ApplyPostPending(ctx, a); }
  Rejection operator()(const VoidPending& a) { return ApplyVoidPending(ctx, a); }
  Rejection operator()(const SetLimits& a) { return ApplySetLimits(ctx, a); }
  Rejection operator()(const SetStatus& a) { return ApplySetStatus(ctx, a); }
  Rejection operator()(const RotateKeys& a) { return ApplyRotateKeys(ctx, a); }
  Rejection operator()(const ExpirePending& a) { return ApplyExpirePending(ctx, a); }
  Rejection operator()(const SetSkill& a) { return ApplySetSkill(ctx, a); }
  Rejection operator()(const PostListing& a) { return ApplyPostListing(ctx, a); }
  Rejection operator()(const CloseListing& a) { return ApplyCloseListing(ctx, a); }
  Rejection operator()(const RequestPayment& a) { return ApplyRequestPayment(ctx, a); }
  Rejection operator()(const AcceptRequest& a) { return ApplyAcceptRequest(ctx, a); }
  Rejection operator()(const DeclineRequest& a) { return ApplyDeclineRequest(ctx, a); }
  Rejection operator()(const SetAssisted& a) { return ApplySetAssisted(ctx, a); }
  Rejection operator()(const CorrectTransfer& a) { return ApplyCorrectTransfer(ctx, a); }
};

}  // namespace

Rejection ApplyAction(RuleContext& ctx, const Action& action) {
  return std::visit(Dispatch{ctx}, action);
}

}  // namespace noaber::ledger
