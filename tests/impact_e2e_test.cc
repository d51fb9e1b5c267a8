// The Impact service on a real node: who may read the report and what each caller sees
// (administrators every figure, members the suppressed report, strangers nothing), that a
// report includes every operation acknowledged before it, that the figures survive a restart
// through the saved state file, and that a damaged state file is recomputed from the journal.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "noaber/v1/impact.grpc.pb.h"
#include "tests/node_client.h"

namespace noaber::testing {
namespace {

using grpc::StatusCode;
using ledger::AccountKind;
using ledger::Amount;
using ledger::KeyPair;
using ::testing::HasSubstr;

constexpr char kGetImpact[] = "/noaber.v1.Impact/GetImpact";

class ImpactE2eTest : public NodeClientTest {
 protected:
  // Six residents, a partner and an initiative; k is 5 unless `run_args` say otherwise.
  void SetUpCommunity(const std::vector<std::string>& run_args = {}) {
    Found({&admin_}, 1, run_args);
    impact_ = v1::Impact::NewStub(channel_);
    std::vector<ledger::Action> opens;
    for (size_t i = 0; i < residents_.size(); ++i) {
      opens.push_back(
          ledger::OpenAccount{Resident(i), AccountKind::kResident, {residents_[i].public_key}, 1});
    }
    opens.push_back(ledger::OpenAccount{"winkel", AccountKind::kPartner, {shop_.public_key}, 1});
    opens.push_back(
        ledger::OpenAccount{"buurttuin", AccountKind::kInitiative, {garden_.public_key}, 1});
    Accept(Sign(Op(opens), {&admin_}));
  }
  static std::string Resident(size_t i) { return "bewoner" + std::to_string(i); }
  // Resident i pays resident j `minutes` for `skill`.
  void Help(size_t i, size_t j, int64_t minutes, const std::string& skill) {
    Accept(Sign(Op({ledger::Transfer{Resident(i), Resident(j), "HOUR", Amount{minutes}, skill,
                                     "Geholpen"}}),
                {&residents_[i]}));
  }
  grpc::Status GetImpact(const KeyPair* caller, v1::ImpactReport* report,
                         const v1::GetImpactRequest& request = {}) {
    grpc::ClientContext context;
    if (caller != nullptr) Authorize(&context, *caller, kGetImpact);
    return impact_->GetImpact(&context, request, report);
  }
  v1::ImpactReport Report(const KeyPair& caller, bool suppressed = false) {
    v1::GetImpactRequest request;
    request.set_suppressed(suppressed);
    v1::ImpactReport report;
    grpc::Status status = GetImpact(&caller, &report, request);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }
  static const v1::ImpactSkill* SkillOf(const v1::ImpactPeriod& period, const std::string& code) {
    for (const v1::ImpactSkill& s : period.skills()) {
      if (s.code() == code) return &s;
    }
    return nullptr;
  }
  // Help among all six residents (koken), and between two only (tuin).
  void ExchangeHelp() {
    for (size_t i = 0; i < residents_.size(); ++i)
      Help(i, (i + 1) % residents_.size(), 30, "koken");
    Help(0, 1, 90, "tuin");
  }

  KeyPair admin_ = ledger::KeyPairFromSeed(ledger::Sha256("impact-admin"));
  KeyPair shop_ = ledger::KeyPairFromSeed(ledger::Sha256("impact-shop"));
  KeyPair garden_ = ledger::KeyPairFromSeed(ledger::Sha256("impact-garden"));
  KeyPair stranger_ = ledger::KeyPairFromSeed(ledger::Sha256("impact-stranger"));
  std::vector<KeyPair> residents_ = [] {
    std::vector<KeyPair> keys;
    for (int i = 0; i < 6; ++i) {
      keys.push_back(
          ledger::KeyPairFromSeed(ledger::Sha256("impact-resident" + std::to_string(i))));
    }
    return keys;
  }();
  std::unique_ptr<v1::Impact::Stub> impact_;
};

TEST_F(ImpactE2eTest, AdministratorsSeeEverythingMembersTheSuppressedReport) {
  SetUpCommunity();
  ExchangeHelp();
  // Asked right after the last acknowledgement: the report already holds it.
  v1::ImpactReport full = Report(admin_);
  EXPECT_FALSE(full.suppressed());
  EXPECT_EQ(full.persons_min(), 5);
  EXPECT_EQ(full.applied_index() + 1, Community().journal_size());
  EXPECT_EQ(full.total().hours().amount(), 6 * 30 + 90);
  EXPECT_EQ(full.total().hours().count(), 7);
  EXPECT_EQ(full.total().residents().active().value(), 6);
  EXPECT_EQ(full.total().residents().reciprocal().value(), 6);
  ASSERT_NE(SkillOf(full.total(), "tuin"), nullptr);
  EXPECT_EQ(SkillOf(full.total(), "tuin")->figure().amount(), 90);
  EXPECT_EQ(SkillOf(full.total(), "tuin")->figure().persons(), 2);
  ASSERT_EQ(full.months_size(), 1);
  EXPECT_EQ(full.months(0).hours().amount(), full.total().hours().amount());

  for (const KeyPair* member : {&residents_[3], &shop_, &garden_}) {
    v1::ImpactReport report = Report(*member);
    EXPECT_TRUE(report.suppressed());
    EXPECT_EQ(report.total().hours().amount(), 270) << "about six residents: shown";
    const v1::ImpactSkill* tuin = SkillOf(report.total(), "tuin");
    ASSERT_NE(tuin, nullptr);
    EXPECT_TRUE(tuin->figure().suppressed()) << "about two residents: left out";
    EXPECT_EQ(tuin->figure().amount(), 0);
    EXPECT_EQ(SkillOf(report.total(), "koken")->figure().amount(), 180);
  }
  // An administrator may ask for the report the others get, to publish it.
  v1::ImpactReport published = Report(admin_, /*suppressed=*/true);
  EXPECT_TRUE(published.suppressed());
  EXPECT_TRUE(SkillOf(published.total(), "tuin")->figure().suppressed());
}

TEST_F(ImpactE2eTest, StrangersAndBadRequestsAreRefusedWithTheirCodes) {
  SetUpCommunity();
  v1::ImpactReport report;
  grpc::Status unsigned_call = GetImpact(nullptr, &report);
  EXPECT_EQ(unsigned_call.error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(unsigned_call.error_message(), HasSubstr("noaber-auth"));
  grpc::Status stranger = GetImpact(&stranger_, &report);
  EXPECT_EQ(stranger.error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(stranger.error_message(),
              HasSubstr("the impact report is visible to the accounts of the community only"));
  for (const auto& [first, last, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"2026-13", "", "first_month"},
           {"", "26-01", "last_month"},
           {"2027-05", "2027-01", "after"},
           {"2000-01", "2030-01", "at most 120 months"}}) {
    v1::GetImpactRequest request;
    request.set_first_month(first);
    request.set_last_month(last);
    grpc::Status status = GetImpact(&admin_, &report, request);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << first << " " << last;
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  }
}

TEST_F(ImpactE2eTest, FiguresSurviveARestartAndADamagedStateIsRecomputed) {
  SetUpCommunity();
  ExchangeHelp();
  const v1::ImpactReport before = Report(admin_);
  ASSERT_EQ(node_->Stop(), 0);
  const std::string state_path = dir_.Sub("data") + "/impact.state";
  std::ifstream saved(state_path, std::ios::binary);
  ASSERT_TRUE(saved.good()) << "the node saves its figures when it stops";

  auto restart = [&] {
    absl::StatusOr<std::unique_ptr<NodeProcess>> node =
        NodeProcess::Start(NOABER_NODE_BINARY, dir_.Sub("data"));
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
    channel_ = grpc::CreateChannel("ipv4:" + node_->address(), grpc::InsecureChannelCredentials());
    ledger_ = v1::Ledger::NewStub(channel_);
    impact_ = v1::Impact::NewStub(channel_);
  };
  restart();
  EXPECT_EQ(Report(admin_).SerializeAsString(), before.SerializeAsString());
  EXPECT_THAT(node_->StderrText(), ::testing::Not(HasSubstr("recomputing")));
  Help(2, 4, 45, "tuin");  // and it goes on from there
  EXPECT_EQ(Report(admin_).total().hours().amount(), before.total().hours().amount() + 45);
  ASSERT_EQ(node_->Stop(), 0);

  {
    std::ofstream damaged(state_path, std::ios::binary | std::ios::trunc);
    damaged << "not the figures";
  }
  restart();
  v1::ImpactReport recomputed = Report(admin_);
  EXPECT_EQ(recomputed.total().hours().amount(), before.total().hours().amount() + 45);
  EXPECT_THAT(node_->StderrText(), HasSubstr("recomputing"));
}

TEST_F(ImpactE2eTest, TheNodeConfigSetsK) {
  std::ofstream(dir_.Sub("node.toml")) << "impact_k_min = 2\n";
  SetUpCommunity({"--config", dir_.Sub("node.toml")});
  ExchangeHelp();
  v1::ImpactReport report = Report(residents_[0]);
  EXPECT_TRUE(report.suppressed());
  EXPECT_EQ(report.persons_min(), 2);
  EXPECT_EQ(SkillOf(report.total(), "tuin")->figure().amount(), 90) << "two residents, k = 2";
}

}  // namespace
}  // namespace noaber::testing
