// Test helpers: a copy of everything an operation can change (journal head, accounts,
// balances, pending transfers, skills, listings, payment requests, amounts received per year,
// corrections), so a test of a rejection can check that nothing moved, and readable printing
// of result codes. For tests only; not thread-safe.
#ifndef NOABER_LEDGER_SRC_STATE_SNAPSHOT_TEST_UTIL_H_
#define NOABER_LEDGER_SRC_STATE_SNAPSHOT_TEST_UTIL_H_

#include <map>
#include <ostream>
#include <string>

#include "ledger/testing/test_community.h"

namespace noaber::ledger {

// Failure messages name result codes ("exceeds_minimum") rather than dumping their bytes.
inline void PrintTo(ResultCode code, std::ostream* os) {
  *os << ResultCodeName(code) << " (" << static_cast<int>(code) << ")";
}

}  // namespace noaber::ledger

namespace noaber::ledger::testing {

struct StateSnapshot {
  JournalHead ledger_head;  // what the Ledger believes
  JournalHead store_head;   // what the Store holds
  std::map<std::string, Account> accounts;
  std::map<BalanceKey, Balance> balances;
  std::map<OperationId, Pending> pendings;
  std::map<std::string, Skill> skills;
  std::map<OperationId, Listing> listings;
  std::map<OperationId, PaymentRequest> requests;
  std::map<ReceivedKey, Amount> received;
  std::map<CorrectionKey, uint64_t> corrections;
  bool operator==(const StateSnapshot&) const = default;
};

inline StateSnapshot TakeSnapshot(TestCommunity& c) {
  StateSnapshot s;
  s.ledger_head = c.ledger().head();
  auto head = c.store().GetHead();
  if (head.ok() && head->has_value()) s.store_head = **head;
  (void)c.store().ForEachAccount([&](const Account& a) {
    s.accounts[a.handle] = a;
    return true;
  });
  (void)c.store().ForEachBalance([&](const BalanceKey& k, const Balance& b) {
    s.balances[k] = b;
    return true;
  });
  (void)c.store().ForEachPending([&](const Pending& p) {
    s.pendings[p.id] = p;
    return true;
  });
  (void)c.store().ForEachSkill([&](const Skill& skill) {
    s.skills[skill.code] = skill;
    return true;
  });
  (void)c.store().ForEachListing([&](const Listing& l) {
    s.listings[l.id] = l;
    return true;
  });
  (void)c.store().ForEachRequest([&](const PaymentRequest& q) {
    s.requests[q.id] = q;
    return true;
  });
  (void)c.store().ForEachReceived([&](const ReceivedKey& k, Amount a) {
    s.received[k] = a;
    return true;
  });
  (void)c.store().ForEachCorrection([&](const CorrectionKey& k, uint64_t index) {
    s.corrections[k] = index;
    return true;
  });
  return s;
}

// Short enough to read in a failure message; the maps themselves are compared exactly.
inline void PrintTo(const StateSnapshot& s, std::ostream* os) {
  *os << "{head " << s.ledger_head.index << " (store " << s.store_head.index << ");";
  for (const auto& [handle, a] : s.accounts) {
    *os << " " << handle << ":" << AccountStatusName(a.status) << "/" << a.keys.size() << "keys";
  }
  *os << ";";
  for (const auto& [key, b] : s.balances) {
    *os << " " << key.first << "/" << key.second << "=" << b.balance.minor_units << "("
        << b.pending_debits.minor_units << "," << b.pending_credits.minor_units << ")["
        << b.limits.min.minor_units << "," << b.limits.max.minor_units << "]";
  }
  *os << ";";
  for (const auto& [id, p] : s.pendings) *os << " " << PendingStateName(p.state);
  *os << "; " << s.skills.size() << " skills (";
  for (const auto& [code, skill] : s.skills) {
    if (skill.retired) *os << " " << code << ":retired";
  }
  *os << " );";
  for (const auto& [id, l] : s.listings) *os << " listing:" << ListingStateName(l.state);
  for (const auto& [id, q] : s.requests) *os << " request:" << RequestStateName(q.state);
  *os << ";";
  for (const auto& [k, a] : s.received) {
    *os << " received " << std::get<0>(k) << "/" << std::get<1>(k) << "/" << std::get<2>(k) << "="
        << a.minor_units;
  }
  *os << "; " << s.corrections.size() << " corrections}";
}

}  // namespace noaber::ledger::testing

#endif  // NOABER_LEDGER_SRC_STATE_SNAPSHOT_TEST_UTIL_H_
