// Operations: what a signer asks the ledger to do, and their one canonical byte form.
// An operation is a list of actions that succeed or fail together: one action is a plain
// operation, several form a linked batch. See docs/signing.md for the byte layout.
#ifndef NOABER_LEDGER_OPERATION_H_
#define NOABER_LEDGER_OPERATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "noaber/ledger/result.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

inline constexpr uint8_t kOperationVersion = 1;
inline constexpr size_t kActionsPerOperationMax = 64;
inline constexpr size_t kSignaturesPerOperationMax = 16;
inline constexpr size_t kSignedOperationBytesMax = 64 * 1024;
// How far ahead of the node's clock valid_until may lie.
inline constexpr int64_t kValidUntilAheadMaxMs = 7LL * 24 * 3600 * 1000;
// Bounds of a pending transfer's timeout.
inline constexpr int64_t kPendingTimeoutMinMs = 1000;
inline constexpr int64_t kPendingTimeoutMaxMs = 366LL * 24 * 3600 * 1000;

// Frozen numbers: the action type byte in the signed bytes.
enum class ActionType : uint8_t {
  kOpenAccount = 1,
  kTransfer = 2,
  kCreatePending = 3,
  kPostPending = 4,
  kVoidPending = 5,
  kSetLimits = 6,
  kSetStatus = 7,
  kRotateKeys = 8,
  kExpirePending = 9,  // written by the node only, never signed
  kSetSkill = 10,
  kPostListing = 11,
  kCloseListing = 12,
  kRequestPayment = 13,
  kAcceptRequest = 14,
  kDeclineRequest = 15,
  kSetAssisted = 16,
  kCorrectTransfer = 17,
};

// Administrators open an account of kind resident, partner or initiative.
struct OpenAccount {
  std::string handle;
  AccountKind kind = AccountKind::kResident;
  std::vector<PublicKey> keys;
  uint8_t threshold = 1;
  bool operator==(const OpenAccount&) const = default;
};

// Signed by `from`: moves `amount` of `asset` at once.
struct Transfer {
  std::string from;
  std::string to;
  std::string asset;
  Amount amount;
  std::string skill;  // empty: none
  std::string memo;
  bool operator==(const Transfer&) const = default;
};

// Signed by `from`: reserves the amount until posted, voided or expired after `timeout_ms`.
struct CreatePending {
  Transfer transfer;
  int64_t timeout_ms = 0;
  bool operator==(const CreatePending&) const = default;
};

// Signed by the payer: moves all, or `amount` of, a pending transfer; the rest is released.
struct PostPending {
  OperationId pending_id{};
  std::optional<Amount> amount;
  bool operator==(const PostPending&) const = default;
};

// Signed by the payer, the payee or the administrators: releases a pending transfer.
struct VoidPending {
  OperationId pending_id{};
  bool operator==(const VoidPending&) const = default;
};

// Administrators change an account's limits in one asset; absent fields stay as they are.
struct SetLimits {
  std::string handle;
  std::string asset;
  std::optional<Amount> min;
  std::optional<Amount> max;
  bool operator==(const SetLimits&) const = default;
};

// Administrators freeze (kFrozen), unfreeze (kActive) or close (kClosed) an account.
struct SetStatus {
  std::string handle;
  AccountStatus status = AccountStatus::kActive;
  bool operator==(const SetStatus&) const = default;
};

// The account itself, or the administrators (a resident who lost a phone), replace its keys.
struct RotateKeys {
  std::string handle;
  std::vector<PublicKey> keys;
  uint8_t threshold = 1;
  bool operator==(const RotateKeys&) const = default;
};

// The node expires a pending transfer whose timeout has passed. Never signed.
struct ExpirePending {
  OperationId pending_id{};
  bool operator==(const ExpirePending&) const = default;
};

// Administrators add a skill to the catalogue, relabel it, or retire it.
struct SetSkill {
  Skill skill;
  bool operator==(const SetSkill&) const = default;
};

// The owner (or, for an assisted resident, the administrators) puts an offer or a request
// on the board. It is named by its operation's id.
struct PostListing {
  std::string owner;
  ListingKind kind = ListingKind::kOffer;
  std::string skill;
  std::string text;
  std::string asset;  // of the estimate; empty without one
  Amount estimate;    // zero: none
  int64_t ends_at_ms = 0;
  bool operator==(const PostListing&) const = default;
};

// The owner or the administrators take a listing off the board.
struct CloseListing {
  OperationId listing_id{};
  bool operator==(const CloseListing&) const = default;
};

// Signed by the payee: asks `payer` to pay. Named by its operation's id.
struct RequestPayment {
  std::string payee;
  std::string payer;
  std::string asset;
  Amount amount;
  std::string skill;
  std::string memo;
  std::optional<OperationId> listing;
  int64_t expires_at_ms = 0;  // zero: no expiry
  bool operator==(const RequestPayment&) const = default;
};

// Signed by the payer (or for an assisted payer the administrators): pays the request.
struct AcceptRequest {
  OperationId request_id{};
  bool operator==(const AcceptRequest&) const = default;
};

// Signed by the payer, the payee or the administrators: the request is not paid.
struct DeclineRequest {
  OperationId request_id{};
  bool operator==(const DeclineRequest&) const = default;
};

// Administrators mark a resident as assisted (or no longer).
struct SetAssisted {
  std::string handle;
  bool assisted = false;
  bool operator==(const SetAssisted&) const = default;
};

// Administrators reverse a mistaken transfer: action `action_index` of the operation
// `original_id` is paid back in full, from its payee to its payer, with a reason. The
// original stays in the journal; a transfer is corrected at most once.
struct CorrectTransfer {
  OperationId original_id{};
  uint8_t action_index = 0;
  std::string reason;
  bool operator==(const CorrectTransfer&) const = default;
};

using Action = std::variant<OpenAccount, Transfer, CreatePending, PostPending, VoidPending,
                            SetLimits, SetStatus, RotateKeys, ExpirePending, SetSkill,
                            PostListing, CloseListing, RequestPayment, AcceptRequest,
                            DeclineRequest, SetAssisted, CorrectTransfer>;

ActionType TypeOf(const Action& action);
const char* ActionTypeName(ActionType type);  // "transfer"

struct Operation {
  CommunityId community{};
  OperationId id{};
  int64_t valid_until_ms = 0;
  std::vector<Action> actions;
  bool operator==(const Operation&) const = default;
};

struct SignatureEntry {
  PublicKey key{};
  Signature signature{};
  bool operator==(const SignatureEntry&) const = default;
};

// The body bytes and their signatures, in the canonical envelope stored in the journal.
struct SignedOperation {
  std::string body;                       // EncodeOperation() output; what is signed
  std::vector<SignatureEntry> signatures;  // sorted by key, distinct
};

// The one canonical byte form of an operation body (what Ed25519 signs).
std::string EncodeOperation(const Operation& operation);
// Decodes a body; any byte string that is not exactly the canonical form of some operation is
// refused with kMalformed... codes and a sentence.
Rejection DecodeOperation(std::string_view body, Operation* operation);

std::string EncodeSignedOperation(const SignedOperation& signed_operation);
Rejection DecodeSignedOperation(std::string_view bytes, SignedOperation* signed_operation);

// Adds a signature by `secret_key` to `signed_operation`, keeping signatures sorted.
// Returns InvalidArgument if the key already signed.
absl::Status AddSignature(const SecretKey& secret_key, SignedOperation* signed_operation);

std::string OperationIdToHex(const OperationId& id);
std::optional<OperationId> OperationIdFromHex(std::string_view hex);
// A fresh id: the time in milliseconds (48 bits, big-endian) then 80 random bits, as a
// UUIDv7 is laid out, so ids made later sort later. The node accepts any 128 bits.
OperationId NewOperationId();

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_OPERATION_H_
