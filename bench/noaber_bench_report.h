// noaber-bench: the figures of one run, and how they are printed: one line per figure for
// people, or one JSON object (--json). Plain values.
#ifndef NOABER_BENCH_NOABER_BENCH_REPORT_H_
#define NOABER_BENCH_NOABER_BENCH_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/noaber_bench_ceiling.h"
#include "bench/noaber_bench_modes.h"
#include "bench/noaber_bench_node.h"

namespace noaber::bench {

struct MachineInfo {
  std::string date;          // UTC, "2025-01-31T12:00:00Z"
  std::string cpu_model;     // from /proc/cpuinfo
  unsigned cores = 0;        // hardware threads
  std::string load_average;  // /proc/loadavg's 1, 5 and 15 minute figures, before the run
};

// Date, CPU model and cores of this machine.
MachineInfo DescribeMachine();

// One cluster member's figures (--replicas 3 or 5).
struct MemberReport {
  uint64_t id = 0;
  bool leader = false;  // the load went to it
  NodeMemory memory;    // read just before the members were stopped
  int exit_code = 0;    // from BenchNode::Stop
};

// What a run on a cluster adds to the figures; empty for a single node.
struct ClusterReport {
  std::vector<MemberReport> members;  // in node id order
  std::vector<double> cpu_seconds;    // per mode, as BenchReport::modes: summed over all members
  Leadership at_start;                // just before the first mode
  Leadership at_end;                  // just after the last mode
  std::string leadership_error;       // non-empty when a Cluster status could not be had
};

// True when the cluster had the same leader in the same term before and after the modes:
// otherwise an election happened under load and the figures are void.
bool LeadershipHeld(const ClusterReport& cluster);

struct BenchReport {
  MachineInfo machine;
  int replicas = 1;  // 1: a single node; else `cluster` holds the members' figures
  int accounts = 0;
  int operations_per_mode = 0;
  int in_flight = 0;  // unary mode's setting
  std::string node_address;
  std::string data_dir;  // set when kept
  Ceiling ceiling;
  std::vector<ModeResult> modes;
  NodeMemory node_memory;            // read just before the node (the leader) was stopped
  FolderSize folder;                 // after the node stopped
  FolderSize compacted;              // then flushed and fully compacted (CompactStoppedStore)
  std::string compact_error;         // non-empty when compacting failed: `compacted` is unknown
  uint64_t transfers_journaled = 0;  // accepted transfers, over every mode
  uint64_t journal_entries = 0;      // genesis, openings and transfers
  int node_exit_code = 0;            // the node's (the leader's)
  ClusterReport cluster;
};

// True when every node exited 0 (the single node, or every member).
bool AllStoppedCleanly(const BenchReport& report);

// Bytes per journaled transfer of `folder`; 0 when nothing was journaled.
double BytesPerTransfer(const BenchReport& report, const FolderSize& folder);

// Lines for people on stdout.
void PrintForPeople(const BenchReport& report);
// One JSON object on stdout.
void PrintJson(const BenchReport& report);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_REPORT_H_
