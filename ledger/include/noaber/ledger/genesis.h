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

inline constexpr uint8_t kGenesisVersion = 2;
inline constexpr size_t kAssetsMax = 16;
inline constexpr size_t kAdminKeysMax = 10;
inline constexpr size_t kSkillsMax = 1000;

// What a new account of `kind` gets in `asset`: its limits (without an entry: min 0,
// max kAmountMax), a welcome paid from the community account when it opens, and a cap on
// what it may receive per calendar year (volunteer-allowance rules). Zero: none.
struct DefaultLimits {
  AccountKind kind = AccountKind::kResident;
  std::string asset;
  Limits limits;
  Amount welcome;
  Amount annual_cap;
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
// The welcome and the annual cap for `kind` in `asset`; zero when there is none.
Amount WelcomeFor(const Genesis& genesis, AccountKind kind, std::string_view asset);
Amount AnnualCapFor(const Genesis& genesis, AccountKind kind, std::string_view asset);
// The calendar year in the Netherlands (where a new year always starts in winter time,
// UTC+1) of a node timestamp: deterministic, with no time zone database.
int CalendarYearOf(int64_t timestamp_ms);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_GENESIS_H_
