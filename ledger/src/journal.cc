#include "noaber/ledger/journal.h"

#include "noaber/ledger/strings.h"
#include "ledger/src/codec.h"
#include "noaber/ledger/crypto.h"

namespace noaber::ledger {

std::string EncodeJournalEntry(const JournalEntry& entry) {
  Writer w;
  w.U64(entry.index);
  w.I64(entry.timestamp_ms);
  w.Fixed(entry.previous_hash);
  w.U16(static_cast<uint16_t>(entry.outcome));
  w.Str32(entry.signed_bytes);
  return w.Take();
}

absl::StatusOr<JournalEntry> DecodeJournalEntry(std::string_view bytes) {
  Reader r(bytes);
  JournalEntry entry;
  entry.index = r.U64();
  entry.timestamp_ms = r.I64();
  entry.previous_hash = r.Fixed<32>();
  entry.outcome = static_cast<ResultCode>(r.U16());
  entry.signed_bytes = r.Str32();
  if (!r.done()) {
    return absl::DataLossError(StrCat("journal entry of ", bytes.size(),
                                            " bytes does not decode"));
  }
  return entry;
}

Hash HashJournalEntry(const JournalEntry& entry) { return Sha256(EncodeJournalEntry(entry)); }

}  // namespace noaber::ledger
