// Journal entries as the API shows them: the stored bytes plus every action decoded, with a
// one-line description for people. Used by GetHistory and WatchJournal. Thread-safe.
#ifndef NOABER_NODE_ENTRY_VIEW_H_
#define NOABER_NODE_ENTRY_VIEW_H_

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/store.h"
#include "noaber/v1/ledger.pb.h"

namespace noaber::node {

// Decodes `entry` (entry 0 holds the genesis). `state`, if given, is read to name the payer,
// payee and asset of the pending transfer a post, void or expiry resolves. DataLoss if the
// stored bytes do not decode; storage errors as they come.
absl::StatusOr<v1::JournalEntry> EntryView(const ledger::JournalEntry& entry,
                                           const ledger::Genesis& genesis,
                                           const ledger::StateReader* state);

}  // namespace noaber::node

#endif  // NOABER_NODE_ENTRY_VIEW_H_
