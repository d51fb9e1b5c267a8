// The authorization matrix (issue 7): every kind of caller against every call of
// noaber.v1.Ledger and noaber.v1.Log, on a real node whose administrators need 2 of 2
// signatures. Writes are signed operations of each action family, built afresh for each
// caller (with whatever they act on prepared by its owner first); reads are signed with the
// caller's key in noaber-auth. Only what docs/economy.md and docs/api.md allow succeeds; every
// other cell is the documented denial. The matrix printed at the end is the one in
// docs/api.md, "Who may call what".
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/result.h"
#include "tests/node_client.h"

namespace noaber::testing {
namespace {

using grpc::StatusCode;
using ledger::AccountKind;
using ledger::Amount;
using ledger::KeyPair;
using Keys = std::vector<const KeyPair*>;

// In the read matrix: the call succeeds but shows leaf hashes only, no entry's bytes (what
// GetEntries gives a caller without noaber-auth).
constexpr StatusCode kHashesOnly = StatusCode::NOT_FOUND;

// Result numbers in the write matrix.
constexpr int kAccepted = 0;
constexpr int kDenied = 207;    // not_authorized: PERMISSION_DENIED
constexpr int kUnsigned = 110;  // no_signatures: UNAUTHENTICATED

// A kind of caller: the keys it signs with (none: an anonymous caller). It signs reads with
// its last key.
struct CallerKind {
  std::string name;
  Keys keys;
};

// One write: builds the caller's signed operation (preparing what it acts on first), the
// result number expected per caller kind, and what undoes an accepted one (or nothing).
struct WriteCall {
  std::string name;
  std::function<std::string(const Keys&)> make;
  std::vector<int> expected;
  std::function<void()> undo;
};

// One read, made with `key` (null: without noaber-auth); the status expected per caller kind.
struct ReadCall {
  std::string name;
  std::function<grpc::Status(const KeyPair*)> call;
  std::vector<StatusCode> expected;
};

class AuthzE2eTest : public NodeClientTest {
 protected:
  void SetUp() override {
    for (KeyPair* key : {&admin1_, &admin2_, &anna_, &bob_, &shop_, &ineke_, &truus_, &jan_,
                         &stranger_, &witness_}) {
      *key = ledger::NewKeyPair();
    }
    absl::StatusOr<std::string> witness_key =
        ledger::EncodeCosignerKey("witness.example/w", witness_.public_key);
    ASSERT_TRUE(witness_key.ok());
    Found({&admin1_, &admin2_}, 2, {"--witness", *witness_key});
    if (HasFatalFailure()) return;
    auto resident = [](const std::string& handle, const KeyPair& key) {
      return ledger::OpenAccount{handle, AccountKind::kResident, {key.public_key}, 1};
    };
    Accept(
        Sign(Op({resident("anna", anna_), resident("bob", bob_), resident("ineke", ineke_),
                 resident("truus", truus_), resident("jan", jan_),
                 ledger::OpenAccount{"winkel", AccountKind::kPartner, {shop_.public_key}, 1},
                 ledger::OpenAccount{"buurttuin", AccountKind::kInitiative, {ineke_.public_key}, 1},
                 ledger::SetAssisted{"truus", true}}),
             Admins()));
    Accept(Sign(Op({Issue("winkel", 600), Issue("buurttuin", 600)}), Admins()));
    Accept(Sign(Op({Pay("anna", "bob", 30)}), {&anna_}));
    callers_ = {{"nobody", {}},
                {"stranger", {&stranger_}},
                {"resident", {&anna_}},
                {"other resident", {&bob_}},
                {"partner", {&shop_}},
                {"initiative owner", {&ineke_}},
                {"admin below threshold", {&admin1_}},
                {"admins at threshold", {&admin1_, &admin2_}}};
  }

  Keys Admins() { return {&admin1_, &admin2_}; }
  static ledger::Transfer Pay(const std::string& from, const std::string& to, int64_t minutes) {
    return ledger::Transfer{from, to, "HOUR", Amount{minutes}, "", ""};
  }
  static ledger::Transfer Issue(const std::string& to, int64_t minutes) {
    return ledger::Transfer{"community", to, "HOUR", Amount{minutes}, "", "budget"};
  }
  // Accepts `op` signed by `keys`; returns it (so its id names what it made).
  ledger::Operation Prepare(const ledger::Operation& op, const Keys& keys) {
    Accept(Sign(op, keys));
    return op;
  }
  ledger::Operation AnnasPending() {
    return Prepare(Op({ledger::CreatePending{Pay("anna", "bob", 1), 3'600'000}}), {&anna_});
  }
  ledger::Operation AnnasRequest() {
    return Prepare(
        Op({ledger::RequestPayment{"anna", "bob", "HOUR", Amount{1}, "", "lamp", {}, 0}}),
        {&anna_});
  }
  ledger::Operation AnnasListing() {
    return Prepare(Op({ledger::PostListing{"anna", ledger::ListingKind::kOffer, "tuin",
                                           "Heggen snoeien", "", Amount{0}, 0}}),
                   {&anna_});
  }

  std::vector<WriteCall> Writes();
  std::vector<ReadCall> Reads();

  KeyPair admin1_, admin2_, anna_, bob_, shop_, ineke_, truus_, jan_, stranger_, witness_;
  std::vector<CallerKind> callers_;
  int opened_ = 0;
};

std::vector<WriteCall> AuthzE2eTest::Writes() {
  constexpr int A = kAccepted, D = kDenied, U = kUnsigned;
  // Columns: nobody, stranger, resident (anna), other resident (bob), partner (winkel),
  // initiative owner (ineke, holds buurttuin's key), admin below threshold, admins at it.
  const std::vector<int> only_anna = {U, D, A, D, D, D, D, D};
  const std::vector<int> only_admins = {U, D, D, D, D, D, D, A};
  const std::vector<int> anna_or_admins = {U, D, A, D, D, D, D, A};
  const std::vector<int> both_sides_or_admins = {U, D, A, A, D, D, D, A};
  return {
      {"transfer (resident pays)",
       [this](const Keys& k) { return Sign(Op({Pay("anna", "bob", 1)}), k); },
       only_anna,
       {}},
      {"transfer from an assisted resident",
       [this](const Keys& k) { return Sign(Op({Pay("truus", "bob", 1)}), k); },
       only_admins,
       {}},
      {"transfer from a partner",
       [this](const Keys& k) { return Sign(Op({Pay("winkel", "anna", 1)}), k); },
       {U, D, D, D, A, D, D, D},
       {}},
      {"transfer from an initiative",
       [this](const Keys& k) { return Sign(Op({Pay("buurttuin", "bob", 1)}), k); },
       {U, D, D, D, D, A, D, D},
       {}},
      {"transfer from community (issue)",
       [this](const Keys& k) { return Sign(Op({Issue("winkel", 1)}), k); },
       only_admins,
       {}},
      {"create_pending",
       [this](const Keys& k) {
         return Sign(Op({ledger::CreatePending{Pay("anna", "bob", 1), 3'600'000}}), k);
       },
       only_anna,
       {}},
      {"post_pending",
       [this](const Keys& k) {
         return Sign(Op({ledger::PostPending{AnnasPending().id, {}}}), k);
       },
       only_anna,
       {}},
      {"void_pending",
       [this](const Keys& k) { return Sign(Op({ledger::VoidPending{AnnasPending().id}}), k); },
       both_sides_or_admins,
       {}},
      {"open_account",
       [this](const Keys& k) {
         return Sign(Op({ledger::OpenAccount{"nieuw-" + std::to_string(++opened_),
                                             AccountKind::kResident,
                                             {ledger::NewKeyPair().public_key},
                                             1}}),
                     k);
       },
       only_admins,
       {}},
      {"set_limits",
       [this](const Keys& k) {
         return Sign(Op({ledger::SetLimits{"anna", "HOUR", Amount{-600}, {}}}), k);
       },
       only_admins,
       {}},
      {"set_status (freeze)",
       [this](const Keys& k) {
         return Sign(Op({ledger::SetStatus{"jan", ledger::AccountStatus::kFrozen}}), k);
       },
       only_admins,
       [this] {
         Accept(Sign(Op({ledger::SetStatus{"jan", ledger::AccountStatus::kActive}}), Admins()));
       }},
      {"rotate_keys",
       [this](const Keys& k) {
         return Sign(Op({ledger::RotateKeys{"anna", {anna_.public_key}, 1}}), k);
       },
       anna_or_admins,
       {}},
      {"set_skill",
       [this](const Keys& k) {
         return Sign(Op({ledger::SetSkill{{"tuin", "Tuinonderhoud", "Gardening", "home", false}}}),
                     k);
       },
       only_admins,
       {}},
      {"set_assisted",
       [this](const Keys& k) {
         return Sign(Op({ledger::SetAssisted{"anna", false}}), k);
       },
       only_admins,
       {}},
      {"correct_transfer",
       [this](const Keys& k) {
         const ledger::Operation paid = Prepare(Op({Pay("anna", "bob", 1)}), {&anna_});
         return Sign(Op({ledger::CorrectTransfer{paid.id, 0, "vergissing"}}), k);
       },
       only_admins,
       {}},
      {"post_listing",
       [this](const Keys& k) {
         return Sign(Op({ledger::PostListing{"anna", ledger::ListingKind::kOffer, "tuin", "Heggen",
                                             "", Amount{0}, 0}}),
                     k);
       },
       only_anna,
       {}},
      {"close_listing",
       [this](const Keys& k) { return Sign(Op({ledger::CloseListing{AnnasListing().id}}), k); },
       anna_or_admins,
       {}},
      {"request_payment (resident asks bob)",
       [this](const Keys& k) {
         return Sign(Op({ledger::RequestPayment{"anna", "bob", "HOUR", Amount{1}, "", "", {}, 0}}),
                     k);
       },
       only_anna,
       {}},
      {"accept_request (bob pays anna)",
       [this](const Keys& k) { return Sign(Op({ledger::AcceptRequest{AnnasRequest().id}}), k); },
       {U, D, D, A, D, D, D, D},
       {}},
      {"decline_request",
       [this](const Keys& k) { return Sign(Op({ledger::DeclineRequest{AnnasRequest().id}}), k); },
       both_sides_or_admins,
       {}},
  };
}

std::vector<ReadCall> AuthzE2eTest::Reads() {
  const StatusCode Y = StatusCode::OK, N = StatusCode::PERMISSION_DENIED,
                   U = StatusCode::UNAUTHENTICATED;
  const std::vector<StatusCode> anna_and_admins = {U, N, Y, N, N, N, Y, Y};
  const std::vector<StatusCode> admins_only = {U, N, N, N, N, N, Y, Y};
  const std::vector<StatusCode> everyone(callers_.size(), Y);
  const ledger::Operation pending = AnnasPending();
  AnnasRequest();
  AnnasListing();
  auto sign = [this](grpc::ClientContext* context, const KeyPair* key, const std::string& method) {
    if (key != nullptr) Authorize(context, *key, method);
  };
  auto balances = [=, this](const std::string& handle) {
    return [=, this](const KeyPair* key) {
      grpc::ClientContext context;
      sign(&context, key, LedgerMethod("GetBalances"));
      v1::GetBalancesRequest request;
      request.set_handle(handle);
      v1::Balances out;
      return ledger_->GetBalances(&context, request, &out);
    };
  };
  auto watch = [=, this](const std::string& handle) {
    return [=, this](const KeyPair* key) {
      grpc::ClientContext context;
      sign(&context, key, LedgerMethod("WatchJournal"));
      v1::WatchJournalRequest request;
      request.set_handle(handle);
      request.set_from_index(1);
      auto stream = ledger_->WatchJournal(&context, request);
      v1::JournalEntry entry;
      if (!stream->Read(&entry)) return stream->Finish();
      context.TryCancel();
      stream->Finish();
      return grpc::Status::OK;
    };
  };
  // Raw entry bytes: OK only when some entry after the public genesis came with its bytes.
  auto raw_entries = [=, this](const std::string& handle) {
    return [=, this](const KeyPair* key) {
      grpc::ClientContext context;
      sign(&context, key, LogMethod("GetEntries"));
      v1::GetEntriesRequest request;
      request.set_handle(handle);
      v1::LogEntries out;
      grpc::Status status = log_->GetEntries(&context, request, &out);
      if (!status.ok()) return status;
      for (const v1::LogEntry& e : out.entries()) {
        if (e.index() > 0 && !e.entry().empty()) return status;
      }
      return grpc::Status(kHashesOnly, "no raw bytes beyond the genesis");
    };
  };
  return {
      {"GetBalances (resident)", balances("anna"), anna_and_admins},
      {"GetBalances (partner)", balances("winkel"), {U, N, N, N, Y, N, Y, Y}},
      {"GetBalances (initiative)", balances("buurttuin"), {U, N, N, N, N, Y, Y, Y}},
      {"GetHistory",
       [=, this](const KeyPair* key) {
         grpc::ClientContext context;
         sign(&context, key, LedgerMethod("GetHistory"));
         v1::GetHistoryRequest request;
         request.set_handle("anna");
         v1::History out;
         return ledger_->GetHistory(&context, request, &out);
       },
       anna_and_admins},
      {"GetPending (anna pays bob)",
       [=, this](const KeyPair* key) {
         grpc::ClientContext context;
         sign(&context, key, LedgerMethod("GetPending"));
         v1::GetPendingRequest request;
         request.set_pending_id(BytesOf(pending.id));
         v1::PendingInfo out;
         return ledger_->GetPending(&context, request, &out);
       },
       {U, N, Y, Y, N, N, Y, Y}},
      {"WatchJournal (own account)", watch("anna"), anna_and_admins},
      {"WatchJournal (every entry)", watch(""), admins_only},
      {"ListListings",
       [=, this](const KeyPair* key) {
         grpc::ClientContext context;
         sign(&context, key, LedgerMethod("ListListings"));
         v1::Listings out;
         return ledger_->ListListings(&context, v1::ListListingsRequest(), &out);
       },
       {U, N, Y, Y, Y, Y, Y, Y}},
      {"ListRequests",
       [=, this](const KeyPair* key) {
         grpc::ClientContext context;
         sign(&context, key, LedgerMethod("ListRequests"));
         v1::ListRequestsRequest request;
         request.set_handle("anna");
         v1::PaymentRequests out;
         return ledger_->ListRequests(&context, request, &out);
       },
       anna_and_admins},
      {"GetInitiative",
       [=, this](const KeyPair* key) {
         grpc::ClientContext context;
         sign(&context, key, LedgerMethod("GetInitiative"));
         v1::GetInitiativeRequest request;
         request.set_handle("buurttuin");
         v1::InitiativeInfo out;
         return ledger_->GetInitiative(&context, request, &out);
       },
       {U, N, N, N, N, Y, Y, Y}},
      {"GetStatement",
       [=, this](const KeyPair* key) {
         grpc::ClientContext context;
         sign(&context, key, LedgerMethod("GetStatement"));
         v1::GetStatementRequest request;
         request.set_handle("anna");
         v1::Statements out;
         return ledger_->GetStatement(&context, request, &out);
       },
       anna_and_admins},
      {"Log.GetEntries raw bytes (own account)", raw_entries("anna"), anna_and_admins},
      {"Log.GetEntries raw bytes (every entry)",
       raw_entries(""),
       {kHashesOnly, N, N, N, N, N, Y, Y}},
      // Public calls: no noaber-auth needed, whoever asks.
      {"GetCommunity",
       [=, this](const KeyPair*) {
         grpc::ClientContext context;
         v1::Community out;
         return ledger_->GetCommunity(&context, {}, &out);
       },
       everyone},
      {"GetAccount",
       [=, this](const KeyPair*) {
         grpc::ClientContext context;
         v1::GetAccountRequest request;
         request.set_handle("anna");
         v1::AccountInfo out;
         return ledger_->GetAccount(&context, request, &out);
       },
       everyone},
      {"GetNodeKey",
       [=, this](const KeyPair*) {
         grpc::ClientContext context;
         v1::NodeKey out;
         return ledger_->GetNodeKey(&context, {}, &out);
       },
       everyone},
      {"Log.GetCheckpoint",
       [=, this](const KeyPair*) {
         grpc::ClientContext context;
         v1::Checkpoints out;
         return log_->GetCheckpoint(&context, {}, &out);
       },
       everyone},
      {"Log.GetInclusionProof",
       [=, this](const KeyPair*) {
         grpc::ClientContext context;
         v1::GetInclusionProofRequest request;
         request.set_index(1);
         v1::InclusionProof out;
         return log_->GetInclusionProof(&context, request, &out);
       },
       everyone},
      {"Log.GetConsistencyProof",
       [=, this](const KeyPair*) {
         grpc::ClientContext context;
         v1::GetConsistencyProofRequest request;
         request.set_old_size(1);
         v1::ConsistencyProof out;
         return log_->GetConsistencyProof(&context, request, &out);
       },
       everyone},
      {"Log.GetEntries leaf hashes (no noaber-auth)",
       [=, this](const KeyPair*) {
         grpc::ClientContext context;
         v1::LogEntries out;
         return log_->GetEntries(&context, v1::GetEntriesRequest(), &out);
       },
       everyone},
      // Only a witness the node lists may cosign; every caller here cosigns under its own
      // name (an anonymous caller with a throwaway key).
      {"Log.AddCosignature",
       [=, this](const KeyPair* key) {
         const KeyPair throwaway = ledger::NewKeyPair();
         grpc::ClientContext checkpoint_context;
         v1::Checkpoints checkpoints;
         grpc::Status read = log_->GetCheckpoint(&checkpoint_context, {}, &checkpoints);
         if (!read.ok()) return read;
         absl::StatusOr<ledger::Note> note = ledger::ParseNote(checkpoints.witness_checkpoint());
         absl::StatusOr<ledger::Checkpoint> body =
             note.ok() ? ledger::ParseCheckpointBody(note->body)
                       : absl::StatusOr<ledger::Checkpoint>(note.status());
         absl::StatusOr<std::string> line =
             body.ok() ? ledger::Cosign(note->body, "caller.example/w",
                                        (key ? *key : throwaway).secret_key, WallClockMs() / 1000)
                       : absl::StatusOr<std::string>(body.status());
         if (!line.ok()) return grpc::Status(StatusCode::INTERNAL, "cannot cosign in the test");
         grpc::ClientContext context;
         v1::AddCosignatureRequest request;
         request.set_tree_size(body->size);
         request.set_cosignature(*line);
         v1::AddCosignatureResponse out;
         return log_->AddCosignature(&context, request, &out);
       },
       std::vector<StatusCode>(callers_.size(), N)},
  };
}

// "accepted", or the result's gRPC code and number, for the printed matrix.
std::string Cell(int result_code) {
  if (result_code == kAccepted) return "yes";
  const auto code = static_cast<ledger::ResultCode>(result_code);
  return std::string(ledger::ResultCodeName(code)) + " " + std::to_string(result_code);
}

std::string Cell(StatusCode code) {
  switch (code) {
    case StatusCode::OK:
      return "yes";
    case StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case kHashesOnly:
      return "leaf hashes only";
    default:
      return "code " + std::to_string(static_cast<int>(code));
  }
}

std::string Header(const std::vector<CallerKind>& callers) {
  std::string header = "| call |", rule = "|---|";
  for (const CallerKind& caller : callers) {
    header += " " + caller.name + " |";
    rule += "---|";
  }
  return header + "\n" + rule + "\n";
}

TEST_F(AuthzE2eTest, EveryCallerGetsExactlyWhatTheRulesAllow) {
  std::string writes_table = Header(callers_);
  std::vector<std::string> denied;  // signed bytes of every refused write, for the batch pass
  std::vector<int> denied_codes;
  for (const WriteCall& call : Writes()) {
    ASSERT_EQ(call.expected.size(), callers_.size()) << call.name;
    writes_table += "| " + call.name + " |";
    for (size_t c = 0; c < callers_.size(); ++c) {
      const std::string bytes = call.make(callers_[c].keys);
      const SubmitReply reply = Submit(bytes);
      const int expected = call.expected[c];
      EXPECT_EQ(reply.result_code, expected)
          << call.name << " by " << callers_[c].name << ": " << reply;
      if (expected == kDenied) {
        EXPECT_EQ(reply.code, StatusCode::PERMISSION_DENIED) << call.name;
      } else if (expected == kUnsigned) {
        EXPECT_EQ(reply.code, StatusCode::UNAUTHENTICATED) << call.name;
      }
      if (reply.result_code == kAccepted && call.undo) call.undo();
      if (reply.result_code != kAccepted) {
        denied.push_back(bytes);
        denied_codes.push_back(reply.result_code);
      }
      writes_table += " " + Cell(reply.result_code) + " |";
    }
    writes_table += "\n";
  }

  // SubmitBatch and SubmitStream are open to anyone, and judge each operation as Submit does:
  // the refused writes stay refused and change nothing.
  const JournalState before = Journal(admin1_);
  v1::SubmitBatchRequest batch;
  for (const std::string& bytes : denied) batch.add_signed_operations(bytes);
  grpc::ClientContext batch_context;
  v1::SubmitBatchResponse batch_response;
  ASSERT_TRUE(ledger_->SubmitBatch(&batch_context, batch, &batch_response).ok());
  ASSERT_EQ(batch_response.outcomes_size(), static_cast<int>(denied.size()));
  grpc::ClientContext stream_context;
  auto stream = ledger_->SubmitStream(&stream_context);
  ASSERT_TRUE(stream->Write(batch));
  stream->WritesDone();
  v1::SubmitBatchResponse stream_response;
  ASSERT_TRUE(stream->Read(&stream_response));
  EXPECT_TRUE(stream->Finish().ok());
  ASSERT_EQ(stream_response.outcomes_size(), static_cast<int>(denied.size()));
  for (size_t i = 0; i < denied.size(); ++i) {
    EXPECT_EQ(static_cast<int>(batch_response.outcomes(i).result_code()), denied_codes[i]) << i;
    EXPECT_EQ(static_cast<int>(stream_response.outcomes(i).result_code()), denied_codes[i]) << i;
  }
  EXPECT_EQ(Journal(admin1_), before);

  std::string reads_table = Header(callers_);
  for (const ReadCall& call : Reads()) {
    ASSERT_EQ(call.expected.size(), callers_.size()) << call.name;
    reads_table += "| " + call.name + " |";
    for (size_t c = 0; c < callers_.size(); ++c) {
      const KeyPair* key = callers_[c].keys.empty() ? nullptr : callers_[c].keys.back();
      const grpc::Status status = call.call(key);
      EXPECT_EQ(status.error_code(), call.expected[c])
          << call.name << " by " << callers_[c].name << ": " << status.error_message();
      if (!status.ok() && status.error_code() != kHashesOnly) {
        EXPECT_FALSE(status.error_message().empty()) << call.name << " by " << callers_[c].name;
      }
      reads_table += " " + Cell(status.error_code()) + " |";
    }
    reads_table += "\n";
  }
  std::cout << "Writes (result of Submit):\n" << writes_table << "\nReads:\n" << reads_table;
}

}  // namespace
}  // namespace noaber::testing
