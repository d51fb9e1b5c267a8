#include "node/journal_reading.h"

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrCat;

absl::StatusOr<DecodedEntry> DecodeEntry(const ledger::JournalEntry& entry) {
  DecodedEntry out;
  ledger::Rejection r = ledger::DecodeSignedOperation(entry.signed_bytes, &out.signed_operation);
  if (r.ok()) r = ledger::DecodeOperation(out.signed_operation.body, &out.operation);
  if (!r.ok()) {
    return absl::DataLossError(
        StrCat("journal entry ", entry.index, " does not decode: ", r.message));
  }
  for (const ledger::SignatureEntry& s : out.signed_operation.signatures) {
    out.signers.push_back(s.key);
  }
  return out;
}

absl::StatusOr<std::optional<OriginalTransfer>> LoadOriginalTransfer(
    const ledger::StateReader& state, const ledger::OperationId& operation_id,
    uint8_t action_index) {
  absl::StatusOr<std::optional<ledger::OperationRecord>> record =
      state.GetOperationRecord(operation_id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return std::nullopt;
  absl::StatusOr<std::optional<ledger::JournalEntry>> entry = state.GetEntry((*record)->index);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value()) {
    return absl::DataLossError(StrCat("journal entry ", (*record)->index, " is missing"));
  }
  absl::StatusOr<DecodedEntry> decoded = DecodeEntry(**entry);
  if (!decoded.ok()) return decoded.status();
  const std::vector<ledger::Action>& actions = decoded->operation.actions;
  if (action_index >= actions.size() ||
      !std::holds_alternative<ledger::Transfer>(actions[action_index])) {
    return std::nullopt;
  }
  return OriginalTransfer{std::get<ledger::Transfer>(actions[action_index]), (*entry)->index,
                          (*entry)->timestamp_ms};
}

}  // namespace noaber::node
