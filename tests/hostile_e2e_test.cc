// Hostile requests against a running node (issue 7): each row is a request, the gRPC status
// and result number docs/api.md and signing.md document for it, and a phrase its sentence
// must hold. After all rows the journal (size, head hash, Merkle root) and the balances are
// what they were: nothing hostile was written. The real noaber-node, on a loopback port.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "noaber/ledger/amount.h"
#include "tests/node_client.h"

namespace noaber::testing {
namespace {

using grpc::StatusCode;
using ledger::AccountKind;
using ledger::Amount;
using ledger::KeyPair;

constexpr int64_t kDayMs = 24 * 3'600'000LL;
constexpr int kNoResult = -1;  // a call error, not a ledger result: no trailers

// One hostile write: signed bytes (or not), and what the node must answer.
struct WriteRow {
  std::string name;
  std::string bytes;
  StatusCode code;
  int result_code;
  std::string phrase;
};

// One hostile read: a call, and the status it must end with.
struct ReadRow {
  std::string name;
  std::function<grpc::Status()> call;
  StatusCode code;
  std::string phrase;
};

class HostileE2eTest : public NodeClientTest {
 protected:
  void SetUp() override {
    admin_ = ledger::NewKeyPair();
    anna_ = ledger::NewKeyPair();
    bob_ = ledger::NewKeyPair();
    shop_ = ledger::NewKeyPair();
    stranger_ = ledger::NewKeyPair();
    Found({&admin_}, 1);
    if (HasFatalFailure()) return;
    Accept(Sign(Op({ledger::OpenAccount{"anna", AccountKind::kResident, {anna_.public_key}, 1},
                    ledger::OpenAccount{"bob", AccountKind::kResident, {bob_.public_key}, 1},
                    ledger::OpenAccount{"winkel", AccountKind::kPartner, {shop_.public_key}, 1}}),
                {&admin_}));
    paid_ = Op({Pay("anna", "bob", 30, "heg")});
    paid_bytes_ = Sign(paid_, {&anna_});
    Accept(paid_bytes_);
    // The community account issues all it may (its floor is -10^15) to a partner whose
    // maximum is 10^15: one minute more overflows either side.
    Accept(Sign(Op({ledger::Transfer{"community", "winkel", "HOUR", Amount{ledger::kAmountMax}, "",
                                     "sponsoring"}}),
                {&admin_}));
    before_ = Journal(admin_);
    balances_before_ = Balances();
  }

  // After every test: nothing was written and no balance moved.
  void TearDown() override {
    if (!ledger_) return;
    EXPECT_EQ(Journal(admin_), before_) << "a hostile request changed the journal";
    EXPECT_EQ(Balances(), balances_before_);
  }

  static ledger::Transfer Pay(const std::string& from, const std::string& to, int64_t minutes,
                              const std::string& memo = "", const std::string& skill = "") {
    return ledger::Transfer{from, to, "HOUR", Amount{minutes}, skill, memo};
  }
  // Anna's signed payment of one transfer, with the operation changed by `change`.
  std::string AnnaPays(ledger::Transfer transfer,
                       const std::function<void(ledger::Operation&)>& change = {}) {
    ledger::Operation op = Op({std::move(transfer)});
    if (change) change(op);
    return Sign(op, {&anna_});
  }
  // An envelope of `body` with the given signatures, in the given order.
  static std::string Envelope(std::string body, std::vector<ledger::SignatureEntry> signatures) {
    return ledger::EncodeSignedOperation({std::move(body), std::move(signatures)});
  }
  // `body` signed by `key` (whatever the body is).
  static std::string SignBody(const std::string& body, const KeyPair& key) {
    ledger::SignedOperation s{body, {}};
    EXPECT_TRUE(ledger::AddSignature(key.secret_key, &s).ok());
    return ledger::EncodeSignedOperation(s);
  }
  static ledger::SignatureEntry SignatureBy(const std::string& body, const KeyPair& key) {
    ledger::SignedOperation s{body, {}};
    EXPECT_TRUE(ledger::AddSignature(key.secret_key, &s).ok());
    return s.signatures[0];
  }

  // Every account's balance in every asset, as the administrator reads it.
  std::map<std::string, int64_t> Balances() {
    std::map<std::string, int64_t> out;
    for (const char* handle : {"community", "anna", "bob", "winkel"}) {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("GetBalances"));
      v1::GetBalancesRequest request;
      request.set_handle(handle);
      v1::Balances balances;
      grpc::Status status = ledger_->GetBalances(&context, request, &balances);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::Balance& b : balances.balances()) {
        out[std::string(handle) + " " + b.asset()] = b.balance();
        out[std::string(handle) + " " + b.asset() + " pending"] =
            b.pending_debits() + b.pending_credits();
      }
    }
    return out;
  }

  std::vector<WriteRow> SignatureRows();
  std::vector<WriteRow> EncodingRows();
  std::vector<WriteRow> ReplayAndTimeRows();
  std::vector<WriteRow> AmountRows();
  std::vector<WriteRow> TextRows();
  std::vector<WriteRow> UnknownAndLinkedRows();
  // All rows above, in one list.
  std::vector<WriteRow> WriteRows() {
    std::vector<WriteRow> rows;
    for (auto part : {&HostileE2eTest::SignatureRows, &HostileE2eTest::EncodingRows,
                      &HostileE2eTest::ReplayAndTimeRows, &HostileE2eTest::AmountRows,
                      &HostileE2eTest::TextRows, &HostileE2eTest::UnknownAndLinkedRows}) {
      std::vector<WriteRow> more = (this->*part)();
      rows.insert(rows.end(), more.begin(), more.end());
    }
    return rows;
  }

  KeyPair admin_, anna_, bob_, shop_, stranger_;
  ledger::Operation paid_;
  std::string paid_bytes_;
  JournalState before_;
  std::map<std::string, int64_t> balances_before_;
};

std::vector<WriteRow> HostileE2eTest::SignatureRows() {
  const ledger::Operation pay = Op({Pay("anna", "bob", 5)});
  const std::string body = ledger::EncodeOperation(pay);
  std::string flipped = Sign(pay, {&anna_});
  flipped.back() ^= 0x01;  // inside the signature
  const ledger::Operation other = Op({Pay("anna", "bob", 6)});
  std::vector<ledger::SignatureEntry> seventeen;
  for (int i = 0; i < 17; ++i) seventeen.push_back(SignatureBy(body, ledger::NewKeyPair()));
  std::sort(seventeen.begin(), seventeen.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  std::vector<ledger::SignatureEntry> unsorted = {SignatureBy(body, anna_),
                                                  SignatureBy(body, bob_)};
  std::sort(unsorted.begin(), unsorted.end(),
            [](const auto& a, const auto& b) { return b.key < a.key; });
  ledger::Operation elsewhere = pay;
  elsewhere.id = ledger::NewOperationId();
  elsewhere.community.fill(0x42);
  return {
      {"no signature", Envelope(body, {}), StatusCode::UNAUTHENTICATED, 110,
       "the operation is not signed"},
      {"a flipped bit in the signature", flipped, StatusCode::UNAUTHENTICATED, 109,
       "does not verify"},
      {"anna's signature of another operation",
       Envelope(body, {SignatureBy(ledger::EncodeOperation(other), anna_)}),
       StatusCode::UNAUTHENTICATED, 109, "does not verify"},
      {"signed by the wrong key (bob pays from anna)", Sign(pay, {&bob_}),
       StatusCode::PERMISSION_DENIED, 207, "the signature of 'anna' (1 of its 1 keys) is needed"},
      {"signed by a key of no account", Sign(pay, {&stranger_}), StatusCode::PERMISSION_DENIED, 207,
       "the signature of 'anna'"},
      {"another community's operation", Sign(elsewhere, {&anna_}), StatusCode::INVALID_ARGUMENT,
       103, "signed for another community"},
      {"17 signatures", Envelope(body, seventeen), StatusCode::INVALID_ARGUMENT, 111, "at most 16"},
      {"the same signature twice",
       Envelope(body, {SignatureBy(body, anna_), SignatureBy(body, anna_)}),
       StatusCode::INVALID_ARGUMENT, 101, "sorted by public key, each key once"},
      {"signatures not sorted by key", Envelope(body, unsorted), StatusCode::INVALID_ARGUMENT, 101,
       "sorted by public key"},
      {"a resident opens an account",
       Sign(Op({ledger::OpenAccount{"carla", AccountKind::kResident, {stranger_.public_key}, 1}}),
            {&anna_}),
       StatusCode::PERMISSION_DENIED, 207, "administrator are needed to open an account"},
  };
}

std::vector<WriteRow> HostileE2eTest::EncodingRows() {
  const std::string good = AnnaPays(Pay("anna", "bob", 5));
  const std::string body = ledger::EncodeOperation(Op({Pay("anna", "bob", 5)}));
  std::string version_two = body;
  version_two[std::string_view("noaber-operation").size()] = 2;
  const std::string huge_body(ledger::kSignedOperationBytesMax + 1024, 'x');
  return {
      {"no bytes at all", "", StatusCode::INVALID_ARGUMENT, kNoResult,
       "signed_operation is required"},
      {"text instead of an operation", "not an operation", StatusCode::INVALID_ARGUMENT, 100,
       "truncated"},
      {"an envelope cut short", good.substr(0, good.size() - 10), StatusCode::INVALID_ARGUMENT, 100,
       "the signed operation is truncated"},
      {"a byte after the envelope", good + std::string(1, '\0'), StatusCode::INVALID_ARGUMENT, 100,
       "bytes after the end of the signed operation"},
      {"a signed body that is no operation", SignBody("hello, node", anna_),
       StatusCode::INVALID_ARGUMENT, 100, "these bytes are not a Noaber operation"},
      {"a signed body cut short", SignBody(body.substr(0, body.size() - 3), anna_),
       StatusCode::INVALID_ARGUMENT, 100, "the operation is truncated"},
      {"a signed body with a byte after it", SignBody(body + "x", anna_),
       StatusCode::INVALID_ARGUMENT, 100, "1 bytes after its end"},
      {"operation version 2", SignBody(version_two, anna_), StatusCode::INVALID_ARGUMENT, 102,
       "operation version 2 is not supported"},
      {"a 65 KiB signed operation", SignBody(huge_body, anna_), StatusCode::INVALID_ARGUMENT, 104,
       "at most 65536 are accepted"},
      {"a request over request_bytes_max (300 KiB)", std::string(300 * 1024, 'x'),
       StatusCode::RESOURCE_EXHAUSTED, kNoResult, "larger than max"},
      {"no actions", Sign(Op({}), {&anna_}), StatusCode::INVALID_ARGUMENT, 105,
       "the operation has no actions"},
      {"a node-only action (expire_pending)",
       Sign(Op({ledger::ExpirePending{ledger::NewOperationId()}}), {&admin_}),
       StatusCode::INVALID_ARGUMENT, 108, "done by the node, not submitted"},
  };
}

std::vector<WriteRow> HostileE2eTest::ReplayAndTimeRows() {
  ledger::Operation reused = paid_;
  reused.actions = {Pay("anna", "bob", 31, "heg")};
  return {
      {"the same operation again (a retry)", paid_bytes_, StatusCode::OK, 1,
       "this operation was accepted before, as entry 2"},
      {"the same operation id with other content", Sign(reused, {&anna_}),
       StatusCode::ALREADY_EXISTS, 202, "was already used for a different operation"},
      {"valid_until in the past",
       AnnaPays(Pay("anna", "bob", 5),
                [](ledger::Operation& op) { op.valid_until_ms = WallClockMs() - 60'000; }),
       StatusCode::FAILED_PRECONDITION, 200, "the operation was valid until"},
      {"valid_until at the epoch",
       AnnaPays(Pay("anna", "bob", 5), [](ledger::Operation& op) { op.valid_until_ms = 0; }),
       StatusCode::FAILED_PRECONDITION, 200, "was valid until 1970-01-01 00:00:00 UTC"},
      {"valid_until negative",
       AnnaPays(
           Pay("anna", "bob", 5),
           [](ledger::Operation& op) { op.valid_until_ms = std::numeric_limits<int64_t>::min(); }),
       StatusCode::FAILED_PRECONDITION, 200, "the operation was valid until"},
      {"valid_until 8 days ahead",
       AnnaPays(Pay("anna", "bob", 5),
                [](ledger::Operation& op) { op.valid_until_ms = WallClockMs() + 8 * kDayMs; }),
       StatusCode::FAILED_PRECONDITION, 201, "lies more than 7 days ahead"},
      {"valid_until at the end of time",
       AnnaPays(
           Pay("anna", "bob", 5),
           [](ledger::Operation& op) { op.valid_until_ms = std::numeric_limits<int64_t>::max(); }),
       StatusCode::FAILED_PRECONDITION, 201, "lies more than 7 days ahead"},
  };
}

std::vector<WriteRow> HostileE2eTest::AmountRows() {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  return {
      {"a negative amount", AnnaPays(Pay("anna", "bob", -30)), StatusCode::INVALID_ARGUMENT, 115,
       "the amount must be more than zero and at most 10^15 minor units, not -30"},
      {"a zero amount", AnnaPays(Pay("anna", "bob", 0)), StatusCode::INVALID_ARGUMENT, 115,
       "must be more than zero"},
      {"the largest int64 amount", AnnaPays(Pay("anna", "bob", kMax)), StatusCode::INVALID_ARGUMENT,
       115, "at most 10^15 minor units"},
      {"the smallest int64 amount", AnnaPays(Pay("anna", "bob", kMin)),
       StatusCode::INVALID_ARGUMENT, 115, "at most 10^15 minor units"},
      {"10^15 + 1 minutes", AnnaPays(Pay("anna", "bob", ledger::kAmountMax + 1)),
       StatusCode::INVALID_ARGUMENT, 115, "at most 10^15 minor units"},
      {"a negative amount to post",
       Sign(Op({ledger::PostPending{ledger::NewOperationId(), Amount{-1}}}), {&anna_}),
       StatusCode::INVALID_ARGUMENT, 115, "the amount to post must be more than zero"},
      {"a negative estimate",
       Sign(Op({ledger::PostListing{"anna", ledger::ListingKind::kOffer, "tuin", "Heggen", "HOUR",
                                    Amount{-60}, 0}}),
            {&anna_}),
       StatusCode::INVALID_ARGUMENT, 115, "the estimate must be more than zero"},
      {"issuing past the community's floor",
       Sign(Op({ledger::Transfer{"community", "bob", "HOUR", Amount{1}, "", "nog meer"}}),
            {&admin_}),
       StatusCode::OUT_OF_RANGE, 220, "the amount overflows 'community'"},
      {"paying a partner past 10^15", AnnaPays(Pay("anna", "winkel", 1)), StatusCode::OUT_OF_RANGE,
       220, "the amount overflows 'winkel'"},
      {"a limit beyond 10^15",
       Sign(Op({ledger::SetLimits{"anna", "HOUR", Amount{-ledger::kAmountMax - 1}, {}}}),
            {&admin_}),
       StatusCode::INVALID_ARGUMENT, 123, "within +-10^15 minor units"},
      {"a pending transfer's timeout of 0",
       Sign(Op({ledger::CreatePending{Pay("anna", "bob", 5), 0}}), {&anna_}),
       StatusCode::INVALID_ARGUMENT, 122, "1 second to 366 days, not 0 ms"},
      {"a negative pending timeout",
       Sign(Op({ledger::CreatePending{Pay("anna", "bob", 5), kMin}}), {&anna_}),
       StatusCode::INVALID_ARGUMENT, 122, "1 second to 366 days"},
      {"more than anna's credit line", AnnaPays(Pay("anna", "bob", 600)),
       StatusCode::FAILED_PRECONDITION, 210, "its minimum is -10h"},
  };
}

std::vector<WriteRow> HostileE2eTest::TextRows() {
  const std::string ansi = "\x1b[31mrood";
  const std::string bad_utf8 = "caf\xc3\x28";
  auto listing = [&](const std::string& text) {
    return Sign(Op({ledger::PostListing{"anna", ledger::ListingKind::kOffer, "tuin", text, "",
                                        Amount{0}, 0}}),
                {&anna_});
  };
  auto request = [&](const std::string& memo) {
    return Sign(Op({ledger::RequestPayment{"anna", "bob", "HOUR", Amount{30}, "", memo, {}, 0}}),
                {&anna_});
  };
  auto open = [&](const std::string& handle) {
    return Sign(
        Op({ledger::OpenAccount{handle, AccountKind::kResident, {stranger_.public_key}, 1}}),
        {&admin_});
  };
  auto skill = [&](const std::string& label) {
    return Sign(Op({ledger::SetSkill{{"tuin", label, "Gardening", "home", false}}}), {&admin_});
  };
  return {
      {"a memo of 257 bytes", AnnaPays(Pay("anna", "bob", 5, std::string(257, 'm'))),
       StatusCode::INVALID_ARGUMENT, 116, "the memo has 257 bytes; at most 256"},
      {"a memo that is not UTF-8", AnnaPays(Pay("anna", "bob", 5, bad_utf8)),
       StatusCode::INVALID_ARGUMENT, 116, "the memo is not valid UTF-8 or holds control"},
      {"a memo with a terminal escape", AnnaPays(Pay("anna", "bob", 5, ansi)),
       StatusCode::INVALID_ARGUMENT, 116, "the memo is not valid UTF-8 or holds control"},
      {"a memo with a NUL byte", AnnaPays(Pay("anna", "bob", 5, std::string("a\0b", 3))),
       StatusCode::INVALID_ARGUMENT, 116, "holds control characters"},
      {"a memo with an overlong '/'", AnnaPays(Pay("anna", "bob", 5, "\xc0\xaf")),
       StatusCode::INVALID_ARGUMENT, 116, "not valid UTF-8"},
      {"a memo with a UTF-16 surrogate", AnnaPays(Pay("anna", "bob", 5, "\xed\xa0\x80")),
       StatusCode::INVALID_ARGUMENT, 116, "not valid UTF-8"},
      {"a request's memo that is not UTF-8", request(bad_utf8), StatusCode::INVALID_ARGUMENT, 116,
       "not valid UTF-8"},
      {"a listing text of 501 bytes", listing(std::string(501, 't')), StatusCode::INVALID_ARGUMENT,
       116, "the text has 501 bytes; at most 500"},
      {"a listing text that is not UTF-8", listing(bad_utf8), StatusCode::INVALID_ARGUMENT, 116,
       "the text is not valid UTF-8 or holds control characters"},
      {"a listing text with a newline", listing("regel\nregel"), StatusCode::INVALID_ARGUMENT, 116,
       "the text is not valid UTF-8 or holds control characters"},
      {"an empty listing text", listing(""), StatusCode::INVALID_ARGUMENT, 116,
       "the listing needs a text"},
      {"a skill label with a terminal escape", skill(ansi), StatusCode::INVALID_ARGUMENT, 116,
       "a skill label is not valid UTF-8"},
      {"a correction reason of 257 bytes",
       Sign(Op({ledger::CorrectTransfer{paid_.id, 0, std::string(257, 'r')}}), {&admin_}),
       StatusCode::INVALID_ARGUMENT, 116, "the reason has 257 bytes; at most 256"},
      {"a handle in capitals", open("Carla"), StatusCode::INVALID_ARGUMENT, 112,
       "account handle 'Carla' is not 3-32 characters"},
      {"a handle with a control character", AnnaPays(Pay("anna", "b\tob", 5)),
       StatusCode::INVALID_ARGUMENT, 112, "receiver handle 'b\\x09ob' is not 3-32 characters"},
      {"a handle that is not UTF-8", open("\xff\xfe\xfd"), StatusCode::INVALID_ARGUMENT, 112,
       "account handle '\\xff\\xfe\\xfd' is not 3-32 characters"},
      {"an asset code that is not UTF-8",
       AnnaPays(ledger::Transfer{"anna", "bob", "H\xc3", Amount{5}, "", ""}),
       StatusCode::INVALID_ARGUMENT, 113, "asset code 'H\\xc3' is not"},
      {"a skill code with a terminal escape", AnnaPays(Pay("anna", "bob", 5, "", ansi)),
       StatusCode::INVALID_ARGUMENT, 114, "skill code '\\x1b[31mrood' is not"},
      {"a handle of 33 bytes", open(std::string(33, 'a')), StatusCode::INVALID_ARGUMENT, 112,
       "is not 3-32 characters"},
      {"an asset code in lower case",
       AnnaPays(ledger::Transfer{"anna", "bob", "hour", Amount{5}, "", ""}),
       StatusCode::INVALID_ARGUMENT, 113, "asset code 'hour' is not 2-12 characters"},
      {"a skill code with a space", AnnaPays(Pay("anna", "bob", 5, "", "tuin werk")),
       StatusCode::INVALID_ARGUMENT, 114, "skill code 'tuin werk'"},
  };
}

std::vector<WriteRow> HostileE2eTest::UnknownAndLinkedRows() {
  std::vector<ledger::Action> too_many, last_fails;
  for (int i = 0; i < 65; ++i) too_many.push_back(Pay("anna", "bob", 1));
  for (int i = 0; i < 63; ++i) last_fails.push_back(Pay("anna", "bob", 1));
  last_fails.push_back(Pay("anna", "bob", 600));
  return {
      {"paying an unknown handle", AnnaPays(Pay("anna", "nobody", 5)), StatusCode::NOT_FOUND, 203,
       "there is no account 'nobody'"},
      {"paying from an unknown handle", Sign(Op({Pay("ghost", "bob", 5)}), {&stranger_}),
       StatusCode::NOT_FOUND, 203, "there is no account 'ghost'"},
      {"an unknown asset", AnnaPays(ledger::Transfer{"anna", "bob", "XYZ", Amount{5}, "", ""}),
       StatusCode::NOT_FOUND, 205, "this community has no asset 'XYZ'"},
      {"an unknown skill", AnnaPays(Pay("anna", "bob", 5, "", "zweefvliegen")),
       StatusCode::NOT_FOUND, 206, "there is no skill 'zweefvliegen' in the catalogue"},
      {"posting an unknown pending transfer",
       Sign(Op({ledger::PostPending{ledger::NewOperationId(), {}}}), {&anna_}),
       StatusCode::NOT_FOUND, 212, "no pending transfer"},
      {"closing an unknown listing",
       Sign(Op({ledger::CloseListing{ledger::NewOperationId()}}), {&anna_}), StatusCode::NOT_FOUND,
       223, "there is no listing"},
      {"accepting an unknown request",
       Sign(Op({ledger::AcceptRequest{ledger::NewOperationId()}}), {&anna_}), StatusCode::NOT_FOUND,
       225, "there is no payment request"},
      {"opening an account that exists",
       Sign(Op({ledger::OpenAccount{"bob", AccountKind::kResident, {bob_.public_key}, 1}}),
            {&admin_}),
       StatusCode::ALREADY_EXISTS, 204, "the handle 'bob' is taken"},
      {"paying oneself", AnnaPays(Pay("anna", "anna", 5)), StatusCode::INVALID_ARGUMENT, 121,
       "'anna' cannot pay itself"},
      {"issuing without a reason",
       Sign(Op({ledger::Transfer{"community", "bob", "HOUR", Amount{5}, "", ""}}), {&admin_}),
       StatusCode::INVALID_ARGUMENT, 125, "give the reason as memo"},
      {"an account without keys",
       Sign(Op({ledger::OpenAccount{"carla", AccountKind::kResident, {}, 1}}), {&admin_}),
       StatusCode::INVALID_ARGUMENT, 117, "an account has 1 to 10 keys, not 0"},
      {"a threshold above the keys",
       Sign(Op({ledger::OpenAccount{"carla", AccountKind::kResident, {stranger_.public_key}, 2}}),
            {&admin_}),
       StatusCode::INVALID_ARGUMENT, 118, "threshold 2 is not between 1 and 1"},
      {"two pending transfers in one operation",
       Sign(Op({ledger::CreatePending{Pay("anna", "bob", 5), 60'000},
                ledger::CreatePending{Pay("anna", "bob", 6), 60'000}}),
            {&anna_}),
       StatusCode::INVALID_ARGUMENT, 124, "creates at most one"},
      {"65 linked actions (over the limit of 64)", Sign(Op(too_many), {&anna_}),
       StatusCode::INVALID_ARGUMENT, 106, "the operation has 65 actions; at most 64"},
      {"64 linked actions whose last fails", Sign(Op(last_fails), {&anna_}),
       StatusCode::FAILED_PRECONDITION, 210, "action 64 of 64: 'anna' cannot pay 10h"},
  };
}

// A sentence for people: valid UTF-8 without control characters, whatever the request held.
void ExpectPrintable(const std::string& message, const std::string& row) {
  EXPECT_TRUE(ledger::IsValidText(message, message.size())) << row << ": " << message;
}

void ExpectRow(const WriteRow& row, const SubmitReply& reply) {
  EXPECT_EQ(reply.code, row.code) << row.name << ": " << reply;
  EXPECT_EQ(reply.result_code, row.result_code) << row.name << ": " << reply;
  EXPECT_NE(reply.message.find(row.phrase), std::string::npos)
      << row.name << ": \"" << reply.message << "\" lacks \"" << row.phrase << "\"";
  ExpectPrintable(reply.message, row.name);
}

TEST_F(HostileE2eTest, EveryHostileSubmitGetsItsDocumentedCodeAndSentence) {
  const std::vector<WriteRow> rows = WriteRows();
  ASSERT_GT(rows.size(), 70u);
  for (const WriteRow& row : rows) {
    SubmitReply reply = Submit(row.bytes);
    ExpectRow(row, reply);
    if (row.result_code > 1) {
      EXPECT_EQ(reply.result_name,
                ledger::ResultCodeName(static_cast<ledger::ResultCode>(row.result_code)))
          << row.name;
    }
  }
  // Still nothing after the whole table: a second pass gives the same answers (no state was
  // left behind by the first).
  for (const WriteRow& row : rows) ExpectRow(row, Submit(row.bytes));
}

// The same table through SubmitBatch, where every operation gets its own outcome with the
// same result number and sentence as Submit; and the batch's own bounds.
TEST_F(HostileE2eTest, ABatchOfHostileOperationsGetsTheSameOutcomes) {
  std::vector<WriteRow> rows;
  for (const WriteRow& row : WriteRows()) {
    // Call errors of Submit have no outcome in a batch; an empty operation is decoded.
    if (row.result_code != kNoResult) rows.push_back(row);
  }
  v1::SubmitBatchRequest request;
  for (const WriteRow& row : rows) request.add_signed_operations(row.bytes);
  request.add_signed_operations("");
  grpc::ClientContext context;
  v1::SubmitBatchResponse response;
  grpc::Status status = ledger_->SubmitBatch(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.outcomes_size(), static_cast<int>(rows.size()) + 1);
  for (size_t i = 0; i < rows.size(); ++i) {
    const v1::OperationOutcome& outcome = response.outcomes(static_cast<int>(i));
    EXPECT_EQ(static_cast<int>(outcome.result_code()), rows[i].result_code)
        << rows[i].name << ": " << outcome.message();
    EXPECT_NE(outcome.message().find(rows[i].phrase), std::string::npos)
        << rows[i].name << ": \"" << outcome.message() << "\"";
    ExpectPrintable(outcome.message(), rows[i].name);
    EXPECT_EQ(outcome.has_receipt(), rows[i].result_code == 1) << rows[i].name;
  }
  EXPECT_EQ(response.outcomes(static_cast<int>(rows.size())).result_name(), "malformed_encoding");

  struct BatchRow {
    std::string name;
    int operations;
    StatusCode code;
    std::string phrase;
  };
  const std::vector<BatchRow> bounds = {
      {"an empty batch", 0, StatusCode::INVALID_ARGUMENT,
       "a batch holds 1 to 1000 signed operations, not 0"},
      {"1001 operations", 1001, StatusCode::INVALID_ARGUMENT,
       "a batch holds 1 to 1000 signed operations, not 1001"},
  };
  for (const BatchRow& row : bounds) {
    v1::SubmitBatchRequest batch;
    for (int i = 0; i < row.operations; ++i) batch.add_signed_operations(paid_bytes_);
    grpc::ClientContext batch_context;
    v1::SubmitBatchResponse out;
    grpc::Status refused = ledger_->SubmitBatch(&batch_context, batch, &out);
    EXPECT_EQ(refused.error_code(), row.code) << row.name << ": " << refused.error_message();
    EXPECT_NE(refused.error_message().find(row.phrase), std::string::npos)
        << row.name << ": " << refused.error_message();
  }
  // A stream answers a batch over the bound with the same status and ends.
  grpc::ClientContext stream_context;
  auto stream = ledger_->SubmitStream(&stream_context);
  v1::SubmitBatchRequest too_many;
  for (int i = 0; i < 1001; ++i) too_many.add_signed_operations(paid_bytes_);
  stream->Write(too_many);
  stream->WritesDone();
  v1::SubmitBatchResponse ignored;
  EXPECT_FALSE(stream->Read(&ignored));
  grpc::Status ended = stream->Finish();
  EXPECT_EQ(ended.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(ended.error_message().find("not 1001"), std::string::npos) << ended.error_message();
}

TEST_F(HostileE2eTest, HostileReadsGetTheirDocumentedCodes) {
  // Calls signed by the administrator, so that only the hostile field is wrong.
  auto history = [&](const std::string& handle, uint32_t limit) {
    return [=, this] {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("GetHistory"));
      v1::GetHistoryRequest request;
      request.set_handle(handle);
      request.set_limit(limit);
      v1::History out;
      return ledger_->GetHistory(&context, request, &out);
    };
  };
  auto listings = [&](const std::string& skill, const std::string& kind, uint32_t limit) {
    return [=, this] {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("ListListings"));
      v1::ListListingsRequest request;
      request.set_skill(skill);
      request.set_kind(kind);
      request.set_limit(limit);
      v1::Listings out;
      return ledger_->ListListings(&context, request, &out);
    };
  };
  auto requests = [&](const std::string& role, uint32_t limit) {
    return [=, this] {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("ListRequests"));
      v1::ListRequestsRequest request;
      request.set_handle("anna");
      request.set_role(role);
      request.set_limit(limit);
      v1::PaymentRequests out;
      return ledger_->ListRequests(&context, request, &out);
    };
  };
  auto statement = [&](int32_t year, const std::string& asset) {
    return [=, this] {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("GetStatement"));
      v1::GetStatementRequest request;
      request.set_handle("anna");
      request.set_year(year);
      request.set_asset(asset);
      v1::Statements out;
      return ledger_->GetStatement(&context, request, &out);
    };
  };
  auto entries = [&](uint64_t start, uint32_t count) {
    return [=, this] {
      grpc::ClientContext context;
      v1::GetEntriesRequest request;
      request.set_start(start);
      request.set_count(count);
      v1::LogEntries out;
      return log_->GetEntries(&context, request, &out);
    };
  };
  auto watch = [&](uint64_t from_index) {
    return [=, this] {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("WatchJournal"));
      v1::WatchJournalRequest request;
      request.set_from_index(from_index);
      auto stream = ledger_->WatchJournal(&context, request);
      v1::JournalEntry entry;
      while (stream->Read(&entry)) {
      }
      return stream->Finish();
    };
  };
  auto pending = [&](const std::string& id) {
    return [=, this] {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("GetPending"));
      v1::GetPendingRequest request;
      request.set_pending_id(id);
      v1::PendingInfo out;
      return ledger_->GetPending(&context, request, &out);
    };
  };
  auto account = [&](const v1::GetAccountRequest& request) {
    return [=, this] {
      grpc::ClientContext context;
      v1::AccountInfo out;
      return ledger_->GetAccount(&context, request, &out);
    };
  };
  v1::GetAccountRequest by_unknown_handle, by_short_key;
  by_unknown_handle.set_handle("nobody");
  by_short_key.set_public_key(std::string(31, 'k'));
  auto initiative = [&](const std::string& handle) {
    return [=, this] {
      grpc::ClientContext context;
      Authorize(&context, admin_, LedgerMethod("GetInitiative"));
      v1::GetInitiativeRequest request;
      request.set_handle(handle);
      v1::InitiativeInfo out;
      return ledger_->GetInitiative(&context, request, &out);
    };
  };
  auto inclusion = [&](uint64_t index, uint64_t tree_size) {
    return [=, this] {
      grpc::ClientContext context;
      v1::GetInclusionProofRequest request;
      request.set_index(index);
      request.set_tree_size(tree_size);
      v1::InclusionProof out;
      return log_->GetInclusionProof(&context, request, &out);
    };
  };
  auto cosign = [&](uint64_t tree_size, const std::string& line) {
    return [=, this] {
      grpc::ClientContext context;
      v1::AddCosignatureRequest request;
      request.set_tree_size(tree_size);
      request.set_cosignature(line);
      v1::AddCosignatureResponse out;
      return log_->AddCosignature(&context, request, &out);
    };
  };
  // Balances of anna with the noaber-auth value `auth` (none when empty).
  auto balances_with = [&](const std::string& auth) {
    return [=, this] {
      grpc::ClientContext context;
      if (!auth.empty()) context.AddMetadata(ledger::kCallAuthMetadataKey, auth);
      v1::GetBalancesRequest request;
      request.set_handle("anna");
      v1::Balances out;
      return ledger_->GetBalances(&context, request, &out);
    };
  };
  const std::string balances_method = LedgerMethod("GetBalances");
  const std::string replayed = ledger::EncodeCallAuth(
      ledger::SignCall(anna_.secret_key, community_id_, balances_method, WallClockMs()));
  ledger::CommunityId elsewhere{};
  elsewhere.fill(0x42);
  const uint32_t huge = std::numeric_limits<uint32_t>::max();

  const std::vector<ReadRow> rows = {
      {"history page of 0 (the default)", history("anna", 0), StatusCode::OK, ""},
      {"history page of 201", history("anna", 201), StatusCode::INVALID_ARGUMENT,
       "limit 201 is above the page maximum of 200 entries"},
      {"history page of 2^32-1", history("anna", huge), StatusCode::INVALID_ARGUMENT,
       "limit 4294967295 is above the page maximum"},
      {"history of no handle", history("", 10), StatusCode::INVALID_ARGUMENT, "handle is required"},
      {"history of a handle in capitals", history("Anna", 10), StatusCode::INVALID_ARGUMENT,
       "handle 'Anna' is not a handle"},
      {"history of a handle with a control character", history("an\x01na", 10),
       StatusCode::INVALID_ARGUMENT, "is not a handle"},
      // proto3 string fields must be UTF-8: gRPC refuses the request before the node sees it.
      {"history of a handle that is not UTF-8", history("an\xffna", 10), StatusCode::INTERNAL, ""},
      {"history of a 10 000-byte handle", history(std::string(10'000, 'a'), 10),
       StatusCode::INVALID_ARGUMENT, "is not a handle (3-32 of a-z 0-9 . _ -)"},
      {"history of an unknown handle", history("nobody", 10), StatusCode::NOT_FOUND,
       "no account 'nobody'"},
      {"listings page of 201", listings("", "", 201), StatusCode::INVALID_ARGUMENT,
       "above the page maximum of 200"},
      {"listings of skill 'Tuin!'", listings("Tuin!", "", 0), StatusCode::INVALID_ARGUMENT,
       "is not a skill code"},
      {"listings of an unknown skill", listings("zweefvliegen", "", 0), StatusCode::NOT_FOUND,
       "there is no skill 'zweefvliegen'"},
      {"listings of kind 'offers'", listings("", "offers", 0), StatusCode::INVALID_ARGUMENT,
       "kind 'offers' is not \"offer\" or \"request\""},
      {"requests page of 2^32-1", requests("", huge), StatusCode::INVALID_ARGUMENT,
       "above the page maximum of 200"},
      {"requests of role 'boss'", requests("boss", 0), StatusCode::INVALID_ARGUMENT,
       "role 'boss' is not"},
      {"a statement of year -1", statement(-1, ""), StatusCode::INVALID_ARGUMENT,
       "year -1 is outside"},
      {"a statement of the smallest int32 year", statement(std::numeric_limits<int32_t>::min(), ""),
       StatusCode::INVALID_ARGUMENT, "is outside"},
      {"a statement of year 9999", statement(9999, ""), StatusCode::INVALID_ARGUMENT,
       "year 9999 is outside"},
      {"a statement in an unknown asset", statement(0, "XYZ"), StatusCode::INVALID_ARGUMENT,
       "asset 'XYZ' is not one of the community's time assets"},
      {"log entries page of 1001", entries(0, 1001), StatusCode::INVALID_ARGUMENT,
       "above the page maximum of 1000"},
      {"log entries from 2^64-1", entries(std::numeric_limits<uint64_t>::max(), 1),
       StatusCode::INVALID_ARGUMENT, "is beyond the log's"},
      {"a watch from beyond the journal's end", watch(1'000'000), StatusCode::INVALID_ARGUMENT,
       "lies beyond the journal's end"},
      {"a pending id of 3 bytes", pending("abc"), StatusCode::INVALID_ARGUMENT,
       "pending_id must be an operation id of 16 bytes, not 3"},
      {"an unknown pending id", pending(BytesOf(ledger::NewOperationId())), StatusCode::NOT_FOUND,
       "no pending transfer"},
      {"an account by an unknown handle", account(by_unknown_handle), StatusCode::NOT_FOUND,
       "no account 'nobody'"},
      {"an account by a key of 31 bytes", account(by_short_key), StatusCode::INVALID_ARGUMENT,
       "public_key must be an Ed25519 public key of 32 bytes, not 31"},
      {"an account by neither handle nor key", account(v1::GetAccountRequest()),
       StatusCode::INVALID_ARGUMENT, "give either handle or public_key"},
      {"an initiative that is a resident", initiative("anna"), StatusCode::FAILED_PRECONDITION,
       "'anna' is a resident, not an initiative"},
      {"an inclusion proof beyond the tree", inclusion(before_.size, before_.size),
       StatusCode::INVALID_ARGUMENT, "not in the tree of"},
      {"an inclusion proof in a tree larger than the log", inclusion(0, 1'000'000),
       StatusCode::INVALID_ARGUMENT, "tree_size 1000000 is beyond the log's"},
      {"a cosignature of no tree", cosign(0, "x\n"), StatusCode::INVALID_ARGUMENT,
       "tree_size is required"},
      {"a cosignature of two lines", cosign(before_.size, "\xe2\x80\x94 a b\n\xe2\x80\x94 c d\n"),
       StatusCode::INVALID_ARGUMENT, "a cosignature is one signature line"},
      {"no noaber-auth", balances_with(""), StatusCode::UNAUTHENTICATED, "this call is private"},
      {"a noaber-auth that is garbage", balances_with("garbage"), StatusCode::UNAUTHENTICATED,
       "noaber-auth metadata: expected key.time.nonce.signature"},
      {"a noaber-auth for another method",
       balances_with(ledger::EncodeCallAuth(ledger::SignCall(
           anna_.secret_key, community_id_, LedgerMethod("GetHistory"), WallClockMs()))),
       StatusCode::UNAUTHENTICATED, "the call's signature does not verify"},
      {"a noaber-auth for another community",
       balances_with(ledger::EncodeCallAuth(
           ledger::SignCall(anna_.secret_key, elsewhere, balances_method, WallClockMs()))),
       StatusCode::UNAUTHENTICATED, "the call's signature does not verify"},
      {"a noaber-auth two minutes old",
       balances_with(ledger::EncodeCallAuth(ledger::SignCall(
           anna_.secret_key, community_id_, balances_method, WallClockMs() - 120'000))),
       StatusCode::UNAUTHENTICATED, "more than a minute from the node's clock"},
      {"a noaber-auth two minutes ahead",
       balances_with(ledger::EncodeCallAuth(ledger::SignCall(
           anna_.secret_key, community_id_, balances_method, WallClockMs() + 120'000))),
       StatusCode::UNAUTHENTICATED, "more than a minute from the node's clock"},
      {"a noaber-auth used once", balances_with(replayed), StatusCode::OK, ""},
      {"the same noaber-auth again", balances_with(replayed), StatusCode::UNAUTHENTICATED,
       "this call's nonce was used before"},
  };
  for (const ReadRow& row : rows) {
    grpc::Status status = row.call();
    EXPECT_EQ(status.error_code(), row.code) << row.name << ": " << status.error_message();
    EXPECT_NE(status.error_message().find(row.phrase), std::string::npos)
        << row.name << ": \"" << status.error_message() << "\" lacks \"" << row.phrase << "\"";
    ExpectPrintable(status.error_message(), row.name);
  }
}

}  // namespace
}  // namespace noaber::testing
