// End-to-end tests of the node's rate limits: the real `noaber-node` with low limits in its
// config file, driven by a gRPC client. A call over a limit is refused with RESOURCE_EXHAUSTED
// and a sentence naming the limit and the account or address, nothing of it reaches the
// journal, and once the bucket has refilled calls pass again.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

#include "ledger/testing/temp_dir.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "tests/harness.h"
#include "tests/node_client.h"

namespace noaber {
namespace {

using ::testing::HasSubstr;
using testing::NodeProcess;
using testing::ProcessResult;
using testing::RunProcess;

constexpr char kNode[] = NOABER_NODE_BINARY;
// Calls made to run a bucket dry; far more than any burst below plus what refills meanwhile.
constexpr int kCallsToExhaustMax = 50;
// Long enough for a bucket of 1 per second to hold one token again.
constexpr std::chrono::milliseconds kRefill{1'100};

std::string TrailerOf(const grpc::ClientContext& context, const std::string& key) {
  const auto& trailers = context.GetServerTrailingMetadata();
  auto found = trailers.find(key);
  return found == trailers.end() ? "" : std::string(found->second.data(), found->second.size());
}

class LimitsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    admin_ = ledger::NewKeyPair();
    anna_ = ledger::NewKeyPair();
    bob_ = ledger::NewKeyPair();
    ProcessResult init =
        RunProcess(kNode, {"init", "--data-dir", dir_.Sub("data"), "--community", "Teststad",
                           "--admin-key", ledger::ToHex(admin_.public_key)});
    ASSERT_EQ(init.exit_code, 0) << init.stderr_text;
  }

  // Starts the node with `config` as its config file, and opens anna and bob in one call.
  void StartNode(const std::string& config) {
    std::ofstream(dir_.Sub("node.toml")) << config;
    absl::StatusOr<std::unique_ptr<NodeProcess>> node =
        NodeProcess::Start(kNode, dir_.Sub("data"), {"--config", dir_.Sub("node.toml")});
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
    stub_ = v1::Ledger::NewStub(
        grpc::CreateChannel("ipv4:" + node_->address(), grpc::InsecureChannelCredentials()));
    const std::string id = Community().community_id();
    ASSERT_EQ(id.size(), community_id_.size());
    std::memcpy(community_id_.data(), id.data(), id.size());
    v1::SubmitBatchRequest open;
    for (auto [handle, key] : {std::pair{"anna", &anna_}, std::pair{"bob", &bob_}}) {
      open.add_signed_operations(
          Sign({ledger::OpenAccount{handle, ledger::AccountKind::kResident, {key->public_key}, 1}},
               admin_));
    }
    grpc::ClientContext context;
    v1::SubmitBatchResponse opened;
    ASSERT_TRUE(stub_->SubmitBatch(&context, open, &opened).ok());
    for (const v1::OperationOutcome& o : opened.outcomes()) ASSERT_EQ(o.result_name(), "accepted");
  }

  v1::Community Community() {
    grpc::ClientContext context;
    v1::Community community;
    EXPECT_TRUE(stub_->GetCommunity(&context, v1::GetCommunityRequest(), &community).ok());
    return community;
  }
  uint64_t JournalSize() { return Community().journal_size(); }

  std::string Sign(std::vector<ledger::Action> actions, const ledger::KeyPair& signer) {
    ledger::Operation op;
    op.community = community_id_;
    op.id = ledger::NewOperationId();
    op.valid_until_ms = testing::WallClockMs() + 3'600'000;
    op.actions = std::move(actions);
    ledger::SignedOperation signed_operation{ledger::EncodeOperation(op), {}};
    EXPECT_TRUE(ledger::AddSignature(signer.secret_key, &signed_operation).ok());
    return ledger::EncodeSignedOperation(signed_operation);
  }
  // A payment of one minute signed by `from`'s key.
  std::string Pay(const std::string& from, const std::string& to) {
    const ledger::KeyPair& signer = from == "anna" ? anna_ : bob_;
    return Sign({ledger::Transfer{from, to, "HOUR", ledger::Amount{1}, "", ""}}, signer);
  }

  struct Answer {
    grpc::Status status;
    std::string result_name;  // the noaber-result-name trailer of a refusal
  };
  Answer Submit(const std::string& signed_operation) {
    grpc::ClientContext context;
    v1::SubmitRequest request;
    request.set_signed_operation(signed_operation);
    v1::SubmitResponse response;
    grpc::Status status = stub_->Submit(&context, request, &response);
    return {status, TrailerOf(context, "noaber-result-name")};
  }

  // Submits anna's payments until one is refused; checks that nothing of it reached the
  // journal and returns the refusal.
  Answer ExhaustAnna() {
    for (int i = 0; i < kCallsToExhaustMax; ++i) {
      const uint64_t before = JournalSize();
      Answer answer = Submit(Pay("anna", "bob"));
      if (answer.status.ok()) continue;
      EXPECT_EQ(JournalSize(), before) << "a refused call must leave the journal as it was";
      return answer;
    }
    ADD_FAILURE() << "no call was refused in " << kCallsToExhaustMax;
    return {};
  }

  ledger::testing::TempDir dir_;
  ledger::KeyPair admin_, anna_, bob_;
  ledger::CommunityId community_id_{};
  std::unique_ptr<NodeProcess> node_;
  std::unique_ptr<v1::Ledger::Stub> stub_;
};

TEST_F(LimitsE2eTest, AnAccountOverItsLimitIsRefusedUntilItsBucketRefills) {
  StartNode(
      "rate_limit_peer_per_second = 0\n"
      "rate_limit_account_per_second = 1\n"
      "rate_limit_account_burst = 5\n");
  const uint64_t opened = JournalSize();
  Answer refused = ExhaustAnna();
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.status.error_message(),
              HasSubstr("rate limit: operations signed by account 'anna' (key "));
  EXPECT_THAT(refused.status.error_message(),
              HasSubstr("exceed 1 per second (burst 5); nothing of this call was applied"));
  EXPECT_EQ(refused.result_name, "busy");
  EXPECT_GE(JournalSize(), opened + 5) << "the burst passed first";

  // Bob has his own bucket.
  EXPECT_TRUE(Submit(Pay("bob", "anna")).status.ok());
  // A batch needing three of anna's tokens gets nowhere either, all or nothing.
  const uint64_t before = JournalSize();
  v1::SubmitBatchRequest batch;
  batch.add_signed_operations(Pay("bob", "anna"));
  for (int i = 0; i < 3; ++i) batch.add_signed_operations(Pay("anna", "bob"));
  grpc::ClientContext context;
  v1::SubmitBatchResponse response;
  grpc::Status status = stub_->SubmitBatch(&context, batch, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("account 'anna'"));
  // And on a stream, each of the batch's operations is answered busy; the stream goes on.
  grpc::ClientContext stream_context;
  auto stream = stub_->SubmitStream(&stream_context);
  ASSERT_TRUE(stream->Write(batch));
  stream->WritesDone();
  v1::SubmitBatchResponse streamed;
  ASSERT_TRUE(stream->Read(&streamed));
  ASSERT_EQ(streamed.outcomes_size(), 4);
  for (const v1::OperationOutcome& o : streamed.outcomes()) {
    EXPECT_EQ(o.result_name(), "busy");
    EXPECT_THAT(o.message(), HasSubstr("rate limit: operations signed by account 'anna'"));
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(JournalSize(), before);

  std::this_thread::sleep_for(kRefill);
  Answer again = Submit(Pay("anna", "bob"));
  EXPECT_TRUE(again.status.ok()) << again.status.error_message();
  EXPECT_EQ(JournalSize(), before + 1);
}

TEST_F(LimitsE2eTest, AnAddressOverItsLimitIsRefusedUntilItsBucketRefills) {
  StartNode(
      "rate_limit_peer_per_second = 1\n"
      "rate_limit_peer_burst = 3\n"
      "rate_limit_account_per_second = 0\n");
  Answer refused = ExhaustAnna();
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.status.error_message(),
            "rate limit: calls from 127.0.0.1 exceed 1 per second (burst 3); nothing of this "
            "call was applied; wait and try again");
  EXPECT_EQ(refused.result_name, "busy");
  // Reads are not limited: ExhaustAnna read the journal's size before every call.
  std::this_thread::sleep_for(kRefill);
  const uint64_t before = JournalSize();
  Answer again = Submit(Pay("bob", "anna"));
  EXPECT_TRUE(again.status.ok()) << again.status.error_message();
  EXPECT_EQ(JournalSize(), before + 1);
}

TEST_F(LimitsE2eTest, ALimitWithoutABurstIsRefusedAtStart) {
  std::ofstream(dir_.Sub("node.toml")) << "rate_limit_account_per_second = 10\n"
                                          "rate_limit_account_burst = 0\n";
  ProcessResult refused = RunProcess(kNode, {"run", "--data-dir", dir_.Sub("data"), "--listen",
                                             "127.0.0.1:0", "--config", dir_.Sub("node.toml")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.stderr_text,
              HasSubstr("rate_limit_account_burst must be at least 1 while "
                        "rate_limit_account_per_second is not 0 (0 turns the limit off)"));
}

}  // namespace
}  // namespace noaber
