// The write pipeline over a real RocksDbStore in a temporary folder whose file system fails
// on command (ledger/rocksdb/fault_env.h): failed writes, failed syncs, a full disk. No caller
// hears "accepted" for what was not made durable, the pipeline says what happened and stops
// taking writes, reads still work, and the folder reopened without faults passes the audit
// `noaber-node check` runs, with every acknowledged operation in it exactly once.
#include <gtest/gtest.h>

#include <future>
#include <ostream>

#include "ledger/rocksdb/fault_env.h"
#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"
#include "node/store_audit.h"
#include "node/write_pipeline.h"

namespace noaber::ledger::testing {
// Names the fault in test names and failure messages.
void PrintTo(Fault fault, std::ostream* out) { *out << FaultName(fault); }
}  // namespace noaber::ledger::testing

namespace noaber::node {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::Outcome;
using ledger::ResultCode;
using ledger::testing::Fault;
using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

constexpr int kCallersInTheFailedBatch = 4;

class WritePipelineFaultTest : public ::testing::TestWithParam<Fault> {
 protected:
  void SetUp() override {
    fault_ = ledger::testing::MakeFaultInjection();
    absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
        ledger::RocksDbStore::Open(path(), /*create_if_missing=*/true, fault_.env.get());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    community_ = std::make_unique<TestCommunity>(store_.get());
    WritePipelineOptions options;
    options.clock_ms = [this] { return community_->now_ms; };
    pipeline_ = std::make_unique<WritePipeline>(&community_->ledger(), options);
    pipeline_->Start();
  }

  std::string path() const { return dir_.Sub("data"); }
  std::string Pay(const std::string& from, const std::string& to, int64_t minutes,
                  ledger::OperationId* id) {
    ledger::Operation op =
        community_->Op({ledger::Transfer{from, to, "HOUR", Amount{minutes}, "", ""}});
    *id = op.id;
    return TestCommunity::SignBy(op, {from});
  }
  std::string Open(const std::string& handle) {
    return TestCommunity::SignBy(
        community_->Op(
            {ledger::OpenAccount{handle, AccountKind::kResident, {KeyFor(handle).public_key}, 1}}),
        {"admin1"});
  }
  // Stops everything and opens the folder again, without faults.
  std::unique_ptr<ledger::RocksDbStore> Reopen() {
    pipeline_.reset();
    community_.reset();
    store_.reset();
    absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
        ledger::RocksDbStore::Open(path(), /*create_if_missing=*/false);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  ledger::testing::TempDir dir_;
  ledger::testing::FaultInjection fault_;
  std::unique_ptr<ledger::RocksDbStore> store_;
  std::unique_ptr<TestCommunity> community_;
  std::unique_ptr<WritePipeline> pipeline_;
};

TEST_P(WritePipelineFaultTest, NothingUndurableIsAcknowledgedAndWritesStop) {
  ASSERT_EQ(pipeline_->Submit(Open("anna")).code, ResultCode::kAccepted);
  ASSERT_EQ(pipeline_->Submit(Open("bob")).code, ResultCode::kAccepted);
  ledger::OperationId acknowledged_id;
  const Outcome acknowledged = pipeline_->Submit(Pay("anna", "bob", 10, &acknowledged_id));
  ASSERT_EQ(acknowledged.code, ResultCode::kAccepted) << acknowledged.message;

  // The fault strikes while several callers wait for their commit.
  fault_.file_system->Inject(GetParam());
  ::testing::internal::CaptureStderr();
  std::vector<ledger::OperationId> failed_ids(kCallersInTheFailedBatch);
  std::vector<std::string> failed_bytes;
  std::vector<std::future<Outcome>> failed;
  for (int i = 0; i < kCallersInTheFailedBatch; ++i) {
    failed_bytes.push_back(Pay("anna", "bob", 1 + i, &failed_ids[i]));
  }
  for (const std::string& bytes : failed_bytes) {
    failed.push_back(
        std::async(std::launch::async, [&, bytes] { return pipeline_->Submit(bytes); }));
  }
  for (std::future<Outcome>& outcome : failed) {
    const Outcome o = outcome.get();
    EXPECT_EQ(o.code, ResultCode::kUnavailable) << o.message;
    EXPECT_NE(o.message.find("stopped taking writes after a storage error"), std::string::npos)
        << o.message;
    EXPECT_NE(o.message.find("injected"), std::string::npos) << o.message;
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("stopped taking writes"), std::string::npos) << log;
  EXPECT_GT(fault_.file_system->failures(), 0u);
  EXPECT_FALSE(pipeline_->failure().ok());

  // The disk is fine again, but the pipeline no longer trusts its state: writes are refused
  // with the cause, and reads still answer with what was acknowledged.
  fault_.file_system->Inject(Fault::kNone);
  ledger::OperationId refused_id;
  const Outcome refused = pipeline_->Submit(Pay("bob", "anna", 3, &refused_id));
  EXPECT_EQ(refused.code, ResultCode::kUnavailable);
  EXPECT_NE(refused.message.find("injected"), std::string::npos) << refused.message;
  EXPECT_EQ(pipeline_->committed_head().index, acknowledged.index);
  EXPECT_EQ(community_->BalanceOf("anna").balance, Amount{-10});
  auto record = store_->GetOperationRecord(acknowledged_id);
  ASSERT_TRUE(record.ok() && record->has_value());

  std::unique_ptr<ledger::RocksDbStore> reopened = Reopen();
  ASSERT_NE(reopened, nullptr);
  absl::StatusOr<AuditSummary> audit = AuditStore(*reopened);
  ASSERT_TRUE(audit.ok()) << audit.status();
  record = reopened->GetOperationRecord(acknowledged_id);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->index, acknowledged.index);
  EXPECT_FALSE(reopened->GetOperationRecord(refused_id)->has_value());
  // Writes and a full disk refuse the bytes, so the failed batch is not on disk. A failed
  // sync may have left it there: its callers heard an error, not "accepted", and may send the
  // same bytes again to learn the outcome (below).
  for (const ledger::OperationId& id : failed_ids) {
    if (GetParam() != Fault::kFailSyncs)
      EXPECT_FALSE(reopened->GetOperationRecord(id)->has_value());
  }

  // Sent again to the reopened ledger, each failed operation is applied exactly once.
  absl::StatusOr<std::unique_ptr<ledger::Ledger>> ledger = ledger::Ledger::Open(reopened.get());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  for (size_t i = 0; i < failed_bytes.size(); ++i) {
    const bool was_there = reopened->GetOperationRecord(failed_ids[i])->has_value();
    absl::StatusOr<Outcome> again =
        (*ledger)->Submit(ledger::testing::kStartMs + 60'000, failed_bytes[i]);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->code, was_there ? ResultCode::kAlreadyApplied : ResultCode::kAccepted)
        << again->message;
  }
  audit = AuditStore(*reopened);
  EXPECT_TRUE(audit.ok()) << audit.status();
  EXPECT_EQ(audit->entries, acknowledged.index + 1 + failed_bytes.size());
}

INSTANTIATE_TEST_SUITE_P(Faults, WritePipelineFaultTest,
                         ::testing::Values(Fault::kFailWrites, Fault::kFailSyncs, Fault::kNoSpace),
                         [](const ::testing::TestParamInfo<Fault>& info) {
                           switch (info.param) {
                             case Fault::kFailWrites:
                               return std::string("FailedWrites");
                             case Fault::kFailSyncs:
                               return std::string("FailedSyncs");
                             case Fault::kNoSpace:
                               return std::string("FullDisk");
                             default:
                               return std::string("None");
                           }
                         });

}  // namespace
}  // namespace noaber::node
