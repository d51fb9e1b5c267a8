// noaber skills | initiative show | statement | verify-statement | node-key: the catalogue,
// an initiative's books, and node-signed contribution statements (verified offline).
#include <algorithm>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/inputs.h"
#include "wallet-cli/private_files.h"
#include "wallet-cli/statement_file.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;

std::string Hex(const std::string& bytes) {
  return ledger::ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

ledger::AssetKind KindIn(Wallet& wallet, const std::string& asset) {
  absl::StatusOr<AssetRef> found = wallet.Asset(asset);
  return found.ok() ? found->kind : ledger::AssetKind::kTime;
}

// A table of flows (who funded an initiative, whom it paid), or "none".
std::string FlowTable(Wallet& wallet, const std::string& who,
                      const google::protobuf::RepeatedPtrField<v1::Flow>& flows,
                      nlohmann::json* json) {
  std::vector<std::vector<std::string>> rows = {{who, "AMOUNT", "PAYMENTS"}};
  for (const v1::Flow& flow : flows) {
    ledger::AssetKind kind = KindIn(wallet, flow.asset());
    ledger::Amount amount{flow.amount()};
    rows.push_back(
        {flow.handle(), AmountText(flow.asset(), amount, kind), std::to_string(flow.payments())});
    json->push_back({{"handle", flow.handle()},
                     {"amount", AmountJson(flow.asset(), amount, kind)},
                     {"payments", flow.payments()}});
  }
  return rows.size() == 1 ? " none" : StrCat("\n", FormatTable(rows));
}

// The asset to ask a statement in: the one named, else the default asset when it counts time
// (else empty: every time asset).
absl::StatusOr<std::string> StatementAsset(Wallet& wallet, const std::string& named) {
  absl::StatusOr<AssetRef> asset = wallet.Asset(named);
  if (!asset.ok()) return asset.status();
  if (asset->kind == ledger::AssetKind::kTime) return asset->code;
  if (!named.empty()) {
    return UsageError(StrCat(named, " counts money; statements are about time given"));
  }
  return std::string();
}

// A statement as the node signed it, checked against the node's key.
struct SignedText {
  std::string text;
  ledger::Statement statement;
};

// Asks the node for one statement (the account, year and asset of `options`) and verifies
// it before the wallet hands it on. A usage error when the node sends several (one per time
// asset): --asset must choose.
absl::StatusOr<SignedText> FetchStatement(Wallet& wallet, const StatementOptions& options) {
  absl::StatusOr<std::string> asset = StatementAsset(wallet, options.asset);
  if (!asset.ok()) return asset.status();
  absl::StatusOr<std::string> auth = wallet.CallAuth(kGetStatementMethod);
  if (!auth.ok()) return auth.status();
  absl::StatusOr<std::string> handle = wallet.HandleOrOwn(options.handle);
  if (!handle.ok()) return handle.status();
  v1::GetStatementRequest request;
  request.set_handle(*handle);
  request.set_year(options.year);
  request.set_asset(*asset);
  absl::StatusOr<v1::Statements> statements = wallet.node().GetStatement(request, *auth);
  if (!statements.ok()) return statements.status();
  if (statements->statements_size() != 1) {
    std::string assets;
    for (const auto& s : statements->statements()) StrAppend(&assets, " ", s.asset());
    return statements->statements().empty()
               ? RejectedError(StrCat("the node has no statement for ", *handle), std::nullopt)
               : UsageError(StrCat("choose one asset with --asset:", assets));
  }
  std::optional<ledger::PublicKey> node_key;
  if (const std::string& bytes = statements->node_key();
      bytes.size() == ledger::PublicKey().size()) {
    node_key.emplace();
    std::copy(bytes.begin(), bytes.end(), node_key->begin());
  }
  const std::string& text = statements->statements(0).text();
  absl::StatusOr<ledger::Statement> checked = VerifyStatementText(text, node_key);
  if (!checked.ok()) return checked.status();
  return SignedText{text, *std::move(checked)};
}

}  // namespace

absl::Status RunSkills(Wallet& wallet, const SkillsOptions& options) {
  absl::StatusOr<const CommunityInfo*> community = wallet.Community();
  if (!community.ok()) return community.status();
  std::vector<const v1::Skill*> skills;
  size_t retired = 0;
  for (const v1::Skill& skill : (*community)->proto.skills()) {
    if (skill.retired()) ++retired;
    if (!skill.retired() || options.all) skills.push_back(&skill);
  }
  std::sort(skills.begin(), skills.end(), [](const v1::Skill* a, const v1::Skill* b) {
    return std::tie(a->category(), a->code()) < std::tie(b->category(), b->code());
  });
  std::vector<std::vector<std::string>> rows = {{"SKILL", "CATEGORY", "NL", "EN"}};
  if (options.all) rows[0].push_back("RETIRED");
  nlohmann::json list = nlohmann::json::array();
  for (const v1::Skill* skill : skills) {
    rows.push_back({skill->code(), skill->category(), skill->label_nl(), skill->label_en()});
    if (options.all) rows.back().push_back(skill->retired() ? "yes" : "");
    list.push_back({{"code", skill->code()},
                    {"category", skill->category()},
                    {"label_nl", skill->label_nl()},
                    {"label_en", skill->label_en()},
                    {"retired", skill->retired()}});
  }
  std::string human =
      rows.size() == 1 ? std::string("The catalogue has no skills.")
                       : StrCat("Skills of ", (*community)->proto.name(), "\n", FormatTable(rows));
  if (!options.all && retired > 0) {
    StrAppend(&human, "\n(", retired, " retired; `noaber skills --all` shows them)");
  }
  wallet.output().Result(human, {{"skills", list}});
  return absl::OkStatus();
}

absl::Status RunInitiative(Wallet& wallet, const InitiativeOptions& options) {
  if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  absl::StatusOr<std::string> auth = wallet.CallAuth(kGetInitiativeMethod);
  if (!auth.ok()) return auth.status();
  absl::StatusOr<v1::InitiativeInfo> info = wallet.node().GetInitiative(options.handle, *auth);
  if (!info.ok()) return info.status();
  absl::StatusOr<v1::AccountInfo> account = wallet.node().GetAccountByHandle(options.handle);
  if (!account.ok()) return account.status();
  std::vector<std::vector<std::string>> budget = {{"ASSET", "BALANCE", "RESERVED OUT"}};
  nlohmann::json balances = nlohmann::json::array();
  for (const v1::Balance& b : info->balances()) {
    ledger::AssetKind kind = KindIn(wallet, b.asset());
    budget.push_back({b.asset(), ledger::FormatAmount(ledger::Amount{b.balance()}, kind),
                      ledger::FormatAmount(ledger::Amount{b.pending_debits()}, kind)});
    balances.push_back({{"asset", b.asset()},
                        {"balance", AmountJson(b.asset(), ledger::Amount{b.balance()}, kind)}});
  }
  std::string owners;
  for (const std::string& owner : info->owners())
    StrAppend(&owners, owners.empty() ? "" : ", ", owner);
  nlohmann::json funded = nlohmann::json::array(), paid = nlohmann::json::array();
  std::string human =
      StrCat("Initiative ", info->handle(), " (", info->status(),
             "); owners: ", owners.empty() ? "none" : owners, "; ", account->threshold(), " of ",
             account->keys_size(), " keys sign its payments\nBudget\n", FormatTable(budget),
             "\nFunded by:", FlowTable(wallet, "FROM", info->funded_by(), &funded),
             "\nPaid to:", FlowTable(wallet, "TO", info->paid_to(), &paid));
  wallet.output().Result(human, {{"handle", info->handle()},
                                 {"status", info->status()},
                                 {"owners", nlohmann::json(std::vector<std::string>(
                                                info->owners().begin(), info->owners().end()))},
                                 {"threshold", account->threshold()},
                                 {"keys", account->keys_size()},
                                 {"balances", balances},
                                 {"funded_by", funded},
                                 {"paid_to", paid}});
  return absl::OkStatus();
}

absl::Status RunStatement(Wallet& wallet, const StatementOptions& options) {
  if (!options.handle.empty()) {
    if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  }
  if (options.year != 0) {
    if (absl::Status status = CheckYear(options.year); !status.ok()) return status;
  }
  if (absl::Status status = CheckAssetCode(options.asset); !status.ok()) return status;
  absl::StatusOr<SignedText> fetched = FetchStatement(wallet, options);
  if (!fetched.ok()) return fetched.status();
  const std::string& text = fetched->text;
  const ledger::Statement& statement = fetched->statement;
  nlohmann::json object = StatementJson(statement);
  if (options.out.empty()) {
    object["text"] = text;
    // The text alone (it ends in a newline), so that `noaber statement > FILE` verifies.
    wallet.output().Result(std::string_view(text).substr(0, text.size() - 1), object);
    return absl::OkStatus();
  }
  if (absl::Status status = WritePrivateFileAtomically(options.out, text, /*replace=*/true);
      !status.ok()) {
    return UsageError(StrCat("cannot write the statement: ", ledger::ToView(status.message())));
  }
  object["file"] = options.out;
  auto hours = [](const std::map<std::string, ledger::Amount>& by_skill) {
    return ledger::FormatAmount(ledger::TotalOf(by_skill), ledger::AssetKind::kTime);
  };
  wallet.output().Result(
      StrCat("Wrote the ", statement.year, " statement of ", statement.handle, " to ", options.out,
             " (given ", hours(statement.given), ", received ", hours(statement.received),
             ").\nAnyone can check it: noaber verify-statement ", options.out, " --node-key ",
             ledger::ToHex(statement.node_key)),
      object);
  return absl::OkStatus();
}

absl::Status RunVerifyStatement(Wallet& wallet, const VerifyStatementOptions& options) {
  std::optional<ledger::PublicKey> expected;
  if (!options.node_key.empty()) {
    absl::StatusOr<ledger::PublicKey> key = ParsePublicKey(options.node_key);
    if (!key.ok()) return key.status();
    expected = *key;
  }
  absl::StatusOr<ledger::Statement> statement = VerifyStatementFile(options.file, expected);
  if (!statement.ok()) return statement.status();
  std::string key = ledger::ToHex(statement->node_key);
  nlohmann::json object = StatementJson(*statement);
  object["signature_valid"] = true;
  object["node_key_pinned"] = expected.has_value();
  wallet.output().Result(
      StrCat(StatementSummary(*statement), "\nSignature valid, signed by node key ", key,
             expected.has_value() ? " (the expected key)." : "."),
      object);
  if (!expected.has_value()) {
    wallet.output().Note(
        "Only the key written in the statement was checked: compare it with the community's "
        "node key (noaber node-key), or pass --node-key HEX.");
  }
  return absl::OkStatus();
}

absl::Status RunNodeKey(Wallet& wallet) {
  absl::StatusOr<v1::NodeKey> key = wallet.node().GetNodeKey();
  if (!key.ok()) return key.status();
  wallet.output().Result(key->public_key_hex(), {{"public_key", key->public_key_hex()},
                                                 {"community_id", Hex(key->community_id())}});
  return absl::OkStatus();
}

}  // namespace noaber::wallet
