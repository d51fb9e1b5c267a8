// noaber-bench: its command line. Defaults are the figures issue 6 asks about.
#ifndef NOABER_BENCH_NOABER_BENCH_OPTIONS_H_
#define NOABER_BENCH_NOABER_BENCH_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>

namespace noaber::bench {

// The node takes at most this many operations in one SubmitBatchRequest (ledger.proto).
inline constexpr int kBatchOperationsMax = 1000;

struct BenchOptions {
  std::string node_binary;    // the noaber-node to start; default: the one built beside it
  std::string data_dir;       // empty: a temporary folder; with replicas > 1 it holds n1..nN
  int replicas = 1;           // 1: one node; 3 or 5: a Raft cluster on loopback, load to the leader
  bool keep = false;          // keep the data folder afterwards (and print where it is)
  bool compact = true;        // after the node stopped, flush and compact its folder, measure again
  int accounts = 1000;        // residents opened before timing
  int operations = 200'000;   // transfers per throughput mode (unary, batch, stream)
  std::string mode = "all";   // unary, rate, batch, stream or all
  int in_flight = 64;         // unary: Submit calls in flight
  int rate = 1000;            // rate: offered Submit calls per second
  int rate_seconds = 5;       // rate: how long
  // batch, stream: operations per SubmitBatchRequest. The node's maximum, as a bulk client
  // sends them (TigerBeetle's benchmark, too, sends full batches); --batch-size 512 for less.
  int batch_size = kBatchOperationsMax;
  int batches_in_flight = 4;  // batch: calls in flight; stream: batches unanswered
  int threads = 0;            // signing and the ceiling; 0: one per hardware core
  double ceiling_seconds = 2.0;
  int queue_operations_max = 200'000;  // the node's config
  uint64_t seed = 1;                   // payers and payees
  bool json = false;                   // one JSON object on stdout instead of lines
};

// Which modes `options.mode` selects.
bool Runs(const BenchOptions& options, const std::string& mode);

// Parses the command line. On --help or a usage error prints what CLI11 prints and returns
// nullopt with `exit_code` set (0 for --help, 2 for a usage error).
std::optional<BenchOptions> ParseBenchOptions(int argc, char** argv, int* exit_code);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_OPTIONS_H_
