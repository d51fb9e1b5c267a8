// The conservation rules, checked two ways: on every applied operation's delta (cheap,
// always on, a crash on failure) and over the whole state (CheckInvariants, for checks).
#include <map>

#include "noaber/ledger/strings.h"
#include "ledger/src/assert.h"
#include "ledger/src/sequencer.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/ledger.h"

namespace noaber::ledger {

namespace {

struct Sums {
  __int128 balance = 0;
  __int128 pending_debits = 0;
  __int128 pending_credits = 0;
};

bool WithinLimits(const Balance& b) {
  return static_cast<__int128>(b.balance.minor_units) - b.pending_debits.minor_units >=
             b.limits.min.minor_units &&
         static_cast<__int128>(b.balance.minor_units) + b.pending_credits.minor_units <=
             b.limits.max.minor_units;
}

std::string Describe(const BalanceKey& key) { return StrCat(key.first, "/", key.second); }

}  // namespace

void AssertActionInvariants(const StateReader& before, const Delta& delta) {
  std::map<std::string, Sums> change;  // per asset
  for (const auto& [key, after] : delta.balances) {
    absl::StatusOr<std::optional<Balance>> old = before.GetBalance(key.first, key.second);
    NOABER_ASSERT(old.ok(), "balance unreadable during the invariant check");
    Balance prior = old->value_or(Balance{});
    Sums& sums = change[key.second];
    sums.balance += after.balance.minor_units - prior.balance.minor_units;
    sums.pending_debits += after.pending_debits.minor_units - prior.pending_debits.minor_units;
    sums.pending_credits += after.pending_credits.minor_units - prior.pending_credits.minor_units;
    NOABER_ASSERT(WithinLimits(after), "balance outside its limits: " + Describe(key));
    NOABER_ASSERT(after.pending_debits.minor_units >= 0 && after.pending_credits.minor_units >= 0,
                  "negative reservation: " + Describe(key));
    if (after.balance != prior.balance) {
      absl::StatusOr<std::optional<Account>> account = before.GetAccount(key.first);
      NOABER_ASSERT(account.ok(), "account unreadable during the invariant check");
      // One action never both changes a status and moves money, so the status before it is
      // the one that governs; an account opened by this action starts active.
      AccountStatus status =
          account->has_value() ? (*account)->status : AccountStatus::kActive;
      NOABER_ASSERT(status == AccountStatus::kActive,
                    "balance of a frozen or closed account moved: " + Describe(key));
    }
  }
  for (const auto& [asset, sums] : change) {
    NOABER_ASSERT(sums.balance == 0, "operation created or destroyed " + asset);
    NOABER_ASSERT(sums.pending_debits == sums.pending_credits,
                  "pending debits and credits of " + asset + " no longer match");
  }
}

absl::Status CheckInvariants(const Store& store) {
  absl::StatusOr<std::optional<std::string>> genesis_bytes = store.GetGenesis();
  if (!genesis_bytes.ok()) return genesis_bytes.status();
  if (!genesis_bytes->has_value()) return absl::NotFoundError("the store holds no community");
  absl::StatusOr<Genesis> genesis = DecodeGenesis(**genesis_bytes);
  if (!genesis.ok()) return absl::DataLossError(genesis.status().message());

  std::map<std::string, Sums> totals;
  std::map<BalanceKey, std::pair<int64_t, int64_t>> reserved;  // from pendings
  std::string violation;
  absl::Status s = store.ForEachBalance([&](const BalanceKey& key, const Balance& b) {
    Sums& sums = totals[key.second];
    sums.balance += b.balance.minor_units;
    sums.pending_debits += b.pending_debits.minor_units;
    sums.pending_credits += b.pending_credits.minor_units;
    if (!WithinLimits(b)) violation = "balance of " + Describe(key) + " is outside its limits";
    return violation.empty();
  });
  if (!s.ok()) return s;
  if (!violation.empty()) return absl::DataLossError(violation);
  for (const Asset& asset : genesis->assets) {
    const Sums& sums = totals[asset.code];
    if (sums.balance != 0) return absl::DataLossError("balances of " + asset.code + " do not sum to zero");
    if (sums.pending_debits != sums.pending_credits) {
      return absl::DataLossError("pending debits and credits of " + asset.code + " differ");
    }
  }
  s = store.ForEachPending([&](const Pending& p) {
    if (p.state != PendingState::kOpen) return true;
    reserved[{p.from, p.asset}].first += p.amount.minor_units;
    reserved[{p.to, p.asset}].second += p.amount.minor_units;
    return true;
  });
  if (!s.ok()) return s;
  s = store.ForEachBalance([&](const BalanceKey& key, const Balance& b) {
    auto [debits, credits] = reserved[key];
    if (debits != b.pending_debits.minor_units || credits != b.pending_credits.minor_units) {
      violation = "reservations of " + Describe(key) + " do not match its open pending transfers";
    }
    return violation.empty();
  });
  if (!s.ok()) return s;
  if (!violation.empty()) return absl::DataLossError(violation);
  return absl::OkStatus();
}

}  // namespace noaber::ledger
