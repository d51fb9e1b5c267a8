#include "wallet-cli/wallet.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/ledger.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/fake_ledger_test_util.h"
#include "wallet-cli/inputs.h"
#include "wallet-cli/passphrase.h"

namespace noaber::wallet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::AccountInfo AccountOf(const std::string& handle, const std::string& kind,
                          const std::vector<ledger::PublicKey>& keys = {}, bool assisted = false) {
  v1::AccountInfo account;
  account.set_handle(handle);
  account.set_kind(kind);
  for (const ledger::PublicKey& key : keys) account.add_keys(std::string(key.begin(), key.end()));
  account.set_assisted(assisted);
  return account;
}

std::string Bytes(const ledger::PublicKey& key) { return std::string(key.begin(), key.end()); }

class WalletTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    char pattern[] = "/tmp/noaber-wallet-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    home_ = pattern;
    setenv(kPassphraseEnv, "pw", 1);
    for (const char* name : {"admin1", "admin2"}) {
      Secret<Passphrase> passphrase;
      passphrase->bytes[0] = 'p';
      passphrase->bytes[1] = 'w';
      passphrase->size = 2;
      absl::StatusOr<KeyInfo> key = Keystore(home_).Create(name, *passphrase, MinimumKdf());
      ASSERT_TRUE(key.ok()) << key.status();
      keys_.push_back(key->public_key);
    }
    ledger_.Start();
  }
  void TearDown() override {
    ledger_.Stop();
    unsetenv(kPassphraseEnv);
    std::filesystem::remove_all(home_);
  }

  std::unique_ptr<Wallet> MakeWallet(const std::string& as, const std::string& from = "") {
    GlobalOptions options;
    options.node = ledger_.address();
    options.home = home_;
    options.as = as;
    options.from = from;
    return std::make_unique<Wallet>(options, &output_);
  }

  ledger::CommunityId community_id() const {
    ledger::CommunityId id{};
    id.fill(7);
    return id;
  }

  FakeLedger ledger_;
  std::string home_;
  std::vector<ledger::PublicKey> keys_;
  std::ostringstream out_, err_;
  Output output_{false, &out_, &err_};
};

TEST_F(WalletTest, SignsWithEveryKeyAFreshIdValidForTenMinutes) {
  FakeLedger::SubmitAnswer accepted;
  accepted.response.set_index(5);
  ledger_.QueueSubmit(accepted);
  accepted.response.set_index(6);
  ledger_.QueueSubmit(accepted);
  std::unique_ptr<Wallet> wallet = MakeWallet("admin1,admin2");
  ledger::Transfer transfer{"community", "anna", "HOUR", {60}, "", "welkom"};
  int64_t before_ms = NowMs();
  ledger::OperationId first_id{}, second_id{};
  absl::StatusOr<v1::SubmitResponse> first = wallet->SignAndSubmit({transfer}, &first_id);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(wallet->SignAndSubmit({transfer}, &second_id).ok());
  EXPECT_NE(first_id, second_id);

  std::vector<std::string> submitted = ledger_.submitted();
  ASSERT_EQ(submitted.size(), 2u);
  ledger::VerifiedOperation verified;
  ledger::Rejection rejection = ledger::VerifyOperation(community_id(), submitted[0], &verified);
  ASSERT_TRUE(rejection.ok()) << rejection.message;
  EXPECT_EQ(verified.operation.id, first_id);
  std::vector<ledger::PublicKey> sorted = keys_;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(verified.signers, sorted);
  EXPECT_GE(verified.operation.valid_until_ms, before_ms + kValidForMs);
  EXPECT_LE(verified.operation.valid_until_ms, NowMs() + kValidForMs);
  ASSERT_EQ(verified.operation.actions.size(), 1u);
  EXPECT_EQ(std::get<ledger::Transfer>(verified.operation.actions[0]), transfer);
}

TEST_F(WalletTest, TransportFailureResendsTheSameSignedBytes) {
  ledger_.QueueSubmit({grpc::StatusCode::UNAVAILABLE, "reset", {}, {}});
  FakeLedger::SubmitAnswer again;
  again.response.set_result_code(1);
  again.response.set_index(3);
  ledger_.QueueSubmit(again);
  std::unique_ptr<Wallet> wallet = MakeWallet("admin1");
  ASSERT_TRUE(
      wallet->SignAndSubmit({ledger::SetStatus{"anna", ledger::AccountStatus::kFrozen}}).ok());
  std::vector<std::string> submitted = ledger_.submitted();
  ASSERT_EQ(submitted.size(), 2u);
  EXPECT_EQ(submitted[0], submitted[1]);
}

TEST_F(WalletTest, CallAuthVerifiesForTheMethod) {
  std::unique_ptr<Wallet> wallet = MakeWallet("admin1");
  absl::StatusOr<std::string> text = wallet->CallAuth(kGetBalancesMethod);
  ASSERT_TRUE(text.ok()) << text.status();
  absl::StatusOr<ledger::CallAuth> auth = ledger::DecodeCallAuth(*text);
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(auth->key, keys_[0]);
  EXPECT_TRUE(ledger::VerifyCall(*auth, community_id(), kGetBalancesMethod, NowMs()).ok());
  EXPECT_FALSE(ledger::VerifyCall(*auth, community_id(), kGetHistoryMethod, NowMs()).ok());
}

TEST_F(WalletTest, DefaultAssetIsHourAndUnknownAssetsAreRejections) {
  std::unique_ptr<Wallet> wallet = MakeWallet("admin1");
  EXPECT_EQ(wallet->Asset("")->code, "HOUR");
  EXPECT_EQ(wallet->Asset("EUR")->kind, ledger::AssetKind::kCurrency);
  absl::StatusOr<AssetRef> gold = wallet->Asset("GOLD");
  EXPECT_EQ(ExitCodeOf(gold.status()), ExitCode::kRejected);
  EXPECT_EQ(LedgerResultOf(gold.status())->name, "unknown_asset");
  EXPECT_THAT(std::string(gold.status().message()), HasSubstr("HOUR, EUR"));
}

TEST_F(WalletTest, OwnHandlePrefersAResidentAndHonoursFrom) {
  ledger_.SetKeyHolders({"community", "zeeman"});
  ledger_.SetAccount(AccountOf("community", "community", {keys_[0]}));
  ledger_.SetAccount(AccountOf("zeeman", "resident", {keys_[0]}));
  ledger_.SetAccount(AccountOf("anna", "resident", {keys_[1]}));
  EXPECT_EQ(*MakeWallet("admin1")->OwnHandle(), "zeeman");
  EXPECT_EQ(*MakeWallet("admin1", "community")->OwnHandle(), "community");
  absl::StatusOr<std::string> other = MakeWallet("admin1", "anna")->OwnHandle();
  EXPECT_EQ(ExitCodeOf(other.status()), ExitCode::kRejected);
  EXPECT_THAT(std::string(other.status().message()), HasSubstr("does not hold account 'anna'"));
  absl::StatusOr<std::string> nobody = MakeWallet("admin1", "nobody")->OwnHandle();
  EXPECT_EQ(ExitCodeOf(nobody.status()), ExitCode::kRejected);
  EXPECT_EQ(LedgerResultOf(nobody.status())->name, "unknown_account");
  EXPECT_EQ(ExitCodeOf(MakeWallet("admin1", "Anna!")->OwnHandle().status()), ExitCode::kUsage);
}

TEST_F(WalletTest, FromNamesAnAccountHeldByAnyOfTheKeys) {
  // An initiative owned by both keys: the second key alone names it too.
  ledger_.SetAccount(AccountOf("buurttuin", "initiative", {keys_[1], keys_[0]}));
  EXPECT_EQ(*MakeWallet("admin2", "buurttuin")->OwnHandle(), "buurttuin");
  EXPECT_EQ(*MakeWallet("admin1,admin2", "buurttuin")->OwnHandle(), "buurttuin");
  ledger_.SetAccount(AccountOf("karim", "resident", {keys_[1]}));
  absl::StatusOr<std::string> neither = MakeWallet("admin1", "karim")->OwnHandle();
  EXPECT_THAT(std::string(neither.status().message()), HasSubstr("does not hold account 'karim'"));
}

TEST_F(WalletTest, AdministratorsActForAnAssistedResidentOnly) {
  ledger_.AddAdminKey(Bytes(keys_[0]));
  ledger::PublicKey jan_key{};
  jan_key.fill(9);
  ledger_.SetAccount(AccountOf("jan", "resident", {jan_key}, /*assisted=*/true));
  ledger_.SetAccount(AccountOf("piet", "resident", {jan_key}, /*assisted=*/false));
  EXPECT_EQ(*MakeWallet("admin1", "jan")->OwnHandle(), "jan");
  absl::StatusOr<std::string> piet = MakeWallet("admin1", "piet")->OwnHandle();
  EXPECT_EQ(ExitCodeOf(piet.status()), ExitCode::kRejected);
  // A key that is no administrator's cannot act for an assisted resident either.
  absl::StatusOr<std::string> jan = MakeWallet("admin2", "jan")->OwnHandle();
  EXPECT_THAT(std::string(jan.status().message()), HasSubstr("none is an administrator's"));
}

TEST_F(WalletTest, MalformedOperationsAreRefusedBeforeSigning) {
  std::unique_ptr<Wallet> wallet = MakeWallet("admin1");
  // An issuance without a reason, and a correction without one: the ledger's own check.
  absl::StatusOr<v1::SubmitResponse> issue =
      wallet->SignAndSubmit({ledger::Transfer{"community", "anna", "HOUR", {60}, "", ""}});
  EXPECT_EQ(ExitCodeOf(issue.status()), ExitCode::kUsage);
  EXPECT_THAT(std::string(issue.status().message()), HasSubstr("reason_required"));
  absl::StatusOr<v1::SubmitResponse> correct =
      wallet->SignAndSubmit({ledger::CorrectTransfer{{}, 0, ""}});
  EXPECT_EQ(ExitCodeOf(correct.status()), ExitCode::kUsage);
  EXPECT_TRUE(ledger_.submitted().empty());
}

TEST_F(WalletTest, KeyWithoutAccountIsARejection) {
  absl::StatusOr<std::string> handle = MakeWallet("admin1")->OwnHandle();
  EXPECT_EQ(ExitCodeOf(handle.status()), ExitCode::kRejected);
  EXPECT_THAT(std::string(handle.status().message()), HasSubstr("holds no account"));
}

TEST_F(WalletTest, KeystoreFailuresComeBeforeTheNetwork) {
  std::unique_ptr<Wallet> missing = MakeWallet("admin1,ghost");
  EXPECT_EQ(ExitCodeOf(missing->SignAndSubmit({ledger::VoidPending{}}).status()),
            ExitCode::kKeystore);
  setenv(kPassphraseEnv, "wrong", 1);
  std::unique_ptr<Wallet> wrong = MakeWallet("admin1");
  EXPECT_EQ(ExitCodeOf(wrong->SignAndSubmit({ledger::VoidPending{}}).status()),
            ExitCode::kKeystore);
  EXPECT_TRUE(ledger_.submitted().empty());
  EXPECT_EQ(ExitCodeOf(MakeWallet("")->KeyNames().status()), ExitCode::kUsage);
}

TEST(ResolveHomeTest, ExpandsTheUsersFolder) {
  setenv("HOME", "/home/anna", 1);
  EXPECT_EQ(ResolveHome(""), "/home/anna/.noaber");
  EXPECT_EQ(ResolveHome("~/wallet"), "/home/anna/wallet");
  EXPECT_EQ(ResolveHome("/srv/noaber"), "/srv/noaber");
}

// A node that rolls its log back serves a smaller checkpoint it can still prove a prefix of
// the one this wallet saw: the log shrank, which `verify` reports though every kept receipt
// is still inside the smaller tree.
TEST_F(WalletTest, VerifyReportsALogThatShrankEvenWhenTheNodeCanProveIt) {
  FakeLedger::SubmitAnswer accepted;
  accepted.response.set_index(5);
  ledger_.QueueSubmit(accepted);
  std::unique_ptr<Wallet> wallet = MakeWallet("admin1");
  ASSERT_TRUE(wallet->SignAndSubmit({ledger::SetStatus{"anna", ledger::AccountStatus::kFrozen}})
                  .ok());
  ledger_.Grow(3);  // the log goes on to 9 entries; verify sees them
  ASSERT_TRUE(RunVerify(*wallet, VerifyOptions{}).ok()) << err_.str();
  ledger_.ServeCheckpointOfSize(7);  // still holds the receipt's entry 5
  absl::Status shrunk = RunVerify(*wallet, VerifyOptions{});
  EXPECT_EQ(ExitCodeOf(shrunk), ExitCode::kUnverified) << shrunk;
  EXPECT_THAT(std::string(shrunk.message()),
              ::testing::HasSubstr("history was truncated: the node's newest checkpoint has 7 "
                                   "entries, but the checkpoint of 9 entries"));
  ledger_.ServeCheckpointOfSize(0);
  EXPECT_TRUE(RunVerify(*wallet, VerifyOptions{}).ok()) << "the failed run kept the books as they were";
}

}  // namespace
}  // namespace noaber::wallet
