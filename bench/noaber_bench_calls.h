// noaber-bench: the asynchronous write calls it makes, Submit and SubmitBatch, each counting
// its operations' outcomes into a Tally; and the probes that tell whether the node serves
// SubmitBatch and SubmitStream at all. A call belongs to the loop that started it.
#ifndef NOABER_BENCH_NOABER_BENCH_CALLS_H_
#define NOABER_BENCH_NOABER_BENCH_CALLS_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <span>
#include <string>

#include "bench/noaber_bench_answer.h"
#include "bench/noaber_bench_driver.h"
#include "noaber/v1/ledger.grpc.pb.h"

namespace noaber::bench {

// The benchmark's connection to the node: the typed stub, and SubmitBatch and SubmitStream
// with their answers as bytes, read by ReadBatchAnswer (noaber_bench_answer.h).
struct NodeClient {
  explicit NodeClient(const std::shared_ptr<grpc::Channel>& channel);

  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Ledger::Stub> stub;
  grpc::TemplatedGenericStub<v1::SubmitBatchRequest, grpc::ByteBuffer> batches;
};

// SubmitStream, its answers as bytes.
using AnswerStream = grpc::ClientReaderWriter<v1::SubmitBatchRequest, grpc::ByteBuffer>;
std::unique_ptr<AnswerStream> OpenAnswerStream(NodeClient* client, grpc::ClientContext* context);

// "OK", "UNAVAILABLE", ...: the gRPC code's canonical name.
const char* StatusCodeName(grpc::StatusCode code);

// One Submit. A rejection is an outcome named by the node's "noaber-result-name" trailer;
// a failure without it is an error.
class UnaryCall : public PendingCall {
 public:
  static std::unique_ptr<PendingCall> Start(v1::Ledger::Stub* stub,
                                            const std::string& signed_operation,
                                            Clock::time_point started,
                                            grpc::CompletionQueue* queue);
  uint64_t Record(Tally* tally) override;

 private:
  using PendingCall::PendingCall;

  grpc::ClientContext context_;
  v1::SubmitResponse response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::SubmitResponse>> reader_;
};

// One SubmitBatch: an outcome per operation, or one error for all of them.
class BatchCall : public PendingCall {
 public:
  static std::unique_ptr<PendingCall> Start(NodeClient* client,
                                            std::span<const std::string> signed_operations,
                                            Clock::time_point started,
                                            grpc::CompletionQueue* queue);
  uint64_t Record(Tally* tally) override;

 private:
  using PendingCall::PendingCall;

  size_t operations_ = 0;
  grpc::ClientContext context_;
  grpc::ByteBuffer response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<grpc::ByteBuffer>> reader_;
};

// Counts one batch answer of `expected` operations into `tally`: each outcome, and an error
// for operations it left without one. Returns `expected`.
uint64_t CountBatchAnswer(const BatchAnswer& answer, size_t expected, Tally* tally);

// A request of `signed_operations` with `tag`.
v1::SubmitBatchRequest BatchRequest(std::span<const std::string> signed_operations, uint64_t tag);

// Empty when the node serves SubmitBatch (resp. SubmitStream); else why not (it answered
// UNIMPLEMENTED, or could not be reached). Sends no operation.
std::string ProbeSubmitBatch(v1::Ledger::Stub* stub);
std::string ProbeSubmitStream(v1::Ledger::Stub* stub);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_CALLS_H_
