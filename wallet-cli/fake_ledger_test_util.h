// A scripted, in-process noaber.v1.Ledger service on a loopback port, for the wallet's unit
// tests: it records what it receives and answers what the test queued. An accepted answer
// carries a real receipt: the fake keeps a small Merkle log (filler leaves up to the scripted
// index, then the submitted operation's entry), signs its checkpoints, and serves them and
// consistency proofs through noaber.v1.Log, so the wallet's receipt checks run for real.
// It can also play a cluster member that is not the leader (issue 9): it then answers writes,
// and reads asking for current state, not_leader (302) naming a leader, as a node does.
// Thread-safe (gRPC calls its handlers from its own threads).
#ifndef NOABER_WALLET_CLI_FAKE_LEDGER_TEST_UTIL_H_
#define NOABER_WALLET_CLI_FAKE_LEDGER_TEST_UTIL_H_

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/receipt.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "noaber/v1/log.grpc.pb.h"

namespace noaber::wallet {

class FakeLedger final : public v1::Ledger::Service {
 public:
  // One scripted answer to Submit: a status and, for rejections, the result trailers.
  struct SubmitAnswer {
    grpc::StatusCode code = grpc::StatusCode::OK;
    std::string message;
    std::map<std::string, std::string> trailers;
    v1::SubmitResponse response;
  };

  FakeLedger() {
    community_.set_name("Teststad");
    community_.set_community_id(std::string(32, '\x07'));
    v1::Asset* hour = community_.add_assets();
    hour->set_code("HOUR");
    hour->set_kind("time");
    v1::Asset* euro = community_.add_assets();
    euro->set_code("EUR");
    euro->set_kind("currency");
  }

  // Starts serving on 127.0.0.1 and an unused port.
  void Start() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    builder.RegisterService(&log_);
    server_ = builder.BuildAndStart();
  }
  // Stops serving; the port is then closed. Idempotent.
  void Stop() {
    if (server_) server_->Shutdown();
    server_.reset();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // A member that is not the leader: Submit, and every read carrying "noaber-read: current",
  // is answered UNAVAILABLE with the not_leader trailers naming `leader` ("" while none is
  // known). Reads without that entry are answered from this node's state, as a follower's.
  void FollowLeader(std::string leader) {
    std::lock_guard lock(mutex_);
    follows_ = std::move(leader);
  }
  // The next write or current read is answered not_leader naming `leader`, whatever the
  // role; queued answers come first, in order.
  void QueueNotLeader(std::string leader) {
    std::lock_guard lock(mutex_);
    not_leader_answers_.push_back(std::move(leader));
  }
  // The "noaber-read" entry of every read received, in order ("" when it had none).
  std::vector<std::string> read_entries() const {
    std::lock_guard lock(mutex_);
    return read_entries_;
  }
  // Every call received, answered or redirected.
  int calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  void QueueSubmit(SubmitAnswer answer) {
    std::lock_guard lock(mutex_);
    answers_.push_back(std::move(answer));
  }
  void SetAccount(const v1::AccountInfo& account) {
    std::lock_guard lock(mutex_);
    accounts_[account.handle()] = account;
  }
  void AddAdminKey(const std::string& key_bytes) {
    std::lock_guard lock(mutex_);
    community_.add_admin_keys(key_bytes);
  }
  void SetKeyHolders(std::vector<std::string> handles) {
    std::lock_guard lock(mutex_);
    key_holders_ = std::move(handles);
  }
  std::vector<std::string> submitted() const {
    std::lock_guard lock(mutex_);
    return submitted_;
  }
  std::vector<std::string> auth_seen() const {
    std::lock_guard lock(mutex_);
    return auth_seen_;
  }
  const v1::Community& community() const { return community_; }
  // Appends `count` filler leaves to the log.
  void Grow(size_t count) {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < count; ++i) tree_.Append(ledger::LeafHash("filler"));
  }
  // GetCheckpoint serves the (correctly signed) checkpoint of the first `size` leaves, as a
  // node rolled back would; 0: the whole log.
  void ServeCheckpointOfSize(uint64_t size) {
    std::lock_guard lock(mutex_);
    served_size_ = size;
  }

  grpc::Status Submit(grpc::ServerContext* context, const v1::SubmitRequest* request,
                      v1::SubmitResponse* response) override {
    std::lock_guard lock(mutex_);
    submitted_.push_back(request->signed_operation());
    if (std::optional<grpc::Status> redirect = NotLeaderLocked(context, /*write=*/true)) {
      return *redirect;
    }
    if (answers_.empty()) return grpc::Status(grpc::StatusCode::INTERNAL, "nothing queued");
    SubmitAnswer answer = answers_.front();
    answers_.pop_front();
    for (const auto& [key, value] : answer.trailers) context->AddTrailingMetadata(key, value);
    *response = answer.response;
    if (answer.code == grpc::StatusCode::OK) {
      *response->mutable_receipt() = Append(response->index(), request->signed_operation());
    }
    return grpc::Status(answer.code, answer.message);
  }

  grpc::Status GetCommunity(grpc::ServerContext* context, const v1::GetCommunityRequest*,
                            v1::Community* response) override {
    std::lock_guard lock(mutex_);
    if (std::optional<grpc::Status> redirect = NotLeaderLocked(context, /*write=*/false)) {
      return *redirect;
    }
    *response = community_;
    return grpc::Status::OK;
  }

  grpc::Status GetAccount(grpc::ServerContext* context, const v1::GetAccountRequest* request,
                          v1::AccountInfo* response) override {
    std::lock_guard lock(mutex_);
    if (std::optional<grpc::Status> redirect = NotLeaderLocked(context, /*write=*/false)) {
      return *redirect;
    }
    if (request->has_public_key()) {
      if (key_holders_.empty()) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no holder");
      for (const std::string& handle : key_holders_) response->add_handles_with_key(handle);
      return grpc::Status::OK;
    }
    auto found = accounts_.find(request->handle());
    if (found == accounts_.end()) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no account");
    *response = found->second;
    return grpc::Status::OK;
  }

  grpc::Status GetBalances(grpc::ServerContext* context, const v1::GetBalancesRequest* request,
                           v1::Balances* response) override {
    std::lock_guard lock(mutex_);
    if (std::optional<grpc::Status> redirect = NotLeaderLocked(context, /*write=*/false)) {
      return *redirect;
    }
    auto auth = context->client_metadata().find("noaber-auth");
    if (auth == context->client_metadata().end()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no noaber-auth");
    }
    auth_seen_.emplace_back(auth->second.data(), auth->second.size());
    response->set_handle(request->handle());
    return grpc::Status::OK;
  }

 private:
  // Counts the call and records a read's "noaber-read" entry; the not_leader answer this
  // node owes a write or a current read, if any. Under mutex_.
  std::optional<grpc::Status> NotLeaderLocked(grpc::ServerContext* context, bool write) {
    ++calls_;
    if (!write) {
      auto entry = context->client_metadata().find("noaber-read");
      const bool carried = entry != context->client_metadata().end();
      read_entries_.push_back(carried ? std::string(entry->second.data(), entry->second.size())
                                      : std::string());
      if (read_entries_.back() != "current") return std::nullopt;
    }
    std::string leader;
    if (!not_leader_answers_.empty()) {
      leader = not_leader_answers_.front();
      not_leader_answers_.pop_front();
    } else if (follows_.has_value()) {
      leader = *follows_;
    } else {
      return std::nullopt;
    }
    context->AddTrailingMetadata("noaber-result-code", "302");
    context->AddTrailingMetadata("noaber-result-name", "not_leader");
    context->AddTrailingMetadata("noaber-leader", leader);
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "this node is not the leader");
  }

  static std::string Bytes(const ledger::Hash& hash) {
    return std::string(hash.begin(), hash.end());
  }
  std::string Origin() const {
    ledger::CommunityId id{};
    std::copy(community_.community_id().begin(), community_.community_id().end(), id.begin());
    return ledger::LogOrigin(id);
  }
  std::string CheckpointLocked(uint64_t size = 0) const {
    if (size == 0) size = tree_.size();
    const ledger::Hash root = *ledger::RootHash(tree_, size);
    return *ledger::SignNote(ledger::FormatCheckpointBody({Origin(), size, root}), Origin(),
                             log_key_.secret_key);
  }
  // Puts the operation at leaf `index` (after filler leaves) and returns its receipt; an
  // index already taken gets no receipt.
  v1::Receipt Append(uint64_t index, const std::string& signed_operation) {
    v1::Receipt receipt;
    while (tree_.size() < index) tree_.Append(ledger::LeafHash("filler"));
    if (tree_.size() != index) return receipt;
    ledger::JournalEntry entry{index, 1'000, {}, ledger::ResultCode::kAccepted, signed_operation};
    const ledger::Hash leaf = ledger::LeafHash(ledger::EncodeJournalEntry(entry));
    tree_.Append(leaf);
    receipt.set_index(index);
    receipt.set_timestamp_ms(entry.timestamp_ms);
    receipt.set_previous_hash(Bytes(entry.previous_hash));
    receipt.set_leaf_hash(Bytes(leaf));
    receipt.set_checkpoint(CheckpointLocked());
    const std::vector<ledger::Hash> proof = *ledger::InclusionProof(tree_, index, tree_.size());
    for (const ledger::Hash& h : proof) receipt.add_inclusion_proof(Bytes(h));
    return receipt;
  }

  class FakeLog final : public v1::Log::Service {
   public:
    explicit FakeLog(FakeLedger* ledger) : ledger_(ledger) {}
    grpc::Status GetCheckpoint(grpc::ServerContext* context, const v1::GetCheckpointRequest*,
                               v1::Checkpoints* response) override {
      std::lock_guard lock(ledger_->mutex_);
      if (std::optional<grpc::Status> redirect = ledger_->NotLeaderLocked(context, false)) {
        return *redirect;
      }
      response->set_checkpoint(ledger_->CheckpointLocked(ledger_->served_size_));
      response->set_origin(ledger_->Origin());
      response->set_log_key(
          *ledger::EncodeVerifierKey(ledger_->Origin(), ledger_->log_key_.public_key));
      return grpc::Status::OK;
    }
    grpc::Status GetConsistencyProof(grpc::ServerContext* context,
                                     const v1::GetConsistencyProofRequest* request,
                                     v1::ConsistencyProof* response) override {
      std::lock_guard lock(ledger_->mutex_);
      if (std::optional<grpc::Status> redirect = ledger_->NotLeaderLocked(context, false)) {
        return *redirect;
      }
      absl::StatusOr<std::vector<ledger::Hash>> proof =
          ledger::ConsistencyProof(ledger_->tree_, request->old_size(), request->new_size());
      if (!proof.ok()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad sizes");
      for (const ledger::Hash& h : *proof) response->add_hashes(Bytes(h));
      return grpc::Status::OK;
    }

    grpc::Status GetInclusionProof(grpc::ServerContext* context,
                                   const v1::GetInclusionProofRequest* request,
                                   v1::InclusionProof* response) override {
      std::lock_guard lock(ledger_->mutex_);
      if (std::optional<grpc::Status> redirect = ledger_->NotLeaderLocked(context, false)) {
        return *redirect;
      }
      absl::StatusOr<std::vector<ledger::Hash>> proof =
          ledger::InclusionProof(ledger_->tree_, request->index(), request->tree_size());
      if (!proof.ok()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad index");
      for (const ledger::Hash& h : *proof) response->add_hashes(Bytes(h));
      return grpc::Status::OK;
    }

   private:
    FakeLedger* ledger_;
  };

  mutable std::mutex mutex_;
  ledger::KeyPair log_key_ = ledger::NewKeyPair();
  ledger::MemoryMerkleNodes tree_;
  uint64_t served_size_ = 0;
  FakeLog log_{this};
  v1::Community community_;
  std::deque<SubmitAnswer> answers_;
  std::map<std::string, v1::AccountInfo> accounts_;
  std::vector<std::string> key_holders_;
  std::vector<std::string> submitted_;
  std::vector<std::string> auth_seen_;
  std::optional<std::string> follows_;  // set: a member that is not the leader
  std::deque<std::string> not_leader_answers_;
  std::vector<std::string> read_entries_;
  int calls_ = 0;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// A loopback address nothing answers at, for a node that is down: a socket bound to the
// port but not listening, held for the object's life, so connecting is refused and no other
// test can take the port meanwhile. Not thread-safe.
class ClosedPort {
 public:
  ClosedPort() {
    socket_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(address);
    if (socket_ >= 0 && bind(socket_, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
        getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~ClosedPort() {
    if (socket_ >= 0) close(socket_);
  }
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;

  // 0 when no port could be had (the tests check).
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int socket_ = -1;
  int port_ = 0;
};

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_FAKE_LEDGER_TEST_UTIL_H_
