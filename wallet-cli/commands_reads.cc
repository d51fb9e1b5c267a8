// noaber balance | history | account | community | pending: reads. Balances, history and
// pending transfers are private and signed by the first --as key; the rest is public.
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/describe.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/inputs.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;

ledger::AssetKind KindIn(const AssetKinds& kinds, const std::string& asset) {
  auto found = kinds.find(asset);
  return found == kinds.end() ? ledger::AssetKind::kTime : found->second;
}

std::string Hex(const std::string& bytes) {
  return ledger::ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

// "none" for the ledger's largest amount, which means no maximum.
std::string MaxText(ledger::Amount max, ledger::AssetKind kind) {
  return max.minor_units >= ledger::kAmountMax ? "none" : ledger::FormatAmount(max, kind);
}

// What the node adds to an action: who signed on whose behalf, what an accepted request or a
// correction moved, which entry a correction corrects.
ActionNotes NotesOf(const v1::Action& action) {
  ActionNotes notes;
  notes.signed_on_behalf_by.assign(action.signed_on_behalf_by().begin(),
                                   action.signed_on_behalf_by().end());
  notes.account = action.handle();
  if (action.amount() != 0) {
    notes.from = action.from();
    notes.to = action.to();
    notes.asset = action.asset();
    notes.amount = ledger::Amount{action.amount()};
  }
  notes.original_index = action.original_index();
  return notes;
}

// One history line per action, with the JSON form of the entry.
// With `ids`, each line also shows the operation id (what `admin correct` takes).
void DescribeEntry(const v1::JournalEntry& entry, std::string_view viewer, const AssetKinds& kinds,
                   bool ids, std::vector<std::vector<std::string>>* rows, nlohmann::json* entries) {
  std::vector<std::string> row = {StrCat("#", entry.index()), FormatTime(entry.timestamp_ms())};
  if (ids) row.push_back(Hex(entry.operation_id()));
  auto add_row = [&](std::string description) {
    rows->push_back(row);
    rows->back().push_back(std::move(description));
  };
  nlohmann::json object = {{"index", entry.index()},
                           {"timestamp_ms", entry.timestamp_ms()},
                           {"operation_id", Hex(entry.operation_id())}};
  nlohmann::json actions = nlohmann::json::array();
  ledger::SignedOperation envelope;
  ledger::Operation operation;
  if (ledger::DecodeSignedOperation(entry.signed_operation(), &envelope).ok() &&
      ledger::DecodeOperation(envelope.body, &operation).ok()) {
    for (size_t i = 0; i < operation.actions.size(); ++i) {
      const ledger::Action& action = operation.actions[i];
      ActionNotes notes;
      if (i < static_cast<size_t>(entry.actions_size())) notes = NotesOf(entry.actions(i));
      add_row(DescribeAction(action, operation.id, viewer, kinds, notes));
      actions.push_back(ActionJson(action, operation.id, viewer, kinds, notes));
    }
  } else {
    // Not an operation this wallet can read (a newer version?): say what the node says.
    for (const v1::Action& action : entry.actions()) {
      add_row(action.detail());
      actions.push_back({{"type", action.type()}, {"description", action.detail()}});
    }
  }
  object["actions"] = std::move(actions);
  entries->push_back(std::move(object));
}

}  // namespace

absl::Status RunBalance(Wallet& wallet, const BalanceOptions& options) {
  if (!options.handle.empty()) {
    if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  }
  absl::StatusOr<std::string> auth = wallet.CallAuth(kGetBalancesMethod);
  if (!auth.ok()) return auth.status();
  absl::StatusOr<std::string> handle = wallet.HandleOrOwn(options.handle);
  if (!handle.ok()) return handle.status();
  absl::StatusOr<v1::Balances> balances = wallet.node().GetBalances(*handle, *auth);
  if (!balances.ok()) return balances.status();
  absl::StatusOr<AssetKinds> kinds = wallet.Kinds();
  if (!kinds.ok()) return kinds.status();
  std::vector<std::vector<std::string>> rows = {
      {"ASSET", "BALANCE", "RESERVED OUT", "RESERVED IN", "MIN", "MAX"}};
  nlohmann::json list = nlohmann::json::array();
  for (const v1::Balance& b : balances->balances()) {
    ledger::AssetKind kind = KindIn(*kinds, b.asset());
    auto format = [&](int64_t v) { return ledger::FormatAmount(ledger::Amount{v}, kind); };
    auto json = [&](int64_t v) { return AmountJson(b.asset(), ledger::Amount{v}, kind); };
    rows.push_back({b.asset(), format(b.balance()), format(b.pending_debits()),
                    format(b.pending_credits()), format(b.min()),
                    MaxText(ledger::Amount{b.max()}, kind)});
    list.push_back({{"asset", b.asset()},
                    {"balance", json(b.balance())},
                    {"pending_debits", json(b.pending_debits())},
                    {"pending_credits", json(b.pending_credits())},
                    {"min", json(b.min())},
                    {"max", json(b.max())}});
  }
  wallet.output().Result(StrCat("Balances of ", *handle, "\n", FormatTable(rows)),
                         {{"handle", *handle}, {"balances", list}});
  return absl::OkStatus();
}

absl::Status RunHistory(Wallet& wallet, const HistoryOptions& options) {
  if (!options.handle.empty()) {
    if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  }
  if (options.limit < 1 || options.limit > static_cast<int>(kHistoryLimitMax)) {
    return UsageError(
        StrCat("--limit must lie between 1 and ", kHistoryLimitMax, ", not ", options.limit));
  }
  absl::StatusOr<std::string> auth = wallet.CallAuth(kGetHistoryMethod);
  if (!auth.ok()) return auth.status();
  absl::StatusOr<std::string> handle = wallet.HandleOrOwn(options.handle);
  if (!handle.ok()) return handle.status();
  v1::GetHistoryRequest request;
  request.set_handle(*handle);
  request.set_limit(static_cast<uint32_t>(options.limit));
  absl::StatusOr<v1::History> history = wallet.node().GetHistory(request, *auth);
  if (!history.ok()) return history.status();
  absl::StatusOr<AssetKinds> kinds = wallet.Kinds();
  if (!kinds.ok()) return kinds.status();
  std::vector<std::vector<std::string>> rows;
  nlohmann::json entries = nlohmann::json::array();
  for (const v1::JournalEntry& entry : history->entries()) {
    DescribeEntry(entry, *handle, *kinds, options.ids, &rows, &entries);
  }
  std::string human = rows.empty()
                          ? StrCat("No history for ", *handle, " yet.")
                          : StrCat("History of ", *handle, ", newest first\n", FormatTable(rows));
  wallet.output().Result(human, {{"handle", *handle},
                                 {"entries", entries},
                                 {"next_before_index", history->next_before_index()}});
  return absl::OkStatus();
}

absl::Status RunAccount(Wallet& wallet, const AccountOptions& options) {
  if (absl::Status status = CheckHandle(options.handle); !status.ok()) return status;
  absl::StatusOr<v1::AccountInfo> account = wallet.node().GetAccountByHandle(options.handle);
  if (!account.ok()) return account.status();
  std::string keys_text;
  nlohmann::json keys = nlohmann::json::array();
  for (const std::string& bytes : account->keys()) {
    ledger::PublicKey key{};
    if (bytes.size() == key.size()) std::copy(bytes.begin(), bytes.end(), key.begin());
    std::optional<std::string> local = wallet.LocalKeyName(key);
    StrAppend(&keys_text, keys_text.empty() ? "" : ", ",
              local.has_value() ? StrCat(*local, " (", ShortKey(key), ")") : ShortKey(key));
    keys.push_back({{"public_key", Hex(bytes)}, {"local_name", local.value_or("")}});
  }
  wallet.output().Result(StrCat(account->handle(), ": ", account->kind(), ", ", account->status(),
                                ", opened in entry ", account->opened_index(), "\nKeys (",
                                account->threshold(), " to sign): ", keys_text),
                         {{"handle", account->handle()},
                          {"kind", account->kind()},
                          {"status", account->status()},
                          {"threshold", account->threshold()},
                          {"opened_index", account->opened_index()},
                          {"keys", keys}});
  return absl::OkStatus();
}

absl::Status RunCommunity(Wallet& wallet) {
  absl::StatusOr<const CommunityInfo*> community = wallet.Community();
  if (!community.ok()) return community.status();
  const v1::Community& c = (*community)->proto;
  std::vector<std::vector<std::string>> rows = {{"ASSET", "KIND", "NAME", "IN CIRCULATION"}};
  nlohmann::json assets = nlohmann::json::array();
  for (const v1::Asset& asset : c.assets()) {
    ledger::AssetKind kind = AssetKindFromName(asset.kind()).value_or(ledger::AssetKind::kTime);
    ledger::Amount circulating{asset.in_circulation()};
    rows.push_back(
        {asset.code(), asset.kind(), asset.name(), ledger::FormatAmount(circulating, kind)});
    assets.push_back({{"code", asset.code()},
                      {"kind", asset.kind()},
                      {"name", asset.name()},
                      {"issuance_floor", AmountJson(asset.code(), {asset.issuance_floor()}, kind)},
                      {"in_circulation", AmountJson(asset.code(), circulating, kind)}});
  }
  nlohmann::json admin_keys = nlohmann::json::array();
  for (const std::string& key : c.admin_keys()) admin_keys.push_back(Hex(key));
  nlohmann::json skills = nlohmann::json::array();
  for (const v1::Skill& skill : c.skills()) skills.push_back(skill.code());
  wallet.output().Result(
      StrCat(c.name(), " (community ", Hex(c.community_id()).substr(0, 16), "…)\n", "Founded ",
             FormatTime(c.created_ms()), "; ", c.journal_size(),
             c.journal_size() == 1 ? " journal entry; " : " journal entries; ", c.skills_size(),
             " skills; administrators: ", c.admin_threshold(), " of ", c.admin_keys_size(),
             " to sign\n", FormatTable(rows)),
      {{"name", c.name()},
       {"community_id", Hex(c.community_id())},
       {"created_ms", c.created_ms()},
       {"journal_size", c.journal_size()},
       {"assets", assets},
       {"skills", skills},
       {"admin_keys", admin_keys},
       {"admin_threshold", c.admin_threshold()}});
  return absl::OkStatus();
}

absl::Status RunPending(Wallet& wallet, const PendingOptions& options) {
  absl::StatusOr<ledger::OperationId> id = ParsePendingId(options.id);
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> auth = wallet.CallAuth(kGetPendingMethod);
  if (!auth.ok()) return auth.status();
  absl::StatusOr<v1::PendingInfo> pending = wallet.node().GetPending(*id, *auth);
  if (!pending.ok()) return pending.status();
  absl::StatusOr<AssetKinds> kinds = wallet.Kinds();
  if (!kinds.ok()) return kinds.status();
  ledger::AssetKind kind = KindIn(*kinds, pending->asset());
  ledger::Amount amount{pending->amount()}, posted{pending->posted()};
  std::string human =
      StrCat("Pending ", options.id, ": ", AmountText(pending->asset(), amount, kind), " from ",
             pending->from(), " to ", pending->to(), ", ", pending->state());
  if (pending->state() == "open") {
    StrAppend(&human, " until ", FormatTime(pending->expires_at_ms()));
  }
  if (pending->state() == "posted") {
    StrAppend(&human, " (", AmountText(pending->asset(), posted, kind), " paid)");
  }
  wallet.output().Result(human, {{"pending_id", options.id},
                                 {"from", pending->from()},
                                 {"to", pending->to()},
                                 {"amount", AmountJson(pending->asset(), amount, kind)},
                                 {"posted", AmountJson(pending->asset(), posted, kind)},
                                 {"state", pending->state()},
                                 {"expires_at_ms", pending->expires_at_ms()},
                                 {"skill", pending->skill()},
                                 {"memo", pending->memo()}});
  return absl::OkStatus();
}

}  // namespace noaber::wallet
