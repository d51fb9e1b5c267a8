#include "bench/noaber_bench_calls.h"

#include <algorithm>
#include <chrono>
#include <string_view>

#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

using ledger::StrCat;

constexpr char kResultNameTrailer[] = "noaber-result-name";
constexpr char kSubmitBatchMethod[] = "/noaber.v1.Ledger/SubmitBatch";
constexpr char kSubmitStreamMethod[] = "/noaber.v1.Ledger/SubmitStream";
constexpr std::chrono::seconds kProbeDeadline{10};

std::string NotServedReason(const char* method, const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    return StrCat("the node answers UNIMPLEMENTED to ", method);
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return StrCat(method, " failed: ", StatusCodeName(status.error_code()), ": ",
                  status.error_message());
  }
  return {};  // served: it judged the (empty) request
}

}  // namespace

NodeClient::NodeClient(const std::shared_ptr<grpc::Channel>& channel)
    : channel(channel), stub(v1::Ledger::NewStub(channel)), batches(channel) {}

std::unique_ptr<AnswerStream> OpenAnswerStream(NodeClient* client, grpc::ClientContext* context) {
  // What the generated stub's SubmitStream does, with bytes for the answer type.
  return std::unique_ptr<AnswerStream>(
      grpc::internal::ClientReaderWriterFactory<v1::SubmitBatchRequest, grpc::ByteBuffer>::Create(
          client->channel.get(),
          grpc::internal::RpcMethod(kSubmitStreamMethod,
                                    grpc::internal::RpcMethod::BIDI_STREAMING),
          context));
}

const char* StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN_CODE";
  }
}

std::unique_ptr<PendingCall> UnaryCall::Start(v1::Ledger::Stub* stub,
                                              const std::string& signed_operation,
                                              Clock::time_point started,
                                              grpc::CompletionQueue* queue) {
  std::unique_ptr<UnaryCall> call(new UnaryCall(started));
  v1::SubmitRequest request;
  request.set_signed_operation(signed_operation);
  call->reader_ = stub->AsyncSubmit(&call->context_, request, queue);
  call->reader_->Finish(&call->response_, &call->status_, call.get());
  return call;
}

uint64_t UnaryCall::Record(Tally* tally) {
  if (status_.ok()) {
    tally->CountOutcome(response_.result_name(), response_.message());
    return 1;
  }
  const auto& trailers = context_.GetServerTrailingMetadata();
  const auto name = trailers.find(kResultNameTrailer);
  if (name != trailers.end()) {
    tally->CountOutcome(std::string_view(name->second.data(), name->second.size()),
                        status_.error_message());
  } else {
    tally->CountErrors(StatusCodeName(status_.error_code()), 1, status_.error_message());
  }
  return 1;
}

v1::SubmitBatchRequest BatchRequest(std::span<const std::string> signed_operations, uint64_t tag) {
  v1::SubmitBatchRequest request;
  request.mutable_signed_operations()->Reserve(static_cast<int>(signed_operations.size()));
  for (const std::string& bytes : signed_operations) request.add_signed_operations(bytes);
  request.set_tag(tag);
  return request;
}

std::unique_ptr<PendingCall> BatchCall::Start(NodeClient* client,
                                              std::span<const std::string> signed_operations,
                                              Clock::time_point started,
                                              grpc::CompletionQueue* queue) {
  std::unique_ptr<BatchCall> call(new BatchCall(started));
  call->operations_ = signed_operations.size();
  call->reader_ = client->batches.PrepareUnaryCall(
      &call->context_, kSubmitBatchMethod, BatchRequest(signed_operations, 0), queue);
  call->reader_->StartCall();
  call->reader_->Finish(&call->response_, &call->status_, call.get());
  return call;
}

uint64_t BatchCall::Record(Tally* tally) {
  if (!status_.ok()) {
    tally->CountErrors(StatusCodeName(status_.error_code()), operations_, status_.error_message());
    return operations_;
  }
  BatchAnswer answer;
  if (absl::Status read = ReadBatchAnswer(&response_, &answer); !read.ok()) {
    tally->CountErrors("malformed_answer", operations_, ledger::ToView(read.message()));
    return operations_;
  }
  return CountBatchAnswer(answer, operations_, tally);
}

uint64_t CountBatchAnswer(const BatchAnswer& answer, size_t expected, Tally* tally) {
  const size_t answered = std::min(expected, answer.outcomes.size());
  for (size_t i = 0; i < answered; ++i) {
    tally->CountOutcome(answer.outcomes[i].result_name, answer.outcomes[i].message);
  }
  if (answered < expected) {
    tally->CountErrors("missing_outcome", expected - answered,
                       StrCat("a batch of ", expected, " had ", answer.outcomes.size(),
                              " outcomes"));
  }
  return expected;
}

std::string ProbeSubmitBatch(v1::Ledger::Stub* stub) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kProbeDeadline);
  v1::SubmitBatchResponse response;
  return NotServedReason("SubmitBatch", stub->SubmitBatch(&context, {}, &response));
}

std::string ProbeSubmitStream(v1::Ledger::Stub* stub) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kProbeDeadline);
  auto stream = stub->SubmitStream(&context);
  stream->WritesDone();
  v1::SubmitBatchResponse ignored;
  while (stream->Read(&ignored)) {
  }
  return NotServedReason("SubmitStream", stream->Finish());
}

}  // namespace noaber::bench
