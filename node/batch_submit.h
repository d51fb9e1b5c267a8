// SubmitBatch and SubmitStream: many signed operations per request, one outcome (and, when
// accepted, one receipt) each. The write pipeline verifies a request's operations on the
// verify pool and applies them as one group; receipts are made on the calling gRPC thread
// (or the stream's writer thread), never on the sequencer. See docs/api.md.
#ifndef NOABER_NODE_BATCH_SUBMIT_H_
#define NOABER_NODE_BATCH_SUBMIT_H_

#include <grpcpp/grpcpp.h>

#include "noaber/ledger/store.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "node/checkpoint_log.h"
#include "node/rate_limit.h"
#include "node/verify_pool.h"
#include "node/write_pipeline.h"

namespace noaber::node {

// Batches of one stream that may wait for their outcomes at once; the stream reads no
// further request until one of them is answered.
inline constexpr size_t kStreamBatchesInFlightMax = 16;
// Requests of one stream read and checked ahead of the ones being submitted, and the threads
// that submit them (checking one batch's signatures while the one before waits its turn).
inline constexpr size_t kStreamReadAheadMax = 2;
inline constexpr size_t kStreamSubmitters = 2;

// What the batch calls need; all borrowed, all outliving the server.
struct BatchSubmitter {
  const ledger::Store* store;
  const CheckpointLog* log;
  WritePipeline* pipeline;
  VerifyPool* verify_pool;
  SubmitLimiter* limiter;  // null: no rate limits; else checked for each batch
};

grpc::Status SubmitBatchCall(const BatchSubmitter& submitter, grpc::ServerContext* context,
                             const v1::SubmitBatchRequest& request,
                             v1::SubmitBatchResponse* response);

grpc::Status SubmitStreamCall(
    const BatchSubmitter& submitter, grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::SubmitBatchResponse, v1::SubmitBatchRequest>* stream);

}  // namespace noaber::node

#endif  // NOABER_NODE_BATCH_SUBMIT_H_
