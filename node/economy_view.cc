// How the neighbourhood economy's actions read in history and the journal watch: the
// catalogue, the board, payment requests, assisted accounts and corrections.
#include "absl/time/time.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "node/action_view.h"
#include "node/journal_reading.h"
#include "node/view_text.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

std::string ShortId(const ledger::OperationId& id) {
  return ledger::OperationIdToHex(id).substr(0, 8);
}

// " until 2026-12-01" for a time in ms; "" for zero.
std::string Until(int64_t ms) {
  if (ms == 0) return "";
  return StrCat(" until ",
                absl::FormatTime("%Y-%m-%d", absl::FromUnixMillis(ms), absl::UTCTimeZone()));
}

std::string Memo(std::string_view memo) { return memo.empty() ? "" : StrCat(": \"", memo, "\""); }

std::string ForSkill(std::string_view skill) { return skill.empty() ? "" : StrCat(" for ", skill); }

}  // namespace

absl::Status ActionViewer::operator()(const ledger::SetSkill& s) {
  const ledger::Skill& skill = s.skill;
  out_->set_skill(skill.code);
  v1::Skill* entry = out_->mutable_skill_entry();
  entry->set_code(skill.code);
  entry->set_label_nl(skill.label_nl);
  entry->set_label_en(skill.label_en);
  entry->set_category(skill.category);
  entry->set_retired(skill.retired);
  out_->set_detail(StrCat("skill '", skill.code, "' in the catalogue: ", skill.label_nl, " / ",
                          skill.label_en, " (", skill.category, ")",
                          skill.retired ? ", retired" : ""));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::PostListing& p) {
  out_->set_handle(p.owner);
  out_->set_listing_id(Bytes(operation_.id));
  out_->set_listing_kind(ledger::ListingKindName(p.kind));
  out_->set_skill(p.skill);
  out_->set_text(p.text);
  out_->set_ends_at_ms(p.ends_at_ms);
  std::string estimate;
  if (!p.asset.empty() && p.estimate.minor_units != 0) {
    out_->set_asset(p.asset);
    out_->set_amount(p.estimate.minor_units);
    out_->set_formatted_amount(Show(genesis_, p.asset, p.estimate));
    estimate = StrCat(", about ", out_->formatted_amount());
  }
  out_->set_detail(
      StrCat(Quoted(p.owner),
             p.kind == ledger::ListingKind::kOffer ? " offers help with " : " asks for help with ",
             p.skill, ": \"", p.text, "\"", estimate, Until(p.ends_at_ms)));
  return MarkOnBehalf(p.owner);
}

absl::Status ActionViewer::operator()(const ledger::CloseListing& c) {
  out_->set_listing_id(Bytes(c.listing_id));
  std::optional<ledger::Listing> listing;
  if (state_ != nullptr) {
    absl::StatusOr<std::optional<ledger::Listing>> found = state_->GetListing(c.listing_id);
    if (!found.ok()) return found.status();
    listing = *std::move(found);
  }
  if (!listing) {
    out_->set_detail(StrCat("closed listing ", ShortId(c.listing_id)));
    return absl::OkStatus();
  }
  out_->set_handle(listing->owner);
  out_->set_listing_kind(ledger::ListingKindName(listing->kind));
  out_->set_skill(listing->skill);
  out_->set_text(listing->text);
  out_->set_detail(StrCat("closed the ", ledger::ListingKindName(listing->kind), " ",
                          ShortId(c.listing_id), " of ", Quoted(listing->owner), " (",
                          listing->skill, ")"));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::RequestPayment& r) {
  out_->set_request_id(Bytes(operation_.id));
  out_->set_from(r.payer);
  out_->set_to(r.payee);
  out_->set_asset(r.asset);
  out_->set_amount(r.amount.minor_units);
  out_->set_formatted_amount(Show(genesis_, r.asset, r.amount));
  out_->set_skill(r.skill);
  out_->set_memo(r.memo);
  out_->set_ends_at_ms(r.expires_at_ms);
  if (r.listing) out_->set_listing_id(Bytes(*r.listing));
  out_->set_detail(StrCat(Quoted(r.payee), " asked ", Quoted(r.payer), " to pay ",
                          out_->formatted_amount(), ForSkill(r.skill), Memo(r.memo),
                          Until(r.expires_at_ms)));
  return MarkOnBehalf(r.payee);
}

absl::Status ActionViewer::operator()(const ledger::AcceptRequest& a) {
  out_->set_request_id(Bytes(a.request_id));
  std::optional<ledger::PaymentRequest> request;
  if (state_ != nullptr) {
    absl::StatusOr<std::optional<ledger::PaymentRequest>> found = state_->GetRequest(a.request_id);
    if (!found.ok()) return found.status();
    request = *std::move(found);
  }
  if (!request) {
    out_->set_detail(StrCat("accepted payment request ", ShortId(a.request_id)));
    return absl::OkStatus();
  }
  SetTransfer({request->payer, request->payee, request->asset, request->amount, request->skill,
               request->memo});
  out_->set_detail(StrCat(Quoted(request->payer), " accepted the payment request ",
                          ShortId(a.request_id), " and paid ", Quoted(request->payee), " ",
                          out_->formatted_amount(), ForSkill(request->skill), Memo(request->memo)));
  return MarkOnBehalf(request->payer);
}

absl::Status ActionViewer::operator()(const ledger::DeclineRequest& d) {
  out_->set_request_id(Bytes(d.request_id));
  std::optional<ledger::PaymentRequest> request;
  if (state_ != nullptr) {
    absl::StatusOr<std::optional<ledger::PaymentRequest>> found = state_->GetRequest(d.request_id);
    if (!found.ok()) return found.status();
    request = *std::move(found);
  }
  if (!request) {
    out_->set_detail(StrCat("declined payment request ", ShortId(d.request_id)));
    return absl::OkStatus();
  }
  out_->set_from(request->payer);
  out_->set_to(request->payee);
  out_->set_asset(request->asset);
  out_->set_amount(request->amount.minor_units);
  out_->set_formatted_amount(Show(genesis_, request->asset, request->amount));
  out_->set_skill(request->skill);
  out_->set_detail(StrCat("declined the payment request ", ShortId(d.request_id), " of ",
                          Quoted(request->payee), " to ", Quoted(request->payer), " for ",
                          out_->formatted_amount()));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::SetAssisted& s) {
  out_->set_handle(s.handle);
  out_->set_assisted(s.assisted);
  out_->set_detail(s.assisted ? StrCat(Quoted(s.handle),
                                       " is now assisted: the administrators may sign its "
                                       "payments on its behalf")
                              : StrCat(Quoted(s.handle), " is no longer assisted"));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::CorrectTransfer& c) {
  out_->set_original_operation_id(Bytes(c.original_id));
  out_->set_original_action_index(c.action_index);
  out_->set_reason(c.reason);
  out_->set_memo(c.reason);
  std::optional<OriginalTransfer> original;
  if (state_ != nullptr) {
    absl::StatusOr<std::optional<OriginalTransfer>> found =
        LoadOriginalTransfer(*state_, c.original_id, c.action_index);
    if (!found.ok()) return found.status();
    original = *std::move(found);
  }
  if (!original) {
    out_->set_detail(StrCat("corrected action ", c.action_index + 1, " of operation ",
                            ShortId(c.original_id), "; reason: \"", c.reason, "\""));
    return absl::OkStatus();
  }
  const ledger::Transfer& t = original->transfer;
  // The reversal pays the original back: from its payee to its payer.
  SetTransfer({t.to, t.from, t.asset, t.amount, t.skill, c.reason});
  out_->set_original_index(original->index);
  out_->set_detail(StrCat("corrected the transfer of ", out_->formatted_amount(), " from ",
                          Quoted(t.from), " to ", Quoted(t.to), " (entry ", original->index,
                          "): ", Quoted(t.to), " paid it back; reason: \"", c.reason, "\""));
  return absl::OkStatus();
}

}  // namespace noaber::node
