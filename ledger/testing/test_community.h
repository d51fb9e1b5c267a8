// Test helper: a community on a given Store with deterministic keys, and short ways to build,
// sign and submit operations. For tests only; not thread-safe.
#ifndef NOABER_LEDGER_TESTING_TEST_COMMUNITY_H_
#define NOABER_LEDGER_TESTING_TEST_COMMUNITY_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/memory_store.h"

namespace noaber::ledger::testing {

// 2026-01-05 09:00 UTC: a fixed clock so tests are repeatable.
inline constexpr int64_t kStartMs = 1767603600000;

// Keys derived from a name, so every run signs the same bytes.
inline KeyPair KeyFor(std::string_view name) {
  return KeyPairFromSeed(Sha256("test-key:" + std::string(name)));
}

// A genesis with HOUR (time; residents may go 10h below zero) and BORN (currency in cents;
// residents from 0 to 500.00), and two administrators `admin1`, `admin2`, threshold `m`.
// No welcome and no annual cap.
inline Genesis TestGenesis(uint8_t admin_threshold = 1) {
  Genesis g = DefaultGenesis("Bornholm", {KeyFor("admin1").public_key,
                                          KeyFor("admin2").public_key},
                             admin_threshold, kStartMs);
  g.assets.push_back({"BORN", AssetKind::kCurrency, "Bornholmse munt", Amount{-100'000'000}});
  g.default_limits.push_back(
      {AccountKind::kResident, "BORN", {Amount{0}, Amount{50'000}}, Amount{0}, Amount{0}});
  g.default_limits.push_back(
      {AccountKind::kPartner, "BORN", {Amount{0}, Amount{kAmountMax}}, Amount{0}, Amount{0}});
  return g;
}

// The welcome a resident gets in HOUR, and what a resident may receive in BORN per calendar
// year, in EconomyGenesis().
inline constexpr int64_t kWelcomeMinutes = 120;      // 2h
inline constexpr int64_t kAnnualCapCents = 20'000;   // 200.00 BORN

// TestGenesis() with the neighbourhood-economy defaults: residents are welcomed with 2h and
// may receive at most 200.00 BORN per calendar year (a volunteer allowance).
inline Genesis EconomyGenesis(uint8_t admin_threshold = 1) {
  Genesis g = TestGenesis(admin_threshold);
  for (DefaultLimits& d : g.default_limits) {
    if (d.kind != AccountKind::kResident) continue;
    if (d.asset == "HOUR") d.welcome = Amount{kWelcomeMinutes};
    if (d.asset == "BORN") d.annual_cap = Amount{kAnnualCapCents};
  }
  return g;
}

class TestCommunity {
 public:
  // Uses `store` if given, else an owned MemoryStore.
  explicit TestCommunity(Store* store = nullptr, Genesis genesis = TestGenesis())
      : owned_(store ? nullptr : std::make_unique<MemoryStore>()),
        store_(store ? store : owned_.get()) {
    (void)InitCrypto();
    auto ledger = Ledger::Create(store_, genesis);
    if (!ledger.ok()) std::abort();
    ledger_ = *std::move(ledger);
  }

  Ledger& ledger() { return *ledger_; }
  Store& store() { return *store_; }
  const CommunityId& id() const { return ledger_->community_id(); }
  int64_t now_ms = kStartMs + 60'000;

  // An operation of `actions` for this community, valid for an hour from now.
  Operation Op(std::vector<Action> actions) {
    Operation op;
    op.community = id();
    op.id = NewOperationId();
    op.valid_until_ms = now_ms + 3'600'000;
    op.actions = std::move(actions);
    return op;
  }

  // The signed bytes of `op`, signed by the keys of `signers` (names for KeyFor).
  static std::string SignBy(const Operation& op, const std::vector<std::string>& signers) {
    SignedOperation s{EncodeOperation(op), {}};
    for (const std::string& name : signers) (void)AddSignature(KeyFor(name).secret_key, &s);
    return EncodeSignedOperation(s);
  }

  Outcome Submit(const Operation& op, const std::vector<std::string>& signers) {
    return Submit(SignBy(op, signers));
  }
  Outcome Submit(const std::string& signed_bytes) {
    auto outcome = ledger_->Submit(now_ms, signed_bytes);
    if (!outcome.ok()) std::abort();
    return *outcome;
  }

  // Opens `handle` of `kind` with the key KeyFor(handle); signed by admin1.
  Outcome Open(const std::string& handle, AccountKind kind = AccountKind::kResident) {
    return Submit(Op({OpenAccount{handle, kind, {KeyFor(handle).public_key}, 1}}), {"admin1"});
  }

  // A transfer signed by `from`'s own key.
  Outcome Pay(const std::string& from, const std::string& to, int64_t amount,
              const std::string& asset = "HOUR") {
    return Submit(Op({Transfer{from, to, asset, Amount{amount}, "", ""}}), {from});
  }

  Balance BalanceOf(const std::string& handle, const std::string& asset = "HOUR") {
    auto b = store_->GetBalance(handle, asset);
    if (!b.ok() || !b->has_value()) return Balance{};
    return **b;
  }

  Account AccountOf(const std::string& handle) {
    auto a = store_->GetAccount(handle);
    if (!a.ok() || !a->has_value()) return Account{};
    return **a;
  }

  // The listing or payment request named `id`; nullopt when there is none.
  std::optional<Listing> ListingOf(const OperationId& id) {
    auto l = store_->GetListing(id);
    return l.ok() ? *l : std::nullopt;
  }
  std::optional<PaymentRequest> RequestOf(const OperationId& id) {
    auto q = store_->GetRequest(id);
    return q.ok() ? *q : std::nullopt;
  }

  // What `handle` received in `asset` in calendar year `year`, as counted for annual caps.
  Amount ReceivedIn(const std::string& handle, const std::string& asset, int year) {
    auto r = store_->GetReceived(ReceivedKey{handle, asset, year});
    return r.ok() ? *r : Amount{-1};
  }

  // The keys that signed journal entry `index`, in envelope order; empty if unreadable.
  std::vector<PublicKey> SignersOf(uint64_t index) {
    std::vector<PublicKey> keys;
    auto entry = store_->GetEntry(index);
    SignedOperation signed_operation;
    if (!entry.ok() || !entry->has_value() ||
        !DecodeSignedOperation((**entry).signed_bytes, &signed_operation).ok()) {
      return keys;
    }
    for (const SignatureEntry& s : signed_operation.signatures) keys.push_back(s.key);
    return keys;
  }

  uint64_t HeadIndex() { return ledger_->head().index; }

 private:
  std::unique_ptr<MemoryStore> owned_;
  Store* store_;
  std::unique_ptr<Ledger> ledger_;
};

}  // namespace noaber::ledger::testing

#endif  // NOABER_LEDGER_TESTING_TEST_COMMUNITY_H_
