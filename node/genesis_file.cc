#include "node/genesis_file.h"

#include <algorithm>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "node/toml_reader.h"

namespace noaber::node {

namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::AssetKind;
using ledger::Genesis;
using ledger::StrCat;

std::string Item(std::string_view array, size_t i) { return StrCat(array, "[", i, "]"); }

// Each element of an array of tables, with its field path; stops at the first error.
template <typename Fn>
absl::Status ForEachTable(const TomlReader& reader, const toml::array& array, std::string_view path,
                          Fn&& fn) {
  for (size_t i = 0; i < array.size(); ++i) {
    const toml::table* table = array.get(i)->as_table();
    if (table == nullptr) {
      return reader.Error(array.get(i), Item(path, i),
                          "expected a table ([[" + std::string(path) + "]])");
    }
    if (absl::Status s = fn(*table, Item(path, i)); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<Amount> AmountField(const TomlReader& reader, const toml::table& table,
                                   std::string_view key, std::string_view path, AssetKind kind) {
  absl::StatusOr<std::string> text = reader.String(table, key, path);
  if (!text.ok()) return text.status();
  absl::StatusOr<Amount> amount = ledger::ParseAmount(*text, kind, /*allow_negative=*/true);
  if (!amount.ok()) {
    return reader.Error(table.get(key), TomlReader::Join(path, key),
                        ledger::ToView(amount.status().message()));
  }
  return *amount;
}

absl::Status ReadAsset(const TomlReader& reader, const toml::table& table, std::string_view path,
                       Genesis* genesis) {
  if (absl::Status s = reader.OnlyKeys(table, path, {"code", "kind", "name", "issuance_floor"});
      !s.ok()) {
    return s;
  }
  ledger::Asset asset;
  absl::StatusOr<std::string> code = reader.String(table, "code", path);
  if (!code.ok()) return code.status();
  if (!ledger::IsValidAssetCode(*code)) {
    return reader.Error(table.get("code"), TomlReader::Join(path, "code"),
                        StrCat("'", *code, "' is not 2-12 of A-Z 0-9"));
  }
  absl::StatusOr<std::string> kind = reader.String(table, "kind", path);
  if (!kind.ok()) return kind.status();
  if (*kind != "time" && *kind != "currency") {
    return reader.Error(table.get("kind"), TomlReader::Join(path, "kind"),
                        StrCat("'", *kind, "': expected \"time\" or \"currency\""));
  }
  asset.code = *code;
  asset.kind = *kind == "time" ? AssetKind::kTime : AssetKind::kCurrency;
  absl::StatusOr<std::string> name = reader.String(table, "name", path);
  if (!name.ok()) return name.status();
  asset.name = *name;
  absl::StatusOr<Amount> floor = AmountField(reader, table, "issuance_floor", path, asset.kind);
  if (!floor.ok()) return floor.status();
  asset.issuance_floor = *floor;
  genesis->assets.push_back(std::move(asset));
  return absl::OkStatus();
}

std::optional<AccountKind> KindFromName(std::string_view name) {
  for (AccountKind kind :
       {AccountKind::kResident, AccountKind::kPartner, AccountKind::kInitiative}) {
    if (name == ledger::AccountKindName(kind)) return kind;
  }
  return std::nullopt;
}

absl::Status ReadLimits(const TomlReader& reader, const toml::table& table, std::string_view path,
                        Genesis* genesis) {
  if (absl::Status s =
          reader.OnlyKeys(table, path, {"kind", "asset", "min", "max", "welcome", "annual_cap"});
      !s.ok()) {
    return s;
  }
  ledger::DefaultLimits limits;
  absl::StatusOr<std::string> kind = reader.String(table, "kind", path);
  if (!kind.ok()) return kind.status();
  std::optional<AccountKind> account_kind = KindFromName(*kind);
  if (!account_kind) {
    return reader.Error(table.get("kind"), TomlReader::Join(path, "kind"),
                        StrCat("'", *kind,
                               "': expected \"resident\", \"partner\" or "
                               "\"initiative\""));
  }
  limits.kind = *account_kind;
  absl::StatusOr<std::string> asset_code = reader.String(table, "asset", path);
  if (!asset_code.ok()) return asset_code.status();
  const ledger::Asset* asset = ledger::FindAsset(*genesis, *asset_code);
  if (asset == nullptr) {
    return reader.Error(table.get("asset"), TomlReader::Join(path, "asset"),
                        StrCat("'", *asset_code, "' is not one of the [[assets]] above"));
  }
  limits.asset = *asset_code;
  limits.limits = {Amount{0}, Amount{ledger::kAmountMax}};
  // Absent: no credit line, no ceiling, no welcome, no cap.
  for (auto [key, target] :
       {std::pair{"min", &limits.limits.min}, std::pair{"max", &limits.limits.max},
        std::pair{"welcome", &limits.welcome}, std::pair{"annual_cap", &limits.annual_cap}}) {
    if (table.get(key) == nullptr) continue;
    absl::StatusOr<Amount> amount = AmountField(reader, table, key, path, asset->kind);
    if (!amount.ok()) return amount.status();
    if (target != &limits.limits.min && amount->minor_units < 0) {
      return reader.Error(table.get(key), TomlReader::Join(path, key), "may not be negative");
    }
    *target = *amount;
  }
  genesis->default_limits.push_back(std::move(limits));
  return absl::OkStatus();
}

absl::Status ReadSkill(const TomlReader& reader, const toml::table& table, std::string_view path,
                       Genesis* genesis) {
  if (absl::Status s = reader.OnlyKeys(table, path, {"code", "label_nl", "label_en", "category"});
      !s.ok()) {
    return s;
  }
  ledger::Skill skill;
  for (auto [key, target] :
       {std::pair{"code", &skill.code}, std::pair{"label_nl", &skill.label_nl},
        std::pair{"label_en", &skill.label_en}, std::pair{"category", &skill.category}}) {
    absl::StatusOr<std::string> text = reader.String(table, key, path);
    if (!text.ok()) return text.status();
    *target = *text;
  }
  if (!ledger::IsValidSkillCode(skill.code)) {
    return reader.Error(table.get("code"), TomlReader::Join(path, "code"),
                        StrCat("'", skill.code, "' is not 1-32 of a-z 0-9 _ -"));
  }
  genesis->skills.push_back(std::move(skill));
  return absl::OkStatus();
}

absl::Status ReadAdmins(const TomlReader& reader, const toml::table& root, Genesis* genesis) {
  absl::StatusOr<const toml::array*> keys = reader.OptionalArray(root, "admin_keys", "");
  if (!keys.ok()) return keys.status();
  if (*keys == nullptr || (*keys)->empty()) {
    return reader.Error(*keys, "admin_keys", "at least one administrator key is needed");
  }
  for (size_t i = 0; i < (*keys)->size(); ++i) {
    const toml::node* node = (*keys)->get(i);
    const toml::value<std::string>* hex = node->as_string();
    std::optional<ledger::PublicKey> key =
        hex ? ledger::PublicKeyFromHex(hex->get()) : std::nullopt;
    if (!key) return reader.Error(node, Item("admin_keys", i), "expected 64 hex digits");
    if (std::find(genesis->admin_keys.begin(), genesis->admin_keys.end(), *key) !=
        genesis->admin_keys.end()) {
      return reader.Error(node, Item("admin_keys", i), "the same key is listed twice");
    }
    genesis->admin_keys.push_back(*key);
  }
  std::sort(genesis->admin_keys.begin(), genesis->admin_keys.end());
  absl::StatusOr<std::optional<int64_t>> threshold = reader.OptionalInteger(
      root, "admin_threshold", "", 1, static_cast<int64_t>(genesis->admin_keys.size()));
  if (!threshold.ok()) return threshold.status();
  genesis->admin_threshold = static_cast<uint8_t>(threshold->value_or(1));
  return absl::OkStatus();
}

// Each [[section]] array of the root, read with `read`; `required` ones must not be empty.
absl::Status ReadSections(const TomlReader& reader, const toml::table& root, Genesis* genesis) {
  using ReadFn =
      absl::Status (*)(const TomlReader&, const toml::table&, std::string_view, Genesis*);
  struct Section {
    const char* key;
    ReadFn read;
    bool required;
  };
  for (const Section& section :
       {Section{"assets", &ReadAsset, true}, Section{"default_limits", &ReadLimits, false},
        Section{"skills", &ReadSkill, false}}) {
    absl::StatusOr<const toml::array*> array = reader.OptionalArray(root, section.key, "");
    if (!array.ok()) return array.status();
    if (*array == nullptr) {
      if (section.required) return reader.Error(nullptr, section.key, "at least one is needed");
      continue;
    }
    absl::Status s = ForEachTable(reader, **array, section.key,
                                  [&](const toml::table& table, const std::string& path) {
                                    return section.read(reader, table, path, genesis);
                                  });
    if (!s.ok()) return s;
  }
  if (root.get("skills") == nullptr) genesis->skills = ledger::DefaultSkills();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Genesis> ParseGenesisToml(std::string_view text, std::string_view source,
                                         int64_t created_ms) {
  TomlReader reader{std::string(source)};
  absl::StatusOr<toml::table> root = reader.Parse(text);
  if (!root.ok()) return root.status();
  if (absl::Status s = reader.OnlyKeys(
          *root, "",
          {"community", "admin_keys", "admin_threshold", "assets", "default_limits", "skills"});
      !s.ok()) {
    return s;
  }
  Genesis genesis;
  genesis.created_ms = created_ms;
  absl::StatusOr<std::string> name = reader.String(*root, "community", "");
  if (!name.ok()) return name.status();
  genesis.community_name = *name;
  if (absl::Status s = ReadAdmins(reader, *root, &genesis); !s.ok()) return s;
  if (absl::Status s = ReadSections(reader, *root, &genesis); !s.ok()) return s;
  // What the file cannot show by itself (duplicates, limits around zero, label lengths).
  if (absl::Status s = ledger::ValidateGenesis(genesis); !s.ok()) {
    return absl::InvalidArgumentError(StrCat(source, ": ", ledger::ToView(s.message())));
  }
  return genesis;
}

absl::StatusOr<Genesis> LoadGenesisFile(const std::string& path, int64_t created_ms) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseGenesisToml(*text, path, created_ms);
}

}  // namespace noaber::node
