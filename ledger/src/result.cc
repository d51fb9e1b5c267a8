#include "noaber/ledger/result.h"

namespace noaber::ledger {

ResultGroup GroupOf(ResultCode code) {
  auto n = static_cast<uint16_t>(code);
  if (n < 100) return ResultGroup::kAccepted;
  if (n < 200) return ResultGroup::kMalformed;
  if (n < 300) return ResultGroup::kFailsAgainstState;
  return ResultGroup::kRetryLater;
}

const char* ResultCodeName(ResultCode code) {
  switch (code) {
#define NOABER_RESULT_NAME(value, name) \
  case ResultCode::value:               \
    return name;
    NOABER_RESULT_NAME(kAccepted, "accepted")
    NOABER_RESULT_NAME(kAlreadyApplied, "already_applied")
    NOABER_RESULT_NAME(kMalformedEncoding, "malformed_encoding")
    NOABER_RESULT_NAME(kNonCanonical, "non_canonical")
    NOABER_RESULT_NAME(kUnsupportedVersion, "unsupported_version")
    NOABER_RESULT_NAME(kWrongCommunity, "wrong_community")
    NOABER_RESULT_NAME(kTooLarge, "too_large")
    NOABER_RESULT_NAME(kNoActions, "no_actions")
    NOABER_RESULT_NAME(kTooManyActions, "too_many_actions")
    NOABER_RESULT_NAME(kUnknownActionType, "unknown_action_type")
    NOABER_RESULT_NAME(kSystemActionNotAllowed, "system_action_not_allowed")
    NOABER_RESULT_NAME(kBadSignature, "bad_signature")
    NOABER_RESULT_NAME(kNoSignatures, "no_signatures")
    NOABER_RESULT_NAME(kTooManySignatures, "too_many_signatures")
    NOABER_RESULT_NAME(kInvalidHandle, "invalid_handle")
    NOABER_RESULT_NAME(kInvalidAssetCode, "invalid_asset_code")
    NOABER_RESULT_NAME(kInvalidSkillCode, "invalid_skill_code")
    NOABER_RESULT_NAME(kInvalidAmount, "invalid_amount")
    NOABER_RESULT_NAME(kInvalidText, "invalid_text")
    NOABER_RESULT_NAME(kInvalidKeys, "invalid_keys")
    NOABER_RESULT_NAME(kInvalidThreshold, "invalid_threshold")
    NOABER_RESULT_NAME(kInvalidKind, "invalid_kind")
    NOABER_RESULT_NAME(kInvalidStatus, "invalid_status")
    NOABER_RESULT_NAME(kSameAccount, "same_account")
    NOABER_RESULT_NAME(kInvalidTimeout, "invalid_timeout")
    NOABER_RESULT_NAME(kInvalidLimits, "invalid_limits")
    NOABER_RESULT_NAME(kMultiplePendings, "multiple_pendings")
    NOABER_RESULT_NAME(kReasonRequired, "reason_required")
    NOABER_RESULT_NAME(kExpired, "expired")
    NOABER_RESULT_NAME(kValidUntilTooFar, "valid_until_too_far")
    NOABER_RESULT_NAME(kIdReused, "id_reused")
    NOABER_RESULT_NAME(kUnknownAccount, "unknown_account")
    NOABER_RESULT_NAME(kAccountExists, "account_exists")
    NOABER_RESULT_NAME(kUnknownAsset, "unknown_asset")
    NOABER_RESULT_NAME(kUnknownSkill, "unknown_skill")
    NOABER_RESULT_NAME(kNotAuthorized, "not_authorized")
    NOABER_RESULT_NAME(kAccountFrozen, "account_frozen")
    NOABER_RESULT_NAME(kAccountClosed, "account_closed")
    NOABER_RESULT_NAME(kExceedsMinimum, "exceeds_minimum")
    NOABER_RESULT_NAME(kExceedsMaximum, "exceeds_maximum")
    NOABER_RESULT_NAME(kUnknownPending, "unknown_pending")
    NOABER_RESULT_NAME(kPendingNotOpen, "pending_not_open")
    NOABER_RESULT_NAME(kPendingExpired, "pending_expired")
    NOABER_RESULT_NAME(kPostExceedsPending, "post_exceeds_pending")
    NOABER_RESULT_NAME(kBalanceNotZero, "balance_not_zero")
    NOABER_RESULT_NAME(kLimitsExcludeBalance, "limits_exclude_balance")
    NOABER_RESULT_NAME(kNotAllowedForCommunity, "not_allowed_for_community")
    NOABER_RESULT_NAME(kPendingNotDue, "pending_not_due")
    NOABER_RESULT_NAME(kOverflow, "overflow")
    NOABER_RESULT_NAME(kLimitsCross, "limits_cross")
    NOABER_RESULT_NAME(kEarningCapExceeded, "earning_cap_exceeded")
    NOABER_RESULT_NAME(kUnknownListing, "unknown_listing")
    NOABER_RESULT_NAME(kListingNotOpen, "listing_not_open")
    NOABER_RESULT_NAME(kUnknownRequest, "unknown_request")
    NOABER_RESULT_NAME(kRequestNotOpen, "request_not_open")
    NOABER_RESULT_NAME(kRequestExpired, "request_expired")
    NOABER_RESULT_NAME(kNotCorrectable, "not_correctable")
    NOABER_RESULT_NAME(kAlreadyCorrected, "already_corrected")
    NOABER_RESULT_NAME(kSkillRetired, "skill_retired")
    NOABER_RESULT_NAME(kTimeInPast, "time_in_past")
    NOABER_RESULT_NAME(kBusy, "busy")
    NOABER_RESULT_NAME(kUnavailable, "unavailable")
    NOABER_RESULT_NAME(kNotLeader, "not_leader")
#undef NOABER_RESULT_NAME
  }
  return "unknown";
}

}  // namespace noaber::ledger
