#include "node/write_pipeline.h"

#include <algorithm>
#include <cstdio>
#include <future>

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::Outcome;
using ledger::Rejection;
using ledger::ResultCode;
using ledger::StrCat;

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

WritePipeline::WritePipeline(ledger::Ledger* ledger, WritePipelineOptions options)
    : ledger_(ledger),
      community_id_(ledger->community_id()),
      options_(std::move(options)),
      committed_head_(ledger->head()) {}

WritePipeline::~WritePipeline() { Stop(); }

void WritePipeline::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!sequencer_.joinable() && !stopping_) sequencer_ = std::thread([this] { Run(); });
}

void WritePipeline::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  if (sequencer_.joinable()) sequencer_.join();
  {
    // A cluster leader's proposals in flight: the Raft log answers each (committed, or
    // leadership lost) while the member runs; it stops after the pipeline.
    std::unique_lock<std::mutex> lock(mutex_);
    proposal_done_.wait(lock, [this] { return proposals_in_flight_ == 0; });
  }
  // Never started: nothing will commit what is still queued.
  std::deque<Item> left;
  Outcome unavailable;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    left.swap(queue_);
    queued_operations_ = 0;
    unavailable = UnavailableLocked();
  }
  for (Item& item : left) item.done(std::vector<Outcome>(item.operations.size(), unavailable));
  EndWatches();
}

Outcome WritePipeline::Submit(std::string_view signed_bytes) {
  ledger::VerifiedOperation verified;
  if (Rejection r = ledger::VerifyOperation(community_id_, signed_bytes, &verified); !r.ok()) {
    return Outcome{r.code, std::move(r.message), 0, 0};
  }
  auto promise = std::make_shared<std::promise<Outcome>>();
  std::future<Outcome> outcome = promise->get_future();
  Rejection queued =
      Enqueue(std::move(verified), [promise](const Outcome& o) { promise->set_value(o); });
  if (!queued.ok()) return Outcome{queued.code, std::move(queued.message), 0, 0};
  return outcome.get();
}

Rejection WritePipeline::Enqueue(ledger::VerifiedOperation operation, Completion done) {
  Item item;
  item.operations.push_back(std::move(operation));
  item.done = [done = std::move(done)](std::vector<Outcome> outcomes) { done(outcomes.front()); };
  return EnqueueItem(std::move(item));
}

Rejection WritePipeline::EnqueueItem(Item item) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || !failure_.ok()) {
      Outcome unavailable = UnavailableLocked();
      return ledger::Reject(unavailable.code, std::move(unavailable.message));
    }
    if (options_.replicator != nullptr && options_.replicator->NotLeader().has_value()) {
      return ledger::Reject(ResultCode::kNotLeader, options_.replicator->NotLeaderMessage());
    }
    if (queued_operations_ + item.operations.size() > options_.queue_operations_max) {
      return ledger::Reject(ResultCode::kBusy, StrCat("the node's write queue is full (",
                                                      options_.queue_operations_max,
                                                      " operations waiting); try again shortly"));
    }
    queued_operations_ += item.operations.size();
    queue_.push_back(std::move(item));
  }
  queue_ready_.notify_one();
  return ledger::Ok();
}

Rejection WritePipeline::SubmitGroup(VerifyPool* pool,
                                     std::span<const std::string> signed_operations,
                                     GroupCompletion done,
                                     const std::function<void()>& before_enqueue) {
  std::vector<VerifyResult> verified = pool->VerifyAll(community_id_, signed_operations);
  if (before_enqueue) before_enqueue();
  // Outcomes of the operations that failed verification, in place; the rest come from the
  // sequencer and are merged in order.
  auto outcomes = std::make_shared<std::vector<Outcome>>(verified.size());
  std::vector<size_t> queued_at;
  Item item;
  for (size_t i = 0; i < verified.size(); ++i) {
    if (!verified[i].rejection.ok()) {
      (*outcomes)[i] = Outcome{verified[i].rejection.code, verified[i].rejection.message, 0, 0};
      continue;
    }
    queued_at.push_back(i);
    item.operations.push_back(std::move(verified[i].operation));
  }
  if (item.operations.empty()) {
    done(std::move(*outcomes));
    return ledger::Ok();
  }
  item.done = [outcomes, queued_at = std::move(queued_at),
               done = std::move(done)](std::vector<Outcome> applied) {
    for (size_t j = 0; j < applied.size(); ++j) (*outcomes)[queued_at[j]] = std::move(applied[j]);
    done(std::move(*outcomes));
  };
  return EnqueueItem(std::move(item));
}

void WritePipeline::Run() {
  const auto tick = std::chrono::milliseconds(options_.tick_interval_ms);
  while (true) {
    std::vector<Item> items;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      queue_ready_.wait_for(lock, tick, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;
      // Whole items, up to kOperationsPerBatchMax operations (always at least one item).
      size_t operations = 0;
      while (!queue_.empty() && (items.empty() || operations + queue_.front().operations.size() <=
                                                      ledger::kOperationsPerBatchMax)) {
        operations += queue_.front().operations.size();
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      queued_operations_ -= operations;
    }
    if (options_.replicator == nullptr) {
      // An empty batch still runs: it writes the expiries that have come due.
      Apply(std::move(items));
    } else if (!items.empty() || (!options_.replicator->NotLeader().has_value() &&
                                  options_.replicator->ExpiriesDue(options_.clock_ms()))) {
      Propose(std::move(items));
    }
  }
}

void WritePipeline::Propose(std::vector<Item> items) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    proposal_done_.wait(lock, [this] { return proposals_in_flight_ < kProposalsInFlightMax; });
    ++proposals_in_flight_;
  }
  std::vector<std::string> signed_operations;
  for (Item& item : items) {
    for (ledger::VerifiedOperation& operation : item.operations) {
      signed_operations.push_back(std::move(operation.signed_bytes));
    }
  }
  const size_t count = signed_operations.size();
  auto waiting = std::make_shared<std::vector<Item>>(std::move(items));
  options_.replicator->Propose(
      options_.clock_ms(), std::move(signed_operations),
      [this, waiting, count](absl::StatusOr<std::vector<Outcome>> outcomes) {
        if (outcomes.ok() && outcomes->size() != count) {
          outcomes = absl::InternalError("the cluster answered a batch with the wrong count");
        }
        if (!outcomes.ok()) {
          Outcome failed{ResultCode::kUnavailable,
                         StrCat("the cluster did not confirm the write (",
                                ledger::ToView(outcomes.status().message()),
                                "); it may have been applied: send the same signed bytes "
                                "again to learn its outcome"),
                         0, 0};
          if (options_.replicator->NotLeader().has_value()) {
            failed = Outcome{ResultCode::kNotLeader,
                             StrCat(options_.replicator->NotLeaderMessage(),
                                    " (leadership changed while the write was in flight: it "
                                    "may have been applied; send the same signed bytes there)"),
                             0, 0};
          }
          outcomes = std::vector<Outcome>(count, failed);
        }
        {
          // Stop() waits for this: after it, the pipeline may be gone, so the callers are
          // answered from what this callback holds, not from the pipeline.
          std::lock_guard<std::mutex> lock(mutex_);
          --proposals_in_flight_;
          proposal_done_.notify_all();
        }
        Complete(*waiting, *std::move(outcomes));
      });
}

void WritePipeline::Complete(std::vector<Item>& items, std::vector<Outcome> outcomes) {
  size_t next = 0;
  for (Item& item : items) {
    const size_t count = item.operations.size();
    std::vector<Outcome> mine(std::make_move_iterator(outcomes.begin() + next),
                              std::make_move_iterator(outcomes.begin() + next + count));
    next += count;
    item.done(std::move(mine));
  }
}

void WritePipeline::Apply(std::vector<Item> items) {
  if (!failure().ok()) return Fail(failure(), std::move(items));
  std::vector<ledger::VerifiedOperation> operations;
  size_t count = 0;
  for (const Item& item : items) count += item.operations.size();
  operations.reserve(count);
  for (Item& item : items) {
    for (ledger::VerifiedOperation& operation : item.operations) {
      operations.push_back(std::move(operation));
    }
  }
  absl::StatusOr<std::vector<Outcome>> outcomes =
      ledger_->ApplyBatch(options_.clock_ms(), std::move(operations));
  if (!outcomes.ok()) return Fail(outcomes.status(), std::move(items));
  const ledger::JournalHead head = ledger_->head();
  absl::Status published = absl::OkStatus();
  if (options_.after_commit && head.index != committed_head().index) {
    published = options_.after_commit(head.index + 1, ledger_->merkle_root());
  }
  Committed(head);  // durable either way: watchers and reads may see it
  if (!published.ok()) return Fail(published, std::move(items));
  Complete(items, *std::move(outcomes));
}

void WritePipeline::Committed(const ledger::JournalHead& head) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    committed_head_ = head;
  }
  committed_.notify_all();
}

void WritePipeline::Fail(const absl::Status& status, std::vector<Item> items) {
  Outcome unavailable;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_.ok()) {
      failure_ = status;
      // The operator hears it now, not only at shutdown.
      std::fprintf(stderr, "noaber-node: stopped taking writes after a storage error: %s\n",
                   std::string(ledger::ToView(status.message())).c_str());
    }
    unavailable = UnavailableLocked();
    for (Item& item : queue_) items.push_back(std::move(item));
    queue_.clear();
    queued_operations_ = 0;
  }
  for (Item& item : items) {
    item.done(std::vector<Outcome>(item.operations.size(), unavailable));
  }
}

Outcome WritePipeline::UnavailableLocked() const {
  if (!failure_.ok()) {
    return Outcome{ResultCode::kUnavailable,
                   StrCat("the node stopped taking writes after a storage error (",
                          ledger::ToView(failure_.message()),
                          "); nothing after it was acknowledged; an operator must restart it "
                          "(an operation in flight may have been applied: send the same signed "
                          "bytes again after the restart to learn its outcome)"),
                   0, 0};
  }
  return Outcome{ResultCode::kUnavailable, "the node is shutting down; try again shortly", 0, 0};
}

ledger::JournalHead WritePipeline::committed_head() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return committed_head_;
}

uint64_t WritePipeline::WaitForCommitAfter(uint64_t index,
                                           std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  committed_.wait_for(lock, timeout,
                      [&] { return watches_ended_ || committed_head_.index > index; });
  return committed_head_.index;
}

void WritePipeline::EndWatches() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    watches_ended_ = true;
  }
  committed_.notify_all();
}

bool WritePipeline::watches_ended() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return watches_ended_;
}

absl::Status WritePipeline::failure() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failure_;
}

}  // namespace noaber::node
