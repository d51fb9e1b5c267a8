#include "ledger/src/rule_reader.h"

namespace noaber::ledger {

absl::StatusOr<std::optional<JournalEntry>> RuleReader::GetEntry(uint64_t index) const {
  absl::StatusOr<std::optional<JournalEntry>> entry = store_->GetEntry(index);
  if (entry.ok() || !absl::IsNotFound(entry.status())) return entry;
  absl::StatusOr<uint64_t> first = store_->GetJournalFirstIndex();
  if (!first.ok()) return first.status();
  if (index < *first) return std::optional<JournalEntry>();
  return entry;
}

}  // namespace noaber::ledger
