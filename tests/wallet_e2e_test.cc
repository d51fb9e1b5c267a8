// End-to-end tests of the wallet: the real `noaber` binary against a real `noaber-node` on a
// loopback port, with keys in a temporary wallet folder. Each test founds its own community
// (administrator "admin", residents "anna" and "bert", and a key "stranger" with no account).
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

class WalletE2eTest : public testing::WalletFixture {
 protected:
  void SetUp() override {
    MakeKeys({"admin", "anna", "bert", "stranger"});
    FoundAndStart({"--community", "Teststad", "--admin-key", public_keys_["admin"]});
    ASSERT_EQ(Wallet({"--as", "admin", "admin", "open-account", "anna", "--kind", "resident",
                      "--key", "anna"})
                  .exit_code,
              0);
    ProcessResult bert = Wallet({"--as", "admin", "admin", "open-account", "bert", "--kind",
                                 "resident", "--pubkey", public_keys_["bert"]});
    ASSERT_EQ(bert.exit_code, 0) << Describe(bert);
    EXPECT_EQ(bert.stdout_text, "Opened resident account bert (entry 2).\n");
  }
};

TEST_F(WalletE2eTest, PayMovesTimeBetweenNeighbours) {
  ProcessResult paid =
      Wallet({"--as", "anna", "pay", "bert", "1h30m", "--skill", "tuin", "--memo", "Heg gesnoeid"});
  ASSERT_EQ(paid.exit_code, 0) << Describe(paid);
  EXPECT_EQ(paid.stdout_text, "Paid 1h30m to bert (entry 3).\n");
  EXPECT_EQ(Minutes("anna"), -90);
  EXPECT_EQ(Minutes("bert"), 90);
  // Global options may also follow the command, and amounts come in every form.
  for (std::string amount : {"90m", "1.5h", "2h"}) {
    EXPECT_EQ(Wallet({"pay", "bert", amount, "--as", "anna"}).exit_code, 0) << amount;
  }
  EXPECT_EQ(Minutes("bert"), 90 + 90 + 90 + 120);

  ProcessResult balance = Wallet({"--as", "bert", "balance"});
  ASSERT_EQ(balance.exit_code, 0) << Describe(balance);
  EXPECT_THAT(balance.stdout_text, HasSubstr("Balances of bert"));
  EXPECT_THAT(balance.stdout_text, HasSubstr("HOUR   6h30m"));
  ProcessResult history = Wallet({"--as", "anna", "history", "--limit", "10"});
  ASSERT_EQ(history.exit_code, 0) << Describe(history);
  EXPECT_THAT(history.stdout_text, HasSubstr("paid 1h30m to bert (tuin): \"Heg gesnoeid\""));
  json bert_history = WalletJson({"--as", "bert", "history"});
  ASSERT_EQ(bert_history["handle"], "bert");
  ASSERT_GE(bert_history["entries"].size(), 4u);
  EXPECT_EQ(bert_history["entries"][0]["actions"][0]["amount"]["minor_units"], 120);
  EXPECT_EQ(bert_history["entries"][0]["actions"][0]["description"], "received 2h from anna");
}

TEST_F(WalletE2eTest, PendingTransfersArePostedOrVoided) {
  json reserved = WalletJson({"--as", "anna", "pay", "bert", "2h", "--pending", "--timeout", "2d"});
  std::string id = reserved["pending_id"];
  ASSERT_EQ(id.size(), 32u);
  EXPECT_EQ(Minutes("anna", "pending_debits"), 120);
  EXPECT_EQ(Minutes("bert", "pending_credits"), 120);
  EXPECT_EQ(Minutes("anna"), 0);

  ProcessResult posted = Wallet({"--as", "anna", "post", id, "1h30m"});
  ASSERT_EQ(posted.exit_code, 0) << Describe(posted);
  EXPECT_THAT(posted.stdout_text, HasSubstr("Paid 1h30m to bert from pending"));
  EXPECT_EQ(Minutes("anna"), -90);
  EXPECT_EQ(Minutes("anna", "pending_debits"), 0);
  json state = WalletJson({"--as", "bert", "pending", id});
  EXPECT_EQ(state["state"], "posted");
  EXPECT_EQ(state["posted"]["minor_units"], 90);
  ExpectFailure({"--as", "anna", "post", id}, 3, "pending_not_open");

  // The payee may release a reservation; then nothing moves.
  ProcessResult second = Wallet({"--as", "anna", "pay", "bert", "45m", "--pending"});
  ASSERT_EQ(second.exit_code, 0) << Describe(second);
  EXPECT_THAT(second.stdout_text, HasSubstr("Reserved 45m for bert"));
  std::string second_id = WalletJson(
      {"--as", "anna", "history", "--limit", "1"})["entries"][0]["actions"][0]["pending_id"];
  ProcessResult voided = Wallet({"--as", "bert", "void", second_id});
  ASSERT_EQ(voided.exit_code, 0) << Describe(voided);
  EXPECT_THAT(voided.stdout_text, HasSubstr("Released pending"));
  EXPECT_EQ(WalletJson({"--as", "anna", "pending", second_id})["state"], "voided");
  EXPECT_EQ(Minutes("anna"), -90);
  EXPECT_EQ(Minutes("bert"), 90);
}

TEST_F(WalletE2eTest, OverdraftIsRefusedAndChangesNothing) {
  uint64_t journal = JournalSize();
  ProcessResult refused = Wallet({"--as", "anna", "pay", "bert", "10h01m"});
  EXPECT_EQ(refused.exit_code, 3) << Describe(refused);
  EXPECT_THAT(refused.stderr_text, HasSubstr("(exceeds_minimum)"));
  EXPECT_THAT(refused.stderr_text, HasSubstr("-10h"));
  EXPECT_EQ(Minutes("anna"), 0);
  EXPECT_EQ(Minutes("bert"), 0);
  EXPECT_EQ(JournalSize(), journal);
  // Exactly the credit line is fine.
  EXPECT_EQ(Wallet({"--as", "anna", "pay", "bert", "10h"}).exit_code, 0);
  EXPECT_EQ(Minutes("anna"), -600);
}

TEST_F(WalletE2eTest, PrivateReadsAreRefusedToOthers) {
  ExpectFailure({"--as", "stranger", "balance", "anna"}, 3, "anna");
  ExpectFailure({"--as", "bert", "balance", "anna"}, 3, "administrators");
  ExpectFailure({"--as", "bert", "history", "anna"}, 3, "anna");
  ExpectFailure({"--as", "stranger", "balance"}, 3, "holds no account");
  EXPECT_EQ(Wallet({"--as", "admin", "balance", "anna"}).exit_code, 0);
  // A pending transfer is visible to its payer and payee, not to a stranger.
  std::string id = WalletJson({"--as", "anna", "pay", "bert", "1h", "--pending"})["pending_id"];
  EXPECT_EQ(Wallet({"--as", "bert", "pending", id}).exit_code, 0);
  ExpectFailure({"--as", "stranger", "pending", id}, 3, "");
}

TEST_F(WalletE2eTest, MalformedInputIsAUsageErrorAndPersistsNothing) {
  uint64_t journal = JournalSize();
  const std::string memo(300, 'x');
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"pay", "Bert!", "1h"}, "not a handle"},
      {{"pay", "bert", "1h30"}, "say the unit"},
      {{"pay", "bert", "abc"}, "invalid amount 'abc'"},
      {{"pay", "bert", "-1h"}, "must not be negative"},
      {{"pay", "bert", "12.505"}, "two decimals"},
      {{"pay", "bert", "12.50"}, "HOUR counts time"},  // the asset decides, after GetCommunity
      {{"pay", "bert", "1h", "--asset", "hour"}, "not an asset code"},
      {{"pay", "bert", "1h", "--skill", "Tuin!"}, "not a skill code"},
      {{"pay", "bert", "1h", "--memo", memo},
       "the memo is 300 bytes; the ledger takes at most 256"},
      {{"pay", "bert", "1h", "--pending", "--timeout", "400d"}, "the timeout must lie between"},
      {{"pay", "bert", "1h", "--timeout", "1d"}, "--timeout requires --pending"},
      {{"pay", "bert"}, "amount is required"},
      {{"pay", "bert", "1h", "--bogus"}, "--bogus"},
      {{"post", "xyz"}, "not a pending id"},
      {{"void", std::string(31, 'a')}, "not a pending id"},
      {{"history", "--limit", "500"}, "500"},
      {{"balance", "Anna"}, "not a handle"},
      {{"account", "a"}, "not a handle"},
      {{"admin", "open-account", "carla", "--kind", "mayor", "--key", "anna"}, "mayor"},
      {{"admin", "open-account", "carla", "--kind", "resident", "--pubkey", "abcd"},
       "not a public key"},
      {{"admin", "set-limits", "anna", "--asset", "HOUR"}, "say what to change"},
      {{"admin", "issue", "anna", "5 hours", "--reason", "x"}, "invalid amount"},
      {{"admin", "issue", "anna", "5h"}, "--reason is required"},
      {{"key", "new", "Bad/Name"}, "not a key name"},
      {{"frobnicate"}, "frobnicate"},
  };
  for (const auto& [args, text] : cases) {
    std::vector<std::string> full = {"--as", args[0] == "admin" ? "admin" : "anna"};
    full.insert(full.end(), args.begin(), args.end());
    ProcessResult result = Wallet(full);
    EXPECT_EQ(result.exit_code, 2) << Describe(result);
    EXPECT_THAT(result.stderr_text, HasSubstr(text)) << Describe(result);
  }
  EXPECT_EQ(JournalSize(), journal);
  EXPECT_EQ(Minutes("anna"), 0);
}

TEST_F(WalletE2eTest, UnknownAccountsAreRejectedByTheLedger) {
  ExpectFailure({"--as", "anna", "pay", "nobody", "1h"}, 3, "(unknown_account)");
  ExpectFailure({"account", "nobody"}, 3, "nobody");
  ExpectFailure({"--as", "admin", "admin", "freeze", "nobody"}, 3, "(unknown_account)");
  ExpectFailure({"--as", "admin", "admin", "issue", "nobody", "1h", "--reason", "welkom"}, 3,
                "(unknown_account)");
  ExpectFailure({"--as", "anna", "pay", "bert", "1h", "--asset", "EUR"}, 3, "(unknown_asset)");
  ExpectFailure({"--as", "anna", "post", std::string(32, 'a')}, 3, "");
  // Opening an account twice is refused too.
  ExpectFailure(
      {"--as", "admin", "admin", "open-account", "anna", "--kind", "resident", "--key", "anna"}, 3,
      "(account_exists)");
}

TEST_F(WalletE2eTest, KeystoreErrorsExitFive) {
  uint64_t journal = JournalSize();
  ExpectFailure({"--as", "anna", "pay", "bert", "1h"}, 5, "wrong passphrase",
                {{"NOABER_PASSPHRASE", "not the passphrase"}});
  ExpectFailure({"--as", "ghost", "pay", "bert", "1h"}, 5, "no key named 'ghost'");
  ExpectFailure({"--as", "anna", "balance"}, 5, "wrong passphrase",
                {{"NOABER_PASSPHRASE", "nope"}});
  ExpectFailure({"key", "new", "anna", "--kdf", "interactive"}, 5, "already exists");
  ExpectFailure({"pay", "bert", "1h"}, 2, "--as NAME");
  EXPECT_EQ(JournalSize(), journal);
  EXPECT_EQ(Minutes("bert"), 0);
}

TEST_F(WalletE2eTest, NodeDownExitsFourNamingTheAddress) {
  std::string address = node_->address();
  EXPECT_EQ(node_->Stop(), 0);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"community"},
                                             {"--as", "anna", "pay", "bert", "1h"},
                                             {"--as", "anna", "balance"},
                                             {"account", "anna"}}) {
    std::vector<std::string> full = args;
    full.insert(full.end(), {"--node", address});
    ProcessResult result = Wallet(full);
    EXPECT_EQ(result.exit_code, 4) << Describe(result);
    EXPECT_THAT(result.stderr_text, HasSubstr("cannot reach the node at " + address));
  }
}

TEST_F(WalletE2eTest, JsonOutputIsOneObject) {
  json community = WalletJson({"community"});
  EXPECT_EQ(community["name"], "Teststad");
  EXPECT_EQ(community["journal_size"], 3);
  EXPECT_EQ(community["community_id"].get<std::string>().size(), 64u);
  EXPECT_EQ(community["assets"][0]["code"], "HOUR");
  EXPECT_EQ(community["admin_keys"][0], public_keys_["admin"]);

  json paid = WalletJson({"--as", "anna", "pay", "bert", "1h30m"});
  EXPECT_EQ(paid["entry"], 3);
  EXPECT_EQ(paid["result_name"], "accepted");
  EXPECT_EQ(paid["amount"]["minor_units"], 90);
  EXPECT_EQ(paid["amount"]["formatted"], "1h30m");
  EXPECT_EQ(paid["from"], "anna");

  json account = WalletJson({"account", "anna"});
  EXPECT_EQ(account["kind"], "resident");
  EXPECT_EQ(account["status"], "active");
  EXPECT_EQ(account["keys"][0]["public_key"], public_keys_["anna"]);
  EXPECT_EQ(account["keys"][0]["local_name"], "anna");

  json keys = WalletJson({"key", "list"});
  EXPECT_EQ(keys["keys"].size(), 4u);
  EXPECT_EQ(keys["keys"][0]["name"], "admin");

  ProcessResult refused = Wallet({"--as", "anna", "pay", "bert", "20h", "--json"});
  EXPECT_EQ(refused.exit_code, 3);
  json error = json::parse(refused.stdout_text);
  EXPECT_EQ(error["ok"], false);
  EXPECT_EQ(error["error"]["exit_code"], 3);
  EXPECT_EQ(error["error"]["result_code"], 210);
  EXPECT_EQ(error["error"]["result_name"], "exceeds_minimum");
}

TEST_F(WalletE2eTest, AdministratorsSetLimitsFreezeAndIssue) {
  ASSERT_EQ(Wallet({"--as", "admin", "admin", "set-limits", "anna", "--asset", "HOUR", "--min=-2h"})
                .exit_code,
            0);
  EXPECT_EQ(Minutes("anna", "min"), -120);
  ExpectFailure({"--as", "anna", "pay", "bert", "2h30m"}, 3, "(exceeds_minimum)");

  ProcessResult frozen = Wallet({"--as", "admin", "admin", "freeze", "anna"});
  EXPECT_EQ(frozen.stdout_text, "Froze anna (entry 4).\n");
  ExpectFailure({"--as", "anna", "pay", "bert", "1h"}, 3, "(account_frozen)");
  EXPECT_EQ(Wallet({"--as", "admin", "admin", "unfreeze", "anna"}).exit_code, 0);
  EXPECT_EQ(Wallet({"--as", "anna", "pay", "bert", "1h"}).exit_code, 0);

  ProcessResult issued =
      Wallet({"--as", "admin", "admin", "issue", "bert", "5h", "--memo", "welkom"});
  EXPECT_EQ(issued.exit_code, 0) << Describe(issued);
  EXPECT_THAT(issued.stdout_text, HasSubstr("Issued 5h to bert"));
  EXPECT_EQ(Minutes("bert"), 360);
  EXPECT_EQ(WalletJson({"community"})["assets"][0]["in_circulation"]["minor_units"], 300);
  // Residents cannot administer.
  ExpectFailure({"--as", "anna", "admin", "freeze", "bert"}, 3, "");
  // Closing needs a zero balance.
  ExpectFailure({"--as", "admin", "admin", "close", "bert"}, 3, "(balance_not_zero)");
}

TEST_F(WalletE2eTest, SeveralAdministratorKeysReachTheThreshold) {
  json second = WalletJson({"key", "new", "admin2", "--kdf", "interactive"});
  std::string data = dir_.Sub("board");
  ProcessResult init = RunProcess(kNode, {"init", "--data-dir", data, "--community", "Bestuur",
                                          "--admin-key", public_keys_["admin"], "--admin-key",
                                          second["public_key"], "--admin-threshold", "2"});
  ASSERT_EQ(init.exit_code, 0) << Describe(init);
  absl::StatusOr<std::unique_ptr<NodeProcess>> board = NodeProcess::Start(kNode, data);
  ASSERT_TRUE(board.ok()) << board.status();
  const std::map<std::string, std::string> env = {{"NOABER_NODE", (*board)->address()}};
  const std::vector<std::string> open = {"admin",    "open-account", "carla", "--kind",
                                         "resident", "--key",        "anna"};
  std::vector<std::string> one = {"--as", "admin"}, both = {"--as", "admin,admin2"};
  one.insert(one.end(), open.begin(), open.end());
  both.insert(both.end(), open.begin(), open.end());
  ExpectFailure(one, 3, "(not_authorized)", env);
  ProcessResult opened = Wallet(both, env);
  EXPECT_EQ(opened.exit_code, 0) << Describe(opened);
  EXPECT_EQ(opened.stdout_text, "Opened resident account carla (entry 1).\n");
}

TEST_F(WalletE2eTest, ResidentRotatesKeys) {
  ASSERT_EQ(Wallet({"key", "new", "anna2", "--kdf", "interactive"}).exit_code, 0);
  ProcessResult rotated = Wallet({"--as", "anna", "rotate-keys", "--key", "anna2"});
  ASSERT_EQ(rotated.exit_code, 0) << Describe(rotated);
  EXPECT_THAT(rotated.stdout_text, HasSubstr("Replaced the keys of anna"));
  ExpectFailure({"--as", "anna", "pay", "bert", "1h"}, 3, "holds no account");
  EXPECT_EQ(Wallet({"--as", "anna2", "pay", "bert", "1h"}).exit_code, 0);
  EXPECT_EQ(Minutes("bert"), 60);
}

TEST_F(WalletE2eTest, KeysShowAsHexAndQr) {
  ProcessResult shown = Wallet({"key", "show", "anna"});
  EXPECT_EQ(shown.stdout_text, public_keys_["anna"] + "\n");
  ProcessResult qr = Wallet({"key", "show", "anna", "--qr"});
  EXPECT_EQ(qr.exit_code, 0);
  EXPECT_THAT(qr.stdout_text, HasSubstr("▀"));
  EXPECT_THAT(qr.stdout_text, HasSubstr(public_keys_["anna"]));
  ProcessResult listed = Wallet({"key", "list"});
  EXPECT_THAT(listed.stdout_text, HasSubstr("stranger  " + public_keys_["stranger"]));
  ExpectFailure({"key", "show", "ghost"}, 5, "no key named 'ghost'");
}

}  // namespace
}  // namespace noaber
