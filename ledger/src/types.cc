#include "noaber/ledger/types.h"

#include <string_view>

namespace noaber::ledger {

const char* AccountKindName(AccountKind kind) {
  switch (kind) {
    case AccountKind::kResident: return "resident";
    case AccountKind::kPartner: return "partner";
    case AccountKind::kInitiative: return "initiative";
    case AccountKind::kCommunity: return "community";
  }
  return "unknown";
}

const char* AccountStatusName(AccountStatus status) {
  switch (status) {
    case AccountStatus::kActive: return "active";
    case AccountStatus::kFrozen: return "frozen";
    case AccountStatus::kClosed: return "closed";
  }
  return "unknown";
}

const char* PendingStateName(PendingState state) {
  switch (state) {
    case PendingState::kOpen: return "open";
    case PendingState::kPosted: return "posted";
    case PendingState::kVoided: return "voided";
    case PendingState::kExpired: return "expired";
  }
  return "unknown";
}

const char* AssetKindName(AssetKind kind) {
  switch (kind) {
    case AssetKind::kTime: return "time";
    case AssetKind::kCurrency: return "currency";
  }
  return "unknown";
}

const char* ListingKindName(ListingKind kind) {
  switch (kind) {
    case ListingKind::kOffer: return "offer";
    case ListingKind::kRequest: return "request";
  }
  return "unknown";
}

const char* ListingStateName(ListingState state) {
  switch (state) {
    case ListingState::kOpen: return "open";
    case ListingState::kClosed: return "closed";
  }
  return "unknown";
}

const char* RequestStateName(RequestState state) {
  switch (state) {
    case RequestState::kOpen: return "open";
    case RequestState::kAccepted: return "accepted";
    case RequestState::kDeclined: return "declined";
  }
  return "unknown";
}

namespace {
bool AllOf(std::string_view s, bool (*allowed)(char)) {
  for (char c : s) {
    if (!allowed(c)) return false;
  }
  return true;
}
bool IsLowerDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

bool IsValidHandle(std::string_view handle) {
  return handle.size() >= kHandleBytesMin && handle.size() <= kHandleBytesMax &&
         AllOf(handle, [](char c) { return IsLowerDigit(c) || c == '.' || c == '_' || c == '-'; });
}

bool IsValidAssetCode(std::string_view code) {
  return code.size() >= kAssetCodeBytesMin && code.size() <= kAssetCodeBytesMax &&
         AllOf(code, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool IsValidSkillCode(std::string_view code) {
  return !code.empty() && code.size() <= kSkillCodeBytesMax &&
         AllOf(code, [](char c) { return IsLowerDigit(c) || c == '_' || c == '-'; });
}

bool IsValidText(std::string_view text, size_t bytes_max) {
  if (text.size() > bytes_max) return false;
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;  // control characters
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code_point = 0;
    if ((c & 0xe0) == 0xc0) {
      length = 2, code_point = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      length = 3, code_point = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      length = 4, code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length] || code_point > 0x10ffff) return false;  // overlong
    if (code_point >= 0xd800 && code_point <= 0xdfff) return false;            // surrogates
    if (code_point >= 0x80 && code_point <= 0x9f) return false;                // C1 controls
    i += length;
  }
  return true;
}

}  // namespace noaber::ledger
