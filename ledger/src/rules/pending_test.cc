// Tests of two-phase transfers: create (reserve), post (all or part), void, expire.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "ledger/src/sequencer.h"
#include "ledger/src/state_snapshot_test_util.h"
#include "ledger/testing/test_community.h"

namespace noaber::ledger {
namespace {

using ::testing::HasSubstr;
using testing::StateSnapshot;
using testing::TakeSnapshot;
using testing::TestCommunity;

constexpr int64_t kHourMs = 3'600'000;

class PendingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* handle : {"anna", "bert", "carla"}) {
      ASSERT_EQ(c.Open(handle).code, ResultCode::kAccepted);
    }
  }
  // `from` reserves `minutes` for `to`; the pending transfer's id goes to `id`.
  Outcome Create(const std::string& from, const std::string& to, int64_t minutes,
                 int64_t timeout_ms, OperationId* id) {
    Operation op =
        c.Op({CreatePending{Transfer{from, to, "HOUR", Amount{minutes}, "", ""}, timeout_ms}});
    *id = op.id;
    return c.Submit(op, {from});
  }
  Outcome Post(const OperationId& id, std::optional<Amount> amount, const std::string& signer) {
    return c.Submit(c.Op({PostPending{id, amount}}), {signer});
  }
  Outcome Void(const OperationId& id, const std::string& signer) {
    return c.Submit(c.Op({VoidPending{id}}), {signer});
  }
  Pending PendingOf(const OperationId& id) {
    absl::StatusOr<std::optional<Pending>> pending = c.store().GetPending(id);
    return pending.ok() && pending->has_value() ? **pending : Pending{};
  }
  // Balance, pending debits and pending credits of `handle` in HOUR.
  std::vector<int64_t> Hours(const std::string& handle) {
    Balance b = c.BalanceOf(handle);
    return {b.balance.minor_units, b.pending_debits.minor_units, b.pending_credits.minor_units};
  }
  VerifiedOperation Verified(const Operation& op, const std::vector<std::string>& signers) {
    VerifiedOperation verified;
    Rejection r = VerifyOperation(c.id(), TestCommunity::SignBy(op, signers), &verified);
    EXPECT_TRUE(r.ok()) << r.message;
    return verified;
  }
  // Applies an empty batch at c.now_ms: only the expiries that are due.
  void RunExpiries() {
    absl::StatusOr<std::vector<Outcome>> outcomes = c.ledger().ApplyBatch(c.now_ms, {});
    ASSERT_TRUE(outcomes.ok()) << outcomes.status();
    EXPECT_TRUE(outcomes->empty());
  }
  TestCommunity c;
};

TEST_F(PendingTest, CreateReservesOnBothSides) {
  OperationId id;
  Outcome o = Create("anna", "bert", 120, kHourMs, &id);
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 120, 0}));
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{0, 0, 120}));
  Pending p = PendingOf(id);
  EXPECT_EQ(p.id, id);
  EXPECT_EQ(p.from, "anna");
  EXPECT_EQ(p.to, "bert");
  EXPECT_EQ(p.amount, Amount{120});
  EXPECT_EQ(p.state, PendingState::kOpen);
  EXPECT_EQ(p.expires_at_ms, o.timestamp_ms + kHourMs);
  EXPECT_EQ(p.created_index, o.index);
  EXPECT_TRUE(CheckInvariants(c.store()).ok());
}

TEST_F(PendingTest, ReservationsCountAgainstTheCreditLine) {
  OperationId first, second;
  ASSERT_EQ(Create("anna", "bert", 500, kHourMs, &first).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Create("anna", "bert", 101, kHourMs, &second);
  EXPECT_EQ(o.code, ResultCode::kExceedsMinimum);
  EXPECT_THAT(o.message, HasSubstr("'anna' cannot pay 1h41m"));
  EXPECT_THAT(o.message, HasSubstr("with 8h20m reserved for pending payments"));
  EXPECT_EQ(c.Pay("anna", "bert", 101).code, ResultCode::kExceedsMinimum);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(Create("anna", "bert", 100, kHourMs, &second).code, ResultCode::kAccepted);
}

TEST_F(PendingTest, CreateIsSignedByThePayer) {
  const StateSnapshot before = TakeSnapshot(c);
  Operation op =
      c.Op({CreatePending{Transfer{"anna", "bert", "HOUR", Amount{60}, "", ""}, kHourMs}});
  Outcome o = c.Submit(op, {"bert"});
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("the signature of 'anna'"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, PostMovesTheWholeReservation) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  Outcome o = Post(id, std::nullopt, "anna");
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{-120, 0, 0}));
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{120, 0, 0}));
  Pending p = PendingOf(id);
  EXPECT_EQ(p.state, PendingState::kPosted);
  EXPECT_EQ(p.posted, Amount{120});
  EXPECT_EQ(p.resolved_index, o.index);
  EXPECT_TRUE(CheckInvariants(c.store()).ok());
}

TEST_F(PendingTest, PostingPartOfItReleasesTheRest) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  Outcome o = Post(id, Amount{45}, "anna");
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{-45, 0, 0}));
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{45, 0, 0}));
  EXPECT_EQ(PendingOf(id).state, PendingState::kPosted);
  EXPECT_EQ(PendingOf(id).posted, Amount{45});
  EXPECT_TRUE(CheckInvariants(c.store()).ok());
}

TEST_F(PendingTest, PostingMoreThanReservedIsRefused) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Post(id, Amount{121}, "anna");
  EXPECT_EQ(o.code, ResultCode::kPostExceedsPending);
  EXPECT_THAT(o.message, HasSubstr("cannot post 2h1m: pending transfer " + OperationIdToHex(id) +
                                   " reserved only 2h"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, ThePayeeCannotPost) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Post(id, std::nullopt, "bert");
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("the signature of 'anna' (1 of its 1 keys) is needed to post "
                                   "its pending payment"));
  EXPECT_EQ(Post(id, std::nullopt, "admin1").code, ResultCode::kNotAuthorized);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, ThePayerVoids) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  Outcome o = Void(id, "anna");
  ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{0, 0, 0}));
  Pending p = PendingOf(id);
  EXPECT_EQ(p.state, PendingState::kVoided);
  EXPECT_EQ(p.posted, Amount{0});
  EXPECT_EQ(p.resolved_index, o.index);
}

TEST_F(PendingTest, ThePayeeAndTheAdministratorsVoid) {
  OperationId by_payee, by_admin;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &by_payee).code, ResultCode::kAccepted);
  ASSERT_EQ(Create("anna", "bert", 60, kHourMs, &by_admin).code, ResultCode::kAccepted);
  EXPECT_EQ(Void(by_payee, "bert").code, ResultCode::kAccepted);
  EXPECT_EQ(PendingOf(by_payee).state, PendingState::kVoided);
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 60, 0}));
  EXPECT_EQ(Void(by_admin, "admin2").code, ResultCode::kAccepted);
  EXPECT_EQ(PendingOf(by_admin).state, PendingState::kVoided);
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{0, 0, 0}));
}

TEST_F(PendingTest, AStrangerCannotVoid) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Void(id, "carla");
  EXPECT_EQ(o.code, ResultCode::kNotAuthorized);
  EXPECT_THAT(o.message, HasSubstr("only 'anna', 'bert' or the administrators may void"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, APostedPendingCannotBePostedOrVoidedAgain) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  ASSERT_EQ(Post(id, Amount{30}, "anna").code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome post = Post(id, Amount{30}, "anna");
  EXPECT_EQ(post.code, ResultCode::kPendingNotOpen);
  EXPECT_THAT(post.message,
              HasSubstr("pending transfer " + OperationIdToHex(id) + " was already posted"));
  Outcome voided = Void(id, "bert");
  EXPECT_EQ(voided.code, ResultCode::kPendingNotOpen);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, AVoidedPendingCannotBePosted) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  ASSERT_EQ(Void(id, "bert").code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Post(id, std::nullopt, "anna");
  EXPECT_EQ(o.code, ResultCode::kPendingNotOpen);
  EXPECT_THAT(o.message, HasSubstr("was already voided"));
  EXPECT_EQ(Void(id, "anna").code, ResultCode::kPendingNotOpen);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, UnknownPendingIsRefused) {
  const OperationId id = NewOperationId();
  const StateSnapshot before = TakeSnapshot(c);
  Outcome post = Post(id, std::nullopt, "anna");
  EXPECT_EQ(post.code, ResultCode::kUnknownPending);
  EXPECT_THAT(post.message, HasSubstr("there is no pending transfer " + OperationIdToHex(id)));
  EXPECT_EQ(Void(id, "anna").code, ResultCode::kUnknownPending);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, FrozenPartiesCannotPostButMayVoid) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  ASSERT_EQ(c.Submit(c.Op({SetStatus{"bert", AccountStatus::kFrozen}}), {"admin1"}).code,
            ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = Post(id, std::nullopt, "anna");
  EXPECT_EQ(o.code, ResultCode::kAccountFrozen);
  EXPECT_THAT(o.message, HasSubstr("account 'bert' is frozen and cannot receive"));
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(Void(id, "anna").code, ResultCode::kAccepted);
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 0, 0}));
}

TEST_F(PendingTest, OneOperationCreatesAtMostOnePending) {
  const Transfer t{"anna", "bert", "HOUR", Amount{30}, "", ""};
  const StateSnapshot before = TakeSnapshot(c);
  Outcome o = c.Submit(c.Op({CreatePending{t, kHourMs}, CreatePending{t, kHourMs}}), {"anna"});
  EXPECT_EQ(o.code, ResultCode::kMultiplePendings);
  EXPECT_THAT(o.message, HasSubstr("one operation creates at most one"));
  EXPECT_EQ(TakeSnapshot(c), before);
}

// --- Expiry ---

TEST_F(PendingTest, ExpiryReleasesTheReservations) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  const uint64_t head = c.HeadIndex();
  c.now_ms = PendingOf(id).expires_at_ms - 1;
  RunExpiries();
  EXPECT_EQ(PendingOf(id).state, PendingState::kOpen);
  EXPECT_EQ(c.HeadIndex(), head);

  c.now_ms += 1;  // exactly the timeout
  RunExpiries();
  Pending p = PendingOf(id);
  EXPECT_EQ(p.state, PendingState::kExpired);
  EXPECT_EQ(p.posted, Amount{0});
  EXPECT_EQ(c.HeadIndex(), head + 1);  // the node wrote one expiry entry
  EXPECT_EQ(p.resolved_index, head + 1);
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_TRUE(CheckInvariants(c.store()).ok());
}

TEST_F(PendingTest, PostJustBeforeTheTimeoutSucceeds) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  c.now_ms = PendingOf(id).expires_at_ms - 1;
  Outcome o = Post(id, std::nullopt, "anna");
  EXPECT_EQ(o.code, ResultCode::kAccepted) << o.message;
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{120, 0, 0}));
}

TEST_F(PendingTest, PostAfterTheTimeoutFindsThePendingExpired) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  const uint64_t head = c.HeadIndex();
  c.now_ms = PendingOf(id).expires_at_ms;
  // The batch expires what is due before it applies the post.
  Outcome o = Post(id, std::nullopt, "anna");
  EXPECT_EQ(o.code, ResultCode::kPendingNotOpen);
  EXPECT_THAT(o.message, HasSubstr("was already expired"));
  EXPECT_EQ(c.HeadIndex(), head + 1);  // the expiry, not the post
  EXPECT_EQ(PendingOf(id).state, PendingState::kExpired);
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(Void(id, "anna").code, ResultCode::kPendingNotOpen);
}

TEST_F(PendingTest, PostAfterTheTimeoutIsRefusedWhileExpiriesLagBehind) {
  // One batch expires at most kExpiriesPerBatchMax pendings; fill it with earlier ones.
  const Transfer filler{"community", "carla", "HOUR", Amount{1}, "", "filler"};
  std::vector<VerifiedOperation> batch;
  for (size_t i = 0; i < kExpiriesPerBatchMax; ++i) {
    batch.push_back(Verified(c.Op({CreatePending{filler, 1'000}}), {"admin1"}));
  }
  absl::StatusOr<std::vector<Outcome>> fillers = c.ledger().ApplyBatch(c.now_ms, batch);
  ASSERT_TRUE(fillers.ok()) << fillers.status();
  for (const Outcome& o : *fillers) ASSERT_EQ(o.code, ResultCode::kAccepted) << o.message;
  ASSERT_EQ(Hours("carla"),
            (std::vector<int64_t>{0, 0, static_cast<int64_t>(kExpiriesPerBatchMax)}));
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, 2'000, &id).code, ResultCode::kAccepted);
  c.now_ms += 2'000;

  Outcome o = Post(id, std::nullopt, "anna");
  EXPECT_EQ(o.code, ResultCode::kPendingExpired);
  EXPECT_THAT(o.message, HasSubstr("pending transfer " + OperationIdToHex(id) +
                                   " has passed its timeout and can no longer be posted"));
  EXPECT_EQ(PendingOf(id).state, PendingState::kOpen);
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 120, 0}));
  EXPECT_EQ(Hours("carla"), (std::vector<int64_t>{0, 0, 0}));  // the fillers expired
  RunExpiries();
  EXPECT_EQ(PendingOf(id).state, PendingState::kExpired);
  EXPECT_EQ(Hours("anna"), (std::vector<int64_t>{0, 0, 0}));
}

TEST_F(PendingTest, TheNodeOnlyExpiresWhatIsDue) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  const StateSnapshot before = TakeSnapshot(c);
  std::vector<VerifiedOperation> batch;
  batch.push_back(MakeExpiry(c.id(), id, c.now_ms));
  batch.push_back(MakeExpiry(c.id(), NewOperationId(), c.now_ms));
  absl::StatusOr<std::vector<Outcome>> outcomes = c.ledger().ApplyBatch(c.now_ms, batch);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 2u);
  EXPECT_EQ((*outcomes)[0].code, ResultCode::kPendingNotDue);
  EXPECT_THAT((*outcomes)[0].message, HasSubstr("is not due to expire yet"));
  EXPECT_EQ((*outcomes)[1].code, ResultCode::kUnknownPending);
  EXPECT_EQ(TakeSnapshot(c), before);
}

TEST_F(PendingTest, TheNodeDoesNotExpireAResolvedPending) {
  OperationId id;
  ASSERT_EQ(Create("anna", "bert", 120, kHourMs, &id).code, ResultCode::kAccepted);
  ASSERT_EQ(Post(id, std::nullopt, "anna").code, ResultCode::kAccepted);
  c.now_ms += 2 * kHourMs;
  const StateSnapshot before = TakeSnapshot(c);
  std::vector<VerifiedOperation> batch;
  batch.push_back(MakeExpiry(c.id(), id, c.now_ms));
  absl::StatusOr<std::vector<Outcome>> outcomes = c.ledger().ApplyBatch(c.now_ms, batch);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 1u);
  EXPECT_EQ((*outcomes)[0].code, ResultCode::kPendingNotOpen);
  EXPECT_EQ(TakeSnapshot(c), before);
  EXPECT_EQ(Hours("bert"), (std::vector<int64_t>{120, 0, 0}));
}

}  // namespace
}  // namespace noaber::ledger
