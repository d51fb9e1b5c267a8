#include "node/board_queries.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"
#include "node/view_text.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

uint64_t Below(uint64_t before_index) {
  return before_index == 0 ? std::numeric_limits<uint64_t>::max() : before_index;
}

// The time of the entry at `index`.
absl::StatusOr<int64_t> EntryTime(const ledger::Store& store, uint64_t index) {
  absl::StatusOr<std::optional<ledger::JournalEntry>> entry = store.GetEntry(index);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value())
    return absl::DataLossError(StrCat("journal entry ", index, " is missing"));
  return (*entry)->timestamp_ms;
}

// Newest first (by created_index) and cut to `limit`; whether more followed.
template <typename Record>
bool NewestPage(std::vector<Record>* records, size_t limit) {
  std::sort(records->begin(), records->end(),
            [](const Record& a, const Record& b) { return a.created_index > b.created_index; });
  const bool more = records->size() > limit;
  if (more) records->resize(limit);
  return more;
}

std::string ListingState(const ledger::Listing& listing, int64_t now_ms) {
  if (listing.state == ledger::ListingState::kOpen && listing.ends_at_ms != 0 &&
      listing.ends_at_ms <= now_ms) {
    return "ended";
  }
  return ledger::ListingStateName(listing.state);
}

bool ListingMatches(const ledger::Listing& l, const ListingFilter& filter, int64_t now_ms) {
  if (l.created_index >= Below(filter.before_index)) return false;
  if (!filter.skill.empty() && l.skill != filter.skill) return false;
  if (filter.kind && l.kind != *filter.kind) return false;
  if (!filter.owner.empty() && l.owner != filter.owner) return false;
  return filter.include_closed || ListingState(l, now_ms) == "open";
}

absl::StatusOr<v1::Listing> ListingView(const ledger::Store& store, const ledger::Genesis& genesis,
                                        const ledger::Listing& l, int64_t now_ms) {
  v1::Listing out;
  out.set_listing_id(Bytes(l.id));
  out.set_owner(l.owner);
  out.set_kind(ledger::ListingKindName(l.kind));
  out.set_skill(l.skill);
  out.set_text(l.text);
  if (!l.asset.empty()) {
    out.set_asset(l.asset);
    out.set_estimate(l.estimate.minor_units);
    if (l.estimate.minor_units != 0) {
      out.set_formatted_estimate(FormatIn(genesis, l.asset, l.estimate));
    }
  }
  out.set_ends_at_ms(l.ends_at_ms);
  out.set_state(ListingState(l, now_ms));
  out.set_created_index(l.created_index);
  out.set_closed_index(l.closed_index);
  absl::StatusOr<int64_t> created_ms = EntryTime(store, l.created_index);
  if (!created_ms.ok()) return created_ms.status();
  out.set_created_ms(*created_ms);
  return out;
}

std::string RequestState(const ledger::PaymentRequest& r, int64_t now_ms) {
  if (r.state == ledger::RequestState::kOpen && r.expires_at_ms != 0 && now_ms >= r.expires_at_ms) {
    return "expired";
  }
  return ledger::RequestStateName(r.state);
}

bool RequestMatches(const ledger::PaymentRequest& r, const RequestFilter& filter, int64_t now_ms) {
  if (r.created_index >= Below(filter.before_index)) return false;
  const bool payer = r.payer == filter.handle;
  const bool payee = r.payee == filter.handle;
  if (filter.role == RequestRole::kPayer && !payer) return false;
  if (filter.role == RequestRole::kPayee && !payee) return false;
  if (!payer && !payee) return false;
  return filter.include_closed || RequestState(r, now_ms) == "open";
}

absl::StatusOr<v1::PaymentRequestInfo> RequestView(const ledger::Store& store,
                                                   const ledger::Genesis& genesis,
                                                   const ledger::PaymentRequest& r,
                                                   int64_t now_ms) {
  v1::PaymentRequestInfo out;
  out.set_request_id(Bytes(r.id));
  out.set_payee(r.payee);
  out.set_payer(r.payer);
  out.set_asset(r.asset);
  out.set_amount(r.amount.minor_units);
  out.set_formatted_amount(FormatIn(genesis, r.asset, r.amount));
  out.set_skill(r.skill);
  out.set_memo(r.memo);
  if (r.listing) out.set_listing_id(Bytes(*r.listing));
  out.set_expires_at_ms(r.expires_at_ms);
  out.set_state(RequestState(r, now_ms));
  out.set_created_index(r.created_index);
  out.set_resolved_index(r.resolved_index);
  absl::StatusOr<int64_t> created_ms = EntryTime(store, r.created_index);
  if (!created_ms.ok()) return created_ms.status();
  out.set_created_ms(*created_ms);
  return out;
}

}  // namespace

absl::StatusOr<v1::Listings> QueryListings(const ledger::Store& store,
                                           const ledger::Genesis& genesis,
                                           const ListingFilter& filter, int64_t now_ms) {
  if (!filter.skill.empty()) {
    absl::StatusOr<std::optional<ledger::Skill>> skill = store.GetSkill(filter.skill);
    if (!skill.ok()) return skill.status();
    if (!skill->has_value()) {
      return absl::NotFoundError(StrCat("there is no skill '", filter.skill, "' in the catalogue"));
    }
  }
  std::vector<ledger::Listing> found;
  absl::Status scanned = store.ForEachListing([&](const ledger::Listing& l) {
    if (ListingMatches(l, filter, now_ms)) found.push_back(l);
    return true;
  });
  if (!scanned.ok()) return scanned;
  const bool more = NewestPage(&found, filter.limit);
  v1::Listings out;
  for (const ledger::Listing& l : found) {
    absl::StatusOr<v1::Listing> view = ListingView(store, genesis, l, now_ms);
    if (!view.ok()) return view.status();
    *out.add_listings() = *std::move(view);
  }
  if (more) out.set_next_before_index(found.back().created_index);
  return out;
}

absl::StatusOr<v1::PaymentRequests> QueryRequests(const ledger::Store& store,
                                                  const ledger::Genesis& genesis,
                                                  const RequestFilter& filter, int64_t now_ms) {
  absl::StatusOr<std::optional<ledger::Account>> account = store.GetAccount(filter.handle);
  if (!account.ok()) return account.status();
  if (!account->has_value()) {
    return absl::NotFoundError(StrCat("no account '", filter.handle, "'"));
  }
  std::vector<ledger::PaymentRequest> found;
  absl::Status scanned = store.ForEachRequest([&](const ledger::PaymentRequest& r) {
    if (RequestMatches(r, filter, now_ms)) found.push_back(r);
    return true;
  });
  if (!scanned.ok()) return scanned;
  const bool more = NewestPage(&found, filter.limit);
  v1::PaymentRequests out;
  out.set_handle(filter.handle);
  for (const ledger::PaymentRequest& r : found) {
    absl::StatusOr<v1::PaymentRequestInfo> view = RequestView(store, genesis, r, now_ms);
    if (!view.ok()) return view.status();
    *out.add_requests() = *std::move(view);
  }
  if (more) out.set_next_before_index(found.back().created_index);
  return out;
}

}  // namespace noaber::node
