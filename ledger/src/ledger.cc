#include "noaber/ledger/ledger.h"

#include <algorithm>

#include "ledger/src/rule_reader.h"
#include "ledger/src/rules/rules.h"
#include "ledger/src/sequencer.h"
#include "ledger/src/state_cache.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

Rejection CheckOperation(const Operation& operation) {
  return CheckWellFormed(operation, /*allow_system=*/false);
}

namespace {

// VerifyOperation() without the signatures: decodes `signed_bytes` and checks everything
// but them; only then fills `out`. Hands back the envelope for the signature check.
Rejection DecodeChecked(const CommunityId& community, std::string_view signed_bytes,
                        bool allow_system, VerifiedOperation* out,
                        SignedOperation* signed_operation) {
  if (Rejection r = DecodeSignedOperation(signed_bytes, signed_operation); !r.ok()) return r;
  Operation operation;
  if (Rejection r = DecodeOperation(signed_operation->body, &operation); !r.ok()) return r;
  if (operation.community != community) {
    return Reject(ResultCode::kWrongCommunity,
                  "the operation is signed for another community (its community id differs)");
  }
  if (Rejection r = CheckWellFormed(operation, allow_system); !r.ok()) return r;
  const bool system = IsSystemOperation(operation);
  if (system != signed_operation->signatures.empty()) {
    return system ? Reject(ResultCode::kSystemActionNotAllowed, "a system entry carries no signatures")
                  : Reject(ResultCode::kNoSignatures, "the operation is not signed");
  }
  out->operation = std::move(operation);
  out->signed_bytes = std::string(signed_bytes);
  out->body_hash = Sha256(signed_operation->body);
  // The envelope keeps its signatures sorted by key, each key once (DecodeSignedOperation).
  out->signers.clear();
  for (const SignatureEntry& s : signed_operation->signatures) out->signers.push_back(s.key);
  return Ok();
}

}  // namespace

Rejection VerifyOperation(const CommunityId& community, std::string_view signed_bytes,
                          VerifiedOperation* verified, bool allow_system) {
  VerifiedOperation decoded;
  SignedOperation signed_operation;
  if (Rejection r =
          DecodeChecked(community, signed_bytes, allow_system, &decoded, &signed_operation);
      !r.ok()) {
    return r;
  }
  // The expensive part last: garbage is refused before any signature is checked.
  for (const SignatureEntry& s : signed_operation.signatures) {
    if (!Verify(s.key, s.signature, signed_operation.body)) {
      return Reject(ResultCode::kBadSignature,
                    StrCat("the signature by key ", ToHex(s.key).substr(0, 16),
                                 "... does not verify"));
    }
  }
  *verified = std::move(decoded);
  return Ok();
}

Rejection DecodeReplicatedOperation(const CommunityId& community, std::string_view signed_bytes,
                                    VerifiedOperation* decoded) {
  SignedOperation signed_operation;
  return DecodeChecked(community, signed_bytes, /*allow_system=*/false, decoded, &signed_operation);
}

Ledger::Ledger(Store* store, Genesis genesis, CommunityId community_id, JournalHead head,
               int64_t last_timestamp_ms, MerkleAppender tree)
    : store_(store),
      genesis_(std::move(genesis)),
      community_id_(community_id),
      head_(head),
      last_timestamp_ms_(last_timestamp_ms),
      tree_(tree),
      reader_(std::make_unique<RuleReader>(store)),
      cache_(std::make_unique<StateCache>(reader_.get())) {}

Ledger::~Ledger() = default;

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::Create(Store* store, const Genesis& genesis) {
  absl::StatusOr<std::optional<JournalHead>> existing = store->GetHead();
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::FailedPreconditionError("this store already holds a community's journal");
  }
  if (absl::Status s = ValidateGenesis(genesis); !s.ok()) return s;
  std::string bytes = EncodeGenesis(genesis);
  JournalEntry entry{0, genesis.created_ms, Hash{}, ResultCode::kAccepted, bytes};
  JournalHead head{0, HashJournalEntry(entry)};

  Delta delta;
  MerkleAppender tree;
  delta.merkle_nodes = tree.Append(LeafHash(EncodeJournalEntry(entry)));
  Account community;
  community.handle = kCommunityHandle;
  community.kind = AccountKind::kCommunity;
  community.keys = genesis.admin_keys;
  community.threshold = genesis.admin_threshold;
  for (const PublicKey& key : community.keys) delta.key_index[{key, community.handle}] = true;
  for (const Asset& asset : genesis.assets) {
    Balance balance;
    balance.limits = DefaultLimitsFor(genesis, AccountKind::kCommunity, asset);
    delta.balances[{community.handle, asset.code}] = balance;
  }
  delta.accounts[community.handle] = community;
  for (const Skill& skill : genesis.skills) delta.skills[skill.code] = skill;
  delta.history.emplace_back(community.handle, 0);
  delta.entries.push_back(entry);
  delta.head = head;
  delta.genesis = bytes;
  if (absl::Status s = store->Commit(delta); !s.ok()) return s;
  return std::unique_ptr<Ledger>(
      new Ledger(store, genesis, CommunityIdOf(bytes), head, genesis.created_ms, tree));
}

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(Store* store) {
  absl::StatusOr<std::optional<JournalHead>> head = store->GetHead();
  if (!head.ok()) return head.status();
  if (!head->has_value()) return absl::NotFoundError("no community here yet: run init first");
  absl::StatusOr<std::optional<std::string>> bytes = store->GetGenesis();
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return absl::DataLossError("the journal has a head but no genesis");
  absl::StatusOr<Genesis> genesis = DecodeGenesis(**bytes);
  if (!genesis.ok()) return absl::DataLossError(genesis.status().message());

  // The head must be the hash of the last entry, and nothing may follow it.
  absl::StatusOr<std::optional<JournalEntry>> last = store->GetEntry((*head)->index);
  if (!last.ok()) return last.status();
  if (!last->has_value() || HashJournalEntry(**last) != (*head)->hash) {
    return absl::DataLossError(StrCat("journal entry ", (*head)->index,
                                            " does not match the recorded head"));
  }
  absl::StatusOr<std::optional<JournalEntry>> beyond = store->GetEntry((*head)->index + 1);
  if (!beyond.ok()) return beyond.status();
  if (beyond->has_value()) {
    return absl::DataLossError(StrCat("the journal has entries beyond its head ",
                                            (*head)->index));
  }
  absl::StatusOr<MerkleAppender> tree =
      MerkleAppender::Resume(StoreMerkleNodes(*store), (*head)->index + 1);
  if (!tree.ok()) {
    return absl::DataLossError(StrCat("the journal's Merkle tree is incomplete: ",
                                      tree.status().message()));
  }
  return std::unique_ptr<Ledger>(new Ledger(store, *std::move(genesis), CommunityIdOf(**bytes),
                                            **head, (*last)->timestamp_ms, *tree));
}

absl::StatusOr<std::vector<Outcome>> Ledger::ApplyBatch(int64_t timestamp_ms,
                                                        std::vector<VerifiedOperation> operations,
                                                        std::optional<uint64_t> raft_index) {
  if (!failed_.ok()) {
    return absl::FailedPreconditionError(
        StrCat("the ledger stopped taking writes after a storage error: ",
                     failed_.message()));
  }
  if (operations.size() > kOperationsPerBatchMax) {
    return absl::InvalidArgumentError(StrCat("a batch holds at most ",
                                                   kOperationsPerBatchMax, " operations"));
  }
  const int64_t now = std::max(timestamp_ms, last_timestamp_ms_);
  Overlay batch(cache_.get());
  JournalHead head = head_;
  MerkleAppender tree = tree_;  // adopted only once the batch is durable

  absl::StatusOr<std::vector<OperationId>> due =
      store_->ListExpiredPendings(now, kExpiriesPerBatchMax);
  if (!due.ok()) return due.status();
  for (const OperationId& id : *due) {
    absl::StatusOr<Outcome> expired =
        ApplyOperation(genesis_, now, MakeExpiry(community_id_, id, now), batch, head, tree);
    if (!expired.ok()) return expired.status();
  }

  std::vector<Outcome> outcomes;
  outcomes.reserve(operations.size());
  for (const VerifiedOperation& op : operations) {
    if (op.operation.community != community_id_) {
      outcomes.push_back({ResultCode::kWrongCommunity, "signed for another community", 0, 0});
      continue;
    }
    absl::StatusOr<Outcome> outcome = ApplyOperation(genesis_, now, op, batch, head, tree);
    if (!outcome.ok()) return outcome.status();
    outcomes.push_back(*std::move(outcome));
  }
  if (!batch.status().ok()) return batch.status();
  if (!batch.delta().empty()) {
    batch.delta().raft_index = raft_index;
    if (absl::Status s = store_->Commit(batch.delta()); !s.ok()) {
      failed_ = s;
      cache_->Clear();
      return s;
    }
    cache_->Remember(batch.delta());
  }
  last_merkle_nodes_ = std::move(batch.delta().merkle_nodes);
  head_ = head;
  tree_ = tree;
  last_timestamp_ms_ = now;
  return outcomes;
}

absl::StatusOr<Outcome> Ledger::Submit(int64_t timestamp_ms, std::string_view signed_bytes) {
  VerifiedOperation verified;
  if (Rejection r = VerifyOperation(community_id_, signed_bytes, &verified); !r.ok()) {
    return Outcome{r.code, std::move(r.message), 0, 0};
  }
  std::vector<VerifiedOperation> batch;
  batch.push_back(std::move(verified));
  absl::StatusOr<std::vector<Outcome>> outcomes = ApplyBatch(timestamp_ms, std::move(batch));
  if (!outcomes.ok()) return outcomes.status();
  return outcomes->back();
}

}  // namespace noaber::ledger
