// The board of offers ("I can help with X") and requests ("I need help with Y").
#include "ledger/src/rules/rules.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

Rejection ApplyPostListing(RuleContext& ctx, const PostListing& action) {
  // A listing is named by its operation's id, so an operation posts at most one; a second
  // would replace the first (or reopen it once closed).
  if (ctx.state.FindListing(ctx.operation.id)) {
    return Reject(ResultCode::kIdReused,
                  "a listing is named by its operation's id, so one operation posts at most one");
  }
  Account owner;
  if (Rejection r = LoadAccount(ctx, action.owner, &owner); !r.ok()) return r;
  if (owner.kind == AccountKind::kCommunity) {
    return Reject(ResultCode::kNotAllowedForCommunity,
                  "the community account does not post listings");
  }
  if (Rejection r = RequireOwnerOrAssistant(ctx, owner, "post a listing for it"); !r.ok()) {
    return r;
  }
  if (Rejection r = RequireActive(owner, "post listings"); !r.ok()) return r;
  if (Rejection r = RequireSkill(ctx, action.skill); !r.ok()) return r;
  if (!action.asset.empty() && FindAsset(ctx.genesis, action.asset) == nullptr) {
    return Reject(ResultCode::kUnknownAsset,
                  StrCat("this community has no asset '", action.asset, "'"));
  }
  if (action.ends_at_ms != 0 && action.ends_at_ms <= ctx.timestamp_ms) {
    return Reject(ResultCode::kTimeInPast, "the listing would end before it is posted");
  }
  Listing listing;
  listing.id = ctx.operation.id;
  listing.owner = action.owner;
  listing.kind = action.kind;
  listing.skill = action.skill;
  listing.text = action.text;
  listing.asset = action.asset;
  listing.estimate = action.estimate;
  listing.ends_at_ms = action.ends_at_ms;
  listing.created_index = ctx.index;
  ctx.state.Put(listing);
  ctx.touched.insert(listing.owner);
  return Ok();
}

Rejection ApplyCloseListing(RuleContext& ctx, const CloseListing& action) {
  std::optional<Listing> listing = ctx.state.FindListing(action.listing_id);
  if (!listing) {
    return Reject(ResultCode::kUnknownListing,
                  StrCat("there is no listing ", OperationIdToHex(action.listing_id)));
  }
  if (listing->state != ListingState::kOpen) {
    return Reject(ResultCode::kListingNotOpen,
                  StrCat("listing ", OperationIdToHex(listing->id), " is already closed"));
  }
  Account owner;
  if (Rejection r = LoadAccount(ctx, listing->owner, &owner); !r.ok()) return r;
  if (!SignedBy(owner, ctx.signers) && !SignedByAdministrators(ctx)) {
    return Reject(ResultCode::kNotAuthorized,
                  StrCat("only '", owner.handle,
                         "' or the administrators may close this listing"));
  }
  listing->state = ListingState::kClosed;
  listing->closed_index = ctx.index;
  ctx.state.Put(*listing);
  ctx.touched.insert(listing->owner);
  return Ok();
}

}  // namespace noaber::ledger
