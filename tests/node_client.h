// A fixture for end-to-end tests that talk to a real noaber-node through its gRPC API as
// several callers: founds a community (one or more administrators, any threshold) in a
// temporary folder, starts the node on a loopback port, and gives short ways to sign and
// submit operations, sign read calls (noaber-auth), and read the journal's size, head and
// Merkle root to prove that it did not change. Used by the hostile-input and authorization
// tests; one test thread drives it.
#ifndef NOABER_TESTS_NODE_CLIENT_H_
#define NOABER_TESTS_NODE_CLIENT_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/testing/temp_dir.h"
#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/receipt.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "noaber/v1/log.grpc.pb.h"
#include "tests/harness.h"

namespace noaber::testing {

// An idle client reads its socket only on gRPC's backup poll (5 s by default); polling
// faster keeps each stop of the node to milliseconds. Set before gRPC starts in this process.
inline const bool kNodeClientFastPolling = [] {
  return setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "50", /*overwrite=*/1) == 0;
}();

inline constexpr int64_t kOperationLifetimeMs = 3'600'000;

inline int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <size_t N>
std::string BytesOf(const std::array<uint8_t, N>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), N);
}

// The full gRPC names of the two services' methods, as call signatures name them.
inline std::string LedgerMethod(std::string_view method) {
  return "/noaber.v1.Ledger/" + std::string(method);
}
inline std::string LogMethod(std::string_view method) {
  return "/noaber.v1.Log/" + std::string(method);
}

// What a Submit answered: the gRPC status, and the result number and name (from the
// response when accepted, from the trailers when rejected; -1 when there were none).
struct SubmitReply {
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  std::string message;
  int result_code = -1;
  std::string result_name;
  uint64_t index = 0;
};

inline std::ostream& operator<<(std::ostream& out, const SubmitReply& reply) {
  return out << "status " << reply.code << ", result " << reply.result_code << " ("
             << reply.result_name << "): " << reply.message;
}

// What proves the journal unchanged: its size, its head entry's hash and its Merkle root,
// all read through the API.
struct JournalState {
  uint64_t size = 0;
  ledger::Hash head_hash{};
  ledger::Hash root{};
  bool operator==(const JournalState&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const JournalState& state) {
  return out << state.size << " entries, head " << ledger::ToHex(state.head_hash) << ", root "
             << ledger::ToHex(state.root);
}

class NodeClientTest : public ::testing::Test {
 protected:
  // Founds a community administered by `admins` with `threshold` of their signatures needed,
  // and starts the node with `run_args`.
  void Found(const std::vector<const ledger::KeyPair*>& admins, int threshold,
             const std::vector<std::string>& run_args = {}) {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    std::vector<std::string> init = {
        "init",     "--data-dir",        dir_.Sub("data"),         "--community",
        "Teststad", "--admin-threshold", std::to_string(threshold)};
    for (const ledger::KeyPair* admin : admins) {
      init.insert(init.end(), {"--admin-key", ledger::ToHex(admin->public_key)});
    }
    ProcessResult founded = RunProcess(NOABER_NODE_BINARY, init);
    ASSERT_EQ(founded.exit_code, 0) << founded.stderr_text;
    absl::StatusOr<std::unique_ptr<NodeProcess>> node =
        NodeProcess::Start(NOABER_NODE_BINARY, dir_.Sub("data"), run_args);
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
    channel_ = grpc::CreateChannel("ipv4:" + node_->address(), grpc::InsecureChannelCredentials());
    ledger_ = v1::Ledger::NewStub(channel_);
    log_ = v1::Log::NewStub(channel_);
    grpc::ClientContext context;
    v1::NodeKey key;
    ASSERT_TRUE(ledger_->GetNodeKey(&context, {}, &key).ok());
    ASSERT_EQ(key.community_id().size(), community_id_.size());
    ASSERT_EQ(key.public_key().size(), node_key_.size());
    std::memcpy(community_id_.data(), key.community_id().data(), community_id_.size());
    std::memcpy(node_key_.data(), key.public_key().data(), node_key_.size());
  }

  // An operation of this community, valid for an hour.
  ledger::Operation Op(std::vector<ledger::Action> actions) const {
    ledger::Operation op;
    op.community = community_id_;
    op.id = ledger::NewOperationId();
    op.valid_until_ms = WallClockMs() + kOperationLifetimeMs;
    op.actions = std::move(actions);
    return op;
  }
  static std::string Sign(const ledger::Operation& op,
                          const std::vector<const ledger::KeyPair*>& signers) {
    ledger::SignedOperation s{ledger::EncodeOperation(op), {}};
    for (const ledger::KeyPair* key : signers) {
      EXPECT_TRUE(ledger::AddSignature(key->secret_key, &s).ok());
    }
    return ledger::EncodeSignedOperation(s);
  }

  SubmitReply Submit(const std::string& bytes) {
    grpc::ClientContext context;
    v1::SubmitRequest request;
    request.set_signed_operation(bytes);
    v1::SubmitResponse response;
    grpc::Status status = ledger_->Submit(&context, request, &response);
    SubmitReply reply;
    reply.code = status.error_code();
    if (status.ok()) {
      reply.message = response.message();
      reply.result_code = static_cast<int>(response.result_code());
      reply.result_name = response.result_name();
      reply.index = response.index();
      return reply;
    }
    reply.message = status.error_message();
    for (const auto& [key, value] : context.GetServerTrailingMetadata()) {
      const std::string text(value.data(), value.size());
      if (key == "noaber-result-code") reply.result_code = std::stoi(text);
      if (key == "noaber-result-name") reply.result_name = text;
    }
    return reply;
  }
  // Submits and expects acceptance; the journal index.
  uint64_t Accept(const std::string& bytes) {
    SubmitReply reply = Submit(bytes);
    EXPECT_EQ(reply.result_name, "accepted") << reply;
    return reply.index;
  }

  // Adds a noaber-auth entry signed by `key` for the full method name `method`.
  void Authorize(grpc::ClientContext* context, const ledger::KeyPair& key,
                 const std::string& method) const {
    context->AddMetadata(ledger::kCallAuthMetadataKey,
                         ledger::EncodeCallAuth(ledger::SignCall(key.secret_key, community_id_,
                                                                 method, WallClockMs())));
  }

  v1::Community Community() {
    grpc::ClientContext context;
    v1::Community community;
    grpc::Status status = ledger_->GetCommunity(&context, {}, &community);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return community;
  }

  // The journal's size, head hash and Merkle root, read through the API: GetCommunity, the
  // node's newest checkpoint (verified with its key), and the head entry's bytes read by
  // `reader`, an administrator.
  JournalState Journal(const ledger::KeyPair& reader) {
    JournalState state;
    state.size = Community().journal_size();
    grpc::ClientContext checkpoint_context;
    v1::Checkpoints checkpoints;
    EXPECT_TRUE(log_->GetCheckpoint(&checkpoint_context, {}, &checkpoints).ok());
    absl::StatusOr<ledger::Checkpoint> checkpoint = ledger::OpenCheckpoint(
        checkpoints.checkpoint(), ledger::LogOrigin(community_id_), node_key_);
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    if (checkpoint.ok()) {
      EXPECT_EQ(checkpoint->size, state.size) << "the checkpoint covers the whole journal";
      state.root = checkpoint->root;
    }
    grpc::ClientContext entries_context;
    Authorize(&entries_context, reader, LogMethod("GetEntries"));
    v1::GetEntriesRequest request;
    request.set_start(state.size - 1);
    request.set_count(1);
    v1::LogEntries entries;
    grpc::Status status = log_->GetEntries(&entries_context, request, &entries);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (entries.entries_size() == 1) {
      absl::StatusOr<ledger::JournalEntry> head =
          ledger::DecodeJournalEntry(entries.entries(0).entry());
      EXPECT_TRUE(head.ok()) << head.status();
      if (head.ok()) state.head_hash = ledger::HashJournalEntry(*head);
    }
    return state;
  }

  ledger::testing::TempDir dir_;
  ledger::CommunityId community_id_{};
  ledger::PublicKey node_key_{};
  std::unique_ptr<NodeProcess> node_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Ledger::Stub> ledger_;
  std::unique_ptr<v1::Log::Stub> log_;
};

}  // namespace noaber::testing

#endif  // NOABER_TESTS_NODE_CLIENT_H_
