#include "node/impact_follower.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "noaber/ledger/strings.h"
#include "node/files.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

constexpr size_t kHashBytes = 32;

absl::StatusOr<ledger::Hash> EntryHash(const ledger::Store& store, uint64_t index) {
  absl::StatusOr<std::optional<ledger::JournalEntry>> entry = store.GetEntry(index);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value()) return absl::NotFoundError(StrCat("no journal entry ", index));
  return ledger::HashJournalEntry(**entry);
}

}  // namespace

std::string ImpactStatePath(const std::string& data_dir) { return data_dir + "/impact.state"; }

ImpactFollower::ImpactFollower(const ledger::Store* store, const ledger::Genesis& genesis,
                               const ledger::CommunityId& community_id,
                               const WritePipeline* pipeline, std::string state_path)
    : store_(store),
      genesis_(genesis),
      community_id_(community_id),
      pipeline_(pipeline),
      state_path_(std::move(state_path)),
      aggregator_(genesis) {}

ImpactFollower::~ImpactFollower() { Stop(); }

void ImpactFollower::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_) return;
  started_ = true;
  Load();
  thread_ = std::thread([this] { Run(); });
}

void ImpactFollower::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  advanced_.notify_all();
  thread_.join();
  if (absl::Status s = Save(); !s.ok()) {
    std::fprintf(stderr, "noaber-node: could not save the impact figures: %s\n",
                 std::string(ledger::ToView(s.message())).c_str());
  }
}

// The file: the community id, the hash of the last entry the figures include, the figures.
void ImpactFollower::Load() {
  std::ifstream in(state_path_, std::ios::binary);
  if (!in) return;  // none yet: start from the genesis
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  const std::string community(reinterpret_cast<const char*>(community_id_.data()), kHashBytes);
  absl::StatusOr<impact::ImpactAggregator> loaded =
      absl::DataLossError("it belongs to another community or is damaged");
  if (bytes.size() >= 2 * kHashBytes && bytes.compare(0, kHashBytes, community) == 0) {
    loaded = impact::ImpactAggregator::Decode(genesis_, bytes.substr(2 * kHashBytes));
  }
  if (loaded.ok()) {
    absl::StatusOr<ledger::Hash> hash = EntryHash(*store_, loaded->applied_index());
    if (!hash.ok() || bytes.compare(kHashBytes, kHashBytes,
                                    reinterpret_cast<const char*>(hash->data()), kHashBytes) != 0) {
      loaded = absl::DataLossError("it does not match this journal");
    }
  }
  if (!loaded.ok()) {
    std::fprintf(stderr, "noaber-node: not using the impact figures in %s (%s); recomputing them\n",
                 state_path_.c_str(),
                 std::string(ledger::ToView(loaded.status().message())).c_str());
    return;
  }
  aggregator_ = *std::move(loaded);
}

absl::Status ImpactFollower::Save() {
  std::string contents(reinterpret_cast<const char*>(community_id_.data()), kHashBytes);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failure_.ok()) return failure_;
    absl::StatusOr<ledger::Hash> hash = EntryHash(*store_, aggregator_.applied_index());
    if (!hash.ok()) return hash.status();
    contents.append(reinterpret_cast<const char*>(hash->data()), kHashBytes);
    contents += aggregator_.Encode();
  }
  return WriteFileAtomically(state_path_, contents);
}

void ImpactFollower::Run() {
  auto last_save = std::chrono::steady_clock::now();
  bool unsaved = false;
  while (true) {
    const uint64_t head = pipeline_->committed_head().index;
    uint64_t applied = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (stopping_) return;
      if (aggregator_.applied_index() < head) {
        const uint64_t until = std::min(head, aggregator_.applied_index() + kImpactEntriesPerStep);
        failure_ = aggregator_.CatchUp(*store_, until);
        unsaved = true;
        advanced_.notify_all();
        if (!failure_.ok()) {
          std::fprintf(stderr, "noaber-node: the impact figures stopped: %s\n",
                       std::string(ledger::ToView(failure_.message())).c_str());
          return;
        }
      }
      applied = aggregator_.applied_index();
    }
    const auto now = std::chrono::steady_clock::now();
    if (unsaved && now - last_save >= kImpactSaveInterval) {
      if (absl::Status s = Save(); !s.ok()) {
        std::fprintf(stderr, "noaber-node: could not save the impact figures: %s\n",
                     std::string(ledger::ToView(s.message())).c_str());
      }
      last_save = now;
      unsaved = false;
    }
    if (applied < head) continue;
    if (pipeline_->watches_ended()) {
      // Shutting down: the pipeline no longer wakes watchers; wait for Stop().
      std::unique_lock<std::mutex> lock(mutex_);
      advanced_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping_; });
    } else {
      pipeline_->WaitForCommitAfter(applied, std::chrono::milliseconds(200));
    }
  }
}

absl::StatusOr<impact::ImpactReport> ImpactFollower::Report(const impact::ReportOptions& options,
                                                            std::chrono::milliseconds wait) {
  const uint64_t target = pipeline_->committed_head().index;
  std::unique_lock<std::mutex> lock(mutex_);
  advanced_.wait_for(lock, wait, [&] {
    return aggregator_.applied_index() >= target || !failure_.ok() || stopping_;
  });
  if (!failure_.ok()) {
    return absl::DataLossError(
        StrCat("the impact figures stopped: ", ledger::ToView(failure_.message())));
  }
  if (aggregator_.applied_index() < target) {
    return absl::UnavailableError(
        StrCat("the impact figures are still catching up with the journal (at entry ",
               aggregator_.applied_index(), " of ", target, "); try again shortly"));
  }
  return impact::BuildReport(aggregator_, options);
}

uint64_t ImpactFollower::applied_index() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return aggregator_.applied_index();
}

}  // namespace noaber::node
