#include "bench/noaber_bench_stream.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/noaber_bench_calls.h"
#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

// What the writer and the reader share. Guarded by `mutex`.
struct Window {
  std::mutex mutex;
  std::condition_variable changed;
  size_t unanswered = 0;
  bool reader_done = false;
  std::vector<Clock::time_point> sent_at;  // per batch (its tag)
  std::vector<size_t> sizes;               // operations per batch
};

// Reads answers until the stream ends; counts them into `tally`.
void ReadAnswers(AnswerStream* stream, Window* window, Tally* tally, ProgressBar* bar) {
  grpc::ByteBuffer bytes;
  BatchAnswer answer;
  while (stream->Read(&bytes)) {
    const Clock::time_point now = Clock::now();
    const absl::Status read = ReadBatchAnswer(&bytes, &answer);
    size_t expected = 0;
    {
      std::lock_guard<std::mutex> lock(window->mutex);
      if (read.ok() && answer.tag < window->sent_at.size()) {
        tally->AddLatency(window->sent_at[answer.tag], now);
        expected = window->sizes[answer.tag];
      }
      --window->unanswered;
    }
    window->changed.notify_all();
    if (!read.ok()) {
      // Which batch it answers is unknown: its operations stay unanswered, counted at the end.
      tally->CountErrors("malformed_answer", 0, ledger::ToView(read.message()));
      continue;
    }
    bar->Advance(CountBatchAnswer(answer, expected, tally));
  }
  std::lock_guard<std::mutex> lock(window->mutex);
  window->reader_done = true;
  window->changed.notify_all();
}

// Writes every batch, waiting for room in the window; stops early if the reader ended.
void WriteBatches(AnswerStream* stream, std::span<const std::string> operations,
                  size_t batch_size, size_t window_max, Window* window) {
  for (size_t tag = 0; tag * batch_size < operations.size(); ++tag) {
    const size_t first = tag * batch_size;
    const v1::SubmitBatchRequest request = BatchRequest(
        operations.subspan(first, std::min(batch_size, operations.size() - first)), tag);
    {
      std::unique_lock<std::mutex> lock(window->mutex);
      window->changed.wait(lock,
                           [&] { return window->reader_done || window->unanswered < window_max; });
      if (window->reader_done) return;
      window->sent_at[tag] = Clock::now();
      ++window->unanswered;
    }
    if (!stream->Write(request)) return;
  }
}

}  // namespace

Tally RunStream(NodeClient* client, std::span<const std::string> signed_operations,
                size_t batch_size, size_t window_max, ProgressBar* bar) {
  Tally tally;
  Window window;
  const size_t batches = (signed_operations.size() + batch_size - 1) / batch_size;
  window.sent_at.resize(batches);
  for (size_t b = 0; b < batches; ++b) {
    window.sizes.push_back(std::min(batch_size, signed_operations.size() - b * batch_size));
  }
  grpc::ClientContext context;
  const Clock::time_point began = Clock::now();
  std::unique_ptr<AnswerStream> stream = OpenAnswerStream(client, &context);
  std::thread reader([&] { ReadAnswers(stream.get(), &window, &tally, bar); });
  WriteBatches(stream.get(), signed_operations, batch_size, window_max, &window);
  stream->WritesDone();
  reader.join();
  const grpc::Status status = stream->Finish();
  tally.seconds = std::chrono::duration<double>(Clock::now() - began).count();
  if (tally.answered < signed_operations.size()) {
    tally.CountErrors(status.ok() ? "unanswered" : StatusCodeName(status.error_code()),
                      signed_operations.size() - tally.answered, status.error_message());
  }
  return tally;
}

}  // namespace noaber::bench
