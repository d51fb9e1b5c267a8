// Journal entries: the durable, hash-chained record of every accepted operation.
// Entry 0 holds the genesis bytes; every later entry holds one signed operation (or an
// expiry written by the node). State is derived from the journal and nothing else.
#ifndef NOABER_LEDGER_JOURNAL_H_
#define NOABER_LEDGER_JOURNAL_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/result.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

struct JournalEntry {
  uint64_t index = 0;
  int64_t timestamp_ms = 0;  // the node's clock when the entry's batch was applied
  Hash previous_hash{};      // hash of entry index-1; zeros for entry 0
  ResultCode outcome = ResultCode::kAccepted;
  std::string signed_bytes;  // genesis bytes (entry 0) or EncodeSignedOperation() output
  bool operator==(const JournalEntry&) const = default;
};

// The position of the journal's last entry.
struct JournalHead {
  uint64_t index = 0;
  Hash hash{};
  bool operator==(const JournalHead&) const = default;
};

std::string EncodeJournalEntry(const JournalEntry& entry);
absl::StatusOr<JournalEntry> DecodeJournalEntry(std::string_view bytes);
// SHA-256 of the entry's encoding; chains entries through previous_hash.
Hash HashJournalEntry(const JournalEntry& entry);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_JOURNAL_H_
