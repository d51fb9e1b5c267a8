// noaber-bench end to end: the real benchmark drives the real noaber-node it starts, with a
// load small enough for a test; what it reports is checked against itself and against what
// `noaber-node audit` finds in the folder it leaves. Not a speed test: no figure is compared
// with a goal here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "ledger/testing/temp_dir.h"
#include "nlohmann/json.hpp"
#include "tests/harness.h"

namespace noaber::bench {
namespace {

using ::testing::HasSubstr;
using noaber::testing::ProcessOptions;
using noaber::testing::ProcessResult;
using noaber::testing::RunProcess;

constexpr char kBench[] = NOABER_BENCH_BINARY;
constexpr char kNode[] = NOABER_NODE_BINARY;

constexpr int kAccounts = 30;
constexpr int kTransfersPerMode = 1500;
constexpr int kRate = 200;  // rate mode: 200/s for 1 s

ProcessResult RunBench(const std::vector<std::string>& args) {
  ProcessOptions options;
  options.timeout = std::chrono::minutes(3);  // signing and the modes take seconds; ASan more
  return RunProcess(kBench, args, options);
}

TEST(BenchE2eTest, EveryModeRunsAndTheFolderHoldsWhatItReports) {
  ledger::testing::TempDir dir;
  const std::string data_dir = dir.Sub("bench");
  const ProcessResult run = RunBench(
      {"--mode", "all", "--accounts", std::to_string(kAccounts), "--operations",
       std::to_string(kTransfersPerMode), "--rate", std::to_string(kRate), "--rate-seconds", "1",
       "--batch-size", "100", "--ceiling-seconds", "0.2", "--data-dir", data_dir, "--keep",
       "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const nlohmann::json report = nlohmann::json::parse(run.stdout_text);

  EXPECT_EQ(report["accounts"], kAccounts);
  EXPECT_GT(report["ceiling"]["per_second"].get<double>(), 0);
  std::vector<std::string> modes;
  int transfers = 0;
  for (const nlohmann::json& mode : report["modes"]) {
    const std::string name = mode["mode"];
    modes.push_back(name);
    const int expected = name == "rate" ? kRate : kTransfersPerMode;
    // Every transfer answered and accepted once: nothing refused, failed or repeated.
    EXPECT_EQ(mode["operations"], expected) << name;
    EXPECT_EQ(mode["accepted"], expected) << name;
    EXPECT_TRUE(mode["rejected"].empty()) << name << ": " << mode["rejected"].dump();
    EXPECT_TRUE(mode["errors"].empty()) << name << ": " << mode["errors"].dump();
    transfers += mode["accepted"].get<int>();
    const nlohmann::json& latency = mode["latency_ms"];
    EXPECT_GT(latency["p50"].get<double>(), 0) << name;
    EXPECT_LE(latency["p50"].get<double>(), latency["p95"].get<double>()) << name;
    EXPECT_LE(latency["p95"].get<double>(), latency["p99"].get<double>()) << name;
    EXPECT_LE(latency["p99"].get<double>(), latency["max"].get<double>()) << name;
    EXPECT_GT(mode["per_second"].get<double>(), 0) << name;
    EXPECT_GT(mode["cpu_us_per_operation"]["node"].get<double>(), 0) << name;
  }
  EXPECT_EQ(modes, (std::vector<std::string>{"unary", "rate", "batch", "stream"}));
  EXPECT_EQ(report["disk"]["transfers_journaled"], transfers);
  EXPECT_EQ(report["node"]["exit_code"], 0);
  EXPECT_GT(report["node"]["peak_rss_bytes"].get<double>(), 0);
  std::vector<std::string> goals;
  for (const nlohmann::json& goal : report["goals"]) {
    goals.push_back(goal["goal"]);
    EXPECT_TRUE(goal["met"].is_boolean());
  }
  // No rate goal: it is about 1,000/s offered, and this run offers 200/s.
  EXPECT_THAT(goals, ::testing::ElementsAre("unary, 64 in flight, >= 8,000/s",
                                            "batch >= 70% of the ceiling",
                                            "stream >= 70% of the ceiling",
                                            "disk <= 400 bytes/transfer, as the node left it",
                                            "disk <= 400 bytes/transfer, compacted"));

  // The folder it kept: the genesis, the administrator's and the residents' accounts opened,
  // and every transfer it counted as accepted, all verified offline.
  const ProcessResult audit = RunProcess(kNode, {"audit", "--data-dir", data_dir});
  ASSERT_EQ(audit.exit_code, 0) << audit.stdout_text << audit.stderr_text;
  EXPECT_THAT(audit.stdout_text,
              HasSubstr("entries          " + std::to_string(1 + kAccounts + transfers) + "\n"));
  EXPECT_THAT(audit.stdout_text,
              HasSubstr("accounts         " + std::to_string(1 + kAccounts) + "\n"));
}

TEST(BenchE2eTest, BadOptionsExitTwoNamingTheOptionBeforeAnyNodeStarts) {
  ledger::testing::TempDir dir;
  const std::string data_dir = dir.Sub("bench");
  const ProcessResult too_big = RunBench({"--batch-size", "1001", "--data-dir", data_dir});
  EXPECT_EQ(too_big.exit_code, 2);
  EXPECT_THAT(too_big.stderr_text + too_big.stdout_text, HasSubstr("--batch-size"));
  const ProcessResult no_mode = RunBench({"--mode", "fast", "--data-dir", data_dir});
  EXPECT_EQ(no_mode.exit_code, 2);
  EXPECT_THAT(no_mode.stderr_text + no_mode.stdout_text, HasSubstr("--mode"));
  EXPECT_FALSE(std::filesystem::exists(data_dir)) << "a node was started in " << data_dir;
}

}  // namespace
}  // namespace noaber::bench
