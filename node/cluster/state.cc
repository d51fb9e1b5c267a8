#include "node/cluster/state.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "ledger/src/codec.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/strings.h"
#include "node/files.h"
#include "node/node_key.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

// The first bytes of a snapshot, naming its format.
constexpr std::string_view kSnapshotMagic = "noaber-cluster-snapshot-1";

absl::StatusOr<std::optional<std::string>> StoredGenesis(const ledger::RocksDbStore& store) {
  return store.GetGenesis();
}

// Writes the cluster's `log_key` as this member's node key when it has none yet. A key already
// there stays; with `refuse_another`, one that is not `log_key` is refused. The copy loaded to
// compare is wiped.
absl::Status EnsureNodeKey(const std::string& data_dir, const ledger::KeyPair& log_key,
                           bool refuse_another) {
  absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(data_dir);
  if (absl::IsNotFound(key.status())) return WriteNodeKey(data_dir, log_key);
  if (!key.ok()) return key.status();
  const bool another = key->public_key != log_key.public_key;
  sodium_memzero(&*key, sizeof(ledger::KeyPair));
  if (refuse_another && another) {
    return absl::FailedPreconditionError(
        StrCat(NodeKeyPath(data_dir), " is not the cluster's log key: move it away"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ClusterDirectoryPath(const std::string& data_dir) {
  return StrCat(data_dir, "/cluster.members");
}

ClusterState::ClusterState(ledger::RocksDbStore* store, std::string data_dir)
    : store_(store), data_dir_(std::move(data_dir)) {}

ClusterState::~ClusterState() = default;

absl::Status ClusterState::Open() {
  absl::StatusOr<std::optional<std::string>> genesis = StoredGenesis(*store_);
  if (!genesis.ok()) return genesis.status();
  if (genesis->has_value()) {
    absl::StatusOr<std::unique_ptr<ledger::Ledger>> ledger = ledger::Ledger::Open(store_);
    if (!ledger.ok()) return ledger.status();
    std::lock_guard<std::mutex> lock(mutex_);
    ledger_ = *std::move(ledger);
    merkle_root_ = ledger_->merkle_root();
  }
  absl::StatusOr<std::string> bytes = ReadWholeFile(ClusterDirectoryPath(data_dir_));
  if (absl::IsNotFound(bytes.status())) return absl::OkStatus();
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<ClusterDirectory> directory = DecodeDirectory(*bytes);
  if (!directory.ok()) {
    return absl::DataLossError(StrCat(ClusterDirectoryPath(data_dir_), " is damaged"));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  directory_ = *std::move(directory);
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> ClusterState::AppliedIndex() const {
  return store_->GetRaftAppliedIndex();
}

absl::Status ClusterState::SetListener(Listener listener) {
  std::lock_guard<std::mutex> applying(apply_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    listener_ = std::move(listener);
  }
  return Notify(/*restored=*/true);
}

absl::Status ClusterState::Notify(bool restored) {
  Listener listener;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    listener = listener_;
    if (ledger_ != nullptr) merkle_root_ = ledger_->merkle_root();
  }
  if (!listener || ledger_ == nullptr) return absl::OkStatus();
  return listener(*ledger_, restored);
}

absl::StatusOr<std::string> ClusterState::Apply(uint64_t raft_index, std::string_view payload) {
  std::lock_guard<std::mutex> applying(apply_mutex_);
  absl::StatusOr<ClusterEntry> entry = DecodeClusterEntry(payload);
  if (!entry.ok()) {
    return absl::DataLossError(StrCat("Raft entry ", raft_index, ": ",
                                      ledger::ToView(entry.status().message())));
  }
  if (const auto* batch = std::get_if<BatchEntry>(&*entry)) return ApplyBatch(raft_index, *batch);
  absl::Status applied;
  if (const auto* founding = std::get_if<FoundingEntry>(&*entry)) {
    applied = ApplyFounding(*founding);
  } else if (const auto* added = std::get_if<MemberEntry>(&*entry)) {
    ClusterDirectory next = directory();
    std::erase_if(next.members, [&](const MemberAddress& m) { return m.id == added->member.id; });
    next.members.push_back(added->member);
    applied = SaveDirectory(std::move(next));
  } else if (const auto* removed = std::get_if<RemovalEntry>(&*entry)) {
    ClusterDirectory next = directory();
    std::erase_if(next.members, [&](const MemberAddress& m) { return m.id == removed->id; });
    applied = SaveDirectory(std::move(next));
  }
  if (!applied.ok()) return applied;
  return std::string();
}

absl::StatusOr<std::string> ClusterState::ApplyBatch(uint64_t raft_index, const BatchEntry& batch) {
  if (ledger_ == nullptr) {
    return absl::FailedPreconditionError(
        StrCat("Raft entry ", raft_index, " is a batch, but no community arrived before it"));
  }
  // The leader verified every signature before proposing: decode without checking them
  // again. What does not decode is refused here exactly as on every other member.
  std::vector<ledger::Outcome> outcomes(batch.signed_operations.size());
  std::vector<size_t> decoded_at;
  std::vector<ledger::VerifiedOperation> operations;
  for (size_t i = 0; i < batch.signed_operations.size(); ++i) {
    ledger::VerifiedOperation operation;
    ledger::Rejection r = ledger::DecodeReplicatedOperation(
        ledger_->community_id(), batch.signed_operations[i], &operation);
    if (!r.ok()) {
      outcomes[i] = ledger::Outcome{r.code, std::move(r.message), 0, 0};
      continue;
    }
    decoded_at.push_back(i);
    operations.push_back(std::move(operation));
  }
  absl::StatusOr<std::vector<ledger::Outcome>> applied =
      ledger_->ApplyBatch(batch.timestamp_ms, std::move(operations), raft_index);
  if (!applied.ok()) return applied.status();
  for (size_t j = 0; j < decoded_at.size(); ++j) outcomes[decoded_at[j]] = (*applied)[j];
  if (absl::Status s = Notify(/*restored=*/false); !s.ok()) return s;
  return EncodeOutcomes(outcomes);
}

absl::Status ClusterState::ApplyFounding(const FoundingEntry& founding) {
  absl::StatusOr<std::optional<std::string>> stored = StoredGenesis(*store_);
  if (!stored.ok()) return stored.status();
  if (stored->has_value() && **stored != founding.genesis) {
    return absl::FailedPreconditionError(
        StrCat("the folder ", data_dir_, " holds another community than the cluster's"));
  }
  // Every member signs checkpoints with the cluster's one log key. The key and the directory
  // are on disk before the ledger is published (at the end): `noaber-node run` on a joining
  // member waits for the ledger, then loads the key; it once found the ledger first and
  // stopped with "no node key".
  if (absl::Status s = EnsureNodeKey(data_dir_, founding.log_key, /*refuse_another=*/true);
      !s.ok()) {
    return s;
  }
  std::unique_ptr<ledger::Ledger> created;
  if (!stored->has_value()) {
    absl::StatusOr<ledger::Genesis> genesis = ledger::DecodeGenesis(founding.genesis);
    if (!genesis.ok()) return genesis.status();
    // A community older than its cluster: start from its state when the cluster was founded.
    if (!founding.compact_state.empty()) {
      if (absl::Status s = store_->ImportCompactState(founding.compact_state); !s.ok()) return s;
    }
    absl::StatusOr<std::unique_ptr<ledger::Ledger>> ledger =
        founding.compact_state.empty() ? ledger::Ledger::Create(store_, *genesis)
                                       : ledger::Ledger::Open(store_);
    if (!ledger.ok()) return ledger.status();
    created = *std::move(ledger);
  }
  ClusterDirectory next = directory();
  next.join_token = founding.join_token;
  std::erase_if(next.members, [&](const MemberAddress& m) { return m.id == founding.member.id; });
  next.members.push_back(founding.member);
  if (absl::Status s = SaveDirectory(std::move(next)); !s.ok()) return s;
  if (created != nullptr) {
    std::lock_guard<std::mutex> lock(mutex_);
    ledger_ = std::move(created);
  }
  ledger_ready_.notify_all();
  return Notify(/*restored=*/true);
}

absl::Status ClusterState::SaveDirectory(ClusterDirectory directory) {
  std::sort(directory.members.begin(), directory.members.end(),
            [](const MemberAddress& a, const MemberAddress& b) { return a.id < b.id; });
  if (absl::Status s = WriteFileAtomically(ClusterDirectoryPath(data_dir_),
                                           EncodeDirectory(directory));
      !s.ok()) {
    return s;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  directory_ = std::move(directory);
  return absl::OkStatus();
}

absl::StatusOr<cluster::SnapshotJob> ClusterState::Snapshot() {
  // std::function needs a copyable job: the pin is shared, released by the job's last copy.
  std::shared_ptr<const ledger::RocksDbStore::PinnedState> pinned = store_->PinState();
  return cluster::SnapshotJob([pinned = std::move(pinned), directory = directory(),
                               data_dir = data_dir_]() -> absl::StatusOr<std::string> {
    absl::StatusOr<std::string> state = pinned->Export();
    if (!state.ok()) return state.status();
    absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(data_dir);
    if (!key.ok()) return key.status();
    ledger::Writer out;
    out.Raw(kSnapshotMagic);
    out.Str32(EncodeDirectory(directory));
    out.Fixed(key->secret_key);
    sodium_memzero(&*key, sizeof(ledger::KeyPair));
    out.Str32(*state);
    return out.Take();
  });
}

absl::Status ClusterState::Restore(std::string_view snapshot) {
  std::lock_guard<std::mutex> applying(apply_mutex_);
  ledger::Reader in(snapshot);
  if (in.Raw(kSnapshotMagic.size()) != kSnapshotMagic) {
    return absl::DataLossError("a cluster snapshot of an unknown format");
  }
  absl::StatusOr<ClusterDirectory> directory = DecodeDirectory(in.Str32());
  ledger::KeyPair log_key;
  log_key.secret_key = in.Fixed<crypto_sign_SECRETKEYBYTES>();
  std::copy(log_key.secret_key.begin() + 32, log_key.secret_key.end(),
            log_key.public_key.begin());
  const ledger::KeyGuard guard(&log_key);
  const std::string_view state = in.Raw(in.remaining());
  ledger::Reader state_reader(state);
  const uint32_t state_bytes = state_reader.U32();
  if (!in.ok() || !directory.ok() || state_bytes != state.size() - 4) {
    return absl::DataLossError("a cluster snapshot is damaged");
  }
  if (absl::Status s = EnsureNodeKey(data_dir_, log_key, /*refuse_another=*/false); !s.ok()) {
    return s;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ledger_.reset();  // its cached state is about to be replaced
  }
  if (absl::Status s = store_->ImportCompactState(state.substr(4)); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<ledger::Ledger>> ledger = ledger::Ledger::Open(store_);
  if (!ledger.ok()) return ledger.status();
  // As in ApplyFounding: the key and the directory are on disk before the ledger appears.
  if (absl::Status s = SaveDirectory(*std::move(directory)); !s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ledger_ = *std::move(ledger);
  }
  std::fprintf(stderr,
               "noaber-node: restored the cluster's state at journal entry %llu from a "
               "snapshot (this member holds the journal from entry %llu on)\n",
               static_cast<unsigned long long>(ledger_->head().index),
               static_cast<unsigned long long>(store_->GetJournalFirstIndex().value_or(0)));
  ledger_ready_.notify_all();
  return Notify(/*restored=*/true);
}

bool ClusterState::WaitForLedger(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return ledger_ready_.wait_for(lock, timeout, [this] { return ledger_ != nullptr; });
}

const ledger::Ledger* ClusterState::ledger() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return ledger_.get();
}

ledger::Hash ClusterState::merkle_root() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return merkle_root_;
}

ClusterDirectory ClusterState::directory() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return directory_;
}

bool ClusterState::founded() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !directory_.members.empty();
}

}  // namespace noaber::node
