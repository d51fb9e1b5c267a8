#include "node/account_sums.h"

#include <set>
#include <tuple>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "noaber/ledger/statement.h"
#include "noaber/ledger/strings.h"
#include "node/queries.h"
#include "node/view_text.h"

namespace noaber::node {

namespace {

using ledger::Amount;
using ledger::StrCat;

// Skill key of a statement line: the code, or "-" for help without a skill.
std::string SkillKey(std::string_view skill) { return skill.empty() ? "-" : std::string(skill); }

void AddTo(std::map<std::string, Amount>* by_skill, const std::string& skill, Amount amount) {
  Amount& total = (*by_skill)[skill];
  // Amounts stay within kAmountMax; a sum of one account's history cannot pass the int64
  // range, but keep to the checked arithmetic the ledger uses.
  total = ledger::CheckedAdd(total, amount).value_or(total);
}

// Sums keyed by (counterparty, asset): the amount net of corrections, and the payments.
using FlowKey = std::pair<std::string, std::string>;
struct FlowSum {
  Amount amount;
  uint32_t payments = 0;
};

void AddFlow(std::map<FlowKey, FlowSum>* flows, const std::string& other, const Movement& m) {
  FlowSum& sum = (*flows)[{other, m.asset}];
  if (m.source == Movement::Source::kCorrection) {
    sum.amount = ledger::CheckedSubtract(sum.amount, m.amount).value_or(sum.amount);
  } else {
    sum.amount = ledger::CheckedAdd(sum.amount, m.amount).value_or(sum.amount);
    ++sum.payments;
  }
}

void FlowsView(const ledger::Genesis& genesis, const std::map<FlowKey, FlowSum>& flows,
               google::protobuf::RepeatedPtrField<v1::Flow>* out) {
  for (const auto& [key, sum] : flows) {
    v1::Flow* flow = out->Add();
    flow->set_handle(key.first);
    flow->set_asset(key.second);
    flow->set_amount(sum.amount.minor_units);
    flow->set_formatted(FormatIn(genesis, key.second, sum.amount));
    flow->set_payments(sum.payments);
  }
}

absl::StatusOr<std::set<std::string>> OwnersOf(const ledger::Store& store,
                                               const ledger::Account& account) {
  std::set<std::string> owners;
  for (const ledger::PublicKey& key : account.keys) {
    absl::StatusOr<std::vector<std::string>> holders = store.FindAccountsByKey(key);
    if (!holders.ok()) return holders.status();
    for (const std::string& holder : *holders) {
      if (holder != account.handle) owners.insert(holder);
    }
  }
  return owners;
}

// The time assets a statement covers: `asset`, or every one when empty.
absl::StatusOr<std::vector<std::string>> StatementAssets(const ledger::Genesis& genesis,
                                                         std::string_view asset) {
  std::vector<std::string> out;
  for (const ledger::Asset& a : genesis.assets) {
    if (a.kind == ledger::AssetKind::kTime && (asset.empty() || a.code == asset)) {
      out.push_back(a.code);
    }
  }
  if (!asset.empty() && out.empty()) {
    return absl::InvalidArgumentError(
        StrCat("asset '", asset, "' is not one of the community's time assets"));
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::InitiativeInfo> QueryInitiative(const ledger::Store& store,
                                                   const ledger::Genesis& genesis,
                                                   std::string_view handle) {
  absl::StatusOr<std::optional<ledger::Account>> account = store.GetAccount(handle);
  if (!account.ok()) return account.status();
  if (!account->has_value()) return absl::NotFoundError(StrCat("no account '", handle, "'"));
  if ((*account)->kind != ledger::AccountKind::kInitiative) {
    return absl::FailedPreconditionError(StrCat(
        "'", handle, "' is a ", ledger::AccountKindName((*account)->kind), ", not an initiative"));
  }
  std::map<FlowKey, FlowSum> funded_by, paid_to;
  absl::StatusOr<uint64_t> scanned = ForEachMovement(
      store, genesis, handle, /*since_ms=*/0, kHistoryEntriesSummedMax, [&](const Movement& m) {
        if (m.to == handle) AddFlow(&funded_by, m.from, m);
        if (m.from == handle) AddFlow(&paid_to, m.to, m);
      });
  if (!scanned.ok()) return scanned.status();
  absl::StatusOr<v1::Balances> balances = QueryBalances(store, genesis, handle);
  if (!balances.ok()) return balances.status();
  absl::StatusOr<std::set<std::string>> owners = OwnersOf(store, **account);
  if (!owners.ok()) return owners.status();
  v1::InitiativeInfo out;
  out.set_handle(std::string(handle));
  out.set_status(ledger::AccountStatusName((*account)->status));
  *out.mutable_balances() = balances->balances();
  FlowsView(genesis, funded_by, out.mutable_funded_by());
  FlowsView(genesis, paid_to, out.mutable_paid_to());
  for (const std::string& owner : *owners) out.add_owners(owner);
  out.set_entries_scanned(*scanned);
  return out;
}

void CountForStatement(const Movement& m, std::string_view handle, int year,
                       StatementFigures* figures) {
  if (m.source == Movement::Source::kWelcome) return;
  const bool correction = m.source == Movement::Source::kCorrection;
  const int64_t made_ms = correction ? m.original_timestamp_ms : m.timestamp_ms;
  if (ledger::CalendarYearOf(made_ms) != year) return;
  const Amount amount{correction ? -m.amount.minor_units : m.amount.minor_units};
  // The one who was paid gave the help; the one who paid received it.
  if (m.to == handle) AddTo(&figures->given[m.asset], SkillKey(m.skill), amount);
  if (m.from == handle) AddTo(&figures->received[m.asset], SkillKey(m.skill), amount);
}

int64_t YearStartMs(int year) {
  return absl::ToUnixMillis(
      absl::FromCivil(absl::CivilSecond(year, 1, 1, 0, 0, 0), absl::FixedTimeZone(3600)));
}

absl::StatusOr<v1::Statements> QueryStatement(const ledger::Store& store,
                                              const ledger::Genesis& genesis,
                                              const ledger::CommunityId& community_id,
                                              const ledger::KeyPair& node_key,
                                              const StatementRequest& request, int64_t now_ms) {
  absl::StatusOr<std::vector<std::string>> assets = StatementAssets(genesis, request.asset);
  if (!assets.ok()) return assets.status();
  absl::StatusOr<std::optional<ledger::Account>> account = store.GetAccount(request.handle);
  if (!account.ok()) return account.status();
  if (!account->has_value()) {
    return absl::NotFoundError(StrCat("no account '", request.handle, "'"));
  }
  absl::StatusOr<std::optional<ledger::JournalHead>> head = store.GetHead();
  if (!head.ok()) return head.status();
  StatementFigures figures;
  // Entries before the year move nothing in it: corrections always follow their original.
  absl::StatusOr<uint64_t> scanned = ForEachMovement(
      store, genesis, request.handle, YearStartMs(request.year), kHistoryEntriesSummedMax,
      [&](const Movement& m) { CountForStatement(m, request.handle, request.year, &figures); });
  if (!scanned.ok()) return scanned.status();
  v1::Statements out;
  out.set_handle(request.handle);
  out.set_year(request.year);
  out.set_node_key(Bytes(node_key.public_key));
  for (const std::string& asset : *assets) {
    ledger::Statement statement;
    statement.community_name = genesis.community_name;
    statement.community_id = community_id;
    statement.handle = request.handle;
    statement.kind = (*account)->kind;
    statement.year = request.year;
    statement.asset = asset;
    // A correction nets a skill to zero (never below): such lines are left out.
    for (const auto& [skill, amount] : figures.given[asset]) {
      if (amount.minor_units > 0) statement.given[skill] = amount;
    }
    for (const auto& [skill, amount] : figures.received[asset]) {
      if (amount.minor_units > 0) statement.received[skill] = amount;
    }
    statement.journal_size = head->has_value() ? (*head)->index + 1 : 0;
    statement.issued_ms = now_ms;
    v1::SignedStatement* signed_statement = out.add_statements();
    signed_statement->set_asset(asset);
    signed_statement->set_text(ledger::SignStatement(&statement, node_key.secret_key));
    signed_statement->set_total_given(ledger::TotalOf(statement.given).minor_units);
    signed_statement->set_total_received(ledger::TotalOf(statement.received).minor_units);
  }
  return out;
}

}  // namespace noaber::node
