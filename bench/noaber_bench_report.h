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

struct BenchReport {
  MachineInfo machine;
  int accounts = 0;
  int operations_per_mode = 0;
  int in_flight = 0;  // unary mode's setting
  std::string node_address;
  std::string data_dir;  // set when kept
  Ceiling ceiling;
  std::vector<ModeResult> modes;
  NodeMemory node_memory;            // read just before the node was stopped
  FolderSize folder;                 // after the node stopped
  FolderSize compacted;              // then flushed and fully compacted (CompactStoppedStore)
  std::string compact_error;         // non-empty when compacting failed: `compacted` is unknown
  uint64_t transfers_journaled = 0;  // accepted transfers, over every mode
  uint64_t journal_entries = 0;      // genesis, openings and transfers
  int node_exit_code = 0;
};

// Bytes per journaled transfer of `folder`; 0 when nothing was journaled.
double BytesPerTransfer(const BenchReport& report, const FolderSize& folder);

// Lines for people on stdout.
void PrintForPeople(const BenchReport& report);
// One JSON object on stdout.
void PrintJson(const BenchReport& report);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_REPORT_H_
