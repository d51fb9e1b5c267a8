#include "node/batch_submit.h"

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "noaber/ledger/strings.h"
#include "node/log_service.h"
#include "node/status_mapping.h"

namespace noaber::node {
namespace {

using ledger::Outcome;
using ledger::StrCat;

absl::Status CheckBatch(const v1::SubmitBatchRequest& request) {
  const int count = request.signed_operations_size();
  if (count == 0 || static_cast<size_t>(count) > kBatchOperationsMax) {
    return absl::InvalidArgumentError(
        StrCat("a batch holds 1 to ", kBatchOperationsMax, " signed operations, not ", count));
  }
  return absl::OkStatus();
}

// The response for `outcomes`, with a receipt for each accepted operation.
absl::Status FillResponse(const BatchSubmitter& submitter, const std::vector<Outcome>& outcomes,
                          uint64_t tag, v1::SubmitBatchResponse* response) {
  response->set_tag(tag);
  response->mutable_outcomes()->Reserve(static_cast<int>(outcomes.size()));
  ReceiptMaker receipts(*submitter.store, *submitter.log);
  for (const Outcome& outcome : outcomes) {
    v1::OperationOutcome* out = response->add_outcomes();
    out->set_result_code(static_cast<uint32_t>(outcome.code));
    out->set_result_name(ledger::ResultCodeName(outcome.code));
    out->set_message(outcome.message);
    if (!outcome.accepted()) continue;
    out->set_index(outcome.index);
    out->set_timestamp_ms(outcome.timestamp_ms);
    if (absl::Status s = receipts.MakeInto(outcome, out->mutable_receipt()); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::string> Operations(const v1::SubmitBatchRequest& request) {
  return std::vector<std::string>(request.signed_operations().begin(),
                                  request.signed_operations().end());
}

// One batch of a stream waiting for its outcomes, answered in the order read.
struct PendingBatch {
  uint64_t tag = 0;
  bool done = false;
  std::vector<Outcome> outcomes;
};

// The answers of one stream, written in order by one writer thread.
class StreamAnswers {
 public:
  // A new batch; waits while kStreamBatchesInFlightMax are unanswered.
  std::shared_ptr<PendingBatch> Add(uint64_t tag) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return failed_ || batches_.size() < kStreamBatchesInFlightMax; });
    auto batch = std::make_shared<PendingBatch>();
    batch->tag = tag;
    batches_.push_back(batch);
    return batch;
  }
  void Complete(const std::shared_ptr<PendingBatch>& batch, std::vector<Outcome> outcomes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch->outcomes = std::move(outcomes);
      batch->done = true;
    }
    changed_.notify_all();
  }
  void Finish() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_ = true;
    }
    changed_.notify_all();
  }
  bool failed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_;
  }
  // Writes answers in order until Finish() and everything is written, or a write fails.
  absl::Status WriteAll(
      const BatchSubmitter& submitter,
      grpc::ServerReaderWriter<v1::SubmitBatchResponse, v1::SubmitBatchRequest>* stream) {
    while (true) {
      std::shared_ptr<PendingBatch> next;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] {
          return (!batches_.empty() && batches_.front()->done) || (finished_ && batches_.empty());
        });
        if (batches_.empty()) return absl::OkStatus();
        next = batches_.front();
      }
      v1::SubmitBatchResponse response;
      absl::Status filled = FillResponse(submitter, next->outcomes, next->tag, &response);
      const bool written = filled.ok() && stream->Write(response);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        batches_.pop_front();
        if (!written) failed_ = true;
      }
      changed_.notify_all();
      if (!filled.ok()) return filled;
      if (!written) return absl::CancelledError("the client has gone");
    }
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::shared_ptr<PendingBatch>> batches_;
  bool finished_ = false;
  bool failed_ = false;
};

// One request of a stream, read in order: its place among the answers, and its number.
struct StreamRequest {
  v1::SubmitBatchRequest request;
  std::shared_ptr<PendingBatch> batch;
  uint64_t number = 0;
  // The caller's rate limit, charged as the request was read (so in the order sent).
  ledger::Rejection admitted;
};

// A stream's requests, read and checked on their own thread and taken in order by the
// threads that submit them (kStreamSubmitters): one checks batch k + 1's signatures while
// another's batch k is being checked or waits for its turn, and parsing overlaps both. One
// submitting thread alone left the cores idle at the end of every batch (its last chunk of
// signatures on one core): 1.84 cores busy, now as a batch call's 1.9. A request that fails
// CheckBatch ends the reading; the ones before it are submitted and answered first.
class StreamRequests {
 public:
  // Reads until the client half-closes, a request is malformed, or `answers` failed. Each
  // request gets its place among `answers` as it is read, so they are answered in order.
  void ReadAll(grpc::ServerReaderWriter<v1::SubmitBatchResponse, v1::SubmitBatchRequest>* stream,
               const BatchSubmitter& submitter, const grpc::ServerContext& context,
               StreamAnswers* answers) {
    for (uint64_t number = 0;; ++number) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return requests_.size() < kStreamReadAheadMax; });
      }
      StreamRequest next;
      next.number = number;
      if (answers->failed() || !stream->Read(&next.request)) break;
      if (absl::Status checked = CheckBatch(next.request); !checked.ok()) {
        std::lock_guard<std::mutex> lock(mutex_);
        error_ = checked;
        break;
      }
      next.admitted = AdmitCall(submitter.limiter, context, next.request.signed_operations());
      next.batch = answers->Add(next.request.tag());
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(std::move(next));
      changed_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
    changed_.notify_all();
  }

  // The next request read; false once the reading ended and all were taken.
  bool Next(StreamRequest* request) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return ended_ || !requests_.empty(); });
    if (requests_.empty()) return false;
    *request = std::move(requests_.front());
    requests_.pop_front();
    changed_.notify_all();
    return true;
  }

  // Waits until every request numbered below `number` is queued (or refused).
  void AwaitTurn(uint64_t number) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return next_turn_ == number; });
  }
  // Request `number` is queued (or refused): the next one may go.
  void PassTurn(uint64_t number) {
    std::lock_guard<std::mutex> lock(mutex_);
    next_turn_ = number + 1;
    changed_.notify_all();
  }

  // Why the reading ended early: OK, or the malformed request's InvalidArgument.
  absl::Status error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return error_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<StreamRequest> requests_;
  uint64_t next_turn_ = 0;
  absl::Status error_;
  bool ended_ = false;
};

// Submits one request of a stream, queueing it in its turn; its answer (a refusal of the
// whole batch, busy or unavailable, as that outcome for every operation) goes to its place.
void SubmitFromStream(const BatchSubmitter& submitter, StreamRequest& next,
                      StreamRequests* requests,
                      const std::shared_ptr<StreamAnswers>& answers) {
  const std::vector<std::string> operations = Operations(next.request);
  std::shared_ptr<PendingBatch> batch = next.batch;
  ledger::Rejection queued = next.admitted;
  // Nobody will read the answer of a client that has gone: apply nothing more for it.
  if (queued.ok() && answers->failed()) {
    queued = ledger::Reject(ledger::ResultCode::kUnavailable, "the client has gone");
  }
  bool turn_taken = false;
  if (queued.ok()) {
    queued = submitter.pipeline->SubmitGroup(
        submitter.verify_pool, operations,
        [answers, batch](std::vector<Outcome> outcomes) {
          answers->Complete(batch, std::move(outcomes));
        },
        [&] {
          requests->AwaitTurn(next.number);
          turn_taken = true;
        });
  }
  if (!turn_taken) requests->AwaitTurn(next.number);
  requests->PassTurn(next.number);
  if (!queued.ok()) {
    answers->Complete(
        batch, std::vector<Outcome>(operations.size(), Outcome{queued.code, queued.message, 0, 0}));
  }
}

}  // namespace

grpc::Status SubmitBatchCall(const BatchSubmitter& submitter, grpc::ServerContext* context,
                             const v1::SubmitBatchRequest& request,
                             v1::SubmitBatchResponse* response) {
  if (absl::Status s = CheckBatch(request); !s.ok()) return ToGrpcStatus(s);
  ledger::Rejection admitted = AdmitCall(submitter.limiter, *context, request.signed_operations());
  if (!admitted.ok()) return RejectionStatus(admitted.code, admitted.message, context);
  // Shared: set_value may still be running on the sequencer when get() returns.
  auto promise = std::make_shared<std::promise<std::vector<Outcome>>>();
  std::future<std::vector<Outcome>> outcomes = promise->get_future();
  const std::vector<std::string> operations = Operations(request);
  ledger::Rejection queued = submitter.pipeline->SubmitGroup(
      submitter.verify_pool, operations,
      [promise](std::vector<Outcome> applied) { promise->set_value(std::move(applied)); });
  if (!queued.ok()) return RejectionStatus(queued.code, queued.message, context);
  return ToGrpcStatus(FillResponse(submitter, outcomes.get(), request.tag(), response));
}

grpc::Status SubmitStreamCall(
    const BatchSubmitter& submitter, grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::SubmitBatchResponse, v1::SubmitBatchRequest>* stream) {
  // Shared with the completions, which may run after the call ends if the client has gone.
  auto answers = std::make_shared<StreamAnswers>();
  absl::Status written;
  std::thread writer([&] {
    written = answers->WriteAll(submitter, stream);
    // An answer that could not be built or sent ends the call: the reader must not wait for
    // a client that waits for that answer.
    if (!written.ok()) context->TryCancel();
  });
  StreamRequests requests;
  std::thread reader([&] { requests.ReadAll(stream, submitter, *context, answers.get()); });
  auto submit = [&] {
    StreamRequest next;
    while (requests.Next(&next)) SubmitFromStream(submitter, next, &requests, answers);
  };
  std::vector<std::thread> submitters;
  for (size_t i = 1; i < kStreamSubmitters; ++i) submitters.emplace_back(submit);
  submit();
  for (std::thread& t : submitters) t.join();
  reader.join();
  // Every batch read is answered (or the client has gone) before the call ends.
  answers->Finish();
  writer.join();
  if (absl::Status read = requests.error(); !read.ok()) return ToGrpcStatus(read);
  return ToGrpcStatus(written);
}

}  // namespace noaber::node
