// The ledger: the one entry point for changing the neighbourhood economy's state.
//
// Writes take two steps so the expensive one can run in parallel:
//  1. VerifyOperation(): stateless (decoding, canonical form, bounds, signatures); any thread.
//  2. Ledger::ApplyBatch(): applies an ordered batch of verified operations deterministically
//     at one node timestamp, and commits it in one durable write. One caller at a time.
// The same batches, replayed in the same order, give the same journal and state; that is
// what ReplayJournal() checks and what replication will rely on.
#ifndef NOABER_LEDGER_LEDGER_H_
#define NOABER_LEDGER_LEDGER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/result.h"
#include "noaber/ledger/store.h"

namespace noaber::ledger {

inline constexpr size_t kOperationsPerBatchMax = 8192;
inline constexpr size_t kExpiriesPerBatchMax = 1024;

// An operation whose bytes and signatures have been checked, ready for ApplyBatch().
struct VerifiedOperation {
  Operation operation;
  std::string signed_bytes;   // canonical envelope, stored verbatim in the journal
  Hash body_hash{};           // SHA-256 of the signed body: tells a retry from a reuse
  // Keys whose signatures verified (for DecodeReplicatedOperation: that the leader
  // verified), sorted.
  std::vector<PublicKey> signers;
};

// The stateless checks of step 1 without signatures: what a wallet runs before it signs, so
// it never signs bytes the node must refuse (e.g. a memo longer than the encoding allows).
Rejection CheckOperation(const Operation& operation);

// Step 1, stateless and thread-safe. `allow_system` admits node-written actions (replay only).
Rejection VerifyOperation(const CommunityId& community, std::string_view signed_bytes,
                          VerifiedOperation* verified, bool allow_system = false);

// Step 1 for a member of a Raft cluster applying a committed log entry: the same decoding,
// canonical-form and bound checks as VerifyOperation(), and the same `signers` (every key in
// the envelope, sorted), but no Ed25519 verification. The leader verified every signature
// before it proposed the operation, and the members of a cluster are one trust domain (as
// etcd's are); `noaber-node check` and `audit` still verify every signature in the journal.
// For bytes VerifyOperation() accepts, `decoded` is exactly what it would produce. Never use
// it for bytes that did not come through the Raft log. Thread-safe.
Rejection DecodeReplicatedOperation(const CommunityId& community, std::string_view signed_bytes,
                                    VerifiedOperation* decoded);

// Owns nothing but its cache of the genesis and head; the Store outlives it.
// Not thread-safe: one sequencer calls ApplyBatch(). Reads go straight to the Store.
class StateCache;
class RuleReader;

class Ledger {
 public:
  // Writes the genesis as entry 0 and opens the community account. Store must be empty.
  static absl::StatusOr<std::unique_ptr<Ledger>> Create(Store* store, const Genesis& genesis);
  // Opens an existing journal, checking that the head entry hashes to the recorded head.
  static absl::StatusOr<std::unique_ptr<Ledger>> Open(Store* store);

  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  const Genesis& genesis() const { return genesis_; }
  const CommunityId& community_id() const { return community_id_; }
  JournalHead head() const { return head_; }
  int64_t last_timestamp_ms() const { return last_timestamp_ms_; }
  // The root of the RFC 6962 Merkle tree over every journal entry (see merkle.h); its size
  // is head().index + 1.
  Hash merkle_root() const { return tree_.Root(); }
  // The Merkle nodes (perfect subtrees) the last committed batch completed, all levels.
  const std::vector<MerkleNode>& last_merkle_nodes() const { return last_merkle_nodes_; }

  // Step 2. Expires pending transfers due at `timestamp_ms`, then applies `operations` in
  // order, one outcome each, and commits all of it with one write (synced, unless the store
  // was told otherwise) before returning.
  // Timestamps never go backwards: an earlier clock reading is raised to the last one used.
  // On a storage error nothing is applied, the error is returned, and every later call
  // fails with FailedPrecondition: the caller must reopen rather than limp on.
  // A cluster member passes the Raft index of the log entry it applies: the store records
  // it in the same write (Store::GetRaftAppliedIndex) whenever the batch writes anything.
  // A batch that writes nothing (every operation refused, nothing due to expire) records
  // nothing, which is harmless: applying it again gives the same outcomes.
  absl::StatusOr<std::vector<Outcome>> ApplyBatch(
      int64_t timestamp_ms, std::vector<VerifiedOperation> operations,
      std::optional<uint64_t> raft_index = std::nullopt);

  // VerifyOperation() then ApplyBatch() of one operation: for tests and tools.
  absl::StatusOr<Outcome> Submit(int64_t timestamp_ms, std::string_view signed_bytes);

 private:
  Ledger(Store* store, Genesis genesis, CommunityId community_id, JournalHead head,
         int64_t last_timestamp_ms, MerkleAppender tree);

  Store* store_;
  Genesis genesis_;
  CommunityId community_id_;
  JournalHead head_;
  int64_t last_timestamp_ms_;
  MerkleAppender tree_;
  // The store as the rules read it, and in front of it the accounts, balances and skills
  // as committed: most of what the rules read.
  std::unique_ptr<RuleReader> reader_;
  std::unique_ptr<StateCache> cache_;
  std::vector<MerkleNode> last_merkle_nodes_;
  absl::Status failed_;
};

// Rebuilds state from `source`'s journal into the empty `target`: checks every hash link and
// every signature and re-applies every entry, which must give the same entry again, and
// checks that the Merkle tree `source` stores over its journal has the recomputed root.
// Returns DataLoss naming the first bad entry. `progress(done, total)` is called now and then.
absl::Status ReplayJournal(const Store& source, Store* target,
                           const std::function<void(uint64_t, uint64_t)>& progress = {});

// Compares accounts, balances and pending transfers of two stores byte for byte.
// Returns DataLoss naming the first difference.
absl::Status CompareState(const Store& expected, const Store& actual);

// Scans the whole state: per asset the balances sum to zero and pending debits equal pending
// credits; every balance, counting pending, is within its limits; open pendings add up to the
// reservations. Returns DataLoss naming the first violation.
absl::Status CheckInvariants(const Store& store);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_LEDGER_H_
