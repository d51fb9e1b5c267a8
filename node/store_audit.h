// What `noaber-node check` and `noaber-node audit` verify in a data folder: the one
// implementation both commands share (check prints one line, audit a summary and more).
// Functions only; they read the store and write nothing.
#ifndef NOABER_NODE_STORE_AUDIT_H_
#define NOABER_NODE_STORE_AUDIT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ledger/rocksdb/rocksdb_store.h"
#include "noaber/ledger/types.h"

namespace noaber::node {

struct AuditSummary {
  uint64_t entries = 0;        // journal entries 0 to entries - 1, and as many Merkle leaves
  ledger::Hash head{};         // the hash of the last entry
  ledger::Hash merkle_root{};  // the root of the Merkle tree over all entries
  uint64_t accounts = 0;
};

// Initialises libsodium and opens the store in `data_dir` read-only: nothing in the folder
// changes, and no node can open it meanwhile (RocksDbStore::OpenReadOnly). NotFound without
// a store, Unavailable while a node runs on it.
absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> OpenStoreToAudit(const std::string& data_dir);

// Verifies everything `store` holds: replays the whole journal from its genesis into memory
// (every hash link, signature and re-applied entry, every stored Merkle node against the
// tree recomputed from the entries: ledger::ReplayJournal), compares every stored state
// record with the replayed one (ledger::CompareState) and checks the invariants
// (ledger::CheckInvariants). Draws a progress bar on stderr when stderr is a terminal.
// DataLoss names the first bad entry, node or record on one line; other statuses are the
// store's read errors.
absl::StatusOr<AuditSummary> AuditStore(const ledger::Store& store);

}  // namespace noaber::node

#endif  // NOABER_NODE_STORE_AUDIT_H_
