// Results of submitting an operation: a stable enum with frozen numbers, grouped by
// consequence, and a human sentence saying which rule, which account, which amount.
#ifndef NOABER_LEDGER_RESULT_H_
#define NOABER_LEDGER_RESULT_H_

#include <cstdint>
#include <string>

#include "noaber/ledger/types.h"

namespace noaber::ledger {

// Numbers are frozen: wallets and logs depend on them. Never renumber; only add.
//   0-99     accepted
//   100-199  malformed: the bytes themselves are wrong; resending them never helps
//   200-299  fails against the current state or clock: resending the same bytes may succeed
//            once they are different (valid_until_too_far), or never (expired, id_reused)
//   300-399  might succeed later unchanged: the node is busy or unavailable
enum class ResultCode : uint16_t {
  kAccepted = 0,
  kAlreadyApplied = 1,  // an identical operation was accepted before; original result

  kMalformedEncoding = 100,
  kNonCanonical = 101,
  kUnsupportedVersion = 102,
  kWrongCommunity = 103,
  kTooLarge = 104,
  kNoActions = 105,
  kTooManyActions = 106,
  kUnknownActionType = 107,
  kSystemActionNotAllowed = 108,
  kBadSignature = 109,
  kNoSignatures = 110,
  kTooManySignatures = 111,
  kInvalidHandle = 112,
  kInvalidAssetCode = 113,
  kInvalidSkillCode = 114,
  kInvalidAmount = 115,
  kInvalidText = 116,
  kInvalidKeys = 117,
  kInvalidThreshold = 118,
  kInvalidKind = 119,
  kInvalidStatus = 120,
  kSameAccount = 121,
  kInvalidTimeout = 122,
  kInvalidLimits = 123,
  kMultiplePendings = 124,
  kReasonRequired = 125,

  kExpired = 200,
  kValidUntilTooFar = 201,
  kIdReused = 202,
  kUnknownAccount = 203,
  kAccountExists = 204,
  kUnknownAsset = 205,
  kUnknownSkill = 206,
  kNotAuthorized = 207,
  kAccountFrozen = 208,
  kAccountClosed = 209,
  kExceedsMinimum = 210,
  kExceedsMaximum = 211,
  kUnknownPending = 212,
  kPendingNotOpen = 213,
  kPendingExpired = 214,
  kPostExceedsPending = 215,
  kBalanceNotZero = 216,
  kLimitsExcludeBalance = 217,
  kNotAllowedForCommunity = 218,
  kPendingNotDue = 219,
  kOverflow = 220,
  kLimitsCross = 221,
  kEarningCapExceeded = 222,
  kUnknownListing = 223,
  kListingNotOpen = 224,
  kUnknownRequest = 225,
  kRequestNotOpen = 226,
  kRequestExpired = 227,
  kNotCorrectable = 228,
  kAlreadyCorrected = 229,
  kSkillRetired = 230,
  kTimeInPast = 231,

  kBusy = 300,
  kUnavailable = 301,
  // A node of a cluster that is not its leader: the writes go to the leader, whose gRPC
  // address the node gives in the "noaber-leader" trailer (empty while none is known).
  kNotLeader = 302,
};

enum class ResultGroup { kAccepted, kMalformed, kFailsAgainstState, kRetryLater };

ResultGroup GroupOf(ResultCode code);
// "accepted", "malformed_encoding", ...: a stable snake_case name for logs and JSON.
const char* ResultCodeName(ResultCode code);

// A rejection (or success, code kAccepted) with the sentence a person reads.
struct Rejection {
  ResultCode code = ResultCode::kAccepted;
  std::string message;
  bool ok() const { return code == ResultCode::kAccepted; }
};

inline Rejection Reject(ResultCode code, std::string message) {
  return Rejection{code, std::move(message)};
}
inline Rejection Ok() { return Rejection{}; }

// What a submitter learns: for kAccepted and kAlreadyApplied, where the operation sits in the
// journal; otherwise the rejection.
struct Outcome {
  ResultCode code = ResultCode::kAccepted;
  std::string message;
  uint64_t index = 0;
  int64_t timestamp_ms = 0;
  // Set only when this operation was just journaled (kAccepted): its entry's hash link and
  // Merkle leaf hash, which its receipt carries. Zero otherwise.
  Hash previous_hash{};
  Hash leaf_hash{};
  bool accepted() const {
    return code == ResultCode::kAccepted || code == ResultCode::kAlreadyApplied;
  }
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_RESULT_H_
