#include "ledger/src/sequencer.h"

#include "noaber/ledger/strings.h"
#include <set>

#include "absl/time/time.h"
#include "ledger/src/rules/rules.h"
#include "noaber/ledger/crypto.h"

namespace noaber::ledger {

namespace {

std::string FormatTime(int64_t ms) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

Outcome Rejected(ResultCode code, std::string message) {
  Outcome outcome;
  outcome.code = code;
  outcome.message = std::move(message);
  return outcome;
}

// Replays, reuse of an id, and the validity window: checked before any rule runs.
std::optional<Outcome> CheckIdAndTime(const VerifiedOperation& op, int64_t timestamp_ms,
                                      const Overlay& batch) {
  const Operation& operation = op.operation;
  if (std::optional<OperationRecord> record = batch.FindRecord(operation.id)) {
    if (record->body_hash == op.body_hash) {
      return Outcome{ResultCode::kAlreadyApplied,
                     StrCat("this operation was accepted before, as entry ", record->index),
                     record->index, record->timestamp_ms};
    }
    return Rejected(ResultCode::kIdReused,
                    StrCat("operation id ", OperationIdToHex(operation.id),
                                 " was already used for a different operation"));
  }
  if (timestamp_ms > operation.valid_until_ms) {
    return Rejected(ResultCode::kExpired,
                    StrCat("the operation was valid until ",
                                 FormatTime(operation.valid_until_ms), "; it is now ",
                                 FormatTime(timestamp_ms)));
  }
  if (operation.valid_until_ms - timestamp_ms > kValidUntilAheadMaxMs) {
    return Rejected(ResultCode::kValidUntilTooFar,
                    StrCat("valid_until ", FormatTime(operation.valid_until_ms),
                                 " lies more than 7 days ahead"));
  }
  return std::nullopt;
}

}  // namespace

bool IsSystemOperation(const Operation& operation) {
  return operation.actions.size() == 1 &&
         std::holds_alternative<ExpirePending>(operation.actions[0]);
}

VerifiedOperation MakeExpiry(const CommunityId& community, const OperationId& id,
                             int64_t timestamp_ms) {
  VerifiedOperation v;
  v.operation.community = community;
  v.operation.id = id;
  v.operation.valid_until_ms = timestamp_ms;
  v.operation.actions = {ExpirePending{id}};
  SignedOperation signed_operation{EncodeOperation(v.operation), {}};
  v.body_hash = Sha256(signed_operation.body);
  v.signed_bytes = EncodeSignedOperation(signed_operation);
  return v;
}

absl::StatusOr<Outcome> ApplyOperation(const Genesis& genesis, int64_t timestamp_ms,
                                       const VerifiedOperation& op, Overlay& batch,
                                       JournalHead& head, MerkleAppender& tree) {
  const Operation& operation = op.operation;
  const bool system = IsSystemOperation(operation);
  if (!system) {
    std::optional<Outcome> early = CheckIdAndTime(op, timestamp_ms, batch);
    if (!batch.status().ok()) return batch.status();
    if (early) return *early;
  }
  // Each action runs in its own overlay, so the invariants are asserted action by action
  // (a linked batch may pay and then freeze, or unfreeze and then pay). The actions of a
  // linked batch gather in a scratch overlay, since a later one may still be refused; a single
  // action (most operations) runs straight over the batch: one overlay and one merge less.
  const size_t count = operation.actions.size();
  Overlay scratch(&batch);
  Overlay single(&batch);
  Overlay& before_action = count == 1 ? batch : scratch;
  std::set<std::string> touched;
  for (size_t i = 0; i < count; ++i) {
    Overlay linked(&scratch);
    Overlay& step = count == 1 ? single : linked;
    RuleContext ctx{genesis, operation, timestamp_ms, head.index + 1, op.signers, step, {}};
    Rejection r = ApplyAction(ctx, operation.actions[i]);
    if (!step.status().ok()) return step.status();
    if (!r.ok()) {
      if (count > 1) r.message = StrCat("action ", i + 1, " of ", count, ": ", r.message);
      return Rejected(r.code, std::move(r.message));
    }
    AssertActionInvariants(before_action, step.delta());
    touched.merge(ctx.touched);
    if (count > 1) scratch.delta().Merge(std::move(step.delta()));
  }

  JournalEntry entry{head.index + 1, timestamp_ms, head.hash, ResultCode::kAccepted,
                     op.signed_bytes};
  const std::string entry_bytes = EncodeJournalEntry(entry);
  Outcome accepted{ResultCode::kAccepted, "", entry.index, timestamp_ms, head.hash,
                   LeafHash(entry_bytes)};
  head = JournalHead{entry.index, Sha256(entry_bytes)};
  Delta& delta = count == 1 ? single.delta() : scratch.delta();
  for (MerkleNode& node : tree.Append(accepted.leaf_hash)) {
    delta.merkle_nodes.push_back(node);
  }
  for (const std::string& handle : touched) delta.history.emplace_back(handle, entry.index);
  if (!system) delta.operation_records[operation.id] = {entry.index, timestamp_ms, op.body_hash};
  delta.entries.push_back(std::move(entry));
  delta.head = head;
  batch.delta().Merge(std::move(delta));
  return accepted;
}

}  // namespace noaber::ledger
