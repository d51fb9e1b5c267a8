// The node's impact figures (ledger/impact/), kept up to date by a follower thread that reads
// each journal entry after the write pipeline has committed it: the write path never waits
// for them. The figures are saved now and then to a file in the data folder together with
// the journal position they include (and that entry's hash), so a restart loads them and
// continues from the next entry instead of reading the whole journal again. A file that
// does not match the journal (another community, a restored older journal, damage) is set
// aside and the figures are recomputed in the background.
//
// Owns its thread; the Store, the genesis and the WritePipeline must outlive it. Thread-safe.
#ifndef NOABER_NODE_IMPACT_FOLLOWER_H_
#define NOABER_NODE_IMPACT_FOLLOWER_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "ledger/impact/aggregator.h"
#include "ledger/impact/report.h"
#include "noaber/ledger/store.h"
#include "node/write_pipeline.h"

namespace noaber::node {

// Journal entries applied under one hold of the lock, so a report never waits long.
inline constexpr uint64_t kImpactEntriesPerStep = 1000;
// How often the figures are saved while entries keep coming.
inline constexpr std::chrono::seconds kImpactSaveInterval{5};
// How long a report waits for the figures to include everything committed when it asked.
inline constexpr std::chrono::milliseconds kImpactReportWait{3000};

// The file in the data folder that holds the saved figures.
std::string ImpactStatePath(const std::string& data_dir);

class ImpactFollower {
 public:
  ImpactFollower(const ledger::Store* store, const ledger::Genesis& genesis,
                 const ledger::CommunityId& community_id, const WritePipeline* pipeline,
                 std::string state_path);
  ~ImpactFollower();  // Stop()
  ImpactFollower(const ImpactFollower&) = delete;
  ImpactFollower& operator=(const ImpactFollower&) = delete;

  // Loads the saved figures (or starts from the genesis) and starts the thread. Returns at
  // once; catching up happens on the thread.
  void Start();
  // Stops the thread and saves the figures. Idempotent.
  void Stop();

  // The report of `options` over figures that include every entry committed when it was
  // called. Unavailable when they have not caught up within `wait` (a node catching up with
  // a long journal); DataLoss after the follower met an entry it could not read;
  // InvalidArgument for a bad range (see BuildReport).
  absl::StatusOr<impact::ImpactReport> Report(const impact::ReportOptions& options,
                                              std::chrono::milliseconds wait = kImpactReportWait);

  // The journal entry the figures include, for tests.
  uint64_t applied_index() const;

 private:
  void Load();
  void Run();
  absl::Status Save();

  const ledger::Store* const store_;
  const ledger::Genesis genesis_;
  const ledger::CommunityId community_id_;
  const WritePipeline* const pipeline_;
  const std::string state_path_;

  mutable std::mutex mutex_;
  std::condition_variable advanced_;
  impact::ImpactAggregator aggregator_;
  absl::Status failure_;
  bool stopping_ = false;
  bool started_ = false;
  std::thread thread_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_IMPACT_FOLLOWER_H_
