// noaber-bench: the node under load. Founds a community in a fresh data folder with
// `noaber-node init`, runs `noaber-node run` on a loopback port with a config sized for load
// (a large write queue and request size), and stops it with SIGTERM. It reads the node's peak
// memory from /proc while it runs and the data folder's size once it stopped.
// Owns the node process and the folders; not thread-safe.
#ifndef NOABER_BENCH_NOABER_BENCH_NODE_H_
#define NOABER_BENCH_NOABER_BENCH_NODE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bench/noaber_bench_options.h"
#include "noaber/ledger/types.h"
#include "tests/harness.h"

namespace noaber::bench {

// What the node's /proc/PID/status says about its memory, in bytes; 0 when unreadable.
struct NodeMemory {
  uint64_t peak_rss_bytes = 0;  // VmHWM
  uint64_t rss_bytes = 0;       // VmRSS
};

// The data folder's files by kind, in bytes (logical file sizes).
struct FolderSize {
  uint64_t total_bytes = 0;
  uint64_t sst_bytes = 0;    // RocksDB tables (*.sst)
  uint64_t wal_bytes = 0;    // RocksDB write-ahead log (*.log)
  uint64_t other_bytes = 0;  // manifest, info logs (LOG*), options, node.key
};

class BenchNode {
 public:
  // Inits the store with `admin` as the one administrator and starts the node. Errors name
  // the step and hold what the node wrote to stderr.
  static absl::StatusOr<std::unique_ptr<BenchNode>> Start(const BenchOptions& options,
                                                          const ledger::PublicKey& admin);
  ~BenchNode();  // kills a node still running; removes the folders unless kept
  BenchNode(const BenchNode&) = delete;
  BenchNode& operator=(const BenchNode&) = delete;

  const std::string& address() const { return process_->address(); }
  const std::string& data_dir() const { return data_dir_; }
  NodeMemory Memory() const;
  // CPU time (user + system) the node has used so far, in seconds; 0 when unreadable.
  double CpuSeconds() const;
  // SIGTERM and wait. Returns the exit code (0: stopped cleanly), -1 if it had to be killed.
  int Stop();
  std::string StderrText() const { return process_->StderrText(); }
  FolderSize DataFolderSize() const;

 private:
  BenchNode(std::string work_dir, std::string data_dir, bool remove_data)
      : work_dir_(std::move(work_dir)), data_dir_(std::move(data_dir)), remove_data_(remove_data) {}
  absl::Status Init(const std::string& binary, const ledger::PublicKey& admin) const;
  absl::StatusOr<std::string> WriteConfig(const BenchOptions& options) const;

  std::string work_dir_;  // a temporary folder for the config (and the data, unless given)
  std::string data_dir_;
  bool remove_data_;
  std::unique_ptr<testing::NodeProcess> process_;
};

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_NODE_H_
