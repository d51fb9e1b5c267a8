// The fixture of the wallet's end-to-end tests: a temporary wallet folder, keys made with the
// real `noaber` binary, a real `noaber-node` on a loopback port, and short ways to run the
// wallet against it and read what it printed. Each test founds its own community in SetUp().
#ifndef NOABER_TESTS_WALLET_FIXTURE_H_
#define NOABER_TESTS_WALLET_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ledger/testing/temp_dir.h"
#include "tests/harness.h"

namespace noaber::testing {

inline constexpr char kNode[] = NOABER_NODE_BINARY;
inline constexpr char kWallet[] = NOABER_WALLET_BINARY;
inline constexpr char kPassphrase[] = "correct horse battery";

inline std::string Describe(const ProcessResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.stdout_text +
         "\nstderr: " + r.stderr_text;
}

class WalletFixture : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  // Makes a key per name (cheap Argon2id) and remembers its public key.
  void MakeKeys(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      ProcessResult made = Wallet({"key", "new", name, "--kdf", "interactive", "--json"});
      ASSERT_EQ(made.exit_code, 0) << Describe(made);
      public_keys_[name] = json::parse(made.stdout_text)["public_key"];
    }
  }

  // Runs `noaber-node init` with `init_args` and starts the node on the data folder.
  void FoundAndStart(std::vector<std::string> init_args) {
    init_args.insert(init_args.begin(), {"init", "--data-dir", dir_.Sub("data")});
    ProcessResult init = RunProcess(kNode, init_args);
    ASSERT_EQ(init.exit_code, 0) << Describe(init);
    absl::StatusOr<std::unique_ptr<NodeProcess>> node = NodeProcess::Start(kNode, dir_.Sub("data"));
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
  }

  // Runs the wallet with this test's folder, node and passphrase; `env` adds or overrides.
  ProcessResult Wallet(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {}) {
    ProcessOptions options;
    options.env = {{"NOABER_HOME", dir_.Sub("wallet")},
                   {"NOABER_PASSPHRASE", kPassphrase},
                   {"NOABER_KEY", ""},
                   {"NOABER_NODE", node_ ? node_->address() : "127.0.0.1:1"}};
    for (const auto& [key, value] : env) options.env[key] = value;
    return RunProcess(kWallet, args, options);
  }

  // Runs with --json, expects exit 0 and one JSON object with "ok": true.
  json WalletJson(std::vector<std::string> args) {
    args.push_back("--json");
    ProcessResult result = Wallet(args);
    EXPECT_EQ(result.exit_code, 0) << Describe(result);
    json object = json::parse(result.stdout_text, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(object.is_object()) << result.stdout_text;
    EXPECT_EQ(object.value("ok", false), true) << result.stdout_text;
    return object;
  }

  // Expects success and returns what was printed for people.
  std::string Ok(const std::vector<std::string>& args) {
    ProcessResult result = Wallet(args);
    EXPECT_EQ(result.exit_code, 0) << Describe(result);
    return result.stdout_text;
  }

  // Expects `args` to fail with `exit_code` and `text` in what it printed to stderr.
  void ExpectFailure(const std::vector<std::string>& args, int exit_code, std::string_view text,
                     const std::map<std::string, std::string>& env = {}) {
    ProcessResult result = Wallet(args, env);
    EXPECT_EQ(result.exit_code, exit_code) << Describe(result);
    EXPECT_THAT(result.stderr_text, ::testing::HasSubstr(std::string(text))) << Describe(result);
    EXPECT_EQ(result.stdout_text, "") << "failures print nothing on stdout without --json";
  }

  // The HOUR `field` ("balance", "pending_debits", ...) of `handle` in minutes, read with the
  // administrator's key.
  int64_t Minutes(const std::string& handle, const std::string& field = "balance") {
    json balances = WalletJson({"--as", "admin", "balance", handle});
    for (const json& b : balances["balances"]) {
      if (b["asset"] == "HOUR") return b[field]["minor_units"].get<int64_t>();
    }
    ADD_FAILURE() << "no HOUR balance for " << handle;
    return 0;
  }

  uint64_t JournalSize() { return WalletJson({"community"})["journal_size"].get<uint64_t>(); }

  ledger::testing::TempDir dir_;
  std::map<std::string, std::string> public_keys_;
  std::unique_ptr<NodeProcess> node_;
};

}  // namespace noaber::testing

#endif  // NOABER_TESTS_WALLET_FIXTURE_H_
