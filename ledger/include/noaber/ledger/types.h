// The nouns of the neighbourhood economy: assets, accounts, balances, pending transfers.
// Plain values with no behaviour beyond comparison; the rules live in ledger/src/rules/.
#ifndef NOABER_LEDGER_TYPES_H_
#define NOABER_LEDGER_TYPES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "noaber/ledger/amount.h"

namespace noaber::ledger {

using PublicKey = std::array<uint8_t, 32>;
using SecretKey = std::array<uint8_t, 64>;
using Signature = std::array<uint8_t, 64>;
using Hash = std::array<uint8_t, 32>;
// A client-chosen 128-bit operation id; also names a pending transfer.
using OperationId = std::array<uint8_t, 16>;
using CommunityId = Hash;

// Frozen numbers: they are written into signed bytes and storage.
enum class AssetKind : uint8_t { kTime = 1, kCurrency = 2 };
enum class AccountKind : uint8_t { kResident = 1, kPartner = 2, kInitiative = 3, kCommunity = 4 };
enum class AccountStatus : uint8_t { kActive = 1, kFrozen = 2, kClosed = 3 };
enum class PendingState : uint8_t { kOpen = 1, kPosted = 2, kVoided = 3, kExpired = 4 };
enum class ListingKind : uint8_t { kOffer = 1, kRequest = 2 };
enum class ListingState : uint8_t { kOpen = 1, kClosed = 2 };
enum class RequestState : uint8_t { kOpen = 1, kAccepted = 2, kDeclined = 3 };

// The handle of the one community account, created by the genesis. Its keys are the
// administrators' keys; its minimum balance is each asset's issuance floor.
inline constexpr char kCommunityHandle[] = "community";

inline constexpr size_t kKeysPerAccountMax = 10;
inline constexpr size_t kHandleBytesMin = 3;
inline constexpr size_t kHandleBytesMax = 32;
inline constexpr size_t kAssetCodeBytesMin = 2;
inline constexpr size_t kAssetCodeBytesMax = 12;
inline constexpr size_t kSkillCodeBytesMax = 32;
inline constexpr size_t kMemoBytesMax = 256;
inline constexpr size_t kNameBytesMax = 64;
inline constexpr size_t kListingTextBytesMax = 500;
inline constexpr size_t kReasonBytesMax = 256;

struct Asset {
  std::string code;  // "HOUR", "BORN"
  AssetKind kind = AssetKind::kTime;
  std::string name;
  Amount issuance_floor;  // <= 0: how far the community account may go below zero.
  bool operator==(const Asset&) const = default;
};

struct Limits {
  Amount min;  // below zero: a credit line
  Amount max;
  bool operator==(const Limits&) const = default;
};

struct Skill {
  std::string code;  // "tuin"
  std::string label_nl;
  std::string label_en;
  std::string category;
  bool retired = false;  // kept for history; new transfers and listings may not use it
  bool operator==(const Skill&) const = default;
};

struct Account {
  std::string handle;
  AccountKind kind = AccountKind::kResident;
  AccountStatus status = AccountStatus::kActive;
  std::vector<PublicKey> keys;  // sorted, distinct
  uint8_t threshold = 1;
  uint64_t opened_index = 0;  // journal index of the operation that opened it
  // An assisted resident is not online: administrators may sign payments on their behalf.
  bool assisted = false;
  bool operator==(const Account&) const = default;
};

// One account's position in one asset. Amounts of pending transfers are reserved: a debit
// counts against the minimum and a credit against the maximum until posted or voided.
struct Balance {
  Amount balance;
  Amount pending_debits;
  Amount pending_credits;
  Limits limits;
  bool operator==(const Balance&) const = default;
};

// A two-phase transfer the ledger holds, named by the id of the operation that created it.
struct Pending {
  OperationId id{};
  std::string from;
  std::string to;
  std::string asset;
  Amount amount;
  std::string skill;
  std::string memo;
  int64_t expires_at_ms = 0;
  PendingState state = PendingState::kOpen;
  Amount posted;  // what was moved when posted; zero otherwise
  uint64_t created_index = 0;
  uint64_t resolved_index = 0;  // journal index of the post, void or expiry
  bool operator==(const Pending&) const = default;
};

// An offer ("I can help with X") or request ("I need help with Y") on the community's board,
// named by the id of the operation that posted it.
struct Listing {
  OperationId id{};
  std::string owner;
  ListingKind kind = ListingKind::kOffer;
  std::string skill;
  std::string text;
  std::string asset;  // of the estimate; empty without one
  Amount estimate;    // zero: none
  int64_t ends_at_ms = 0;  // zero: open-ended
  ListingState state = ListingState::kOpen;
  uint64_t created_index = 0;
  uint64_t closed_index = 0;
  bool operator==(const Listing&) const = default;
};

// The one who helped asks to be paid; the payer accepts (paying) or declines.
struct PaymentRequest {
  OperationId id{};
  std::string payee;
  std::string payer;
  std::string asset;
  Amount amount;
  std::string skill;
  std::string memo;
  std::optional<OperationId> listing;
  int64_t expires_at_ms = 0;  // zero: no expiry
  RequestState state = RequestState::kOpen;
  uint64_t created_index = 0;
  uint64_t resolved_index = 0;
  bool operator==(const PaymentRequest&) const = default;
};

// Where an accepted operation id points, so a retry gets the original result back.
struct OperationRecord {
  uint64_t index = 0;
  int64_t timestamp_ms = 0;
  Hash body_hash{};
  bool operator==(const OperationRecord&) const = default;
};

const char* AccountKindName(AccountKind kind);      // "resident"
const char* AccountStatusName(AccountStatus status);  // "active"
const char* PendingStateName(PendingState state);    // "open"
const char* AssetKindName(AssetKind kind);           // "time"
const char* ListingKindName(ListingKind kind);       // "offer"
const char* ListingStateName(ListingState state);    // "open"
const char* RequestStateName(RequestState state);    // "open"

// Syntax checks for text that enters the ledger.
bool IsValidHandle(std::string_view handle);      // 3-32 of a-z 0-9 . _ -
bool IsValidAssetCode(std::string_view code);     // 2-12 of A-Z 0-9
bool IsValidSkillCode(std::string_view code);     // 1-32 of a-z 0-9 _ -
// Valid UTF-8 without control characters, at most `bytes_max` bytes.
bool IsValidText(std::string_view text, size_t bytes_max);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_TYPES_H_
