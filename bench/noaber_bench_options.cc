#include "bench/noaber_bench_options.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <thread>

namespace noaber::bench {

namespace {

constexpr int kExitUsage = 2;
// Pre-signed transfers held in memory at once, over every mode (about 250 bytes each).
constexpr uint64_t kPreSignedTransfersMax = 10'000'000;

uint64_t PreSignedTransfers(const BenchOptions& o) {
  uint64_t total = 0;
  for (const char* mode : {"unary", "batch", "stream"}) {
    if (Runs(o, mode)) total += static_cast<uint64_t>(o.operations);
  }
  if (Runs(o, "rate")) total += static_cast<uint64_t>(o.rate) * o.rate_seconds;
  return total;
}

void AddWorkloadOptions(CLI::App& app, BenchOptions& o) {
  app.add_option("--accounts", o.accounts, "Residents to open before timing")
      ->check(CLI::Range(2, 1'000'000));
  app.add_option("--operations", o.operations,
                 "Transfers per throughput mode (unary, batch, stream), pre-signed")
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--seed", o.seed, "Seed of the random payers and payees");
  app.add_option("--threads", o.threads, "Threads to sign and for the ceiling (0: all cores)")
      ->check(CLI::Range(0, 1024));
  app.add_option("--ceiling-seconds", o.ceiling_seconds,
                 "How long to measure signature verification")
      ->check(CLI::Range(0.1, 60.0));
}

void AddModeOptions(CLI::App& app, BenchOptions& o) {
  app.add_option("--mode", o.mode, "unary, rate, batch, stream or all")
      ->check(CLI::IsMember({"unary", "rate", "batch", "stream", "all"}));
  app.add_option("--in-flight", o.in_flight, "unary: Submit calls in flight")
      ->check(CLI::Range(1, 200));
  app.add_option("--rate", o.rate, "rate: offered Submit calls per second")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--rate-seconds", o.rate_seconds, "rate: how long to offer them")
      ->check(CLI::Range(1, 3600));
  app.add_option("--batch-size", o.batch_size, "batch, stream: operations per request")
      ->check(CLI::Range(1, kBatchOperationsMax));
  app.add_option("--batches-in-flight", o.batches_in_flight,
                 "batch: calls in flight; stream: batches sent and not yet answered")
      ->check(CLI::Range(1, 64));
}

void AddNodeOptions(CLI::App& app, BenchOptions& o) {
  app.add_option("--node-binary", o.node_binary, "The noaber-node to start");
  app.add_option("--data-dir", o.data_dir,
                 "The node's data folder (new or empty); with --replicas 3 or 5 the members' "
                 "folders n1..nN go inside it");
  app.add_option("--replicas", o.replicas,
                 "1: one node; 3 or 5: a cluster replicating on Raft over loopback, the load "
                 "sent to its leader")
      ->check(CLI::IsMember({1, 3, 5}));
  app.add_flag("--keep", o.keep, "Keep the data folder afterwards");
  app.add_flag("!--no-compact", o.compact,
               "Do not flush and compact the stopped node's folder to measure it again");
  app.add_option("--queue-operations-max", o.queue_operations_max,
                 "The node's queue_operations_max")
      ->check(CLI::Range(1, 1'000'000));
  app.add_flag("--json", o.json, "Print one JSON object instead of lines for people");
}

}  // namespace

bool Runs(const BenchOptions& options, const std::string& mode) {
  return options.mode == "all" || options.mode == mode;
}

std::optional<BenchOptions> ParseBenchOptions(int argc, char** argv, int* exit_code) {
  BenchOptions options;
  options.node_binary = NOABER_NODE_BINARY;
  CLI::App app{
      "noaber-bench: drives a real noaber-node through gRPC with pre-signed transfers and "
      "reports throughput, latency, disk and memory against this machine's signature-"
      "verification ceiling"};
  app.option_defaults()->always_capture_default();  // --help shows each default
  AddWorkloadOptions(app, options);
  AddModeOptions(app, options);
  AddNodeOptions(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    *exit_code = code == 0 ? 0 : kExitUsage;
    return std::nullopt;
  }
  if (PreSignedTransfers(options) > kPreSignedTransfersMax) {
    std::fprintf(stderr,
                 "noaber-bench: the modes would need %llu pre-signed transfers; at most %llu\n",
                 static_cast<unsigned long long>(PreSignedTransfers(options)),
                 static_cast<unsigned long long>(kPreSignedTransfersMax));
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  if (options.threads == 0) {
    options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  return options;
}

}  // namespace noaber::bench
