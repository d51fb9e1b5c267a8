// noaber-bench: the node under load. Founds a community in a fresh data folder with
// `noaber-node init`, runs `noaber-node run` on a loopback port with a config sized for load
// (a large write queue and request size), and stops it with SIGTERM. It reads the node's peak
// memory from /proc while it runs and the data folder's size once it stopped.
// With --replicas 3 or 5 it founds a cluster on loopback instead (docs/operations.md): member
// 1 is `init` and `cluster init`, members 2..N `cluster join` with empty folders; every member
// runs with the same config, and the load goes to the leader. Then "the node" below is the
// leader, and the Member* calls give every member's figures.
// Owns the node processes and the folders; not thread-safe.
#ifndef NOABER_BENCH_NOABER_BENCH_NODE_H_
#define NOABER_BENCH_NOABER_BENCH_NODE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
  uint64_t other_bytes = 0;  // manifest, info logs (LOG*), options, node.key, cluster.toml
  uint64_t raft_bytes = 0;   // a cluster member's Raft log and snapshots (DATA_DIR/raft)
};

// Who leads the cluster, as a member's Cluster status says.
struct Leadership {
  uint64_t leader_id = 0;  // 0: none known
  uint64_t term = 0;
  std::string leader_address;  // gRPC
};

class BenchNode {
 public:
  // Inits the store with `admin` as the one administrator and starts the node, or with
  // options.replicas > 1 founds the cluster and waits (at most a minute) until every member
  // is a voter and one leads. Errors name the step and hold what the node wrote to stderr.
  static absl::StatusOr<std::unique_ptr<BenchNode>> Start(const BenchOptions& options,
                                                          const ledger::PublicKey& admin);
  ~BenchNode();  // kills nodes still running; removes the folders unless kept
  BenchNode(const BenchNode&) = delete;
  BenchNode& operator=(const BenchNode&) = delete;

  int replicas() const { return static_cast<int>(members_.size()); }
  // The node the load goes to: the single node, or the member that led when the cluster
  // was founded.
  const std::string& address() const { return members_[leader_].address; }
  uint64_t node_id() const { return members_[leader_].id; }
  const std::string& data_dir() const { return members_[leader_].data_dir; }
  // The folder holding the members' folders, or the single node's folder.
  const std::string& root_dir() const { return root_dir_; }
  NodeMemory Memory() const { return MemoryOf(leader_); }
  // CPU time (user + system) the node has used so far, in seconds; 0 when unreadable.
  double CpuSeconds() const { return CpuSecondsOf(leader_); }
  // The same summed over every member (the node alone when there is one).
  double AllCpuSeconds() const;
  // Each member's memory and node id, in node id order.
  std::vector<NodeMemory> MemberMemory() const;
  std::vector<uint64_t> MemberIds() const;
  // Who leads now, asked of the members in turn. FailedPrecondition for a single node;
  // Unavailable when no member answers with a leader.
  absl::StatusOr<Leadership> AskLeadership() const;
  // SIGTERM and wait, every member (followers first). Each member's exit code in node id
  // order (0: stopped cleanly), -1 for one that had to be killed.
  std::vector<int> Stop();
  // What the node wrote to stderr; for a cluster every member's, each under a heading.
  std::string StderrText() const;
  FolderSize DataFolderSize() const;  // the node's (the leader's) folder

 private:
  struct Member {
    uint64_t id = 0;
    std::string data_dir;
    std::string address;  // gRPC, "127.0.0.1:PORT"
    std::string raft_address;
    std::unique_ptr<testing::NodeProcess> process;
  };

  BenchNode(std::string work_dir, std::string root_dir, bool remove_data)
      : work_dir_(std::move(work_dir)), root_dir_(std::move(root_dir)), remove_data_(remove_data) {}
  absl::Status Init(const std::string& binary, const Member& member,
                    const ledger::PublicKey& admin) const;
  absl::StatusOr<std::string> WriteConfig(const BenchOptions& options) const;
  absl::Status StartCluster(const BenchOptions& options, const ledger::PublicKey& admin,
                            const std::string& config);
  absl::StatusOr<std::string> FoundCluster(const std::string& binary, Member& first) const;
  absl::Status JoinCluster(const std::string& binary, const std::string& token,
                           const Member& member) const;
  absl::Status StartMember(const std::string& binary, const std::string& config, Member& member);
  absl::Status WaitForVoters(int voters);
  NodeMemory MemoryOf(size_t member) const;
  double CpuSecondsOf(size_t member) const;

  std::string work_dir_;  // a temporary folder for the config (and the data, unless given)
  std::string root_dir_;  // the single node's data folder, or the one holding n1..nN
  bool remove_data_;
  std::vector<Member> members_;  // in node id order
  size_t leader_ = 0;            // where the load goes
};

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_NODE_H_
