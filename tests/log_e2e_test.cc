// End-to-end tests of the verifiable log (issue 5, docs/merkle.md): receipts kept by the real
// `noaber` wallet, `noaber verify` and `noaber witness` against real nodes, and what they say
// when a node's history forks, is truncated or has a changed entry. A fork is made the way
// it would happen: two nodes with the same keys (a copied data folder) that share a prefix
// and then accept different operations.
#include <fstream>
#include <sstream>

#include "tests/wallet_fixture.h"

namespace noaber {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::Describe;
using testing::kNode;
using testing::NodeProcess;
using testing::ProcessResult;
using testing::RunProcess;

constexpr char kWitnessName[] = "gemeente.example/witness";

class LogE2eTest : public testing::WalletFixture {
 protected:
  void SetUp() override {
    MakeKeys({"admin", "anna", "bert", "gemeente"});
    FoundAndStart({"--community", "Teststad", "--admin-key", public_keys_["admin"]});
    for (const char* handle : {"anna", "bert"}) {
      ProcessResult opened = Wallet({"--as", "admin", "admin", "open-account", handle, "--kind",
                                     "resident", "--key", handle});
      ASSERT_EQ(opened.exit_code, 0) << Describe(opened);
    }
  }

  json Books() {
    json community = WalletJson({"community"});
    std::ifstream in(dir_.Sub("wallet") + "/books/" + community["community_id"].get<std::string>() +
                     ".json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  }

  // Stops the node, copies its data folder to `name`, and starts it again.
  std::string CopyData(const std::string& name) {
    const int stopped = node_->Stop();
    EXPECT_EQ(stopped, 0);
    const std::string copy = dir_.Sub(name);
    ProcessResult copied = RunProcess("/bin/cp", {"-a", dir_.Sub("data"), copy});
    EXPECT_EQ(copied.exit_code, 0) << Describe(copied);
    Restart(node_args_);
    return copy;
  }

  void Restart(const std::vector<std::string>& args) {
    node_.reset();
    node_args_ = args;
    absl::StatusOr<std::unique_ptr<NodeProcess>> node =
        NodeProcess::Start(kNode, dir_.Sub("data"), args);
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
  }

  std::unique_ptr<NodeProcess> StartOther(const std::string& data_dir) {
    absl::StatusOr<std::unique_ptr<NodeProcess>> node = NodeProcess::Start(kNode, data_dir);
    EXPECT_TRUE(node.ok()) << node.status();
    return node.ok() ? *std::move(node) : nullptr;
  }

  std::string WitnessKey() {
    json shown = WalletJson({"--as", "gemeente", "witness", "--name", kWitnessName, "--show-key"});
    return shown["witness_key"];
  }

  void Pay(const std::string& from, const std::string& to, const std::string& amount) {
    ProcessResult paid = Wallet({"--as", from, "pay", to, amount});
    ASSERT_EQ(paid.exit_code, 0) << Describe(paid);
  }

  std::vector<std::string> node_args_;
};

TEST_F(LogE2eTest, EveryAcceptedOperationLeavesAReceiptThatVerifies) {
  Pay("anna", "bert", "1h");
  json paid = WalletJson({"--as", "bert", "pay", "anna", "30m"});
  // Two accounts opened and two payments: four receipts, each for its own entry.
  json books = Books();
  ASSERT_TRUE(books.is_object());
  ASSERT_EQ(books["receipts"].size(), 4u);
  EXPECT_EQ(books["receipts"][3]["index"], paid["entry"]);
  EXPECT_EQ(books["receipts"][3]["summary"], "bert paid 30m to anna");
  EXPECT_THAT(books["log_key"].get<std::string>(), HasSubstr("noaber/"));
  EXPECT_THAT(books["checkpoint"].get<std::string>(), HasSubstr("\n\n— noaber/"));

  json verified = WalletJson({"verify"});
  EXPECT_EQ(verified["receipts_checked"], 4);
  EXPECT_EQ(verified["tree_size"], JournalSize());
  EXPECT_EQ(verified["pinned_now"], false);
  ProcessResult human = Wallet({"verify"});
  ASSERT_EQ(human.exit_code, 0) << Describe(human);
  EXPECT_THAT(human.stdout_text, HasSubstr("the books check out: 4 receipt(s)"));
}

TEST_F(LogE2eTest, AForkedNodeIsDetectedByTheWalletAndTheWitness) {
  const std::string witness_key = WitnessKey();
  node_->Stop();
  Restart({"--witness", witness_key});
  Pay("anna", "bert", "1h");
  const std::string fork = CopyData("fork");
  // The witness follows the original node.
  ProcessResult cosigned =
      Wallet({"--as", "gemeente", "witness", "--name", kWitnessName, "--once"});
  ASSERT_EQ(cosigned.exit_code, 0) << Describe(cosigned);
  // From here the two diverge: the original records anna paying 2h, the fork bert paying 2h.
  Pay("anna", "bert", "2h");
  ASSERT_EQ(Wallet({"--as", "gemeente", "witness", "--name", kWitnessName, "--once"}).exit_code,
            0);
  std::unique_ptr<NodeProcess> forked = StartOther(fork);
  ASSERT_NE(forked, nullptr);
  // Bert pays through the fork from another wallet folder (with copies of the keys and no
  // books yet: this wallet would refuse the fork's receipt, see below).
  ASSERT_EQ(RunProcess("/bin/mkdir", {"-m", "700", dir_.Sub("other")}).exit_code, 0);
  ASSERT_EQ(RunProcess("/bin/cp", {"-a", dir_.Sub("wallet") + "/keys", dir_.Sub("other") + "/keys"})
                .exit_code,
            0);
  ProcessResult other = Wallet({"--as", "bert", "pay", "anna", "2h"},
                               {{"NOABER_NODE", forked->address()}, {"NOABER_HOME", dir_.Sub("other")}});
  ASSERT_EQ(other.exit_code, 0) << Describe(other);

  // The wallet that saw the original: its receipt of entry 4 is not in the fork, and the
  // fork's tree does not extend the one it saw.
  ProcessResult verify = Wallet({"verify"}, {{"NOABER_NODE", forked->address()}});
  EXPECT_EQ(verify.exit_code, 6) << Describe(verify);
  EXPECT_THAT(verify.stderr_text, HasSubstr("history was rewritten"));
  EXPECT_THAT(verify.stderr_text, HasSubstr("entry 4 (anna paid 2h to bert"));
  EXPECT_THAT(verify.stderr_text, HasSubstr("changed or removed"));
  // Against the original everything still checks out, and the failed run changed nothing.
  EXPECT_EQ(WalletJson({"verify"})["receipts_checked"], 4);

  // A payment through the fork is refused by this wallet: its receipt contradicts the books.
  ProcessResult through_fork =
      Wallet({"--as", "anna", "pay", "bert", "5m"}, {{"NOABER_NODE", forked->address()}});
  EXPECT_EQ(through_fork.exit_code, 6) << Describe(through_fork);
  EXPECT_THAT(through_fork.stderr_text, HasSubstr("the node accepted the operation as journal entry"));

  // The witness that cosigned the original refuses the fork and keeps the evidence.
  ProcessResult witness =
      Wallet({"--as", "gemeente", "witness", "--name", kWitnessName, "--once"},
             {{"NOABER_NODE", forked->address()}});
  EXPECT_EQ(witness.exit_code, 6) << Describe(witness);
  EXPECT_THAT(witness.stderr_text, HasSubstr("history was rewritten"));
  EXPECT_THAT(witness.stderr_text, HasSubstr("evidence kept in"));
}

TEST_F(LogE2eTest, ATruncatedHistoryIsDetected) {
  Pay("anna", "bert", "1h");
  const std::string early = CopyData("early");
  Pay("anna", "bert", "2h");
  Pay("bert", "anna", "15m");
  ASSERT_EQ(WalletJson({"verify"})["receipts_checked"], 5);
  // The early copy is the same history, only shorter: entries were removed.
  std::unique_ptr<NodeProcess> behind = StartOther(early);
  ASSERT_NE(behind, nullptr);
  ProcessResult verify = Wallet({"verify"}, {{"NOABER_NODE", behind->address()}});
  EXPECT_EQ(verify.exit_code, 6) << Describe(verify);
  EXPECT_THAT(verify.stderr_text, HasSubstr("history was truncated: the node's newest checkpoint has 4 entries"));
  EXPECT_THAT(verify.stderr_text, HasSubstr("entry 5 (bert paid 15m to anna"));
  EXPECT_THAT(verify.stderr_text, HasSubstr("is hidden"));
}

TEST_F(LogE2eTest, VerifyCanRequireCosignaturesOfKnownWitnesses) {
  const std::string witness_key = WitnessKey();
  node_->Stop();
  Restart({"--witness", witness_key});
  Pay("anna", "bert", "1h");
  // No witness has cosigned yet.
  ProcessResult early = Wallet({"verify", "--witnesses", "1", "--witness-key", witness_key});
  EXPECT_EQ(early.exit_code, 6) << Describe(early);
  EXPECT_THAT(early.stderr_text, HasSubstr("no checkpoint of this log carries cosignatures of 1"));

  json round = WalletJson({"--as", "gemeente", "witness", "--name", kWitnessName, "--once"});
  EXPECT_EQ(round["cosigned"], true);
  EXPECT_EQ(round["tree_size"], JournalSize());
  json verified = WalletJson({"verify", "--witnesses", "1", "--witness-key", witness_key});
  EXPECT_EQ(verified["receipts_checked"], 3);
  ASSERT_EQ(verified["cosignatures"].size(), 1u);
  EXPECT_EQ(verified["cosignatures"][0]["name"], kWitnessName);

  // A newer payment is in the node's checkpoint but not yet cosigned: not verified (the node
  // alone vouches for it) until the witness's next round covers it.
  Pay("bert", "anna", "10m");
  ProcessResult unwitnessed = Wallet({"verify", "--witnesses", "1", "--witness-key", witness_key});
  EXPECT_EQ(unwitnessed.exit_code, 6) << Describe(unwitnessed);
  EXPECT_THAT(unwitnessed.stderr_text, HasSubstr("1 receipt(s) are newer than the newest checkpoint"));
  EXPECT_THAT(unwitnessed.stderr_text, HasSubstr("not yet witnessed"));
  round = WalletJson({"--as", "gemeente", "witness", "--name", kWitnessName, "--once"});
  EXPECT_EQ(round["tree_size"], JournalSize());
  verified = WalletJson({"verify", "--witnesses", "1", "--witness-key", witness_key});
  EXPECT_EQ(verified["receipts_unwitnessed"], 0);
  EXPECT_EQ(verified["receipts_checked"], 4);

  // A witness the node does not list cannot add cosignatures; asking for two is refused.
  MakeKeys({"stranger"});
  ProcessResult stranger = Wallet({"--as", "stranger", "witness", "--name", "stranger.example/w",
                                   "--once"});
  EXPECT_EQ(stranger.exit_code, 3) << Describe(stranger);
  EXPECT_THAT(stranger.stderr_text, HasSubstr("is not a witness of this node"));
  json other_key = WalletJson({"--as", "stranger", "witness", "--name", "stranger.example/w",
                               "--show-key"});
  ProcessResult two = Wallet({"verify", "--witnesses", "2", "--witness-key", witness_key,
                              "--witness-key", other_key["witness_key"]});
  EXPECT_EQ(two.exit_code, 6) << Describe(two);
  EXPECT_THAT(two.stderr_text, HasSubstr("the best has 1"));
}

}  // namespace
}  // namespace noaber
