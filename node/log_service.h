// The noaber.v1.Log gRPC service: checkpoints, proofs, raw entries and cosignatures of the
// journal's Merkle log (proto/noaber/v1/log.proto, docs/api.md). Also MakeReceipt, which
// the Ledger service's Submit returns.
//
// Borrows everything it uses; all of it must outlive the gRPC server. Thread-safe.
#ifndef NOABER_NODE_LOG_SERVICE_H_
#define NOABER_NODE_LOG_SERVICE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/store.h"
#include "noaber/v1/log.grpc.pb.h"
#include "node/checkpoint_log.h"
#include "node/read_auth.h"

namespace noaber::node {

// GetEntries pages: 1..kLogEntriesPageMax entries, kLogEntriesPageDefault when 0.
inline constexpr uint32_t kLogEntriesPageDefault = 100;
inline constexpr uint32_t kLogEntriesPageMax = 1000;

// Receipts under the latest checkpoint at construction: a receipt holds an entry's fields,
// leaf hash, that checkpoint and the entry's inclusion proof in it. One maker serves a
// whole batch reply, sharing the checkpoint and the proofs' common hashes. Make() is
// Internal if the checkpoint does not cover the entry yet (it always does once the entry is
// committed); storage errors as they come. Not thread-safe.
class ReceiptMaker {
 public:
  ReceiptMaker(const ledger::Store& store, const CheckpointLog& log);
  // The receipt of an accepted `outcome`: from the outcome's own hashes when it was just
  // journaled, else (already applied) from its journal entry.
  absl::StatusOr<v1::Receipt> Make(const ledger::Outcome& outcome);
  // The same, written into `receipt` (a batch answer's, so nothing is built twice).
  absl::Status MakeInto(const ledger::Outcome& outcome, v1::Receipt* receipt);

 private:
  const ledger::Store& store_;
  const SignedCheckpoint checkpoint_;
  ledger::InclusionProver prover_;
};

// The receipt of one accepted `outcome` (a ReceiptMaker for one).
absl::StatusOr<v1::Receipt> MakeReceipt(const ledger::Store& store, const CheckpointLog& log,
                                        const ledger::Outcome& outcome);

class LogService final : public v1::Log::Service {
 public:
  LogService(const ledger::Store* store, CheckpointLog* log, ReadAuthenticator* authenticator);

  grpc::Status GetCheckpoint(grpc::ServerContext* context, const v1::GetCheckpointRequest* request,
                             v1::Checkpoints* response) override;
  grpc::Status GetInclusionProof(grpc::ServerContext* context,
                                 const v1::GetInclusionProofRequest* request,
                                 v1::InclusionProof* response) override;
  grpc::Status GetConsistencyProof(grpc::ServerContext* context,
                                   const v1::GetConsistencyProofRequest* request,
                                   v1::ConsistencyProof* response) override;
  grpc::Status GetEntries(grpc::ServerContext* context, const v1::GetEntriesRequest* request,
                          v1::LogEntries* response) override;
  grpc::Status AddCosignature(grpc::ServerContext* context,
                              const v1::AddCosignatureRequest* request,
                              v1::AddCosignatureResponse* response) override;

 private:
  // The indexes in [first, last] whose raw bytes the caller may see (ascending).
  absl::StatusOr<std::vector<uint64_t>> VisibleIndexes(grpc::ServerContext* context,
                                                       std::string_view handle, uint64_t first,
                                                       uint64_t last);

  const ledger::Store* const store_;
  CheckpointLog* const log_;
  ReadAuthenticator* const authenticator_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_LOG_SERVICE_H_
