// Tests of the write path around the rules: verification, retries and id reuse, the validity
// window, linked batches, storage failures, reopening, and the clock.
#include "noaber/ledger/ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/memory_store.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 60 * kMinuteMs;

Transfer Hours(const std::string& from, const std::string& to, int64_t minutes) {
  return Transfer{from, to, "HOUR", Amount{minutes}, "", ""};
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* handle : {"anna", "bert", "carla"}) {
      ASSERT_EQ(c.Open(handle).code, ResultCode::kAccepted);
    }
  }
  // The signed bytes of a payment of `minutes` from `from` to `to`, signed by `from`.
  std::string SignedPayment(const std::string& from, const std::string& to, int64_t minutes) {
    return TestCommunity::SignBy(c.Op({Hours(from, to, minutes)}), {from});
  }
  VerifiedOperation Verified(const std::string& signed_bytes) {
    VerifiedOperation verified;
    Rejection r = VerifyOperation(c.id(), signed_bytes, &verified);
    EXPECT_TRUE(r.ok()) << r.message;
    return verified;
  }
  MemoryStore store;
  TestCommunity c{&store};
};

// --- Retries and ids ---

TEST_F(LedgerTest, ARetryGetsTheOriginalResultAndChangesNothing) {
  const std::string bytes = SignedPayment("anna", "bert", 90);
  Outcome first = c.Submit(bytes);
  ASSERT_EQ(first.code, ResultCode::kAccepted) << first.message;
  ASSERT_EQ(c.Pay("bert", "carla", 10).code, ResultCode::kAccepted);  // the head moves on
  const StateSnapshot before = TakeSnapshot(c);
  c.now_ms += 2 * kHourMs;  // even past valid_until: the record is found first
  Outcome retry = c.Submit(bytes);
  EXPECT_EQ(retry.code, ResultCode::kAlreadyApplied);
  EXPECT_TRUE(retry.accepted());
  EXPECT_EQ(retry.index, first.index);
  EXPECT_EQ(retry.timestamp_ms, first.timestamp_ms);
  EXPECT_THAT(retry.message, HasSubstr("accepted before, as entry " + std::to_string(first.index)));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-90});
}

TEST_F(LedgerTest, ARetrySignedByMoreKeysIsTheSameOperation) {
  const Operation op = c.Op({Hours("anna", "bert", 30)});
  Outcome first = c.Submit(op, {"anna"});
  ASSERT_EQ(first.code, ResultCode::kAccepted) << first.message;
  const StateSnapshot before = TakeSnapshot(c);
  Outcome retry = c.Submit(op, {"anna", "bert"});
  EXPECT_EQ(retry.code, ResultCode::kAlreadyApplied);
  EXPECT_EQ(retry.index, first.index);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(LedgerTest, AnIdUsedForOtherContentIsRefused) {
  Operation op = c.Op({Hours("anna", "bert", 30)});
  ASSERT_EQ(c.Submit(op, {"anna"}).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  op.actions = {Hours("anna", "bert", 31)};
  Outcome o = c.Submit(op, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kIdReused);
  EXPECT_THAT(o.message, HasSubstr("operation id " + OperationIdToHex(op.id) +
                                   " was already used for a different operation"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{30});
}

TEST_F(LedgerTest, IdsAreCheckedWithinOneBatchToo) {
  const Operation op = c.Op({Hours("anna", "bert", 30)});
  Operation other = c.Op({Hours("anna", "bert", 45)});
  other.id = op.id;
  const std::string bytes = TestCommunity::SignBy(op, {"anna"});
  std::vector<VerifiedOperation> batch = {Verified(bytes), Verified(bytes),
                                          Verified(TestCommunity::SignBy(other, {"anna"}))};
  absl::StatusOr<std::vector<Outcome>> outcomes = c.ledger().ApplyBatch(c.now_ms, batch);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_EQ((*outcomes)[0].code, ResultCode::kAccepted);
  EXPECT_EQ((*outcomes)[1].code, ResultCode::kAlreadyApplied);
  EXPECT_EQ((*outcomes)[1].index, (*outcomes)[0].index);
  EXPECT_EQ((*outcomes)[2].code, ResultCode::kIdReused);
  EXPECT_EQ(c.HeadIndex(), (*outcomes)[0].index);
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{30});
}

// --- The validity window ---

TEST_F(LedgerTest, AnOperationPastItsValidUntilIsRefused) {
  Operation op = c.Op({Hours("anna", "bert", 30)});
  op.valid_until_ms = c.now_ms - 1;
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Submit(op, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kExpired);
  EXPECT_THAT(o.message, HasSubstr("the operation was valid until 2026-01-05 09:00:59 UTC; it is "
                                   "now 2026-01-05 09:01:00 UTC"));
  EXPECT_EQ(TakeSnapshot(c), before);
  op.valid_until_ms = c.now_ms;  // up to and including the millisecond
  EXPECT_EQ(c.Submit(op, {"anna"}).code, ResultCode::kAccepted);
}

TEST_F(LedgerTest, AValidUntilMoreThanSevenDaysAheadIsRefused) {
  Operation op = c.Op({Hours("anna", "bert", 30)});
  op.valid_until_ms = c.now_ms + kValidUntilAheadMaxMs + 1;
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Submit(op, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kValidUntilTooFar);
  EXPECT_THAT(o.message, HasSubstr("lies more than 7 days ahead"));
  EXPECT_EQ(TakeSnapshot(c), before);
  op.valid_until_ms = c.now_ms + kValidUntilAheadMaxMs;
  EXPECT_EQ(c.Submit(op, {"anna"}).code, ResultCode::kAccepted);
}

// --- Verification ---

TEST_F(LedgerTest, AnOperationForAnotherCommunityIsRefused) {
  Operation op = c.Op({Hours("anna", "bert", 30)});
  op.community = Sha256("another neighbourhood");
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Submit(op, {"anna"});
  EXPECT_EQ(o.code, ResultCode::kWrongCommunity);
  EXPECT_THAT(o.message, HasSubstr("signed for another community"));
  // ApplyBatch checks again, for operations verified against another community id.
  VerifiedOperation verified;
  ASSERT_TRUE(VerifyOperation(op.community, TestCommunity::SignBy(op, {"anna"}), &verified).ok());
  absl::StatusOr<std::vector<Outcome>> outcomes = c.ledger().ApplyBatch(c.now_ms, {verified});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ(outcomes->at(0).code, ResultCode::kWrongCommunity);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(LedgerTest, ABadSignatureIsRefused) {
  const std::string good = SignedPayment("anna", "bert", 30);
  std::string bad_signature = good;
  bad_signature.back() ^= 0x01;  // the envelope ends with the last signature
  std::string bad_body = good;
  bad_body[4 + 60] ^= 0x01;  // past the 4-byte body length: a byte of the operation id
  const StateSnapshot before = TakeSnapshot(c);
  for (const std::string& bytes : {bad_signature, bad_body}) {
    Outcome o = c.Submit(bytes);
    EXPECT_EQ(o.code, ResultCode::kBadSignature);
    EXPECT_THAT(o.message, HasSubstr("the signature by key " +
                                     ToHex(testing::KeyFor("anna").public_key).substr(0, 16) +
                                     "... does not verify"));
  }
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(c.Submit(good).code, ResultCode::kAccepted);
}

TEST_F(LedgerTest, AnUnsignedOperationIsRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Submit(c.Op({Hours("anna", "bert", 30)}), {});
  EXPECT_EQ(o.code, ResultCode::kNoSignatures);
  EXPECT_THAT(o.message, HasSubstr("the operation is not signed"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(LedgerTest, GarbageAndOversizedBytesAreRefused) {
  const StateSnapshot before = TakeSnapshot(c);
  EXPECT_EQ(c.Submit(std::string("garbage")).code, ResultCode::kMalformedEncoding);
  EXPECT_EQ(c.Submit(std::string()).code, ResultCode::kMalformedEncoding);
  Outcome large = c.Submit(std::string(kSignedOperationBytesMax + 1, 'x'));
  EXPECT_EQ(large.code, ResultCode::kTooLarge);
  std::string truncated = SignedPayment("anna", "bert", 30);
  truncated.pop_back();
  EXPECT_EQ(c.Submit(truncated).code, ResultCode::kMalformedEncoding);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(LedgerTest, TooManySignaturesAreRefused) {
  std::vector<std::string> signers = {"anna"};
  for (size_t i = 0; i < kSignaturesPerOperationMax; ++i) {
    signers.push_back("witness" + std::to_string(i));
  }
  const Operation op = c.Op({Hours("anna", "bert", 30)});
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Submit(op, signers);
  EXPECT_EQ(o.code, ResultCode::kTooManySignatures);
  EXPECT_THAT(o.message, HasSubstr("17 signatures; at most 16"));
  EXPECT_EQ(TakeSnapshot(c), before);
  signers.pop_back();
  EXPECT_EQ(c.Submit(op, signers).code, ResultCode::kAccepted);
}

TEST_F(LedgerTest, ASystemEntryCarriesNoSignatures) {
  const Operation op = c.Op({ExpirePending{NewOperationId()}});
  VerifiedOperation verified;
  Rejection r = VerifyOperation(c.id(), TestCommunity::SignBy(op, {"admin1"}), &verified,
                                /*allow_system=*/true);
  EXPECT_EQ(r.code, ResultCode::kSystemActionNotAllowed);
  EXPECT_THAT(r.message, HasSubstr("a system entry carries no signatures"));
  EXPECT_TRUE(VerifyOperation(c.id(), TestCommunity::SignBy(op, {}), &verified, true).ok());
  EXPECT_TRUE(verified.signers.empty());
}

// --- Linked batches ---

TEST_F(LedgerTest, ALinkedBatchIsAllOrNothing) {
  const Operation op = c.Op({Hours("anna", "bert", 60), Hours("bert", "carla", 30),
                             Hours("carla", "anna", 700)});  // carla may go to -10h only
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Submit(op, {"anna", "bert", "carla"});
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, StartsWith("action 3 of 3: 'carla' cannot pay 11h40m"));
  EXPECT_EQ(TakeSnapshot(c), before);
  for (const char* handle : {"anna", "bert", "carla"}) {
    EXPECT_EQ(c.BalanceOf(handle).balance, Amount{0}) << handle;
  }
}

TEST_F(LedgerTest, ALinkedBatchIsOneJournalEntryAndSeesItsOwnChanges) {
  const uint64_t head = c.HeadIndex();
  // Open an account and pay it at once: the second action sees the first.
  const Operation op =
      c.Op({OpenAccount{"dirk", AccountKind::kResident, {testing::KeyFor("dirk").public_key}, 1},
            Hours("anna", "dirk", 60), Hours("bert", "anna", 20)});
  Outcome o = c.Submit(op, {"admin1", "anna", "bert"});
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(o.index, head + 1);
  EXPECT_EQ(c.HeadIndex(), head + 1);
  EXPECT_EQ(c.BalanceOf("dirk").balance, Amount{60});
  EXPECT_EQ(c.BalanceOf("anna").balance, Amount{-40});
  EXPECT_EQ(c.BalanceOf("bert").balance, Amount{-20});
}

// --- Batches and the journal ---

TEST_F(LedgerTest, ABatchGivesOneOutcomePerOperationAndChainsTheJournal) {
  const uint64_t head = c.HeadIndex();
  // The second sees the first: bert holds 10m, so 10h11m is one minute past his credit line.
  std::vector<VerifiedOperation> batch = {Verified(SignedPayment("anna", "bert", 10)),
                                          Verified(SignedPayment("bert", "carla", 611)),
                                          Verified(SignedPayment("carla", "anna", 20))};
  absl::StatusOr<std::vector<Outcome>> outcomes = c.ledger().ApplyBatch(c.now_ms, batch);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_EQ((*outcomes)[0].index, head + 1);
  EXPECT_EQ((*outcomes)[1].code, ResultCode::kExceedsMinimum);
  EXPECT_EQ((*outcomes)[2].index, head + 2);
  for (uint64_t i = 1; i <= head + 2; ++i) {
    auto entry = store.GetEntry(i);
    auto previous = store.GetEntry(i - 1);
    ASSERT_TRUE(entry.ok() && entry->has_value() && previous.ok() && previous->has_value());
    EXPECT_EQ((*entry)->index, i);
    EXPECT_EQ((*entry)->previous_hash, HashJournalEntry(**previous)) << i;
  }
  EXPECT_EQ(c.ledger().head().hash, HashJournalEntry(**store.GetEntry(head + 2)));
  EXPECT_TRUE(CheckInvariants(store).ok());
}

TEST_F(LedgerTest, ABatchHasABound) {
  const StateSnapshot before = TakeSnapshot(c);
  std::vector<VerifiedOperation> batch(kOperationsPerBatchMax + 1);
  absl::StatusOr<std::vector<Outcome>> outcomes = c.ledger().ApplyBatch(c.now_ms, batch);
  EXPECT_EQ(outcomes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TakeSnapshot(c), before);
}

// --- Storage failures and reopening ---

TEST_F(LedgerTest, AFailedCommitAppliesNothingAndStopsTheLedger) {
  const std::string bytes = SignedPayment("anna", "bert", 30);
  const StateSnapshot before = TakeSnapshot(c);
  store.FailNextCommit(absl::UnavailableError("disk full"));
  absl::StatusOr<Outcome> failed = c.ledger().Submit(c.now_ms, bytes);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(failed.status().message(), HasSubstr("disk full"));
  EXPECT_EQ(TakeSnapshot(c), before);

  absl::StatusOr<std::vector<Outcome>> later = c.ledger().ApplyBatch(c.now_ms, {});
  EXPECT_EQ(later.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(later.status().message(), HasSubstr("disk full"));
  EXPECT_EQ(c.ledger().Submit(c.now_ms, bytes).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(TakeSnapshot(c), before);

  // Reopened, the ledger takes the same operation as new.
  absl::StatusOr<std::unique_ptr<Ledger>> reopened = Ledger::Open(&store);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ((*reopened)->head(), before.ledger_head);
  absl::StatusOr<Outcome> retry = (*reopened)->Submit(c.now_ms, bytes);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->code, ResultCode::kAccepted) << retry->message;
  EXPECT_EQ(retry->index, before.ledger_head.index + 1);
}

TEST_F(LedgerTest, OpenAfterWritesGivesTheSameHead) {
  const std::string bytes = SignedPayment("anna", "bert", 30);
  ASSERT_EQ(c.Submit(bytes).code, ResultCode::kAccepted);
  c.now_ms += kMinuteMs;
  ASSERT_EQ(c.Pay("bert", "carla", 15).code, ResultCode::kAccepted);
  absl::StatusOr<std::unique_ptr<Ledger>> reopened = Ledger::Open(&store);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  Ledger& ledger = **reopened;
  EXPECT_EQ(ledger.head(), c.ledger().head());
  EXPECT_EQ(ledger.community_id(), c.id());
  EXPECT_EQ(ledger.genesis(), c.ledger().genesis());
  EXPECT_EQ(ledger.last_timestamp_ms(), c.now_ms);
  // It remembers what it accepted, and goes on from the head.
  absl::StatusOr<Outcome> retry = ledger.Submit(c.now_ms, bytes);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->code, ResultCode::kAlreadyApplied);
  absl::StatusOr<Outcome> next = ledger.Submit(c.now_ms, SignedPayment("carla", "anna", 5));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->index, c.HeadIndex() + 1);
}

TEST(LedgerCreateTest, CreateNeedsAnEmptyStoreAndOpenAFullOne) {
  MemoryStore store;
  EXPECT_EQ(Ledger::Open(&store).status().code(), absl::StatusCode::kNotFound);
  TestCommunity c(&store);
  absl::StatusOr<std::unique_ptr<Ledger>> again = Ledger::Create(&store, testing::TestGenesis());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.HeadIndex(), 0u);
  EXPECT_EQ(c.AccountOf("community").kind, AccountKind::kCommunity);
}

// --- The applied Raft index ---

TEST_F(LedgerTest, TheRaftIndexIsRecordedWithABatchThatWritesSomething) {
  EXPECT_EQ(*store.GetRaftAppliedIndex(), 0u);  // never set
  std::vector<VerifiedOperation> batch;
  batch.push_back(Verified(SignedPayment("anna", "bert", 30)));
  absl::StatusOr<std::vector<Outcome>> applied = c.ledger().ApplyBatch(c.now_ms, batch, 5);
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_EQ((*applied)[0].code, ResultCode::kAccepted);
  EXPECT_EQ(*store.GetRaftAppliedIndex(), 5u);

  // Applying the same entry again is harmless: the operation was applied, nothing is written.
  const StateSnapshot before = TakeSnapshot(c);
  absl::StatusOr<std::vector<Outcome>> again = c.ledger().ApplyBatch(c.now_ms, batch, 5);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)[0].code, ResultCode::kAlreadyApplied);
  EXPECT_EQ(TakeSnapshot(c), before);

  // An entry whose every operation is refused writes nothing, not even its index.
  std::vector<VerifiedOperation> refused;
  refused.push_back(Verified(SignedPayment("anna", "bert", 40 * 60)));  // below the minimum
  absl::StatusOr<std::vector<Outcome>> rejected = c.ledger().ApplyBatch(c.now_ms, refused, 6);
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ((*rejected)[0].code, ResultCode::kExceedsMinimum);
  EXPECT_EQ(*store.GetRaftAppliedIndex(), 5u);
  EXPECT_EQ(TakeSnapshot(c), before);

  // A single node's batch (no index) leaves the recorded index as it was.
  ASSERT_EQ(c.Pay("bert", "carla", 5).code, ResultCode::kAccepted);
  EXPECT_EQ(*store.GetRaftAppliedIndex(), 5u);
}

TEST_F(LedgerTest, AnExpiryAloneRecordsTheRaftIndex) {
  Operation op = c.Op({CreatePending{Hours("anna", "bert", 30), 60'000}});
  ASSERT_EQ(c.Submit(op, {"anna"}).code, ResultCode::kAccepted);
  const uint64_t head = c.HeadIndex();
  absl::StatusOr<std::vector<Outcome>> outcomes =
      c.ledger().ApplyBatch(c.now_ms + 2 * kMinuteMs, {}, 9);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ(c.HeadIndex(), head + 1);  // the expiry's entry
  EXPECT_EQ(*store.GetRaftAppliedIndex(), 9u);
}

TEST_F(LedgerTest, AFailedCommitDoesNotRecordTheRaftIndex) {
  std::vector<VerifiedOperation> batch;
  batch.push_back(Verified(SignedPayment("anna", "bert", 30)));
  ASSERT_TRUE(c.ledger().ApplyBatch(c.now_ms, batch, 3).ok());
  std::vector<VerifiedOperation> next;
  next.push_back(Verified(SignedPayment("bert", "anna", 10)));
  store.FailNextCommit(absl::UnavailableError("disk full"));
  EXPECT_FALSE(c.ledger().ApplyBatch(c.now_ms, next, 4).ok());
  EXPECT_EQ(*store.GetRaftAppliedIndex(), 3u);
}

TEST(DeltaTest, ARaftIndexAloneIsSomethingToWriteAndTheLaterOneWins) {
  Delta delta;
  EXPECT_TRUE(delta.empty());
  delta.raft_index = 7;
  EXPECT_FALSE(delta.empty());
  Delta without;
  delta.Merge(std::move(without));
  EXPECT_EQ(delta.raft_index, std::optional<uint64_t>(7));
  Delta later;
  later.raft_index = 8;
  delta.Merge(std::move(later));
  EXPECT_EQ(delta.raft_index, std::optional<uint64_t>(8));
  Delta empty;
  Delta with;
  with.raft_index = 2;
  empty.Merge(std::move(with));
  EXPECT_EQ(empty.raft_index, std::optional<uint64_t>(2));
}

// --- The clock ---

TEST_F(LedgerTest, TimestampsNeverGoBackwards) {
  Outcome first = c.Pay("anna", "bert", 10);
  ASSERT_EQ(first.code, ResultCode::kAccepted);
  ASSERT_EQ(first.timestamp_ms, c.now_ms);
  const int64_t last = c.now_ms;
  c.now_ms -= 10 * kMinuteMs;  // the node's clock jumps back
  Outcome second = c.Pay("anna", "bert", 10);
  ASSERT_EQ(second.code, ResultCode::kAccepted);
  EXPECT_EQ(second.timestamp_ms, last);
  EXPECT_EQ(c.ledger().last_timestamp_ms(), last);
  EXPECT_EQ((*store.GetEntry(second.index))->timestamp_ms, last);

  // The validity window is judged against the raised clock, not the earlier reading.
  Operation op = c.Op({Hours("anna", "bert", 10)});
  op.valid_until_ms = last - 1;
  const StateSnapshot before = TakeSnapshot(c);
  EXPECT_EQ(c.Submit(op, {"anna"}).code, ResultCode::kExpired);
  EXPECT_EQ(TakeSnapshot(c), before);
}

// --- Result codes ---

TEST(ResultCodeTest, EveryCodeHasAStableNameAndItsGroup) {
  std::set<std::string> names;
  int known = 0;
  for (int n = 0; n < 400; ++n) {
    const auto code = static_cast<ResultCode>(n);
    const std::string name = ResultCodeName(code);
    if (name == "unknown") continue;
    ++known;
    EXPECT_TRUE(names.insert(name).second) << name << " twice";
    const ResultGroup group = GroupOf(code);
    EXPECT_EQ(group, n < 100   ? ResultGroup::kAccepted
                     : n < 200 ? ResultGroup::kMalformed
                     : n < 300 ? ResultGroup::kFailsAgainstState
                               : ResultGroup::kRetryLater)
        << name;
  }
  EXPECT_EQ(known, 63);  // every code in result.h; add new codes here too
  EXPECT_STREQ(ResultCodeName(ResultCode::kExceedsMinimum), "exceeds_minimum");
  EXPECT_EQ(static_cast<int>(ResultCode::kExceedsMinimum), 210);  // frozen numbers
  EXPECT_EQ(static_cast<int>(ResultCode::kMultiplePendings), 124);
  EXPECT_EQ(static_cast<int>(ResultCode::kOverflow), 220);
  EXPECT_EQ(static_cast<int>(ResultCode::kReasonRequired), 125);
  EXPECT_STREQ(ResultCodeName(ResultCode::kReasonRequired), "reason_required");
  EXPECT_EQ(static_cast<int>(ResultCode::kEarningCapExceeded), 222);
  EXPECT_STREQ(ResultCodeName(ResultCode::kEarningCapExceeded), "earning_cap_exceeded");
  EXPECT_EQ(static_cast<int>(ResultCode::kAlreadyCorrected), 229);
  EXPECT_STREQ(ResultCodeName(ResultCode::kAlreadyCorrected), "already_corrected");
  EXPECT_EQ(static_cast<int>(ResultCode::kTimeInPast), 231);
  EXPECT_STREQ(ResultCodeName(ResultCode::kTimeInPast), "time_in_past");
  EXPECT_EQ(static_cast<int>(ResultCode::kUnavailable), 301);
  EXPECT_EQ(static_cast<int>(ResultCode::kNotLeader), 302);
  EXPECT_STREQ(ResultCodeName(ResultCode::kNotLeader), "not_leader");
}

}  // namespace
}  // namespace noaber::ledger
