// The genesis: what founds a community. Its canonical bytes are journal entry 0 and their
// SHA-256 is the community id that every signature is bound to.
#ifndef NOABER_LEDGER_GENESIS_H_
#define NOABER_LEDGER_GENESIS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

inline constexpr uint8_t kGenesisVersion = 1;
inline constexpr size_t kAssetsMax = 16;
inline constexpr size_t kAdminKeysMax = 10;
inline constexpr size_t kSkillsMax = 1000;

// Limits a new account of `kind` gets in `asset`. Without an entry: min 0, max kAmountMax.
struct DefaultLimits {
  AccountKind kind = AccountKind::kResident;
  std::string asset;
  Limits limits;
  bool operator==(const DefaultLimits&) const = default;
};

struct Genesis {
  std::string community_name;
  int64_t created_ms = 0;
  std::vector<Asset> assets;
  std::vector<PublicKey> admin_keys;  // sorted, distinct; the community account's keys
  uint8_t admin_threshold = 1;
  std::vector<DefaultLimits> default_limits;
  std::vector<Skill> skills;
  bool operator==(const Genesis&) const = default;
};

// Checks the genesis makes sense (codes, thresholds, limits); InvalidArgument names the fault.
absl::Status ValidateGenesis(const Genesis& genesis);
std::string EncodeGenesis(const Genesis& genesis);
// Refuses bytes that are not the canonical encoding of a valid genesis.
absl::StatusOr<Genesis> DecodeGenesis(std::string_view bytes);
CommunityId CommunityIdOf(std::string_view genesis_bytes);

// The default catalogue: everyday help between neighbours, Dutch and English labels.
std::vector<Skill> DefaultSkills();
// A genesis with HOUR (time, minutes), the default skills and residents' credit line of 10h.
Genesis DefaultGenesis(std::string community_name, std::vector<PublicKey> admin_keys,
                       uint8_t admin_threshold, int64_t created_ms);

const Asset* FindAsset(const Genesis& genesis, std::string_view code);
const Skill* FindSkill(const Genesis& genesis, std::string_view code);
Limits DefaultLimitsFor(const Genesis& genesis, AccountKind kind, const Asset& asset);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_GENESIS_H_
