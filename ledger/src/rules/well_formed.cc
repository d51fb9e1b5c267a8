// Step 1 of every operation: checks that need no state. Cheap, and run before signatures
// are even verified, so garbage costs the node little.
#include <algorithm>

#include "noaber/ledger/strings.h"
#include "ledger/src/rules/rules.h"

namespace noaber::ledger {

namespace {

Rejection CheckHandle(std::string_view handle, std::string_view role) {
  if (IsValidHandle(handle)) return Ok();
  return Reject(ResultCode::kInvalidHandle,
                StrCat(role, " handle '", Printable(handle),
                       "' is not 3-32 characters of a-z, 0-9, '.', '_' or '-'"));
}

Rejection CheckAsset(std::string_view code) {
  if (IsValidAssetCode(code)) return Ok();
  return Reject(ResultCode::kInvalidAssetCode,
                StrCat("asset code '", Printable(code), "' is not 2-12 characters of A-Z or 0-9"));
}

Rejection CheckPositive(Amount amount, std::string_view what) {
  if (amount.minor_units > 0 && amount.minor_units <= kAmountMax) return Ok();
  return Reject(ResultCode::kInvalidAmount,
                StrCat(what, " must be more than zero and at most 10^15 minor units, not ",
                             amount.minor_units));
}

Rejection CheckKeys(const std::vector<PublicKey>& keys, uint8_t threshold) {
  if (keys.empty() || keys.size() > kKeysPerAccountMax) {
    return Reject(ResultCode::kInvalidKeys,
                  StrCat("an account has 1 to ", kKeysPerAccountMax, " keys, not ",
                               keys.size()));
  }
  if (!std::is_sorted(keys.begin(), keys.end()) ||
      std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
    return Reject(ResultCode::kInvalidKeys, "keys must be sorted and each listed once");
  }
  if (threshold < 1 || threshold > keys.size()) {
    return Reject(ResultCode::kInvalidThreshold,
                  StrCat("threshold ", threshold, " is not between 1 and ", keys.size()));
  }
  return Ok();
}

Rejection CheckTransfer(const Transfer& t) {
  if (Rejection r = CheckHandle(t.from, "sender"); !r.ok()) return r;
  if (Rejection r = CheckHandle(t.to, "receiver"); !r.ok()) return r;
  if (t.from == t.to) {
    return Reject(ResultCode::kSameAccount, StrCat("'", t.from, "' cannot pay itself"));
  }
  if (Rejection r = CheckAsset(t.asset); !r.ok()) return r;
  if (Rejection r = CheckPositive(t.amount, "the amount"); !r.ok()) return r;
  if (!t.skill.empty() && !IsValidSkillCode(t.skill)) {
    return Reject(ResultCode::kInvalidSkillCode, StrCat("skill code '", Printable(t.skill),
                                                        "' is not 1-32 of a-z, 0-9, '_', '-'"));
  }
  if (t.from == kCommunityHandle && t.memo.empty()) {
    return Reject(ResultCode::kReasonRequired,
                  "a payment from the community account issues credit: give the reason as memo");
  }
  if (!IsValidText(t.memo, kMemoBytesMax)) {
    return Reject(ResultCode::kInvalidText,
                  t.memo.size() > kMemoBytesMax
                      ? StrCat("the memo has ", t.memo.size(), " bytes; at most ",
                                     kMemoBytesMax)
                      : "the memo is not valid UTF-8 or holds control characters");
  }
  return Ok();
}

Rejection CheckSkillCode(std::string_view code) {
  if (IsValidSkillCode(code)) return Ok();
  return Reject(ResultCode::kInvalidSkillCode,
                StrCat("skill code '", Printable(code), "' is not 1-32 of a-z, 0-9, '_', '-'"));
}

Rejection CheckText(std::string_view text, size_t bytes_max, std::string_view what) {
  if (IsValidText(text, bytes_max)) return Ok();
  return Reject(ResultCode::kInvalidText,
                text.size() > bytes_max
                    ? StrCat(what, " has ", text.size(), " bytes; at most ", bytes_max)
                    : StrCat(what, " is not valid UTF-8 or holds control characters"));
}

Rejection CheckTime(int64_t ms, std::string_view what) {
  if (ms >= 0) return Ok();
  return Reject(ResultCode::kInvalidTimeout, StrCat(what, " must not be negative"));
}

Rejection CheckListing(const PostListing& a) {
  if (Rejection r = CheckHandle(a.owner, "owner"); !r.ok()) return r;
  if (a.kind != ListingKind::kOffer && a.kind != ListingKind::kRequest) {
    return Reject(ResultCode::kInvalidKind, "a listing is an offer or a request");
  }
  if (Rejection r = CheckSkillCode(a.skill); !r.ok()) return r;
  if (a.text.empty()) return Reject(ResultCode::kInvalidText, "the listing needs a text");
  if (Rejection r = CheckText(a.text, kListingTextBytesMax, "the text"); !r.ok()) return r;
  if (a.asset.empty() != (a.estimate.minor_units == 0)) {
    return Reject(ResultCode::kInvalidAmount, "an estimate needs both an asset and an amount");
  }
  if (!a.asset.empty()) {
    if (Rejection r = CheckAsset(a.asset); !r.ok()) return r;
    if (Rejection r = CheckPositive(a.estimate, "the estimate"); !r.ok()) return r;
  }
  return CheckTime(a.ends_at_ms, "the end date");
}

Rejection CheckRequest(const RequestPayment& a) {
  if (Rejection r = CheckTransfer(Transfer{a.payer, a.payee, a.asset, a.amount, a.skill, a.memo});
      !r.ok()) {
    return r;
  }
  return CheckTime(a.expires_at_ms, "the expiry");
}

struct WellFormed {
  bool allow_system;
  Rejection operator()(const OpenAccount& a) const {
    if (Rejection r = CheckHandle(a.handle, "account"); !r.ok()) return r;
    if (a.kind != AccountKind::kResident && a.kind != AccountKind::kPartner &&
        a.kind != AccountKind::kInitiative) {
      return Reject(ResultCode::kInvalidKind,
                    "an account is opened as a resident, partner or initiative");
    }
    return CheckKeys(a.keys, a.threshold);
  }
  Rejection operator()(const Transfer& a) const { return CheckTransfer(a); }
  Rejection operator()(const CreatePending& a) const {
    if (Rejection r = CheckTransfer(a.transfer); !r.ok()) return r;
    if (a.timeout_ms < kPendingTimeoutMinMs || a.timeout_ms > kPendingTimeoutMaxMs) {
      return Reject(ResultCode::kInvalidTimeout,
                    StrCat("a pending transfer's timeout is 1 second to 366 days, not ",
                                 a.timeout_ms, " ms"));
    }
    return Ok();
  }
  Rejection operator()(const PostPending& a) const {
    if (a.amount) return CheckPositive(*a.amount, "the amount to post");
    return Ok();
  }
  Rejection operator()(const VoidPending&) const { return Ok(); }
  Rejection operator()(const SetLimits& a) const {
    if (Rejection r = CheckHandle(a.handle, "account"); !r.ok()) return r;
    if (Rejection r = CheckAsset(a.asset); !r.ok()) return r;
    auto in_range = [](const std::optional<Amount>& v) { return !v || InRange(*v); };
    if (!a.min && !a.max) return Reject(ResultCode::kInvalidLimits, "no limit to set");
    if (!in_range(a.min) || !in_range(a.max) || (a.min && a.max && *a.min > *a.max)) {
      return Reject(ResultCode::kInvalidLimits,
                    "limits must lie within +-10^15 minor units with minimum <= maximum");
    }
    return Ok();
  }
  Rejection operator()(const SetStatus& a) const {
    if (Rejection r = CheckHandle(a.handle, "account"); !r.ok()) return r;
    if (a.status != AccountStatus::kActive && a.status != AccountStatus::kFrozen &&
        a.status != AccountStatus::kClosed) {
      return Reject(ResultCode::kInvalidStatus, "status must be active, frozen or closed");
    }
    return Ok();
  }
  Rejection operator()(const RotateKeys& a) const {
    if (Rejection r = CheckHandle(a.handle, "account"); !r.ok()) return r;
    return CheckKeys(a.keys, a.threshold);
  }
  Rejection operator()(const SetSkill& a) const {
    if (Rejection r = CheckSkillCode(a.skill.code); !r.ok()) return r;
    for (const std::string* label : {&a.skill.label_nl, &a.skill.label_en, &a.skill.category}) {
      if (label->empty()) return Reject(ResultCode::kInvalidText, "a skill needs both labels and a category");
      if (Rejection r = CheckText(*label, kNameBytesMax, "a skill label"); !r.ok()) return r;
    }
    return Ok();
  }
  Rejection operator()(const PostListing& a) const { return CheckListing(a); }
  Rejection operator()(const CloseListing&) const { return Ok(); }
  Rejection operator()(const RequestPayment& a) const { return CheckRequest(a); }
  Rejection operator()(const AcceptRequest&) const { return Ok(); }
  Rejection operator()(const DeclineRequest&) const { return Ok(); }
  Rejection operator()(const SetAssisted& a) const { return CheckHandle(a.handle, "account"); }
  Rejection operator()(const CorrectTransfer& a) const {
    if (a.reason.empty()) {
      return Reject(ResultCode::kReasonRequired, "a correction must give its reason");
    }
    return CheckText(a.reason, kReasonBytesMax, "the reason");
  }
  Rejection operator()(const ExpirePending&) const {
    if (allow_system) return Ok();
    return Reject(ResultCode::kSystemActionNotAllowed,
                  "expiring a pending transfer is done by the node, not submitted");
  }
};

}  // namespace

Rejection CheckWellFormed(const Operation& operation, bool allow_system) {
  if (operation.actions.empty()) {
    return Reject(ResultCode::kNoActions, "the operation has no actions");
  }
  if (operation.actions.size() > kActionsPerOperationMax) {
    return Reject(ResultCode::kTooManyActions,
                  StrCat("at most ", kActionsPerOperationMax, " actions may be linked"));
  }
  size_t pendings = 0;
  const size_t count = operation.actions.size();
  for (size_t i = 0; i < count; ++i) {
    const Action& action = operation.actions[i];
    if (std::holds_alternative<CreatePending>(action) && ++pendings > 1) {
      return Reject(ResultCode::kMultiplePendings,
                    "a pending transfer is named by its operation's id, so one operation "
                    "creates at most one");
    }
    Rejection r = std::visit(WellFormed{allow_system}, action);
    if (!r.ok()) {
      if (count > 1) r.message = StrCat("action ", i + 1, " of ", count, ": ", r.message);
      return r;
    }
  }
  return Ok();
}

}  // namespace noaber::ledger
