// The node's write path. Submit handlers verify an operation on their own gRPC thread (the
// signature checks run in parallel), then hand it to one sequencer thread through a bounded
// queue. The sequencer takes up to kOperationsPerBatchMax waiting operations, applies them
// with Ledger::ApplyBatch() in one synced write (group commit), and only then tells each
// caller its outcome: nothing is acknowledged before it is durable. It also applies an empty
// batch at least every tick so pending transfers past their timeout expire.
//
// Owns the sequencer thread; the Ledger (and its Store) must outlive it. Thread-safe.
#ifndef NOABER_NODE_WRITE_PIPELINE_H_
#define NOABER_NODE_WRITE_PIPELINE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "noaber/ledger/ledger.h"
#include "node/verify_pool.h"

namespace noaber::node {

// Milliseconds since the Unix epoch, from the system clock.
int64_t SystemNowMs();

// A cluster member's side of the write path (cluster_member.h): in a cluster the sequencer
// proposes each batch to the Raft log instead of applying it, and every member applies the
// committed batches (calling WritePipeline::Committed). Thread-safe.
class Replicator {
 public:
  virtual ~Replicator() = default;
  // nullopt while this member leads; otherwise the leader's gRPC address ("" while none is
  // known).
  virtual std::optional<std::string> NotLeader() const = 0;
  // The sentence for a write refused because this member does not lead.
  virtual std::string NotLeaderMessage() const = 0;
  // Proposes one batch at `timestamp_ms`; `done` (on another thread) gets one outcome per
  // operation once the batch is committed and applied here, or the error (not the leader
  // any more, stopping, a failed member).
  using Done = std::function<void(absl::StatusOr<std::vector<ledger::Outcome>>)>;
  virtual void Propose(int64_t timestamp_ms, std::vector<std::string> signed_operations,
                       Done done) = 0;
  // Whether a pending transfer is due at `now_ms`: then the leader proposes an empty batch
  // so it expires.
  virtual bool ExpiriesDue(int64_t now_ms) const = 0;
};

struct WritePipelineOptions {
  // Operations verified and waiting; a Submit beyond it is answered kBusy at once.
  size_t queue_operations_max = 10'000;
  // The sequencer applies a batch at least this often, so due expiries are written.
  int64_t tick_interval_ms = 1000;
  // The node's clock; tests pass their own.
  std::function<int64_t()> clock_ms = &SystemNowMs;
  // Called on the sequencer thread after each commit that grew the journal, before any of
  // the batch's callers is answered, with the new Merkle tree size and root: the node signs
  // its checkpoint there, so every receipt finds one covering its entry. An error stops the
  // pipeline as a storage error does.
  std::function<absl::Status(uint64_t tree_size, const ledger::Hash& root)> after_commit;
  // Set on a cluster member: batches go to the Raft log (the pipeline then never calls the
  // ledger itself; `after_commit` is the cluster's business).
  Replicator* replicator = nullptr;
};

// Proposals a cluster leader's sequencer keeps in flight at once.
inline constexpr size_t kProposalsInFlightMax = 4;

// Operations one SubmitBatch/SubmitStream request may carry.
inline constexpr size_t kBatchOperationsMax = 1000;

class WritePipeline {
 public:
  // Called once with the operation's outcome, on the sequencer thread (or on the caller's
  // thread when the pipeline stops with the operation still queued).
  using Completion = std::function<void(const ledger::Outcome&)>;
  // Called once with one outcome per operation of a group, in order.
  using GroupCompletion = std::function<void(std::vector<ledger::Outcome>)>;

  WritePipeline(ledger::Ledger* ledger, WritePipelineOptions options);
  ~WritePipeline();  // Stop()
  WritePipeline(const WritePipeline&) = delete;
  WritePipeline& operator=(const WritePipeline&) = delete;

  // Starts the sequencer thread. Operations enqueued before wait until then.
  void Start();
  // Stops taking writes (later submits: kUnavailable), lets the sequencer commit what is
  // queued, joins it, waits for a cluster leader's proposals in flight to be answered (the
  // Replicator must still run) and ends every watch. Idempotent.
  void Stop();

  // Verifies `signed_bytes` on this thread, queues it and waits for its outcome: accepted or
  // already applied (with its journal index) once durable, or the rejection. kBusy when the
  // queue is full; kUnavailable after a storage error or once stopping.
  ledger::Outcome Submit(std::string_view signed_bytes);

  // Queues a verified operation; `done` is called once it is committed or rejected. Returns
  // kAccepted if queued, else kBusy or kUnavailable (and `done` is not called).
  ledger::Rejection Enqueue(ledger::VerifiedOperation operation, Completion done);

  // A batch: verifies `signed_operations` (1..kBatchOperationsMax) on `pool`, queues the ones
  // that verify as one group (applied in order, in one commit or consecutive ones), and calls
  // `done` with one outcome per operation, in order, once they are durable (rejections by
  // verification included). Returns kAccepted when `done` will be called; kBusy when the
  // group does not fit in the queue, kUnavailable after a storage error or once stopping
  // (then nothing is applied and `done` is not called).
  // `before_enqueue`, when given, runs after the signatures are checked and before the group
  // is queued: a stream waits there for the batch before it, so that it may check two batches'
  // signatures at once and still queue them in order.
  ledger::Rejection SubmitGroup(VerifyPool* pool, std::span<const std::string> signed_operations,
                                GroupCompletion done,
                                const std::function<void()>& before_enqueue = nullptr);

  // The head of what is durably committed.
  ledger::JournalHead committed_head() const;
  // A cluster member applied a batch (or restored a snapshot) up to `head`: wakes the
  // watchers. The single-node sequencer calls it after each commit.
  void Committed(const ledger::JournalHead& head);
  // Waits until the committed head index exceeds `index`, the watches end, or `timeout`
  // passes. Returns the committed head index.
  uint64_t WaitForCommitAfter(uint64_t index, std::chrono::milliseconds timeout) const;
  // Ends every watch: WaitForCommitAfter returns at once from now on. Called at shutdown
  // before the server waits for its calls to finish.
  void EndWatches();
  bool watches_ended() const;
  // OK, or the storage error after which the pipeline stopped taking writes.
  absl::Status failure() const;

 private:
  // Operations applied in order; `done` gets their outcomes.
  struct Item {
    std::vector<ledger::VerifiedOperation> operations;
    GroupCompletion done;
  };

  // Queues `item` unless the queue is full or the pipeline stopped.
  ledger::Rejection EnqueueItem(Item item);

  void Run();
  // Applies `items` (possibly none: an expiry tick) and completes their callers.
  void Apply(std::vector<Item> items);
  // A cluster leader: proposes `items` as one batch; their callers are completed when it
  // is applied. Waits while kProposalsInFlightMax proposals are in flight.
  void Propose(std::vector<Item> items);
  // Completes `items` with `outcomes` (one per operation, in order).
  static void Complete(std::vector<Item>& items, std::vector<ledger::Outcome> outcomes);
  // Records a storage error and fails everything queued.
  void Fail(const absl::Status& status, std::vector<Item> items);
  ledger::Outcome UnavailableLocked() const;

  ledger::Ledger* const ledger_;
  const ledger::CommunityId community_id_;
  const WritePipelineOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable queue_ready_;
  mutable std::condition_variable committed_;
  std::deque<Item> queue_;
  size_t queued_operations_ = 0;
  bool stopping_ = false;
  bool watches_ended_ = false;
  absl::Status failure_;
  ledger::JournalHead committed_head_;
  size_t proposals_in_flight_ = 0;
  std::condition_variable proposal_done_;
  std::thread sequencer_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_WRITE_PIPELINE_H_
