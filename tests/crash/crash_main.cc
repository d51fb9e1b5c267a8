// noaber-crash: kills a loaded noaber-node with SIGKILL at random moments and checks after
// every restart that nothing acknowledged was lost or applied twice (docs/reliability.md).
// Exit 0: every cycle passed; 1: a check failed (the report names the cycle, the operation
// and the seed to replay with; the data folder is kept); 2: usage; 3: the setup failed.
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "noaber/ledger/strings.h"
#include "tests/crash/crash_load.h"
#include "tests/crash/crash_verify.h"
#include "tests/harness.h"

namespace noaber::crash {

namespace {

using ledger::StrCat;
using Clock = std::chrono::steady_clock;

constexpr size_t kProblemsShownMax = 20;

struct Options {
  int cycles = 20;
  uint64_t seed = 0;  // 0: a random one, printed
  std::string node_binary = NOABER_NODE_BINARY;
  int residents = 8;
  int unary_clients = 3;
  int kill_after_min_ms = 50;
  int kill_after_max_ms = 600;
  size_t resubmit_max = 200;
  int check_every = 1;  // run `noaber-node check` after every this many kills (and the last)
  bool verbose = false;
};

struct Run {
  Options options;
  Community community;
  std::string work_dir;
  std::string data_dir;
  std::unique_ptr<testing::NodeProcess> node;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Ledger::Stub> ledger;
  std::unique_ptr<v1::Log::Stub> log;
  Registry registry;
  JournalIndex journal;
  uint64_t resubmitted = 0;
  int folder_checks = 0;  // times `noaber-node check` ran on the stopped folder
};

// The node's config: rate limits off, so a long run's load (and its re-sends) never meets
// them; the harness tests durability, not admission.
absl::StatusOr<std::string> WriteNodeConfig(const Run& run) {
  const std::string path = run.data_dir + "-node.toml";  // beside the folder, not in it
  std::ofstream out(path);
  out << "rate_limit_peer_per_second = 0\n"
      << "rate_limit_account_per_second = 0\n";
  out.close();
  if (!out) return absl::InternalError("cannot write " + path);
  return path;
}

absl::Status StartNode(Run* run) {
  absl::StatusOr<std::string> config = WriteNodeConfig(*run);
  if (!config.ok()) return config.status();
  absl::StatusOr<std::unique_ptr<testing::NodeProcess>> node = testing::NodeProcess::Start(
      run->options.node_binary, run->data_dir, {"--config", *config});
  if (!node.ok()) return node.status();
  run->node = *std::move(node);
  run->channel =
      grpc::CreateChannel("ipv4:" + run->node->address(), grpc::InsecureChannelCredentials());
  run->ledger = v1::Ledger::NewStub(run->channel);
  run->log = v1::Log::NewStub(run->channel);
  return absl::OkStatus();
}

// Founds the community, starts the node and opens the residents' accounts.
absl::Status SetUp(Run* run) {
  testing::ProcessResult init = testing::RunProcess(
      run->options.node_binary, {"init", "--data-dir", run->data_dir, "--community", "Crash",
                                 "--admin-key", ledger::ToHex(run->community.admin.public_key)});
  if (init.exit_code != 0) return absl::InternalError(StrCat("init failed: ", init.stderr_text));
  if (absl::Status s = StartNode(run); !s.ok()) return s;
  grpc::ClientContext context;
  v1::Community community;
  if (grpc::Status s = run->ledger->GetCommunity(&context, {}, &community); !s.ok()) {
    return absl::UnavailableError(StrCat("GetCommunity: ", s.error_message()));
  }
  std::memcpy(run->community.id.data(), community.community_id().data(), run->community.id.size());
  for (const Resident& resident : run->community.residents) {
    ledger::Operation open = NewOperation(
        run->community,
        ledger::OpenAccount{
            resident.handle, ledger::AccountKind::kResident, {resident.key.public_key}, 1});
    grpc::ClientContext submit_context;
    v1::SubmitRequest request;
    request.set_signed_operation(SignBy(open, run->community.admin));
    v1::SubmitResponse response;
    if (grpc::Status s = run->ledger->Submit(&submit_context, request, &response); !s.ok()) {
      return absl::InternalError(StrCat("opening ", resident.handle, ": ", s.error_message()));
    }
  }
  return absl::OkStatus();
}

int64_t MillisecondsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

// Appends `more` to `problems`, each prefixed with `what`.
void Collect(const std::string& what, Problems more, Problems* problems) {
  for (std::string& problem : more) problems->push_back(StrCat(what, ": ", problem));
}

// The checks after a restart.
Problems CheckRestarted(Run* run, int cycle, FateCounts* counts) {
  Problems problems;
  Collect("journal", run->journal.Update(run->log.get(), run->community), &problems);
  Collect("operations", CheckOperations(run->registry, run->journal, counts), &problems);
  Collect("balances", CheckBalances(run->ledger.get(), run->community, run->registry, run->journal),
          &problems);
  Collect("re-submission",
          CheckResubmissions(run->ledger.get(), run->registry, cycle, run->options.resubmit_max,
                             &run->resubmitted),
          &problems);
  return problems;
}

// One cycle: load, a kill at a random moment, the checks while down, a restart, the checks.
Problems Cycle(Run* run, int cycle, std::mt19937_64* random, FateCounts* counts) {
  const int spread = run->options.kill_after_max_ms - run->options.kill_after_min_ms + 1;
  const int kill_after_ms = run->options.kill_after_min_ms + static_cast<int>((*random)() % spread);
  {
    LoadClients load({&run->community, &run->registry, run->node->address(), cycle,
                      run->options.seed, run->options.unary_clients});
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    run->node->Kill();
    load.Finish();
  }
  Problems problems;
  const auto killed = Clock::now();
  // The replay costs time in proportion to the journal; long runs may space it out.
  if (cycle % run->options.check_every == 0 || cycle == run->options.cycles) {
    Collect("stopped folder", CheckStoppedFolder(run->options.node_binary, run->data_dir),
            &problems);
    ++run->folder_checks;
  }
  const auto checked = Clock::now();
  if (absl::Status s = StartNode(run); !s.ok()) {
    problems.push_back(StrCat("restart failed: ", s.ToString()));
    return problems;
  }
  const auto restarted = Clock::now();
  Collect("restarted node", CheckRestarted(run, cycle, counts), &problems);
  if (run->options.verbose) {
    std::printf(
        "cycle %d: killed after %d ms; check %lld ms, restart %lld ms, checks %lld ms; journal "
        "%llu entries; %llu acknowledged so far\n",
        cycle, kill_after_ms, static_cast<long long>(MillisecondsBetween(killed, checked)),
        static_cast<long long>(MillisecondsBetween(checked, restarted)),
        static_cast<long long>(MillisecondsBetween(restarted, Clock::now())),
        static_cast<unsigned long long>(run->journal.size()),
        static_cast<unsigned long long>(counts->acknowledged));
    std::fflush(stdout);
  }
  return problems;
}

void Report(const Run& run, int cycle, const Problems& problems) {
  std::fprintf(stderr, "noaber-crash: cycle %d of seed %llu FAILED with %zu problem(s):\n", cycle,
               static_cast<unsigned long long>(run.options.seed), problems.size());
  for (size_t i = 0; i < std::min(problems.size(), kProblemsShownMax); ++i) {
    std::fprintf(stderr, "  %s\n", problems[i].c_str());
  }
  std::fprintf(
      stderr, "the data folder is kept: %s\nreplay with: noaber-crash --seed %llu --cycles %d\n",
      run.data_dir.c_str(), static_cast<unsigned long long>(run.options.seed), run.options.cycles);
}

void Summarize(const Run& run, const FateCounts& counts, double seconds) {
  std::printf(
      "noaber-crash: seed %llu: %d cycles, %d kills, all checks passed in %.1f s\n"
      "  operations sent %zu: acknowledged %llu, rejected %llu (%llu built to break a rule), "
      "reply lost %llu (applied %llu, not applied %llu)\n"
      "  journal %llu entries; %llu acknowledged operations re-sent, each already accepted; "
      "noaber-node check passed %d times\n",
      static_cast<unsigned long long>(run.options.seed), run.options.cycles, run.options.cycles,
      seconds, run.registry.size(), static_cast<unsigned long long>(counts.acknowledged),
      static_cast<unsigned long long>(counts.rejected),
      static_cast<unsigned long long>(counts.must_reject),
      static_cast<unsigned long long>(counts.unknown_present + counts.unknown_absent),
      static_cast<unsigned long long>(counts.unknown_present),
      static_cast<unsigned long long>(counts.unknown_absent),
      static_cast<unsigned long long>(run.journal.size()),
      static_cast<unsigned long long>(run.resubmitted), run.folder_checks + 1);
}

int RunCycles(Run* run) {
  const auto started = Clock::now();
  if (absl::Status s = SetUp(run); !s.ok()) {
    std::fprintf(stderr, "noaber-crash: setup failed: %s\n", s.ToString().c_str());
    return 3;
  }
  std::mt19937_64 random(run->options.seed);
  FateCounts counts;
  for (int cycle = 1; cycle <= run->options.cycles; ++cycle) {
    Problems problems = Cycle(run, cycle, &random, &counts);
    if (!problems.empty()) {
      Report(*run, cycle, problems);
      return 1;
    }
  }
  // A clean stop at the end, and the folder checked once more.
  Problems problems;
  if (const int code = run->node->Stop(); code != 0) {
    problems.push_back(
        StrCat("the node did not stop cleanly (exit ", code, "): ", run->node->StderrText()));
  }
  Collect("stopped folder", CheckStoppedFolder(run->options.node_binary, run->data_dir), &problems);
  if (!problems.empty()) {
    Report(*run, run->options.cycles, problems);
    return 1;
  }
  Summarize(*run, counts, std::chrono::duration<double>(Clock::now() - started).count());
  return 0;
}

}  // namespace

}  // namespace noaber::crash

int main(int argc, char** argv) {
  using noaber::crash::Options;
  Options options;
  CLI::App app{"noaber-crash: SIGKILL a loaded noaber-node at random moments and check it"};
  app.add_option("--cycles", options.cycles, "Kills (and restarts) to run")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--seed", options.seed, "Seed of the run (0: a random one); replays its choices");
  app.add_option("--node-binary", options.node_binary, "The noaber-node to test");
  app.add_option("--residents", options.residents, "Accounts the load moves hours between")
      ->check(CLI::Range(2, 99));
  app.add_option("--unary-clients", options.unary_clients, "Unary Submit callers")
      ->check(CLI::Range(0, 64));
  app.add_option("--kill-after-min-ms", options.kill_after_min_ms, "Shortest load before a kill")
      ->check(CLI::Range(1, 600'000));
  app.add_option("--kill-after-max-ms", options.kill_after_max_ms, "Longest load before a kill")
      ->check(CLI::Range(1, 600'000));
  app.add_option("--resubmit-max", options.resubmit_max,
                 "Acknowledged operations re-sent after each restart");
  app.add_option("--check-every", options.check_every,
                 "Run noaber-node check after every N-th kill (and the last); 1: after each")
      ->check(CLI::Range(1, 1'000'000));
  app.add_flag("--verbose", options.verbose, "A line per cycle");
  CLI11_PARSE(app, argc, argv);
  if (options.kill_after_max_ms < options.kill_after_min_ms) {
    std::fprintf(stderr, "noaber-crash: --kill-after-max-ms is below --kill-after-min-ms\n");
    return 2;
  }
  // An idle client reads its socket on gRPC's backup poll; poll fast so restarts stay quick.
  setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "50", /*overwrite=*/1);
  if (!noaber::ledger::InitCrypto().ok()) return 3;
  if (options.seed == 0) options.seed = std::random_device()() | 1;
  std::printf("noaber-crash: seed %llu, %d cycles\n", static_cast<unsigned long long>(options.seed),
              options.cycles);
  std::fflush(stdout);

  noaber::crash::Run run;
  run.options = options;
  run.community = noaber::crash::MakeCommunity(options.seed, options.residents);
  const char* base = std::getenv("TMPDIR");
  run.work_dir = std::string(base ? base : "/tmp") + "/noaber-crash-XXXXXX";
  if (mkdtemp(run.work_dir.data()) == nullptr) return 3;
  run.data_dir = run.work_dir + "/data";
  const int code = noaber::crash::RunCycles(&run);
  run.node.reset();  // kills a node still running
  std::error_code ignored;
  if (code == 0) std::filesystem::remove_all(run.work_dir, ignored);
  return code;
}
