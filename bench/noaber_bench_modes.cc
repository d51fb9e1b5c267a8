#include "bench/noaber_bench_modes.h"

#include <algorithm>

#include "bench/noaber_bench_calls.h"
#include "bench/noaber_bench_driver.h"
#include "bench/noaber_bench_progress.h"
#include "bench/noaber_bench_stream.h"
#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

using ledger::StrCat;

size_t BatchCount(size_t operations, size_t batch_size) {
  return (operations + batch_size - 1) / batch_size;
}

// The `index`th batch of `batch_size` from `operations` (the last may be shorter).
std::span<const std::string> BatchAt(std::span<const std::string> operations, size_t batch_size,
                                     size_t index) {
  const size_t first = index * batch_size;
  return operations.subspan(first, std::min(batch_size, operations.size() - first));
}

Tally SubmitInBatches(NodeClient* client, std::span<const std::string> operations,
                      size_t batch_size, int in_flight, ProgressBar* bar) {
  return RunClosedLoop(
      BatchCount(operations.size(), batch_size), in_flight,
      [&](size_t index, Clock::time_point started, grpc::CompletionQueue* queue) {
        return BatchCall::Start(client, BatchAt(operations, batch_size, index), started, queue);
      },
      bar);
}

Tally SubmitEach(NodeClient* client, std::span<const std::string> operations, int in_flight,
                 ProgressBar* bar) {
  return RunClosedLoop(
      operations.size(), in_flight,
      [&](size_t index, Clock::time_point started, grpc::CompletionQueue* queue) {
        return UnaryCall::Start(client->stub.get(), operations[index], started, queue);
      },
      bar);
}

ModeResult NewMode(std::string mode, std::string setting, std::string latency_of) {
  ModeResult result;
  result.mode = std::move(mode);
  result.setting = std::move(setting);
  result.latency_of = std::move(latency_of);
  return result;
}

}  // namespace

ModeResult RunUnaryMode(NodeClient* client, std::span<const std::string> operations,
                        const BenchOptions& options) {
  ModeResult result = NewMode("unary", StrCat(options.in_flight, " in flight"), "operation");
  ProgressBar bar(!options.json && StderrIsTerminal(), "unary", operations.size());
  result.tally = SubmitEach(client, operations, options.in_flight, &bar);
  return result;
}

ModeResult RunRateMode(NodeClient* client, std::span<const std::string> operations,
                       const BenchOptions& options) {
  ModeResult result = NewMode("rate", StrCat(options.rate, "/s offered"), "operation");
  result.offered_per_second = options.rate;
  ProgressBar bar(!options.json && StderrIsTerminal(), "rate", operations.size());
  result.tally = RunOpenLoop(
      operations.size(), options.rate,
      [&](size_t index, Clock::time_point started, grpc::CompletionQueue* queue) {
        return UnaryCall::Start(client->stub.get(), operations[index], started, queue);
      },
      &bar);
  return result;
}

ModeResult RunBatchMode(NodeClient* client, std::span<const std::string> operations,
                        const BenchOptions& options) {
  ModeResult result = NewMode(
      "batch", StrCat(options.batch_size, " per batch, ", options.batches_in_flight, " in flight"),
      "batch");
  result.tally.not_run = ProbeSubmitBatch(client->stub.get());
  if (!result.tally.not_run.empty()) return result;
  ProgressBar bar(!options.json && StderrIsTerminal(), "batch", operations.size());
  result.tally =
      SubmitInBatches(client, operations, options.batch_size, options.batches_in_flight, &bar);
  return result;
}

ModeResult RunStreamMode(NodeClient* client, std::span<const std::string> operations,
                         const BenchOptions& options) {
  ModeResult result = NewMode(
      "stream", StrCat(options.batch_size, " per batch, window ", options.batches_in_flight),
      "batch");
  result.tally.not_run = ProbeSubmitStream(client->stub.get());
  if (!result.tally.not_run.empty()) return result;
  ProgressBar bar(!options.json && StderrIsTerminal(), "stream", operations.size());
  result.tally = RunStream(client, operations, options.batch_size, options.batches_in_flight, &bar);
  return result;
}

absl::Status OpenAccounts(NodeClient* client, std::span<const std::string> openings,
                          const BenchOptions& options) {
  ProgressBar bar(!options.json && StderrIsTerminal(), "opening accounts", openings.size());
  const Tally tally =
      ProbeSubmitBatch(client->stub.get()).empty()
          ? SubmitInBatches(client, openings, options.batch_size, options.batches_in_flight, &bar)
          : SubmitEach(client, openings, options.in_flight, &bar);
  if (tally.accepted == openings.size()) return absl::OkStatus();
  return absl::FailedPreconditionError(StrCat("opening the accounts: ", tally.accepted, " of ",
                                              openings.size(),
                                              " accepted; first failure: ", tally.first_failure));
}

}  // namespace noaber::bench
