// The store as the rules read it. A store restored from a compact state answers a read of a
// journal entry below its first index that it does not hold with NotFound: for the node's
// readers the entry exists, on other members. The rules read journal entries only to correct
// a transfer, and the compact state keeps every entry that holds one; so to the rules such an
// entry is one that holds no transfer, and reads as absent, never as a storage error that
// would stop the ledger. Every other read goes straight to the store (ForwardingReader).
//
// Owned by the Ledger; borrows the store. As thread-safe as the store.
#ifndef NOABER_LEDGER_SRC_RULE_READER_H_
#define NOABER_LEDGER_SRC_RULE_READER_H_

#include "ledger/src/forwarding_reader.h"
#include "noaber/ledger/store.h"

namespace noaber::ledger {

class RuleReader final : public ForwardingReader {
 public:
  explicit RuleReader(const Store* store) : ForwardingReader(store), store_(store) {}

  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t index) const override;

 private:
  const Store* store_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_RULE_READER_H_
