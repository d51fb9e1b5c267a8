// End-to-end tests of noaber-node: the real binary, on a loopback port, with RocksDB in a
// temporary folder, driven by a generated gRPC client. Each test founds its own community.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>

#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/testing/temp_dir.h"
#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/statement.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "noaber/v1/log.grpc.pb.h"
#include "tests/harness.h"

namespace noaber {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::KeyPair;
using testing::NodeProcess;
using testing::ProcessResult;
using testing::RunProcess;

constexpr char kNode[] = NOABER_NODE_BINARY;

// At shutdown the node waits for each connected client to acknowledge its GOAWAY ping. An idle
// client (no call in flight) reads its socket only on gRPC's backup poll, every 5 s by default;
// polling faster keeps each stop of the node in these tests to milliseconds. Set before gRPC
// starts in this process.
const bool kFastClientPolling = [] {
  return setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "50", /*overwrite=*/1) == 0;
}();
constexpr int64_t kHourMs = 3'600'000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <size_t N>
std::string Bytes(const std::array<uint8_t, N>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), N);
}

using Trailers = std::multimap<std::string, std::string>;

Trailers TrailersOf(const grpc::ClientContext& context) {
  Trailers out;
  for (const auto& [key, value] : context.GetServerTrailingMetadata()) {
    out.emplace(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
  }
  return out;
}

class NodeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    admin_ = ledger::NewKeyPair();
    anna_ = ledger::NewKeyPair();
    bob_ = ledger::NewKeyPair();
    stranger_ = ledger::NewKeyPair();
    ProcessResult init =
        RunProcess(kNode, {"init", "--data-dir", data_dir(), "--community", "Teststad",
                           "--admin-key", ledger::ToHex(admin_.public_key)});
    ASSERT_EQ(init.exit_code, 0) << init.stderr_text;
    ASSERT_NE(init.stdout_text.find("community id "), std::string::npos) << init.stdout_text;
    StartNode();
  }

  void StartNode(const std::vector<std::string>& extra_args = {}) {
    absl::StatusOr<std::unique_ptr<NodeProcess>> node =
        NodeProcess::Start(kNode, data_dir(), extra_args);
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
    channel_ = grpc::CreateChannel("ipv4:" + node_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::Ledger::NewStub(channel_);
    const std::string id = Community().community_id();
    ASSERT_EQ(id.size(), community_id_.size());
    std::memcpy(community_id_.data(), id.data(), id.size());
  }

  // SIGTERM; the node must finish and exit 0.
  void StopNode() {
    const int code = node_->Stop();
    EXPECT_EQ(code, 0) << node_->StderrText();
    stub_.reset();
    channel_.reset();
    node_.reset();
  }

  std::string data_dir() const { return dir_.Sub("data"); }

  ledger::Operation Op(std::vector<ledger::Action> actions) {
    ledger::Operation op;
    op.community = community_id_;
    op.id = ledger::NewOperationId();
    op.valid_until_ms = NowMs() + kHourMs;
    op.actions = std::move(actions);
    return op;
  }
  static std::string Sign(const ledger::Operation& op, std::vector<const KeyPair*> signers) {
    ledger::SignedOperation s{ledger::EncodeOperation(op), {}};
    for (const KeyPair* key : signers) EXPECT_TRUE(ledger::AddSignature(key->secret_key, &s).ok());
    return ledger::EncodeSignedOperation(s);
  }
  std::string OpenBytes(const std::string& handle, const KeyPair& key) {
    return Sign(Op({ledger::OpenAccount{handle, AccountKind::kResident, {key.public_key}, 1}}),
                {&admin_});
  }
  std::string PayBytes(const KeyPair& signer, const std::string& from, const std::string& to,
                       int64_t minutes) {
    return Sign(Op({ledger::Transfer{from, to, "HOUR", Amount{minutes}, "tuin", "hedge"}}),
                {&signer});
  }

  grpc::Status Submit(const std::string& bytes, v1::SubmitResponse* response = nullptr,
                      Trailers* trailers = nullptr) {
    grpc::ClientContext context;
    v1::SubmitRequest request;
    request.set_signed_operation(bytes);
    v1::SubmitResponse ignored;
    grpc::Status status = stub_->Submit(&context, request, response ? response : &ignored);
    if (trailers != nullptr) *trailers = TrailersOf(context);
    return status;
  }
  // Submits and expects acceptance; the journal index.
  uint64_t Accept(const std::string& bytes) {
    v1::SubmitResponse response;
    grpc::Status status = Submit(bytes, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.result_name(), "accepted");
    return response.index();
  }
  void OpenAnnaAndBob() {
    EXPECT_EQ(Accept(OpenBytes("anna", anna_)), 1u);
    EXPECT_EQ(Accept(OpenBytes("bob", bob_)), 2u);
  }

  void Authorize(grpc::ClientContext* context, const KeyPair& key, const std::string& method) {
    context->AddMetadata(
        ledger::kCallAuthMetadataKey,
        ledger::EncodeCallAuth(ledger::SignCall(key.secret_key, community_id_,
                                                "/noaber.v1.Ledger/" + method, NowMs())));
  }
  grpc::Status GetBalances(const std::string& handle, const KeyPair* key, v1::Balances* out) {
    grpc::ClientContext context;
    if (key != nullptr) Authorize(&context, *key, "GetBalances");
    v1::GetBalancesRequest request;
    request.set_handle(handle);
    return stub_->GetBalances(&context, request, out);
  }
  // The HOUR balance of `handle`, read as an administrator.
  int64_t HoursOf(const std::string& handle) {
    v1::Balances balances;
    grpc::Status status = GetBalances(handle, &admin_, &balances);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const v1::Balance& b : balances.balances()) {
      if (b.asset() == "HOUR") return b.balance();
    }
    ADD_FAILURE() << "no HOUR balance for " << handle;
    return 0;
  }
  grpc::Status GetPending(const ledger::OperationId& id, const KeyPair& key, v1::PendingInfo* out) {
    grpc::ClientContext context;
    Authorize(&context, key, "GetPending");
    v1::GetPendingRequest request;
    request.set_pending_id(Bytes(id));
    return stub_->GetPending(&context, request, out);
  }
  v1::Community Community() {
    grpc::ClientContext context;
    v1::Community community;
    grpc::Status status = stub_->GetCommunity(&context, {}, &community);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return community;
  }
  ProcessResult Check() { return RunProcess(kNode, {"check", "--data-dir", data_dir()}); }

  // One authenticated unary call of `method` (as named in the signature), signed by `key`
  // unless it is null.
  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::Ledger::Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                          Response*),
                    const std::string& method, const KeyPair* key, const Request& request,
                    Response* response) {
    grpc::ClientContext context;
    if (key != nullptr) Authorize(&context, *key, method);
    return (stub_.get()->*rpc)(&context, request, response);
  }
  // The newest `limit` history entries of `handle`, read as an administrator.
  v1::History HistoryOf(const std::string& handle, uint32_t limit = 5) {
    v1::GetHistoryRequest request;
    request.set_handle(handle);
    request.set_limit(limit);
    v1::History history;
    grpc::Status status =
        Call(&v1::Ledger::Stub::GetHistory, "GetHistory", &admin_, request, &history);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return history;
  }
  v1::NodeKey NodeKey() {
    grpc::ClientContext context;
    v1::NodeKey key;
    grpc::Status status = stub_->GetNodeKey(&context, {}, &key);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return key;
  }

  ledger::testing::TempDir dir_;
  KeyPair admin_, anna_, bob_, stranger_;
  ledger::CommunityId community_id_{};
  std::unique_ptr<NodeProcess> node_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Ledger::Stub> stub_;
};

TEST_F(NodeE2eTest, PaymentsPendingTransfersAndAnOverdraftSurviveARestart) {
  OpenAnnaAndBob();
  EXPECT_EQ(Accept(PayBytes(anna_, "anna", "bob", 90)), 3u);

  // A pending transfer, partly posted by the payer.
  ledger::Operation hold =
      Op({ledger::CreatePending{{"anna", "bob", "HOUR", Amount{60}, "", "lift"}, kHourMs}});
  EXPECT_EQ(Accept(Sign(hold, {&anna_})), 4u);
  v1::PendingInfo pending;
  ASSERT_TRUE(GetPending(hold.id, bob_, &pending).ok());
  EXPECT_EQ(pending.state(), "open");
  EXPECT_EQ(pending.amount(), 60);
  EXPECT_EQ(Accept(Sign(Op({ledger::PostPending{hold.id, Amount{30}}}), {&anna_})), 5u);
  ASSERT_TRUE(GetPending(hold.id, anna_, &pending).ok());
  EXPECT_EQ(pending.state(), "posted");
  EXPECT_EQ(pending.posted(), 30);

  // Another, voided by the payee.
  ledger::Operation second =
      Op({ledger::CreatePending{{"anna", "bob", "HOUR", Amount{45}, "", ""}, kHourMs}});
  EXPECT_EQ(Accept(Sign(second, {&anna_})), 6u);
  EXPECT_EQ(Accept(Sign(Op({ledger::VoidPending{second.id}}), {&bob_})), 7u);
  ASSERT_TRUE(GetPending(second.id, admin_, &pending).ok());
  EXPECT_EQ(pending.state(), "voided");
  EXPECT_EQ(HoursOf("anna"), -120);
  EXPECT_EQ(HoursOf("bob"), 120);
  EXPECT_EQ(Community().journal_size(), 8u);
  EXPECT_EQ(Community().assets(0).in_circulation(), 0);

  // Anna's credit line is 10h: 8h more would take her to -10h00m... and beyond.
  Trailers trailers;
  grpc::Status overdraft = Submit(PayBytes(anna_, "anna", "bob", 500), nullptr, &trailers);
  EXPECT_EQ(overdraft.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_FALSE(overdraft.error_message().empty());
  EXPECT_EQ(trailers.find("noaber-result-code")->second, "210");
  EXPECT_EQ(trailers.find("noaber-result-name")->second, "exceeds_minimum");
  EXPECT_EQ(HoursOf("anna"), -120);
  EXPECT_EQ(HoursOf("bob"), 120);
  EXPECT_EQ(Community().journal_size(), 8u);

  StopNode();
  StartNode();
  EXPECT_EQ(HoursOf("anna"), -120);
  EXPECT_EQ(HoursOf("bob"), 120);
  EXPECT_EQ(Community().journal_size(), 8u);
  ASSERT_TRUE(GetPending(hold.id, bob_, &pending).ok());
  EXPECT_EQ(pending.state(), "posted");
  StopNode();

  ProcessResult check = Check();
  EXPECT_EQ(check.exit_code, 0) << check.stderr_text;
  EXPECT_EQ(check.stdout_text.rfind("journal ok: 8 entries, head ", 0), 0u) << check.stdout_text;
  EXPECT_TRUE(check.stderr_text.empty()) << "no progress bar when stderr is not a terminal";
}

TEST_F(NodeE2eTest, AnAcknowledgedWriteSurvivesAKill) {
  OpenAnnaAndBob();
  EXPECT_EQ(Accept(PayBytes(anna_, "anna", "bob", 15)), 3u);
  node_->Kill();
  StartNode();
  EXPECT_EQ(HoursOf("bob"), 15);
  EXPECT_EQ(Community().journal_size(), 4u);
}

TEST_F(NodeE2eTest, HistoryPagesThroughDescribedEntries) {
  OpenAnnaAndBob();
  Accept(PayBytes(anna_, "anna", "bob", 90));
  Accept(PayBytes(bob_, "bob", "anna", 30));
  grpc::ClientContext context;
  Authorize(&context, anna_, "GetHistory");
  v1::GetHistoryRequest request;
  request.set_handle("anna");
  request.set_limit(2);
  v1::History page;
  ASSERT_TRUE(stub_->GetHistory(&context, request, &page).ok());
  ASSERT_EQ(page.entries_size(), 2);
  EXPECT_EQ(page.entries(0).index(), 4u);
  EXPECT_EQ(page.entries(1).index(), 3u);
  EXPECT_EQ(page.next_before_index(), 3u);
  const v1::Action& paid = page.entries(1).actions(0);
  EXPECT_EQ(paid.type(), "transfer");
  EXPECT_EQ(paid.from(), "anna");
  EXPECT_EQ(paid.formatted_amount(), "1h30m HOUR");
  EXPECT_EQ(paid.detail(), "'anna' paid 'bob' 1h30m HOUR for tuin: \"hedge\"");
  EXPECT_EQ(page.entries(1).signers(0), Bytes(anna_.public_key));

  grpc::ClientContext next_context;
  Authorize(&next_context, admin_, "GetHistory");
  request.set_before_index(page.next_before_index());
  ASSERT_TRUE(stub_->GetHistory(&next_context, request, &page).ok());
  ASSERT_EQ(page.entries_size(), 1);
  EXPECT_EQ(page.entries(0).actions(0).type(), "open_account");
  EXPECT_EQ(page.next_before_index(), 0u);
}

TEST_F(NodeE2eTest, PrivateReadsAreForTheAccountAndTheAdministrators) {
  OpenAnnaAndBob();
  v1::Balances balances;
  grpc::Status anonymous = GetBalances("anna", nullptr, &balances);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status stranger = GetBalances("anna", &stranger_, &balances);
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stranger.error_message(),
            "balances of 'anna' are visible to 'anna' and the administrators only");
  EXPECT_EQ(GetBalances("anna", &bob_, &balances).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(GetBalances("anna", &anna_, &balances).ok());
  EXPECT_TRUE(GetBalances("anna", &admin_, &balances).ok());
  EXPECT_EQ(balances.balances(0).min(), -600);

  // A pending transfer is for its payer, payee and the administrators.
  ledger::Operation hold =
      Op({ledger::CreatePending{{"anna", "bob", "HOUR", Amount{10}, "", ""}, kHourMs}});
  Accept(Sign(hold, {&anna_}));
  v1::PendingInfo pending;
  EXPECT_EQ(GetPending(hold.id, stranger_, &pending).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Every entry of the journal is for the administrators only.
  grpc::ClientContext watch_context;
  Authorize(&watch_context, anna_, "WatchJournal");
  auto watch = stub_->WatchJournal(&watch_context, v1::WatchJournalRequest());
  v1::JournalEntry entry;
  EXPECT_FALSE(watch->Read(&entry));
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(NodeE2eTest, ACallSignatureServesOnceAndForOneMethod) {
  OpenAnnaAndBob();
  const std::string auth = ledger::EncodeCallAuth(
      ledger::SignCall(anna_.secret_key, community_id_, "/noaber.v1.Ledger/GetBalances", NowMs()));
  v1::GetBalancesRequest request;
  request.set_handle("anna");
  v1::Balances balances;
  grpc::ClientContext first;
  first.AddMetadata("noaber-auth", auth);
  EXPECT_TRUE(stub_->GetBalances(&first, request, &balances).ok());
  grpc::ClientContext replay;
  replay.AddMetadata("noaber-auth", auth);
  grpc::Status replayed = stub_->GetBalances(&replay, request, &balances);
  EXPECT_EQ(replayed.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(replayed.error_message().find("nonce"), std::string::npos);

  grpc::ClientContext other_method;
  Authorize(&other_method, anna_, "GetHistory");
  EXPECT_EQ(stub_->GetBalances(&other_method, request, &balances).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(NodeE2eTest, RejectionsMapToTheirStatusCodes) {
  OpenAnnaAndBob();
  Trailers trailers;
  grpc::Status garbage = Submit("not an operation", nullptr, &trailers);
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(trailers.find("noaber-result-code")->second, "100");
  EXPECT_EQ(Submit(OpenBytes("anna", anna_)).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(
      Submit(
          Sign(Op({ledger::OpenAccount{"carl", AccountKind::kResident, {stranger_.public_key}, 1}}),
               {&anna_}))
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Submit(PayBytes(anna_, "anna", "nobody", 5)).error_code(), grpc::StatusCode::NOT_FOUND);
  std::string forged = PayBytes(anna_, "anna", "bob", 5);
  forged.back() ^= 0x01;
  EXPECT_EQ(Submit(forged).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Submit("").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Community().journal_size(), 3u);
}

TEST_F(NodeE2eTest, RequestsAreValidatedAndBounded) {
  // gRPC itself refuses a request above the node's 256 KiB bound.
  EXPECT_EQ(Submit(std::string(300 * 1024, 'x')).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  v1::Balances balances;
  grpc::Status bad_handle = GetBalances("Anna!", &admin_, &balances);
  EXPECT_EQ(bad_handle.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad_handle.error_message().find("is not a handle"), std::string::npos);

  grpc::ClientContext history_context;
  v1::GetHistoryRequest history_request;
  history_request.set_handle("community");
  history_request.set_limit(201);
  v1::History history;
  EXPECT_EQ(stub_->GetHistory(&history_context, history_request, &history).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::AccountInfo account;
  grpc::ClientContext no_field;
  EXPECT_EQ(stub_->GetAccount(&no_field, v1::GetAccountRequest(), &account).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext short_key;
  v1::GetAccountRequest by_key;
  by_key.set_public_key(std::string(31, 'k'));
  EXPECT_EQ(stub_->GetAccount(&short_key, by_key, &account).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::PendingInfo pending;
  grpc::ClientContext short_id;
  v1::GetPendingRequest pending_request;
  pending_request.set_pending_id("abc");
  EXPECT_EQ(stub_->GetPending(&short_id, pending_request, &pending).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(NodeE2eTest, AccountsArePublicByHandleAndByKey) {
  OpenAnnaAndBob();
  grpc::ClientContext by_handle_context;
  v1::GetAccountRequest by_handle;
  by_handle.set_handle("anna");
  v1::AccountInfo account;
  ASSERT_TRUE(stub_->GetAccount(&by_handle_context, by_handle, &account).ok());
  EXPECT_EQ(account.kind(), "resident");
  EXPECT_EQ(account.status(), "active");
  EXPECT_EQ(account.keys(0), Bytes(anna_.public_key));
  EXPECT_EQ(account.opened_index(), 1u);

  grpc::ClientContext by_key_context;
  v1::GetAccountRequest by_key;
  by_key.set_public_key(Bytes(admin_.public_key));
  ASSERT_TRUE(stub_->GetAccount(&by_key_context, by_key, &account).ok());
  EXPECT_EQ(account.handle(), "community");
  ASSERT_EQ(account.handles_with_key_size(), 1);

  grpc::ClientContext unknown_context;
  by_handle.set_handle("nobody");
  EXPECT_EQ(stub_->GetAccount(&unknown_context, by_handle, &account).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(NodeE2eTest, WatchersSeeNewEntriesUntilTheNodeStops) {
  OpenAnnaAndBob();
  grpc::ClientContext admin_context;
  Authorize(&admin_context, admin_, "WatchJournal");
  v1::WatchJournalRequest everything;
  everything.set_from_index(1);
  auto admin_watch = stub_->WatchJournal(&admin_context, everything);
  v1::JournalEntry entry;
  ASSERT_TRUE(admin_watch->Read(&entry));
  EXPECT_EQ(entry.index(), 1u);
  ASSERT_TRUE(admin_watch->Read(&entry));
  EXPECT_EQ(entry.index(), 2u);

  grpc::ClientContext bob_context;
  Authorize(&bob_context, bob_, "WatchJournal");
  v1::WatchJournalRequest bobs;
  bobs.set_handle("bob");
  bobs.set_from_index(1);
  auto bob_watch = stub_->WatchJournal(&bob_context, bobs);
  ASSERT_TRUE(bob_watch->Read(&entry));
  EXPECT_EQ(entry.index(), 2u) << "bob does not see anna's account being opened";

  Accept(PayBytes(anna_, "anna", "bob", 20));
  ASSERT_TRUE(admin_watch->Read(&entry));
  EXPECT_EQ(entry.index(), 3u);
  EXPECT_EQ(entry.actions(0).type(), "transfer");
  ASSERT_TRUE(bob_watch->Read(&entry));
  EXPECT_EQ(entry.index(), 3u);

  // Shutdown ends open watches at once, and the node still exits cleanly.
  StopNode();
  EXPECT_FALSE(admin_watch->Read(&entry));
  grpc::Status ended = admin_watch->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(ended.error_message().find("from_index 4"), std::string::npos) << ended.error_message();
}

TEST_F(NodeE2eTest, HealthCheckServes) {
  grpc::GenericStub generic(channel_);
  grpc::ClientContext context;
  grpc::Slice empty;
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  generic.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                    &response, [&done](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status status = done.get_future().get();
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2)) << "HealthCheckResponse{status: SERVING}";
}

// Server reflection lists the Ledger service (what grpcurl needs to call the node without
// the .proto): one list_services request on the bidirectional reflection stream.
TEST_F(NodeE2eTest, ReflectionListsTheLedgerService) {
  grpc::GenericStub generic(channel_);
  grpc::ClientContext context;
  grpc::CompletionQueue queue;
  auto call = generic.PrepareCall(
      &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
  auto step = [&queue](int tag) {
    void* got = nullptr;
    bool ok = false;
    return queue.Next(&got, &ok) && ok && got == reinterpret_cast<void*>(tag);
  };
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(step(1));
  grpc::Slice list_services(
      std::string("\x3a\x01*", 3));  // ServerReflectionRequest{list_services: "*"}
  grpc::ByteBuffer request(&list_services, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  ASSERT_TRUE(step(2));
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(3));
  ASSERT_TRUE(step(3));
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_NE(bytes.find("noaber.v1.Ledger"), std::string::npos);
  EXPECT_NE(bytes.find("grpc.health.v1.Health"), std::string::npos);
  context.TryCancel();
  grpc::Status ignored;
  call->Finish(&ignored, reinterpret_cast<void*>(4));
  step(4);
  queue.Shutdown();
  void* tag;
  bool ok;
  while (queue.Next(&tag, &ok)) {
  }
}

TEST_F(NodeE2eTest, CheckNamesATamperedJournalEntry) {
  OpenAnnaAndBob();
  Accept(PayBytes(anna_, "anna", "bob", 30));
  StopNode();
  ASSERT_EQ(Check().exit_code, 0);
  {
    auto store = ledger::RocksDbStore::Open(data_dir(), /*create_if_missing=*/false);
    ASSERT_TRUE(store.ok()) << store.status();
    auto entry = (*store)->GetEntry(2);
    ASSERT_TRUE(entry.ok() && entry->has_value());
    ledger::JournalEntry tampered = **entry;
    tampered.signed_bytes.back() ^= 0x01;  // inside the last signature
    ledger::Delta delta;
    delta.entries.push_back(tampered);
    ASSERT_TRUE((*store)->Commit(delta).ok());
  }
  ProcessResult check = Check();
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.stderr_text.find("journal entry 2"), std::string::npos) << check.stderr_text;
  EXPECT_EQ(std::count(check.stderr_text.begin(), check.stderr_text.end(), '\n'), 1)
      << "one line: " << check.stderr_text;
}

TEST_F(NodeE2eTest, CheckFindsABalanceTheJournalDoesNotExplain) {
  OpenAnnaAndBob();
  Accept(PayBytes(anna_, "anna", "bob", 30));
  StopNode();
  {
    auto store = ledger::RocksDbStore::Open(data_dir(), /*create_if_missing=*/false);
    ASSERT_TRUE(store.ok()) << store.status();
    auto balance = (*store)->GetBalance("bob", "HOUR");
    ASSERT_TRUE(balance.ok() && balance->has_value());
    ledger::Delta delta;
    delta.balances[{"bob", "HOUR"}] = **balance;
    delta.balances[{"bob", "HOUR"}].balance = Amount{600};
    ASSERT_TRUE((*store)->Commit(delta).ok());
  }
  ProcessResult check = Check();
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.stderr_text.find("balance bob HOUR differs"), std::string::npos)
      << check.stderr_text;
}

TEST_F(NodeE2eTest, AConfigFileSetsTheLimits) {
  StopNode();
  const std::string config = dir_.Sub("node.toml");
  std::ofstream(config) << "listen = \"127.0.0.1:0\"\nhistory_page_max = 10\n";
  StartNode({"--config", config});
  grpc::ClientContext context;
  Authorize(&context, admin_, "GetHistory");
  v1::GetHistoryRequest request;
  request.set_handle("community");
  request.set_limit(11);
  v1::History history;
  grpc::Status status = stub_->GetHistory(&context, request, &history);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("page maximum of 10"), std::string::npos);
}

// The neighbourhood economy through the node: the board, payment requests, initiatives,
// statements, and how history shows them.

TEST_F(NodeE2eTest, TheBoardIsForTheCommunityAndFiltersBySkillAndKind) {
  OpenAnnaAndBob();
  Accept(Sign(Op({ledger::PostListing{"anna", ledger::ListingKind::kOffer, "tuin",
                                      "Ik snoei heggen", "HOUR", Amount{120}, 0}}),
              {&anna_}));
  Accept(Sign(Op({ledger::PostListing{"bob", ledger::ListingKind::kRequest, "klussen",
                                      "Wie hangt een lamp op?", "", Amount{0}, 0}}),
              {&bob_}));
  ledger::Operation wanted = Op({ledger::PostListing{"bob", ledger::ListingKind::kRequest, "tuin",
                                                     "Gras maaien", "", Amount{0}, 0}});
  Accept(Sign(wanted, {&bob_}));

  v1::ListListingsRequest request;
  v1::Listings listings;
  auto list = [&](const KeyPair* key) {
    return Call(&v1::Ledger::Stub::ListListings, "ListListings", key, request, &listings);
  };
  EXPECT_EQ(list(nullptr).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status stranger = list(&stranger_);
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(stranger.error_message().find("accounts of the community only"), std::string::npos);

  ASSERT_TRUE(list(&anna_).ok());
  ASSERT_EQ(listings.listings_size(), 3);
  EXPECT_EQ(listings.listings(0).listing_id(), Bytes(wanted.id)) << "newest first";
  request.set_skill("tuin");
  ASSERT_TRUE(list(&bob_).ok());
  EXPECT_EQ(listings.listings_size(), 2);
  request.set_kind("offer");
  ASSERT_TRUE(list(&bob_).ok());
  ASSERT_EQ(listings.listings_size(), 1);
  EXPECT_EQ(listings.listings(0).owner(), "anna");
  EXPECT_EQ(listings.listings(0).text(), "Ik snoei heggen");
  EXPECT_EQ(listings.listings(0).formatted_estimate(), "2h");
  request.clear_skill();
  request.set_kind("request");
  ASSERT_TRUE(list(&admin_).ok());
  EXPECT_EQ(listings.listings_size(), 2);

  // Closed listings leave the board unless asked for.
  Accept(Sign(Op({ledger::CloseListing{wanted.id}}), {&bob_}));
  ASSERT_TRUE(list(&anna_).ok());
  ASSERT_EQ(listings.listings_size(), 1);
  request.set_include_closed(true);
  ASSERT_TRUE(list(&anna_).ok());
  ASSERT_EQ(listings.listings_size(), 2);
  EXPECT_EQ(listings.listings(0).state(), "closed");

  request.set_kind("offers");
  EXPECT_EQ(list(&anna_).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.set_kind("");
  request.set_skill("zweefvliegen");
  EXPECT_EQ(list(&anna_).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(NodeE2eTest, TheCatalogueComesFromTheStore) {
  const size_t seeded = Community().skills_size();
  ASSERT_GT(seeded, 0u);
  const uint64_t index = Accept(
      Sign(Op({ledger::SetSkill{{"tuin", "Tuinonderhoud", "Gardening", "home", true}},
               ledger::SetSkill{{"fietsen", "Fietsen maken", "Bicycle repair", "home", false}}}),
           {&admin_}));
  v1::Community community = Community();
  ASSERT_EQ(static_cast<size_t>(community.skills_size()), seeded + 1);
  std::map<std::string, bool> retired;
  for (const v1::Skill& skill : community.skills()) retired[skill.code()] = skill.retired();
  EXPECT_TRUE(retired.at("tuin"));
  EXPECT_FALSE(retired.at("fietsen"));
  // A catalogue change touches no account's history; the administrators' watch shows it.
  grpc::ClientContext context;
  Authorize(&context, admin_, "WatchJournal");
  v1::WatchJournalRequest watch_request;
  watch_request.set_from_index(index);
  auto watch = stub_->WatchJournal(&context, watch_request);
  v1::JournalEntry entry;
  ASSERT_TRUE(watch->Read(&entry));
  ASSERT_EQ(entry.actions_size(), 2);
  EXPECT_EQ(entry.actions(0).type(), "set_skill");
  EXPECT_EQ(entry.actions(1).detail(),
            "skill 'fietsen' in the catalogue: Fietsen maken / Bicycle repair (home)");
  context.TryCancel();
}

TEST_F(NodeE2eTest, PaymentRequestsArePrivateAndShowInHistory) {
  OpenAnnaAndBob();
  ledger::Operation asked =
      Op({ledger::RequestPayment{"bob", "anna", "HOUR", Amount{60}, "klussen", "lamp", {}, 0}});
  Accept(Sign(asked, {&bob_}));
  v1::ListRequestsRequest request;
  request.set_handle("anna");
  request.set_role("payer");
  v1::PaymentRequests requests;
  auto list = [&](const KeyPair* key) {
    return Call(&v1::Ledger::Stub::ListRequests, "ListRequests", key, request, &requests);
  };
  EXPECT_EQ(list(&stranger_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status bob_reading = list(&bob_);
  EXPECT_EQ(bob_reading.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(bob_reading.error_message(),
            "payment requests of 'anna' are visible to 'anna' and the administrators only");
  ASSERT_TRUE(list(&anna_).ok());
  ASSERT_EQ(requests.requests_size(), 1);
  EXPECT_EQ(requests.requests(0).request_id(), Bytes(asked.id));
  EXPECT_EQ(requests.requests(0).payee(), "bob");
  EXPECT_EQ(requests.requests(0).formatted_amount(), "1h");
  EXPECT_EQ(requests.requests(0).state(), "open");
  request.set_role("payee");
  ASSERT_TRUE(list(&admin_).ok());
  EXPECT_EQ(requests.requests_size(), 0);

  // Anna is assisted: an administrator accepts for her, and history says so.
  Accept(Sign(Op({ledger::SetAssisted{"anna", true}}), {&admin_}));
  Accept(Sign(Op({ledger::AcceptRequest{asked.id}}), {&admin_}));
  EXPECT_EQ(HoursOf("bob"), 60);
  request.set_role("payer");
  ASSERT_TRUE(list(&anna_).ok());
  EXPECT_EQ(requests.requests_size(), 0) << "no longer open";
  request.set_include_closed(true);
  ASSERT_TRUE(list(&anna_).ok());
  ASSERT_EQ(requests.requests_size(), 1);
  EXPECT_EQ(requests.requests(0).state(), "accepted");

  const v1::History history = HistoryOf("anna");
  ASSERT_GT(history.entries_size(), 0);
  const v1::Action& accepted = history.entries(0).actions(0);
  EXPECT_EQ(accepted.type(), "accept_request");
  EXPECT_EQ(accepted.request_id(), Bytes(asked.id));
  ASSERT_EQ(accepted.signed_on_behalf_by_size(), 1);
  EXPECT_EQ(accepted.signed_on_behalf_by(0), ledger::ToHex(admin_.public_key));
  EXPECT_NE(accepted.detail().find("signed on behalf of 'anna' by the administrators"),
            std::string::npos)
      << accepted.detail();
  v1::AccountInfo account;
  v1::GetAccountRequest by_handle;
  by_handle.set_handle("anna");
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetAccount(&context, by_handle, &account).ok());
  EXPECT_TRUE(account.assisted());
}

TEST_F(NodeE2eTest, CorrectionsAndIssuanceReasonsShowInHistory) {
  OpenAnnaAndBob();
  Accept(Sign(
      Op({ledger::Transfer{"community", "anna", "HOUR", Amount{120}, "", "buurtfeest opgebouwd"}}),
      {&admin_}));
  ledger::Operation mistake = Op({ledger::Transfer{"anna", "bob", "HOUR", Amount{45}, "tuin", ""}});
  const uint64_t original_index = Accept(Sign(mistake, {&anna_}));
  Accept(Sign(Op({ledger::CorrectTransfer{mistake.id, 0, "verkeerde buurman"}}), {&admin_}));
  EXPECT_EQ(HoursOf("anna"), 120);

  v1::History history = HistoryOf("anna");
  const v1::Action& correction = history.entries(0).actions(0);
  EXPECT_EQ(correction.type(), "correct_transfer");
  EXPECT_EQ(correction.original_operation_id(), Bytes(mistake.id));
  EXPECT_EQ(correction.original_index(), original_index);
  EXPECT_EQ(correction.reason(), "verkeerde buurman");
  EXPECT_EQ(correction.from(), "bob");
  EXPECT_EQ(correction.to(), "anna");
  const v1::Action& issued = history.entries(2).actions(0);
  EXPECT_EQ(issued.memo(), "buurtfeest opgebouwd");
  EXPECT_EQ(issued.detail(), "'community' issued 2h HOUR to 'anna': \"buurtfeest opgebouwd\"");
  EXPECT_EQ(Community().assets(0).in_circulation(), 120);
}

TEST_F(NodeE2eTest, AnInitiativeShowsItsFundersPayeesAndOwnersToThemOnly) {
  OpenAnnaAndBob();
  const KeyPair shop = ledger::NewKeyPair();
  Accept(
      Sign(Op({ledger::OpenAccount{"winkel", AccountKind::kPartner, {shop.public_key}, 1},
               ledger::OpenAccount{"buurttuin", AccountKind::kInitiative, {anna_.public_key}, 1}}),
           {&admin_}));
  Accept(Sign(Op({ledger::Transfer{"community", "winkel", "HOUR", Amount{600}, "", "sponsoring"}}),
              {&admin_}));
  Accept(Sign(Op({ledger::Transfer{"winkel", "buurttuin", "HOUR", Amount{300}, "", ""}}), {&shop}));
  Accept(
      Sign(Op({ledger::Transfer{"buurttuin", "bob", "HOUR", Amount{90}, "tuin", ""}}), {&anna_}));

  v1::GetInitiativeRequest request;
  request.set_handle("buurttuin");
  v1::InitiativeInfo info;
  auto get = [&](const KeyPair* key) {
    return Call(&v1::Ledger::Stub::GetInitiative, "GetInitiative", key, request, &info);
  };
  EXPECT_EQ(get(&bob_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(get(&shop).error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << "a funder is not an owner";
  ASSERT_TRUE(get(&admin_).ok());
  ASSERT_TRUE(get(&anna_).ok());
  ASSERT_EQ(info.balances_size(), 1);
  EXPECT_EQ(info.balances(0).balance(), 210);
  ASSERT_EQ(info.funded_by_size(), 1);
  EXPECT_EQ(info.funded_by(0).handle(), "winkel");
  EXPECT_EQ(info.funded_by(0).amount(), 300);
  ASSERT_EQ(info.paid_to_size(), 1);
  EXPECT_EQ(info.paid_to(0).handle(), "bob");
  EXPECT_EQ(info.paid_to(0).formatted(), "1h30m");
  ASSERT_EQ(info.owners_size(), 1);
  EXPECT_EQ(info.owners(0), "anna");
  request.set_handle("anna");
  EXPECT_EQ(get(&anna_).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(NodeE2eTest, AStatementIsSignedByTheNodeKeyAndTamperingShows) {
  OpenAnnaAndBob();
  Accept(Sign(Op({ledger::Transfer{"bob", "anna", "HOUR", Amount{90}, "tuin", "heg"}}), {&bob_}));
  Accept(Sign(Op({ledger::Transfer{"anna", "bob", "HOUR", Amount{30}, "computerhulp", ""}}),
              {&anna_}));
  v1::GetStatementRequest request;
  request.set_handle("anna");
  v1::Statements statements;
  auto get = [&](const KeyPair* key) {
    return Call(&v1::Ledger::Stub::GetStatement, "GetStatement", key, request, &statements);
  };
  EXPECT_EQ(get(nullptr).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(get(&stranger_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(get(&bob_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(get(&admin_).ok());
  ASSERT_TRUE(get(&anna_).ok());
  ASSERT_EQ(statements.statements_size(), 1);
  const std::string text = statements.statements(0).text();
  EXPECT_NE(text.find("given: tuin 1h30m\n"), std::string::npos) << text;
  EXPECT_NE(text.find("received: computerhulp 30m\n"), std::string::npos) << text;

  const v1::NodeKey node_key = NodeKey();
  ledger::PublicKey pinned{};
  ASSERT_EQ(node_key.public_key().size(), pinned.size());
  std::memcpy(pinned.data(), node_key.public_key().data(), pinned.size());
  EXPECT_EQ(statements.node_key(), node_key.public_key());
  absl::StatusOr<ledger::Statement> verified = ledger::VerifyStatement(text, pinned);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->handle, "anna");
  EXPECT_EQ(verified->given.at("tuin"), Amount{90});

  // Claiming an hour more, totals and all, breaks the signature.
  std::string tampered = text;
  tampered.replace(tampered.find("tuin 1h30m"), 10, "tuin 2h30m");
  tampered.replace(tampered.find("total-given: 1h30m"), 18, "total-given: 2h30m");
  EXPECT_EQ(ledger::VerifyStatement(tampered, pinned).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ledger::VerifyStatement(text, ledger::NewKeyPair().public_key).status().code(),
            absl::StatusCode::kPermissionDenied)
      << "signed by another key than the pinned one";

  request.set_year(1999);
  EXPECT_EQ(get(&anna_).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(NodeE2eTest, TheNodeKeyIsPrivateAndSurvivesRestarts) {
  const std::string key_file = data_dir() + "/node.key";
  ASSERT_TRUE(std::filesystem::exists(key_file)) << "made by init";
  EXPECT_EQ(std::filesystem::status(key_file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string before = NodeKey().public_key_hex();
  EXPECT_EQ(before.size(), 64u);
  StopNode();
  StartNode();
  EXPECT_EQ(NodeKey().public_key_hex(), before);
  StopNode();

  // A data folder from before node keys gets one at its first run, and says so.
  std::filesystem::remove(key_file);
  StartNode();
  const std::string after = NodeKey().public_key_hex();
  EXPECT_NE(after, before);
  EXPECT_NE(node_->StderrText().find("created the node key"), std::string::npos)
      << node_->StderrText();
  StopNode();
  ProcessResult check = Check();
  EXPECT_EQ(check.exit_code, 0) << check.stderr_text << " (the key file sits beside the store)";
}

// The journal as a verifiable log (noaber.v1.Log, docs/merkle.md).
class LogNodeE2eTest : public NodeE2eTest {
 protected:
  v1::Log::Stub& Log() {
    if (!log_stub_ || log_channel_ != channel_) {
      log_channel_ = channel_;
      log_stub_ = v1::Log::NewStub(channel_);
    }
    return *log_stub_;
  }
  v1::Checkpoints Checkpoints() {
    grpc::ClientContext context;
    v1::Checkpoints out;
    grpc::Status status = Log().GetCheckpoint(&context, {}, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
  ledger::VerifierKey LogKey() {
    absl::StatusOr<ledger::VerifierKey> key = ledger::DecodeVerifierKey(Checkpoints().log_key());
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : ledger::VerifierKey{};
  }
  static ledger::Hash HashOf(const std::string& bytes) {
    ledger::Hash hash{};
    EXPECT_EQ(bytes.size(), hash.size());
    if (bytes.size() == hash.size()) std::memcpy(hash.data(), bytes.data(), hash.size());
    return hash;
  }
  static std::vector<ledger::Hash> HashesOf(const google::protobuf::RepeatedPtrField<std::string>& in) {
    std::vector<ledger::Hash> out;
    for (const std::string& bytes : in) out.push_back(HashOf(bytes));
    return out;
  }
  static ledger::Receipt ReceiptOf(const v1::Receipt& r) {
    ledger::Receipt receipt;
    receipt.index = r.index();
    receipt.timestamp_ms = r.timestamp_ms();
    receipt.previous_hash = HashOf(r.previous_hash());
    receipt.outcome = static_cast<ledger::ResultCode>(r.outcome());
    receipt.leaf_hash = HashOf(r.leaf_hash());
    receipt.checkpoint = r.checkpoint();
    receipt.inclusion_proof = HashesOf(r.inclusion_proof());
    return receipt;
  }
  grpc::Status GetEntries(uint64_t start, uint32_t count, const std::string& handle,
                          const KeyPair* key, v1::LogEntries* out) {
    grpc::ClientContext context;
    if (key != nullptr) {
      context.AddMetadata(ledger::kCallAuthMetadataKey,
                          ledger::EncodeCallAuth(ledger::SignCall(
                              key->secret_key, community_id_, "/noaber.v1.Log/GetEntries", NowMs())));
    }
    v1::GetEntriesRequest request;
    request.set_start(start);
    request.set_count(count);
    request.set_handle(handle);
    return Log().GetEntries(&context, request, out);
  }

  std::shared_ptr<grpc::Channel> log_channel_;
  std::unique_ptr<v1::Log::Stub> log_stub_;
};

TEST_F(LogNodeE2eTest, EveryReceiptProvesItsEntryInASignedCheckpoint) {
  OpenAnnaAndBob();
  const ledger::VerifierKey key = LogKey();
  const std::string origin = ledger::LogOrigin(community_id_);
  EXPECT_EQ(key.name, origin);
  EXPECT_EQ(Checkpoints().origin(), origin);
  const std::string pay = PayBytes(anna_, "anna", "bob", 30);
  v1::SubmitResponse paid;
  ASSERT_TRUE(Submit(pay, &paid).ok());
  ASSERT_TRUE(paid.has_receipt());
  absl::StatusOr<ledger::Checkpoint> covering =
      ledger::VerifyReceipt(ReceiptOf(paid.receipt()), pay, origin, key.public_key);
  ASSERT_TRUE(covering.ok()) << covering.status();
  EXPECT_EQ(paid.receipt().index(), paid.index());
  EXPECT_GT(covering->size, paid.index());
  // The receipt is for these bytes only.
  EXPECT_FALSE(ledger::VerifyReceipt(ReceiptOf(paid.receipt()), PayBytes(anna_, "anna", "bob", 30),
                                     origin, key.public_key)
                   .ok());

  // A retry gets the receipt of the original entry.
  v1::SubmitResponse again;
  ASSERT_TRUE(Submit(pay, &again).ok());
  EXPECT_EQ(again.result_code(), 1u);
  EXPECT_EQ(again.receipt().index(), paid.index());
  EXPECT_EQ(again.receipt().leaf_hash(), paid.receipt().leaf_hash());
  EXPECT_TRUE(ledger::VerifyReceipt(ReceiptOf(again.receipt()), pay, origin, key.public_key).ok());

  // The newest checkpoint extends the receipt's, and proofs on request agree with receipts.
  Accept(PayBytes(bob_, "bob", "anna", 10));
  absl::StatusOr<ledger::Checkpoint> latest =
      ledger::OpenCheckpoint(Checkpoints().checkpoint(), origin, key.public_key);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->size, Community().journal_size());
  grpc::ClientContext c1;
  v1::GetConsistencyProofRequest consistency_request;
  consistency_request.set_old_size(covering->size);
  v1::ConsistencyProof consistency;
  ASSERT_TRUE(Log().GetConsistencyProof(&c1, consistency_request, &consistency).ok());
  EXPECT_EQ(consistency.new_size(), latest->size);
  EXPECT_TRUE(ledger::VerifyConsistency(covering->size, latest->size, covering->root, latest->root,
                                        HashesOf(consistency.hashes()))
                  .ok());
  grpc::ClientContext c2;
  v1::GetInclusionProofRequest inclusion_request;
  inclusion_request.set_index(paid.index());
  v1::InclusionProof inclusion;
  ASSERT_TRUE(Log().GetInclusionProof(&c2, inclusion_request, &inclusion).ok());
  EXPECT_EQ(inclusion.leaf_hash(), paid.receipt().leaf_hash());
  EXPECT_TRUE(ledger::VerifyInclusion(HashOf(inclusion.leaf_hash()), paid.index(), latest->size,
                                      HashesOf(inclusion.hashes()), latest->root)
                  .ok());

  // After a restart the node signs the same checkpoint for the same tree, with the same key.
  const std::string before = Checkpoints().checkpoint();
  StopNode();
  StartNode();
  EXPECT_EQ(Checkpoints().checkpoint(), before);
}

TEST_F(LogNodeE2eTest, RawEntriesAreShownOnlyToWhomMaySeeThem) {
  OpenAnnaAndBob();
  Accept(PayBytes(anna_, "anna", "bob", 30));  // entry 3: anna and bob
  Accept(Sign(Op({ledger::SetStatus{"bob", ledger::AccountStatus::kFrozen}}), {&admin_}));  // 4
  v1::LogEntries anonymous;
  ASSERT_TRUE(GetEntries(0, 0, "", nullptr, &anonymous).ok());
  ASSERT_EQ(anonymous.entries_size(), 5);
  EXPECT_EQ(anonymous.tree_size(), 5u);
  EXPECT_FALSE(anonymous.entries(0).entry().empty()) << "the genesis is public";
  for (int i = 1; i < 5; ++i) EXPECT_TRUE(anonymous.entries(i).entry().empty()) << i;

  v1::LogEntries annas;
  ASSERT_TRUE(GetEntries(1, 10, "anna", &anna_, &annas).ok());
  ASSERT_EQ(annas.entries_size(), 4);
  std::vector<uint64_t> visible;
  for (const v1::LogEntry& e : annas.entries()) {
    EXPECT_EQ(e.leaf_hash(), anonymous.entries(e.index()).leaf_hash());
    if (e.entry().empty()) continue;
    visible.push_back(e.index());
    // The bytes hash to the leaf: what a reader sees is what the tree commits to.
    EXPECT_EQ(Bytes(ledger::LeafHash(e.entry())), e.leaf_hash());
  }
  EXPECT_EQ(visible, (std::vector<uint64_t>{1, 3}));

  v1::LogEntries all;
  ASSERT_TRUE(GetEntries(0, 0, "", &admin_, &all).ok());
  for (const v1::LogEntry& e : all.entries()) EXPECT_FALSE(e.entry().empty()) << e.index();

  v1::LogEntries refused;
  EXPECT_EQ(GetEntries(0, 0, "anna", &bob_, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetEntries(0, 0, "", &anna_, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetEntries(0, 0, "anna", nullptr, &refused).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetEntries(0, 1001, "", nullptr, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(GetEntries(5, 1, "", nullptr, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LogNodeE2eTest, ProofsOutsideTheLogAreRefused) {
  OpenAnnaAndBob();
  auto inclusion = [&](uint64_t index, uint64_t size) {
    grpc::ClientContext context;
    v1::GetInclusionProofRequest request;
    request.set_index(index);
    request.set_tree_size(size);
    v1::InclusionProof out;
    return Log().GetInclusionProof(&context, request, &out);
  };
  auto consistency = [&](uint64_t old_size, uint64_t new_size) {
    grpc::ClientContext context;
    v1::GetConsistencyProofRequest request;
    request.set_old_size(old_size);
    request.set_new_size(new_size);
    v1::ConsistencyProof out;
    return Log().GetConsistencyProof(&context, request, &out);
  };
  EXPECT_TRUE(inclusion(2, 3).ok());
  EXPECT_TRUE(inclusion(0, 1).ok());
  grpc::Status beyond = inclusion(3, 3);
  EXPECT_EQ(beyond.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(beyond.error_message().find("not in the tree of 3 entries"), std::string::npos);
  EXPECT_EQ(inclusion(0, 4).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(consistency(1, 3).ok());
  EXPECT_TRUE(consistency(3, 3).ok());
  EXPECT_EQ(consistency(0, 3).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(consistency(3, 2).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(consistency(1, 4).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LogNodeE2eTest, ListedWitnessesCosignAndTheNodeServesTheirCosignatures) {
  const KeyPair witness = ledger::NewKeyPair();
  const KeyPair other = ledger::NewKeyPair();
  absl::StatusOr<std::string> witness_key =
      ledger::EncodeCosignerKey("gemeente.example/w", witness.public_key);
  ASSERT_TRUE(witness_key.ok());
  StopNode();
  StartNode({"--witness", *witness_key});
  OpenAnnaAndBob();
  v1::Checkpoints offered = Checkpoints();
  ASSERT_EQ(offered.witness_keys_size(), 1);
  EXPECT_EQ(offered.witness_keys(0), *witness_key);
  absl::StatusOr<ledger::Note> note = ledger::ParseNote(offered.witness_checkpoint());
  ASSERT_TRUE(note.ok());
  absl::StatusOr<ledger::Checkpoint> body = ledger::ParseCheckpointBody(note->body);
  ASSERT_TRUE(body.ok());
  auto add = [&](uint64_t size, const std::string& line) {
    grpc::ClientContext context;
    v1::AddCosignatureRequest request;
    request.set_tree_size(size);
    request.set_cosignature(line);
    v1::AddCosignatureResponse out;
    return Log().AddCosignature(&context, request, &out);
  };
  absl::StatusOr<std::string> line =
      ledger::Cosign(note->body, "gemeente.example/w", witness.secret_key, NowMs() / 1000);
  ASSERT_TRUE(line.ok());
  // Refused: another key under a listed name, a line over another size, garbage.
  absl::StatusOr<std::string> stranger =
      ledger::Cosign(note->body, "stranger.example/w", other.secret_key, NowMs() / 1000);
  EXPECT_EQ(add(body->size, *stranger).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  absl::StatusOr<std::string> forged =
      ledger::Cosign(note->body, "gemeente.example/w", other.secret_key, NowMs() / 1000);
  EXPECT_NE(add(body->size, *forged).error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(add(body->size - 1, *line).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(add(body->size, "— nonsense\n").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(add(body->size + 5, *line).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(add(body->size, *line).ok());

  v1::Checkpoints served = Checkpoints();
  ASSERT_EQ(served.cosigned_size(), 1);
  absl::StatusOr<ledger::Note> cosigned = ledger::ParseNote(served.cosigned(0));
  ASSERT_TRUE(cosigned.ok());
  EXPECT_TRUE(ledger::OpenCheckpoint(served.cosigned(0), ledger::LogOrigin(community_id_),
                                     LogKey().public_key)
                  .ok());
  absl::StatusOr<ledger::CosignerKey> decoded = ledger::DecodeCosignerKey(*witness_key);
  ASSERT_TRUE(decoded.ok());
  absl::StatusOr<std::vector<ledger::Cosignature>> verified =
      ledger::VerifyCosignatures(*cosigned, std::span<const ledger::CosignerKey>(&*decoded, 1));
  ASSERT_TRUE(verified.ok()) << verified.status();
  ASSERT_EQ(verified->size(), 1u);
  EXPECT_EQ((*verified)[0].name, "gemeente.example/w");
}

TEST_F(LogNodeE2eTest, ABatchAnswersEveryOperationWithItsOwnOutcomeAndReceipt) {
  OpenAnnaAndBob();
  const std::string origin = ledger::LogOrigin(community_id_);
  const ledger::VerifierKey key = LogKey();
  v1::SubmitBatchRequest request;
  std::vector<std::string> pays;
  for (int i = 0; i < 20; ++i) pays.push_back(PayBytes(anna_, "anna", "bob", 1 + i));
  for (const std::string& pay : pays) request.add_signed_operations(pay);
  request.add_signed_operations("garbage");
  request.add_signed_operations(PayBytes(anna_, "anna", "bob", 601));  // past the credit line
  request.add_signed_operations(pays[0]);                             // a repeat
  request.set_tag(77);
  grpc::ClientContext context;
  v1::SubmitBatchResponse response;
  ASSERT_TRUE(stub_->SubmitBatch(&context, request, &response).ok());
  EXPECT_EQ(response.tag(), 77u);
  ASSERT_EQ(response.outcomes_size(), 23);
  for (int i = 0; i < 20; ++i) {
    const v1::OperationOutcome& o = response.outcomes(i);
    ASSERT_EQ(o.result_name(), "accepted") << o.message();
    EXPECT_EQ(o.index(), 3u + i) << "in the order given";
    ledger::Receipt receipt = ReceiptOf(o.receipt());
    EXPECT_TRUE(ledger::VerifyReceipt(receipt, pays[i], origin, key.public_key).ok()) << i;
  }
  EXPECT_EQ(response.outcomes(20).result_name(), "malformed_encoding");
  EXPECT_FALSE(response.outcomes(20).has_receipt());
  EXPECT_EQ(response.outcomes(21).result_name(), "exceeds_minimum");
  EXPECT_EQ(response.outcomes(22).result_name(), "already_applied");
  EXPECT_EQ(response.outcomes(22).index(), 3u);
  EXPECT_EQ(HoursOf("bob"), 210);  // 1 + 2 + ... + 20

  grpc::ClientContext empty_context;
  v1::SubmitBatchResponse empty;
  EXPECT_EQ(stub_->SubmitBatch(&empty_context, v1::SubmitBatchRequest(), &empty).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::SubmitBatchRequest too_many;
  for (int i = 0; i < 1001; ++i) too_many.add_signed_operations("x");
  grpc::ClientContext big_context;
  EXPECT_EQ(stub_->SubmitBatch(&big_context, too_many, &empty).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LogNodeE2eTest, AStreamAnswersItsBatchesInOrder) {
  OpenAnnaAndBob();
  grpc::ClientContext context;
  auto stream = stub_->SubmitStream(&context);
  constexpr int kBatches = 12, kPerBatch = 25;
  std::vector<std::vector<std::string>> sent(kBatches);
  // Write every batch before reading any answer: several are in flight at once.
  for (int b = 0; b < kBatches; ++b) {
    v1::SubmitBatchRequest request;
    request.set_tag(1000 + b);
    for (int i = 0; i < kPerBatch; ++i) {
      sent[b].push_back(b % 2 == 0 ? PayBytes(anna_, "anna", "bob", 1) : PayBytes(bob_, "bob", "anna", 1));
      request.add_signed_operations(sent[b].back());
    }
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  uint64_t previous = 2;
  for (int b = 0; b < kBatches; ++b) {
    v1::SubmitBatchResponse response;
    ASSERT_TRUE(stream->Read(&response)) << b;
    EXPECT_EQ(response.tag(), 1000u + b);
    ASSERT_EQ(response.outcomes_size(), kPerBatch);
    for (const v1::OperationOutcome& o : response.outcomes()) {
      ASSERT_EQ(o.result_name(), "accepted") << o.message();
      EXPECT_EQ(o.index(), previous + 1);
      previous = o.index();
    }
  }
  v1::SubmitBatchResponse extra;
  EXPECT_FALSE(stream->Read(&extra));
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(Community().journal_size(), 3u + kBatches * kPerBatch);
  EXPECT_EQ(HoursOf("bob"), 0);  // as many minutes each way
}

TEST_F(LogNodeE2eTest, AMalformedBatchEndsAStreamAfterTheBatchesBeforeItAreAnswered) {
  OpenAnnaAndBob();
  grpc::ClientContext context;
  auto stream = stub_->SubmitStream(&context);
  constexpr int kBatches = 3, kPerBatch = 5;
  for (int b = 0; b < kBatches; ++b) {
    v1::SubmitBatchRequest request;
    request.set_tag(b);
    for (int i = 0; i < kPerBatch; ++i) request.add_signed_operations(PayBytes(anna_, "anna", "bob", 1));
    ASSERT_TRUE(stream->Write(request));
  }
  v1::SubmitBatchRequest empty;
  empty.set_tag(99);
  ASSERT_TRUE(stream->Write(empty));
  // The client keeps its side open: the node ends the call by itself (its reading thread must
  // not wait for more).
  for (int b = 0; b < kBatches; ++b) {
    v1::SubmitBatchResponse response;
    ASSERT_TRUE(stream->Read(&response)) << b;
    EXPECT_EQ(response.tag(), static_cast<uint64_t>(b));
    ASSERT_EQ(response.outcomes_size(), kPerBatch);
    for (const v1::OperationOutcome& o : response.outcomes()) EXPECT_EQ(o.result_name(), "accepted");
  }
  v1::SubmitBatchResponse extra;
  EXPECT_FALSE(stream->Read(&extra));
  const grpc::Status ended = stream->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(ended.error_message().find("not 0"), std::string::npos) << ended.error_message();
  EXPECT_EQ(Community().journal_size(), 3u + kBatches * kPerBatch);
}

// The commands themselves: exit codes and one-line messages.
class NodeCommandLineTest : public ::testing::Test {
 protected:
  ledger::testing::TempDir dir_;
  const std::string admin_key_ = std::string(64, 'a');
};

TEST_F(NodeCommandLineTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunProcess(kNode, {}).exit_code, 2);
  EXPECT_EQ(RunProcess(kNode, {"init", "--data-dir", dir_.Sub("d")}).exit_code, 2);
  ProcessResult bad_key = RunProcess(
      kNode, {"init", "--data-dir", dir_.Sub("d"), "--community", "X", "--admin-key", "xyz"});
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_NE(bad_key.stderr_text.find("64 hex digits"), std::string::npos) << bad_key.stderr_text;
  EXPECT_EQ(RunProcess(kNode, {"run"}).exit_code, 2);
  EXPECT_EQ(RunProcess(kNode, {"check", "--data-dir", dir_.Sub("d"), "--extra"}).exit_code, 2);
}

TEST_F(NodeCommandLineTest, InitRefusesAFolderWithAJournal) {
  const std::vector<std::string> init = {"init",     "--data-dir",  dir_.Sub("d"), "--community",
                                         "Teststad", "--admin-key", admin_key_};
  ASSERT_EQ(RunProcess(kNode, init).exit_code, 0);
  ProcessResult again = RunProcess(kNode, init);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.stderr_text.find("already holds a community's journal"), std::string::npos)
      << again.stderr_text;
}

TEST_F(NodeCommandLineTest, InitFromTheExampleGenesisFile) {
  ProcessResult init =
      RunProcess(kNode, {"init", "--data-dir", dir_.Sub("d"), "--genesis",
                         std::string(NOABER_SOURCE_DIR) + "/deploy/genesis.example.toml"});
  ASSERT_EQ(init.exit_code, 0) << init.stderr_text;
  EXPECT_NE(init.stdout_text.find("'Bornholm'"), std::string::npos);
  ProcessResult check = RunProcess(kNode, {"check", "--data-dir", dir_.Sub("d")});
  EXPECT_EQ(check.exit_code, 0) << check.stderr_text;
  EXPECT_NE(check.stdout_text.find("journal ok: 1 entries"), std::string::npos);

  const std::string bad = dir_.Sub("bad.toml");
  std::ofstream(bad) << "community = \"X\"\nadmin_keys = [\"" << admin_key_
                     << "\"]\n[[assets]]\ncode = \"HOUR\"\nkind = \"hours\"\n";
  ProcessResult refused =
      RunProcess(kNode, {"init", "--data-dir", dir_.Sub("e"), "--genesis", bad});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("bad.toml:5: assets[0].kind"), std::string::npos)
      << refused.stderr_text;
}

TEST_F(NodeCommandLineTest, RunRefusesWhatItCannotServeSafely) {
  ProcessResult missing = RunProcess(kNode, {"run", "--data-dir", dir_.Sub("none")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.stderr_text.find("noaber-node init"), std::string::npos) << missing.stderr_text;
  ProcessResult remote =
      RunProcess(kNode, {"run", "--data-dir", dir_.Sub("none"), "--listen", "0.0.0.0:0"});
  EXPECT_EQ(remote.exit_code, 1);
  EXPECT_NE(remote.stderr_text.find("without TLS"), std::string::npos) << remote.stderr_text;
  ProcessResult check = RunProcess(kNode, {"check", "--data-dir", dir_.Sub("none")});
  EXPECT_EQ(check.exit_code, 1);
}

}  // namespace
}  // namespace noaber
