// Corrections: nothing in the journal is ever deleted or edited. A mistaken transfer is
// reversed by a compensating transfer, from its payee back to its payer, that names the
// original and gives a reason; the administrators sign it, and it happens at most once.
#include <algorithm>

#include "ledger/src/rules/rules.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

// Finds the transfer that action `index` of operation `id` made.
Rejection LoadOriginalTransfer(const RuleContext& ctx, const OperationId& id, uint8_t index,
                               Transfer* transfer, int64_t* timestamp_ms) {
  std::optional<OperationRecord> record = ctx.state.FindRecord(id);
  if (!record) {
    return Reject(ResultCode::kNotCorrectable,
                  StrCat("no accepted operation ", OperationIdToHex(id), " to correct"));
  }
  // A store restored from a compact state keeps the entry of every operation that holds a
  // transfer (Store::GetJournalFirstIndex): an accepted operation whose entry it lacks
  // holds none, and is refused with the same sentence as on a store that has the entry.
  std::optional<JournalEntry> entry = ctx.state.FindEntry(record->index);
  SignedOperation signed_operation;
  Operation original;
  if (!entry || !DecodeSignedOperation(entry->signed_bytes, &signed_operation).ok() ||
      !DecodeOperation(signed_operation.body, &original).ok() ||
      index >= original.actions.size() ||
      !std::holds_alternative<Transfer>(original.actions[index])) {
    return Reject(ResultCode::kNotCorrectable,
                  StrCat("action ", index + 1, " of operation ", OperationIdToHex(id),
                         " is not a transfer"));
  }
  *transfer = std::get<Transfer>(original.actions[index]);
  *timestamp_ms = entry->timestamp_ms;
  return Ok();
}

// The wrongly paid payee did not earn what is paid back: take it off the total it received
// in the original's year, so the annual cap is not spent on a mistake.
void UncountReceived(RuleContext& ctx, const Transfer& original, int64_t original_ms) {
  const ReceivedKey key{original.to, original.asset, CalendarYearOf(original_ms)};
  const Amount received = ctx.state.FindReceived(key);
  if (received.minor_units == 0) return;  // no cap applies (or nothing counted)
  ctx.state.PutReceived(
      key, Amount{std::max<int64_t>(0, received.minor_units - original.amount.minor_units)});
}

}  // namespace

Rejection ApplyCorrectTransfer(RuleContext& ctx, const CorrectTransfer& action) {
  if (Rejection r = RequireAdministrators(ctx, "correct a transfer"); !r.ok()) return r;
  const CorrectionKey key{action.original_id, action.action_index};
  if (std::optional<uint64_t> earlier = ctx.state.FindCorrection(key)) {
    return Reject(ResultCode::kAlreadyCorrected,
                  StrCat("that transfer was already corrected, by entry ", *earlier));
  }
  Transfer original;
  int64_t original_ms = 0;
  if (Rejection r = LoadOriginalTransfer(ctx, action.original_id, action.action_index, &original,
                                         &original_ms);
      !r.ok()) {
    return r;
  }
  // No skill: the reversal is not journaled as a transfer of its own (the correction names the
  // original), and a skill retired since the original must not block the correction.
  Transfer reversal{original.to, original.from, original.asset, original.amount, "",
                    action.reason};
  if (Rejection r = MoveOrReserve(
          ctx, reversal, MoveOptions{.payer_must_sign = false, .count_received = false});
      !r.ok()) {
    return r;
  }
  UncountReceived(ctx, original, original_ms);
  ctx.state.PutCorrection(key, ctx.index);
  return Ok();
}

}  // namespace noaber::ledger
