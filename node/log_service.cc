#include "node/log_service.h"

#include <algorithm>

#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/strings.h"
#include "node/cluster/gate.h"
#include "node/queries.h"
#include "node/request_checks.h"
#include "node/status_mapping.h"
#include "node/view_text.h"

namespace noaber::node {

using ledger::StrCat;

namespace {

void SetBytes(const ledger::Hash& hash, std::string* out) {
  out->assign(reinterpret_cast<const char*>(hash.data()), hash.size());
}

void AddHashes(const std::vector<ledger::Hash>& hashes,
               google::protobuf::RepeatedPtrField<std::string>* out) {
  out->Reserve(static_cast<int>(hashes.size()));
  for (const ledger::Hash& hash : hashes) SetBytes(hash, out->Add());
}

// `requested`, or the latest size when 0; InvalidArgument beyond the latest.
absl::StatusOr<uint64_t> TreeSize(uint64_t requested, uint64_t latest, std::string_view field) {
  if (requested == 0) return latest;
  if (requested > latest) {
    return absl::InvalidArgumentError(
        StrCat(field, " ", requested, " is beyond the log's ", latest, " entries"));
  }
  return requested;
}

}  // namespace

ReceiptMaker::ReceiptMaker(const ledger::Store& store, const CheckpointLog& log)
    : store_(store), checkpoint_(log.latest()), prover_(log.nodes(), checkpoint_.checkpoint.size) {}

absl::StatusOr<v1::Receipt> ReceiptMaker::Make(const ledger::Outcome& outcome) {
  v1::Receipt receipt;
  if (absl::Status s = MakeInto(outcome, &receipt); !s.ok()) return s;
  return receipt;
}

absl::Status ReceiptMaker::MakeInto(const ledger::Outcome& outcome, v1::Receipt* receipt) {
  const uint64_t index = outcome.index;
  if (checkpoint_.checkpoint.size <= index) {
    return absl::InternalError(StrCat("no checkpoint covers journal entry ", index, " yet"));
  }
  receipt->set_index(index);
  if (outcome.code == ledger::ResultCode::kAccepted) {
    receipt->set_timestamp_ms(outcome.timestamp_ms);
    SetBytes(outcome.previous_hash, receipt->mutable_previous_hash());
    receipt->set_outcome(static_cast<uint32_t>(outcome.code));
    SetBytes(outcome.leaf_hash, receipt->mutable_leaf_hash());
  } else {
    absl::StatusOr<std::optional<ledger::JournalEntry>> entry = store_.GetEntry(index);
    if (!entry.ok()) return entry.status();
    if (!entry->has_value()) {
      return absl::InternalError(StrCat("journal entry ", index, " missing"));
    }
    const ledger::JournalEntry& e = **entry;
    receipt->set_timestamp_ms(e.timestamp_ms);
    SetBytes(e.previous_hash, receipt->mutable_previous_hash());
    receipt->set_outcome(static_cast<uint32_t>(e.outcome));
    SetBytes(ledger::LeafHash(ledger::EncodeJournalEntry(e)), receipt->mutable_leaf_hash());
  }
  absl::StatusOr<std::vector<ledger::Hash>> proof = prover_.Prove(index);
  if (!proof.ok()) return proof.status();
  receipt->set_checkpoint(checkpoint_.note);
  AddHashes(*proof, receipt->mutable_inclusion_proof());
  return absl::OkStatus();
}

absl::StatusOr<v1::Receipt> MakeReceipt(const ledger::Store& store, const CheckpointLog& log,
                                        const ledger::Outcome& outcome) {
  return ReceiptMaker(store, log).Make(outcome);
}

LogService::LogService(const ledger::Store* store, CheckpointLog* log,
                       ReadAuthenticator* authenticator)
    : store_(store), log_(log), authenticator_(authenticator) {}

grpc::Status LogService::GetCheckpoint(grpc::ServerContext* context,
                                       const v1::GetCheckpointRequest* request,
                                       v1::Checkpoints* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  CheckpointView view = log_->View();
  response->set_checkpoint(view.latest.note);
  response->set_witness_checkpoint(view.for_witnesses.note);
  for (std::string& note : view.cosigned) response->add_cosigned(std::move(note));
  response->set_origin(log_->origin());
  response->set_log_key(log_->verifier_key());
  for (const ledger::CosignerKey& witness : log_->witnesses()) {
    absl::StatusOr<std::string> key = ledger::EncodeCosignerKey(witness.name, witness.public_key);
    if (key.ok()) response->add_witness_keys(*key);
  }
  return grpc::Status::OK;
}

grpc::Status LogService::GetInclusionProof(grpc::ServerContext* context,
                                           const v1::GetInclusionProofRequest* request,
                                           v1::InclusionProof* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<uint64_t> size =
      TreeSize(request->tree_size(), log_->latest().checkpoint.size, "tree_size");
  if (!size.ok()) return ToGrpcStatus(size.status());
  if (request->index() >= *size) {
    return InvalidArgument(
        StrCat("index ", request->index(), " is not in the tree of ", *size, " entries"));
  }
  const ledger::MerkleNodeSource& nodes = log_->nodes();
  absl::StatusOr<std::vector<ledger::Hash>> proof =
      ledger::InclusionProof(nodes, request->index(), *size);
  if (!proof.ok()) return ToGrpcStatus(proof.status());
  absl::StatusOr<ledger::Hash> leaf = nodes.PerfectSubtree(0, request->index());
  if (!leaf.ok()) return ToGrpcStatus(leaf.status());
  response->set_index(request->index());
  response->set_tree_size(*size);
  response->set_leaf_hash(Bytes(*leaf));
  AddHashes(*proof, response->mutable_hashes());
  return grpc::Status::OK;
}

grpc::Status LogService::GetConsistencyProof(grpc::ServerContext* context,
                                             const v1::GetConsistencyProofRequest* request,
                                             v1::ConsistencyProof* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<uint64_t> new_size =
      TreeSize(request->new_size(), log_->latest().checkpoint.size, "new_size");
  if (!new_size.ok()) return ToGrpcStatus(new_size.status());
  if (request->old_size() == 0 || request->old_size() > *new_size) {
    return InvalidArgument(
        StrCat("old_size must be 1..", *new_size, " (new_size), not ", request->old_size()));
  }
  const ledger::MerkleNodeSource& nodes = log_->nodes();
  absl::StatusOr<std::vector<ledger::Hash>> proof =
      ledger::ConsistencyProof(nodes, request->old_size(), *new_size);
  if (!proof.ok()) return ToGrpcStatus(proof.status());
  response->set_old_size(request->old_size());
  response->set_new_size(*new_size);
  AddHashes(*proof, response->mutable_hashes());
  return grpc::Status::OK;
}

absl::StatusOr<std::vector<uint64_t>> LogService::VisibleIndexes(grpc::ServerContext* context,
                                                                 std::string_view handle,
                                                                 uint64_t first, uint64_t last) {
  const auto& metadata = context->client_metadata();
  auto found = metadata.find(ledger::kCallAuthMetadataKey);
  if (found == metadata.end()) {
    if (!handle.empty()) {
      return absl::UnauthenticatedError(
          "the entries of an account are private: sign the call (noaber-auth) with its key");
    }
    if (first == 0) return std::vector<uint64_t>{0};  // the genesis is public
    return std::vector<uint64_t>{};
  }
  absl::StatusOr<Caller> caller =
      authenticator_->Authenticate(std::string_view(found->second.data(), found->second.size()),
                                   StrCat("/", v1::Log::service_full_name(), "/GetEntries"));
  if (!caller.ok()) return caller.status();
  if (handle.empty() && !caller->administrator) {
    return absl::PermissionDeniedError(
        "every entry's bytes are visible to the administrators only; name your account in "
        "handle");
  }
  if (!handle.empty()) {
    if (absl::Status s = CheckHandle(handle, "handle"); !s.ok()) return s;
    if (absl::Status s = authenticator_->AllowAccount(*caller, handle, "the journal entries");
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::vector<uint64_t>> indexes = WatchedIndexes(*store_, handle, first, last);
  if (!indexes.ok()) return indexes.status();
  if (first == 0 && (indexes->empty() || indexes->front() != 0))
    indexes->insert(indexes->begin(), 0);
  return indexes;
}

grpc::Status LogService::GetEntries(grpc::ServerContext* context,
                                    const v1::GetEntriesRequest* request,
                                    v1::LogEntries* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<size_t> count =
      PageSize(request->count(), kLogEntriesPageDefault, kLogEntriesPageMax);
  if (!count.ok()) return ToGrpcStatus(count.status());
  const uint64_t size = log_->latest().checkpoint.size;
  if (request->start() >= size) {
    return InvalidArgument(
        StrCat("start ", request->start(), " is beyond the log's ", size, " entries"));
  }
  const uint64_t last = std::min<uint64_t>(size - 1, request->start() + *count - 1);
  absl::StatusOr<std::vector<uint64_t>> visible =
      VisibleIndexes(context, request->handle(), request->start(), last);
  if (!visible.ok()) return ToGrpcStatus(visible.status());
  const ledger::MerkleNodeSource& nodes = log_->nodes();
  size_t next_visible = 0;
  for (uint64_t index = request->start(); index <= last; ++index) {
    v1::LogEntry* out = response->add_entries();
    out->set_index(index);
    absl::StatusOr<ledger::Hash> leaf = nodes.PerfectSubtree(0, index);
    if (!leaf.ok()) return ToGrpcStatus(leaf.status());
    out->set_leaf_hash(Bytes(*leaf));
    if (next_visible < visible->size() && (*visible)[next_visible] == index) {
      ++next_visible;
      absl::StatusOr<std::optional<ledger::JournalEntry>> entry = store_->GetEntry(index);
      if (!entry.ok()) return ToGrpcStatus(entry.status());
      if (entry->has_value()) out->set_entry(ledger::EncodeJournalEntry(**entry));
    }
  }
  response->set_tree_size(size);
  return grpc::Status::OK;
}

grpc::Status LogService::AddCosignature(grpc::ServerContext* context,
                                        const v1::AddCosignatureRequest* request,
                                        v1::AddCosignatureResponse* response) {
  if (request->tree_size() == 0) return InvalidArgument("tree_size is required");
  absl::StatusOr<std::string> witness =
      log_->AddCosignature(request->tree_size(), request->cosignature());
  if (!witness.ok()) return ToGrpcStatus(witness.status());
  response->set_witness(*witness);
  response->set_tree_size(request->tree_size());
  return grpc::Status::OK;
}

}  // namespace noaber::node
