#include "noaber/ledger/genesis.h"

#include <algorithm>
#include <set>

#include "absl/status/status.h"
#include "noaber/ledger/strings.h"
#include "ledger/src/codec.h"
#include "noaber/ledger/crypto.h"

namespace noaber::ledger {

namespace {

constexpr std::string_view kGenesisTag = "noaber-genesis";

absl::Status Invalid(std::string message) {
  return absl::InvalidArgumentError(StrCat("invalid genesis: ", message));
}

absl::Status ValidateAssets(const Genesis& genesis) {
  if (genesis.assets.empty()) return Invalid("it names no assets");
  if (genesis.assets.size() > kAssetsMax) return Invalid("more than 16 assets");
  std::set<std::string> codes;
  for (const Asset& asset : genesis.assets) {
    if (!IsValidAssetCode(asset.code)) {
      return Invalid(StrCat("asset code '", asset.code, "' is not 2-12 of A-Z 0-9"));
    }
    if (!codes.insert(asset.code).second) return Invalid("asset " + asset.code + " twice");
    if (asset.kind != AssetKind::kTime && asset.kind != AssetKind::kCurrency) {
      return Invalid("asset " + asset.code + " has an unknown kind");
    }
    if (!IsValidText(asset.name, kNameBytesMax)) return Invalid("asset name of " + asset.code);
    if (asset.issuance_floor.minor_units > 0 || !InRange(asset.issuance_floor)) {
      return Invalid("issuance floor of " + asset.code + " must be between -10^15 and 0");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRest(const Genesis& genesis) {
  if (genesis.admin_keys.empty() || genesis.admin_keys.size() > kAdminKeysMax) {
    return Invalid("it needs 1 to 10 administrator keys");
  }
  if (!std::is_sorted(genesis.admin_keys.begin(), genesis.admin_keys.end()) ||
      std::adjacent_find(genesis.admin_keys.begin(), genesis.admin_keys.end()) !=
          genesis.admin_keys.end()) {
    return Invalid("administrator keys must be sorted and distinct");
  }
  if (genesis.admin_threshold < 1 || genesis.admin_threshold > genesis.admin_keys.size()) {
    return Invalid(StrCat("administrator threshold ", genesis.admin_threshold,
                                " is not between 1 and ", genesis.admin_keys.size()));
  }
  std::set<std::pair<AccountKind, std::string>> seen;
  for (const DefaultLimits& d : genesis.default_limits) {
    if (d.kind < AccountKind::kResident || d.kind > AccountKind::kInitiative) {
      return Invalid("default limits may be set for residents, partners and initiatives");
    }
    if (FindAsset(genesis, d.asset) == nullptr) return Invalid("limits for unknown " + d.asset);
    if (!seen.insert({d.kind, d.asset}).second) return Invalid("limits twice for " + d.asset);
    if (!InRange(d.limits.min) || !InRange(d.limits.max) || d.limits.min > d.limits.max ||
        d.limits.min.minor_units > 0 || d.limits.max.minor_units < 0) {
      return Invalid("default limits for " + d.asset + " must satisfy min <= 0 <= max");
    }
    if (d.welcome.minor_units < 0 || d.welcome > d.limits.max || d.annual_cap.minor_units < 0 ||
        !InRange(d.annual_cap) ||
        (d.annual_cap.minor_units > 0 && d.welcome > d.annual_cap)) {
      return Invalid("the welcome for " + d.asset +
                     " must lie between 0 and the maximum (and the annual cap, if any), and the annual "
                     "cap at or above 0");
    }
  }
  if (genesis.skills.size() > kSkillsMax) return Invalid("more than 1000 skills");
  std::set<std::string> skill_codes;
  for (const Skill& skill : genesis.skills) {
    if (!IsValidSkillCode(skill.code)) return Invalid("skill code '" + skill.code + "'");
    if (!skill_codes.insert(skill.code).second) return Invalid("skill " + skill.code + " twice");
    if (!IsValidText(skill.label_nl, kNameBytesMax) ||
        !IsValidText(skill.label_en, kNameBytesMax) ||
        !IsValidText(skill.category, kNameBytesMax)) {
      return Invalid("labels of skill " + skill.code);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateGenesis(const Genesis& genesis) {
  if (genesis.community_name.empty() || !IsValidText(genesis.community_name, kNameBytesMax)) {
    return Invalid("the community name must be 1-64 bytes of printable UTF-8");
  }
  if (absl::Status s = ValidateAssets(genesis); !s.ok()) return s;
  return ValidateRest(genesis);
}

std::string EncodeGenesis(const Genesis& genesis) {
  Writer w;
  w.Raw(kGenesisTag);
  w.U8(kGenesisVersion);
  w.Str8(genesis.community_name);
  w.I64(genesis.created_ms);
  w.U8(static_cast<uint8_t>(genesis.assets.size()));
  for (const Asset& asset : genesis.assets) {
    w.Str8(asset.code);
    w.U8(static_cast<uint8_t>(asset.kind));
    w.Str8(asset.name);
    w.I64(asset.issuance_floor.minor_units);
  }
  w.U8(static_cast<uint8_t>(genesis.admin_keys.size()));
  for (const PublicKey& key : genesis.admin_keys) w.Fixed(key);
  w.U8(genesis.admin_threshold);
  w.U8(static_cast<uint8_t>(genesis.default_limits.size()));
  for (const DefaultLimits& d : genesis.default_limits) {
    w.U8(static_cast<uint8_t>(d.kind));
    w.Str8(d.asset);
    w.I64(d.limits.min.minor_units);
    w.I64(d.limits.max.minor_units);
    w.I64(d.welcome.minor_units);
    w.I64(d.annual_cap.minor_units);
  }
  w.U16(static_cast<uint16_t>(genesis.skills.size()));
  for (const Skill& skill : genesis.skills) {
    w.Str8(skill.code);
    w.Str8(skill.label_nl);
    w.Str8(skill.label_en);
    w.Str8(skill.category);
  }
  return w.Take();
}

absl::StatusOr<Genesis> DecodeGenesis(std::string_view bytes) {
  Reader r(bytes);
  if (r.Raw(kGenesisTag.size()) != kGenesisTag) return Invalid("not a genesis");
  if (r.U8() != kGenesisVersion) return Invalid("unsupported genesis version");
  Genesis g;
  g.community_name = r.Str8();
  g.created_ms = r.I64();
  g.assets.resize(r.U8());
  for (Asset& asset : g.assets) {
    asset.code = r.Str8();
    asset.kind = static_cast<AssetKind>(r.U8());
    asset.name = r.Str8();
    asset.issuance_floor = Amount{r.I64()};
  }
  g.admin_keys.resize(r.U8());
  for (PublicKey& key : g.admin_keys) key = r.Fixed<32>();
  g.admin_threshold = r.U8();
  g.default_limits.resize(r.U8());
  for (DefaultLimits& d : g.default_limits) {
    d.kind = static_cast<AccountKind>(r.U8());
    d.asset = r.Str8();
    d.limits.min = Amount{r.I64()};
    d.limits.max = Amount{r.I64()};
    d.welcome = Amount{r.I64()};
    d.annual_cap = Amount{r.I64()};
  }
  g.skills.resize(r.ok() ? r.U16() : 0);
  for (Skill& skill : g.skills) {
    skill.code = r.Str8();
    skill.label_nl = r.Str8();
    skill.label_en = r.Str8();
    skill.category = r.Str8();
  }
  if (!r.done()) return Invalid("truncated, or bytes after the end");
  if (absl::Status s = ValidateGenesis(g); !s.ok()) return s;
  return g;
}

CommunityId CommunityIdOf(std::string_view genesis_bytes) { return Sha256(genesis_bytes); }

std::vector<Skill> DefaultSkills() {
  return {
      {"boodschappen", "Boodschappen doen", "Grocery shopping", "care"},
      {"vervoer", "Vervoer en begeleiding", "Transport and escort", "care"},
      {"gezelschap", "Gezelschap en bezoek", "Company and visits", "care"},
      {"koken", "Koken en maaltijden", "Cooking and meals", "care"},
      {"tuin", "Tuinonderhoud", "Gardening", "home"},
      {"klussen", "Kleine klussen", "Odd jobs and repairs", "home"},
      {"schoonmaak", "Schoonmaken", "Cleaning", "home"},
      {"computerhulp", "Hulp met computer en telefoon", "Computer and phone help", "digital"},
      {"administratie", "Hulp bij formulieren", "Help with forms", "digital"},
      {"taalles", "Taalmaatje en taalles", "Language buddy and lessons", "learning"},
      {"huiswerk", "Huiswerkbegeleiding", "Homework help", "learning"},
      {"kinderopvang", "Oppassen", "Childminding", "care"},
      {"dierenzorg", "Dieren verzorgen", "Pet care", "home"},
      {"evenementen", "Hulp bij wijkactiviteiten", "Neighbourhood events", "community"},
      {"verduurzaming", "Energie besparen", "Home energy saving", "home"},
  };
}

Genesis DefaultGenesis(std::string community_name, std::vector<PublicKey> admin_keys,
                       uint8_t admin_threshold, int64_t created_ms) {
  std::sort(admin_keys.begin(), admin_keys.end());
  admin_keys.erase(std::unique(admin_keys.begin(), admin_keys.end()), admin_keys.end());
  Genesis g;
  g.community_name = std::move(community_name);
  g.created_ms = created_ms;
  g.assets = {{"HOUR", AssetKind::kTime, "Time credits", Amount{-kAmountMax}}};
  g.admin_keys = std::move(admin_keys);
  g.admin_threshold = admin_threshold;
  // Residents may give before they receive: a credit line of ten hours.
  g.default_limits = {
      {AccountKind::kResident, "HOUR", {Amount{-600}, Amount{kAmountMax}}},
      {AccountKind::kPartner, "HOUR", {Amount{0}, Amount{kAmountMax}}},
      {AccountKind::kInitiative, "HOUR", {Amount{0}, Amount{kAmountMax}}},
  };
  g.skills = DefaultSkills();
  return g;
}

Amount WelcomeFor(const Genesis& genesis, AccountKind kind, std::string_view asset) {
  for (const DefaultLimits& d : genesis.default_limits) {
    if (d.kind == kind && d.asset == asset) return d.welcome;
  }
  return Amount{0};
}

Amount AnnualCapFor(const Genesis& genesis, AccountKind kind, std::string_view asset) {
  for (const DefaultLimits& d : genesis.default_limits) {
    if (d.kind == kind && d.asset == asset) return d.annual_cap;
  }
  return Amount{0};
}

int CalendarYearOf(int64_t timestamp_ms) {
  // Days from the civil date algorithm (H. Hinnant), on UTC+1.
  int64_t days = (timestamp_ms + 3'600'000) / 86'400'000;
  if ((timestamp_ms + 3'600'000) % 86'400'000 < 0) --days;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;  // March = 0
  return static_cast<int>(year_of_era + era * 400 + (month_index >= 10 ? 1 : 0));
}

const Asset* FindAsset(const Genesis& genesis, std::string_view code) {
  for (const Asset& asset : genesis.assets) {
    if (asset.code == code) return &asset;
  }
  return nullptr;
}

const Skill* FindSkill(const Genesis& genesis, std::string_view code) {
  for (const Skill& skill : genesis.skills) {
    if (skill.code == code) return &skill;
  }
  return nullptr;
}

Limits DefaultLimitsFor(const Genesis& genesis, AccountKind kind, const Asset& asset) {
  if (kind == AccountKind::kCommunity) return {asset.issuance_floor, Amount{kAmountMax}};
  for (const DefaultLimits& d : genesis.default_limits) {
    if (d.kind == kind && d.asset == asset.code) return d.limits;
  }
  return {Amount{0}, Amount{kAmountMax}};
}

}  // namespace noaber::ledger
