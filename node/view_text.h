// Small helpers shared by the views that turn ledger state into API messages: raw bytes of a
// fixed-size value, quoted handles, and amounts shown with their asset. Pure functions.
#ifndef NOABER_NODE_VIEW_TEXT_H_
#define NOABER_NODE_VIEW_TEXT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "noaber/ledger/amount.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/strings.h"

namespace noaber::node {

// The bytes of a key, hash or id as a protobuf `bytes` value.
template <size_t N>
std::string Bytes(const std::array<uint8_t, N>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), N);
}

inline std::string Quoted(std::string_view handle) { return ledger::StrCat("'", handle, "'"); }

// "1h30m" or "12.50" in the asset's own form; the raw number for an asset the genesis does
// not know.
inline std::string FormatIn(const ledger::Genesis& genesis, std::string_view asset,
                            ledger::Amount amount) {
  const ledger::Asset* found = ledger::FindAsset(genesis, asset);
  if (found == nullptr) return ledger::StrCat(amount.minor_units);
  return ledger::FormatAmount(amount, found->kind);
}

// "1h30m HOUR" or "12.50 BORN"; the raw number (and code, if any) for an asset the genesis
// does not know.
inline std::string Show(const ledger::Genesis& genesis, std::string_view asset,
                        ledger::Amount amount) {
  const ledger::Asset* found = ledger::FindAsset(genesis, asset);
  if (found == nullptr) {
    return asset.empty() ? ledger::StrCat(amount.minor_units)
                         : ledger::StrCat(amount.minor_units, " ", asset);
  }
  return ledger::StrCat(ledger::FormatAmount(amount, found->kind), " ", asset);
}

}  // namespace noaber::node

#endif  // NOABER_NODE_VIEW_TEXT_H_
