#include "tests/crash/crash_load.h"

#include <chrono>
#include <span>

#include "noaber/ledger/strings.h"

namespace noaber::crash {

namespace {

using ledger::StrCat;

constexpr std::chrono::seconds kCallDeadline{10};
// A stream lives for one cycle; this only bounds a node that hangs instead of dying.
constexpr std::chrono::seconds kStreamDeadline{120};
constexpr int kBatchOperationsMin = 5;
constexpr int kBatchOperationsMax = 40;
constexpr int64_t kTransferMinutesMax = 5;
constexpr int64_t kPendingTimeoutMs = 24LL * 3600 * 1000;  // never expires during a run
constexpr int64_t kBeyondAnyLimitMinutes = 1000 * 60;      // far below the 10h credit line
constexpr char kUnavailableName[] = "unavailable";         // result 301

std::string TransferLabel(const Effect& effect, const std::string& client) {
  return StrCat("transfer ", effect.from, "->", effect.to, " ", effect.minutes, "m (", client, ")");
}

// The trailer `key` the node sets on a rejection; empty when absent (no answer from it).
std::string Trailer(const grpc::ClientContext& context, const std::string& key) {
  const auto& trailers = context.GetServerTrailingMetadata();
  auto found = trailers.find(key);
  if (found == trailers.end()) return {};
  return std::string(found->second.data(), found->second.size());
}

// Records a unary answer: acknowledged, rejected by the node, or unknown. Returns the fate.
Fate RecordUnary(Registry* registry, size_t number, const grpc::Status& status,
                 const v1::SubmitResponse& response, const grpc::ClientContext& context) {
  if (status.ok()) {
    registry->Acknowledge(number, response.index());
    return Fate::kAcknowledged;
  }
  const std::string name = Trailer(context, "noaber-result-name");
  // No answer from the node (the call failed on the way), or "unavailable": the node stopped
  // taking writes after a storage error, and a batch in flight may have been applied.
  if (name.empty() || name == kUnavailableName) return Fate::kUnknown;
  registry->Reject(number, StrCat(name, ": ", status.error_message()));
  return Fate::kRejected;
}

void RecordOutcome(Registry* registry, size_t number, const v1::OperationOutcome& outcome) {
  if (outcome.result_code() <= 1) {
    registry->Acknowledge(number, outcome.index());
  } else if (outcome.result_name() != kUnavailableName) {  // else unknown, as above
    registry->Reject(number, StrCat(outcome.result_name(), ": ", outcome.message()));
  }
}

Fate SubmitOne(v1::Ledger::Stub* stub, Registry* registry, SentOperation operation) {
  v1::SubmitRequest request;
  request.set_signed_operation(operation.signed_bytes);
  const size_t number = registry->Add(std::move(operation));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  v1::SubmitResponse response;
  grpc::Status status = stub->Submit(&context, request, &response);
  return RecordUnary(registry, number, status, response, context);
}

// Makes a batch of random size; adds its operations to `registry`, their numbers to `numbers`.
v1::SubmitBatchRequest MakeBatch(OperationMaker* maker, Registry* registry, uint64_t tag,
                                 std::vector<size_t>* numbers) {
  v1::SubmitBatchRequest request;
  request.set_tag(tag);
  const int count =
      kBatchOperationsMin +
      static_cast<int>(maker->random()() % (kBatchOperationsMax - kBatchOperationsMin + 1));
  numbers->clear();
  for (int i = 0; i < count; ++i) {
    SentOperation operation = maker->Next();
    request.add_signed_operations(operation.signed_bytes);
    numbers->push_back(registry->Add(std::move(operation)));
  }
  return request;
}

// Records a batch's answer; a response that does not match leaves the fates unknown.
void RecordBatch(Registry* registry, const std::vector<size_t>& numbers,
                 const v1::SubmitBatchResponse& response) {
  if (static_cast<size_t>(response.outcomes_size()) != numbers.size()) return;
  for (size_t i = 0; i < numbers.size(); ++i) {
    RecordOutcome(registry, numbers[i], response.outcomes(static_cast<int>(i)));
  }
}

}  // namespace

SentOperation OperationMaker::Transfer() {
  const int n = static_cast<int>(community_->residents.size());
  const int payer = Pick(n);
  const int payee = (payer + 1 + Pick(n - 1)) % n;
  SentOperation sent;
  sent.effect = {community_->residents[payer].handle, community_->residents[payee].handle,
                 1 + static_cast<int64_t>(random_() % kTransferMinutesMax)};
  ledger::Operation operation = NewOperation(
      *community_, ledger::Transfer{sent.effect.from, sent.effect.to, kAsset,
                                    ledger::Amount{sent.effect.minutes}, kSkill, "crash"});
  sent.id = operation.id;
  sent.signed_bytes = SignBy(operation, community_->residents[payer].key);
  sent.label = TransferLabel(sent.effect, client_);
  sent.cycle = cycle_;
  return sent;
}

SentOperation OperationMaker::Next() {
  if (Pick(7) == 0) return MustReject();
  return Transfer();
}

SentOperation OperationMaker::MustReject() {
  const int n = static_cast<int>(community_->residents.size());
  const int payer_at = Pick(n);
  const Resident& payer = community_->residents[payer_at];
  const Resident& other = community_->residents[(payer_at + 1 + Pick(n - 1)) % n];
  std::string to = other.handle;
  int64_t minutes = 1;
  const ledger::KeyPair* signer = &payer.key;
  std::string why;
  switch (Pick(4)) {
    case 0:
      to = "nobody";
      why = "unknown payee";
      break;
    case 1:
      signer = &other.key;
      why = "signed by the payee, not the payer";
      break;
    case 2:
      minutes = kBeyondAnyLimitMinutes;
      why = "beyond the payer's limit";
      break;
    default:
      why = "damaged signature";
      break;
  }
  ledger::Operation operation = NewOperation(
      *community_, ledger::Transfer{payer.handle, to, kAsset, ledger::Amount{minutes}, kSkill, ""});
  SentOperation sent;
  sent.id = operation.id;
  sent.signed_bytes = SignBy(operation, *signer);
  if (why == "damaged signature") sent.signed_bytes.back() ^= 0x01;
  sent.must_reject = true;
  sent.label = StrCat("must-reject transfer ", payer.handle, "->", to, " ", minutes, "m: ", why,
                      " (", client_, ")");
  sent.cycle = cycle_;
  return sent;
}

LoadClients::LoadClients(LoadSpec spec) : spec_(std::move(spec)) {
  channel_ = grpc::CreateChannel("ipv4:" + spec_.address, grpc::InsecureChannelCredentials());
  stub_ = v1::Ledger::NewStub(channel_);
  for (int i = 0; i < spec_.unary_clients; ++i) threads_.emplace_back([this, i] { RunUnary(i); });
  threads_.emplace_back([this] { RunBatch(); });
  threads_.emplace_back([this] { RunStream(); });
  threads_.emplace_back([this] { RunPending(); });
}

LoadClients::~LoadClients() { Finish(); }

void LoadClients::Finish() {
  stop_ = true;
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

uint64_t LoadClients::ClientSeed(int client) const {
  return spec_.seed * 1'000'003ULL + static_cast<uint64_t>(spec_.cycle) * 101 + client;
}

void LoadClients::RunUnary(int client) {
  OperationMaker maker(spec_.community, ClientSeed(client), StrCat("unary ", client), spec_.cycle);
  // A call without the node's answer means it is gone: sending more would only add
  // operations that never reached it.
  while (!stop_ && SubmitOne(stub_.get(), spec_.registry, maker.Next()) != Fate::kUnknown) {
  }
}

void LoadClients::RunBatch() {
  OperationMaker maker(spec_.community, ClientSeed(50), "batch", spec_.cycle);
  std::vector<size_t> numbers;
  for (uint64_t tag = 1; !stop_; ++tag) {
    v1::SubmitBatchRequest request = MakeBatch(&maker, spec_.registry, tag, &numbers);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    v1::SubmitBatchResponse response;
    if (!stub_->SubmitBatch(&context, request, &response).ok()) break;  // fates unknown
    RecordBatch(spec_.registry, numbers, response);
  }
}

void LoadClients::RunStream() {
  OperationMaker maker(spec_.community, ClientSeed(51), "stream", spec_.cycle);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kStreamDeadline);
  auto stream = stub_->SubmitStream(&context);
  std::vector<size_t> numbers;
  for (uint64_t tag = 1; !stop_; ++tag) {
    if (!stream->Write(MakeBatch(&maker, spec_.registry, tag, &numbers))) break;
    v1::SubmitBatchResponse response;
    if (!stream->Read(&response)) break;  // the batch's fate stays unknown
    if (response.tag() == tag) RecordBatch(spec_.registry, numbers, response);
  }
  stream->WritesDone();
  (void)stream->Finish();
}

namespace {

// The operation that ends pending transfer `pending` (`reserved` from `payer`): a third of
// the time a void, a third a post of all of it, a third a post of one minute less (a part).
SentOperation FinishPending(OperationMaker* maker, const Community& community,
                            const Resident& payer, const ledger::OperationId& pending,
                            const Effect& reserved, int cycle) {
  SentOperation finish;
  finish.cycle = cycle;
  const std::string of = StrCat(ledger::OperationIdToHex(pending), " ", reserved.from, "->",
                                reserved.to, " (", maker->client(), ")");
  const int choice = static_cast<int>(maker->random()() % 3);
  if (choice == 2) {
    ledger::Operation voiding = NewOperation(community, ledger::VoidPending{pending});
    finish.id = voiding.id;
    finish.signed_bytes = SignBy(voiding, payer.key);
    finish.label = StrCat("void_pending of ", of);
    return finish;
  }
  const bool part = choice == 1 && reserved.minutes > 1;
  const int64_t moved = part ? reserved.minutes - 1 : reserved.minutes;
  ledger::Operation posting = NewOperation(
      community,
      ledger::PostPending{
          pending, part ? std::optional<ledger::Amount>(ledger::Amount{moved}) : std::nullopt});
  finish.id = posting.id;
  finish.signed_bytes = SignBy(posting, payer.key);
  finish.effect = {reserved.from, reserved.to, moved};
  finish.label = StrCat("post_pending ", moved, "m of ", of);
  return finish;
}

}  // namespace

void LoadClients::RunPending() {
  OperationMaker maker(spec_.community, ClientSeed(52), "pending", spec_.cycle);
  while (!stop_) {
    // A transfer made pending instead: it moves nothing until posted.
    SentOperation create = maker.Transfer();
    const Effect reserved = create.effect;
    const Resident* payer = &spec_.community->residents.front();
    for (const Resident& r : spec_.community->residents) {
      if (r.handle == reserved.from) payer = &r;
    }
    ledger::Operation operation =
        NewOperation(*spec_.community,
                     ledger::CreatePending{{reserved.from, reserved.to, kAsset,
                                            ledger::Amount{reserved.minutes}, kSkill, "pending"},
                                           kPendingTimeoutMs});
    create.id = operation.id;
    create.signed_bytes = SignBy(operation, payer->key);
    create.effect = {};
    create.label = StrCat("create_pending ", reserved.from, "->", reserved.to, " ",
                          reserved.minutes, "m (pending)");
    const Fate created = SubmitOne(stub_.get(), spec_.registry, std::move(create));
    if (created == Fate::kUnknown) break;
    if (created == Fate::kRejected) continue;
    SentOperation finish =
        FinishPending(&maker, *spec_.community, *payer, operation.id, reserved, spec_.cycle);
    if (SubmitOne(stub_.get(), spec_.registry, std::move(finish)) == Fate::kUnknown) break;
  }
}

}  // namespace noaber::crash
