// noaber-crash: the checks after every kill. While the node is down: `noaber-node check`
// on the folder (a replay of the journal from the genesis, signatures re-verified, every
// stored balance compared with it, the invariants) and the per-asset sums read straight from
// the store. Once it runs again: the journal read through Log.GetEntries as administrator
// (no operation id twice, the part read before unchanged), every acknowledged operation in
// it exactly once at the index it was acknowledged with, nothing rejected in it, the
// balances the node reports equal to the client's own tally, and acknowledged operations
// sent again answered "already accepted" with the same index. Each check returns the
// problems it found as sentences; none means it passed. Not thread-safe.
#ifndef NOABER_TESTS_CRASH_CRASH_VERIFY_H_
#define NOABER_TESTS_CRASH_CRASH_VERIFY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "noaber/v1/ledger.grpc.pb.h"
#include "noaber/v1/log.grpc.pb.h"
#include "tests/crash/crash_community.h"
#include "tests/crash/crash_registry.h"

namespace noaber::crash {

using Problems = std::vector<std::string>;

// The operations in the node's journal, by id, read a page at a time and kept between cycles.
class JournalIndex {
 public:
  // Reads the entries added since the last call, and re-reads the last one read before to
  // see that it did not change (the hash chain covers what precedes it).
  Problems Update(v1::Log::Stub* log, const Community& community);
  // The journal index of operation `id`, if the journal holds it.
  std::optional<uint64_t> Find(const ledger::OperationId& id) const;
  uint64_t size() const { return size_; }

 private:
  std::unordered_map<std::string, uint64_t> indexes_;  // operation id bytes -> entry index
  uint64_t size_ = 0;
  std::string last_leaf_hash_;
};

// How the operations sent so far fared, as the journal shows.
struct FateCounts {
  uint64_t acknowledged = 0;
  uint64_t rejected = 0;
  uint64_t unknown_present = 0;  // the reply never came, but the operation was applied
  uint64_t unknown_absent = 0;
  uint64_t must_reject = 0;
};

// The folder of a stopped node: `node_binary check` passes and every asset sums to zero.
Problems CheckStoppedFolder(const std::string& node_binary, const std::string& data_dir);

// Every operation against the journal; counts the fates into `counts`.
Problems CheckOperations(const Registry& registry, const JournalIndex& journal, FateCounts* counts);

// The HOUR balance of every resident equals the effects of the operations the journal holds.
Problems CheckBalances(v1::Ledger::Stub* ledger, const Community& community,
                       const Registry& registry, const JournalIndex& journal);

// Sends again up to `count_max` operations acknowledged in `cycle` (spread over the cycle):
// each must be answered "already accepted" with the index it was acknowledged with.
Problems CheckResubmissions(v1::Ledger::Stub* ledger, const Registry& registry, int cycle,
                            size_t count_max, uint64_t* resubmitted);

}  // namespace noaber::crash

#endif  // NOABER_TESTS_CRASH_CRASH_VERIFY_H_
