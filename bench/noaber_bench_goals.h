// noaber-bench: issue 6's goals, checked against one run's figures.
//   batch and stream reach 70% of the signature-verification ceiling;
//   unary with 64 calls in flight reaches 8,000 operations/s;
//   at 1,000 Submit calls/s offered, p99 latency stays under 5 ms;
//   the data folder holds at most 400 bytes per transfer.
// (The node's peak memory is stated, without a goal.)
#ifndef NOABER_BENCH_NOABER_BENCH_GOALS_H_
#define NOABER_BENCH_NOABER_BENCH_GOALS_H_

#include <string>
#include <vector>

namespace noaber::bench {

struct BenchReport;

struct GoalCheck {
  std::string goal;      // "batch >= 70% of the ceiling"
  std::string measured;  // "39%"
  bool met = false;
};

// One check per goal the run has figures for (a mode not run has none).
std::vector<GoalCheck> CheckGoals(const BenchReport& report);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_GOALS_H_
