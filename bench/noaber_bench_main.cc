// noaber-bench: a load generator for a real noaber-node, through gRPC. It founds a community
// in a fresh data folder, starts the node, opens N residents and pre-signs every transfer
// before any timing; measures this machine's signature-verification ceiling; then drives the
// node in unary, fixed-rate, batch and stream modes and prints throughput (as a share of the
// ceiling), latency percentiles, disk per transfer and the node's peak memory. With
// --replicas 3 or 5 it founds a Raft cluster on loopback and loads its leader. It is not a
// test. See bench/README.md and docs/performance.md.
//   noaber-bench [--mode unary|rate|batch|stream|all] [--accounts N] [--operations M]
//                [--replicas 1|3|5] [--json]
#include <grpcpp/grpcpp.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <utility>

#include "bench/noaber_bench_ceiling.h"
#include "bench/noaber_bench_compact.h"
#include "bench/noaber_bench_modes.h"
#include "bench/noaber_bench_node.h"
#include "bench/noaber_bench_options.h"
#include "bench/noaber_bench_report.h"
#include "bench/noaber_bench_workload.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "noaber/v1/ledger.grpc.pb.h"

namespace noaber::bench {

namespace {

constexpr int kExitFailure = 1;
// Operations the ceiling verifies round robin: enough that caches do not flatter it.
constexpr size_t kCeilingSampleMax = 20'000;

// At shutdown the node waits for each client to acknowledge its GOAWAY; an idle client polls
// only every 5 s by default. Set before gRPC starts in this process.
const bool kFastClientPolling = [] {
  return setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "50", /*overwrite=*/1) == 0;
}();

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "noaber-bench: %s\n", std::string(status.message()).c_str());
  return kExitFailure;
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(-1);  // batch answers carry a receipt per operation
  arguments.SetMaxSendMessageSize(-1);
  return grpc::CreateCustomChannel("ipv4:" + address, grpc::InsecureChannelCredentials(),
                                   arguments);
}

absl::StatusOr<v1::Community> GetCommunity(v1::Ledger::Stub* stub) {
  grpc::ClientContext context;
  v1::Community community;
  const grpc::Status status = stub->GetCommunity(&context, {}, &community);
  if (!status.ok()) {
    return absl::UnavailableError(ledger::StrCat("GetCommunity: ", status.error_message()));
  }
  return community;
}

// Transfers each selected mode takes from the pool, in the order the modes run.
struct ModePlan {
  size_t unary = 0, rate = 0, batch = 0, stream = 0;
  size_t total() const { return unary + rate + batch + stream; }
};

ModePlan PlanModes(const BenchOptions& options) {
  ModePlan plan;
  const size_t m = static_cast<size_t>(options.operations);
  if (Runs(options, "unary")) plan.unary = m;
  if (Runs(options, "rate")) plan.rate = static_cast<size_t>(options.rate) * options.rate_seconds;
  if (Runs(options, "batch")) plan.batch = m;
  if (Runs(options, "stream")) plan.stream = m;
  return plan;
}

// CPU time (user + system) this process has used, in seconds.
double ClientCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Runs one mode and notes the CPU time the node (the leader), every node together
// (`all_cpu_seconds`) and this process used meanwhile.
ModeResult Measured(const BenchNode& node, const std::function<ModeResult()>& run,
                    double* all_cpu_seconds) {
  const double node_before = node.CpuSeconds();
  const double all_before = node.AllCpuSeconds();
  const double client_before = ClientCpuSeconds();
  ModeResult result = run();
  result.node_cpu_seconds = node.CpuSeconds() - node_before;
  *all_cpu_seconds = node.AllCpuSeconds() - all_before;
  result.client_cpu_seconds = ClientCpuSeconds() - client_before;
  return result;
}

// The modes' results; `all_cpu_seconds` gets every node's CPU time per mode, summed.
std::vector<ModeResult> RunModes(NodeClient* client, const Workload& workload,
                                 const BenchOptions& options, const BenchNode& node,
                                 std::vector<double>* all_cpu_seconds) {
  const ModePlan plan = PlanModes(options);
  TransferSlicer slicer(workload.transfers);
  using Runner =
      ModeResult (*)(NodeClient*, std::span<const std::string>, const BenchOptions&);
  const std::pair<size_t, Runner> modes[] = {{plan.unary, &RunUnaryMode},
                                             {plan.rate, &RunRateMode},
                                             {plan.batch, &RunBatchMode},
                                             {plan.stream, &RunStreamMode}};
  std::vector<ModeResult> results;
  for (const auto& [count, runner] : modes) {
    if (count == 0) continue;
    const std::span<const std::string> slice = slicer.Take(count);
    // An init-capture: clang before 16 cannot capture a structured binding.
    double all = 0;
    results.push_back(Measured(
        node, [&, runner = runner] { return runner(client, slice, options); }, &all));
    all_cpu_seconds->push_back(all);
  }
  return results;
}

absl::StatusOr<ledger::CommunityId> CommunityIdOf(v1::Ledger::Stub* stub) {
  absl::StatusOr<v1::Community> community = GetCommunity(stub);
  if (!community.ok()) return community.status();
  ledger::CommunityId id;
  if (community->community_id().size() != id.size()) {
    return absl::InternalError("the node's community id is not 32 bytes");
  }
  std::memcpy(id.data(), community->community_id().data(), id.size());
  return id;
}

absl::StatusOr<Workload> Prepare(const BenchOptions& options, const ledger::KeyPair& admin,
                                 const ledger::CommunityId& community) {
  WorkloadSpec spec;
  spec.community = community;
  spec.admin = admin;
  spec.accounts = options.accounts;
  spec.transfers = PlanModes(options).total();
  spec.seed = options.seed;
  spec.threads = options.threads;
  spec.progress = !options.json && StderrIsTerminal();
  return BuildWorkload(spec);
}

// Who leads the cluster now, into `at`; a failure to learn it is noted in the report.
void NoteLeadership(const BenchNode& node, Leadership* at, BenchReport* report) {
  absl::StatusOr<Leadership> leadership = node.AskLeadership();
  if (leadership.ok()) {
    *at = *leadership;
  } else if (report->cluster.leadership_error.empty()) {
    report->cluster.leadership_error = std::string(leadership.status().message());
  }
}

// Every member's id and memory, read while they still run.
void NoteMembers(const BenchNode& node, BenchReport* report) {
  const std::vector<uint64_t> ids = node.MemberIds();
  const std::vector<NodeMemory> memory = node.MemberMemory();
  for (size_t i = 0; i < ids.size(); ++i) {
    MemberReport& member = report->cluster.members.emplace_back();
    member.id = ids[i];
    member.leader = ids[i] == node.node_id();
    member.memory = memory[i];
  }
}

// Everything that talks to the running node: prepare, measure the ceiling, load it.
absl::Status LoadNode(const BenchOptions& options, const ledger::KeyPair& admin, BenchNode* node,
                      BenchReport* report) {
  NodeClient client(Connect(node->address()));
  v1::Ledger::Stub* stub = client.stub.get();
  absl::StatusOr<ledger::CommunityId> community = CommunityIdOf(stub);
  if (!community.ok()) return community.status();
  absl::StatusOr<Workload> workload = Prepare(options, admin, *community);
  if (!workload.ok()) return workload.status();
  const std::span<const std::string> sample =
      std::span<const std::string>(workload->transfers)
          .first(std::min(workload->transfers.size(), kCeilingSampleMax));
  absl::StatusOr<Ceiling> ceiling =
      MeasureVerifyCeiling(*community, sample, options.threads, options.ceiling_seconds);
  if (!ceiling.ok()) return ceiling.status();
  report->ceiling = *ceiling;
  if (absl::Status opened = OpenAccounts(&client, workload->openings, options); !opened.ok()) {
    return opened;
  }
  if (node->replicas() > 1) NoteLeadership(*node, &report->cluster.at_start, report);
  report->modes = RunModes(&client, *workload, options, *node, &report->cluster.cpu_seconds);
  if (node->replicas() > 1) NoteLeadership(*node, &report->cluster.at_end, report);
  for (const ModeResult& mode : report->modes) report->transfers_journaled += mode.tally.accepted;
  absl::StatusOr<v1::Community> after = GetCommunity(stub);
  if (after.ok()) report->journal_entries = after->journal_size();
  report->node_memory = node->Memory();
  if (node->replicas() > 1) NoteMembers(*node, report);
  return absl::OkStatus();
}

// Stops every node: the leader's exit code as the node's, and each member's.
void StopNodes(BenchNode* node, BenchReport* report) {
  const std::vector<int> exit_codes = node->Stop();
  const std::vector<uint64_t> ids = node->MemberIds();
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == node->node_id()) report->node_exit_code = exit_codes[i];
    if (i < report->cluster.members.size()) report->cluster.members[i].exit_code = exit_codes[i];
  }
}

int Main(int argc, char** argv) {
  int exit_code = 0;
  std::optional<BenchOptions> options = ParseBenchOptions(argc, argv, &exit_code);
  if (!options) return exit_code;
  if (absl::Status crypto = ledger::InitCrypto(); !crypto.ok()) return Fail(crypto);
  const ledger::KeyPair admin = ledger::NewKeyPair();
  absl::StatusOr<std::unique_ptr<BenchNode>> node = BenchNode::Start(*options, admin.public_key);
  if (!node.ok()) return Fail(node.status());
  BenchReport report;
  report.machine = DescribeMachine();
  report.replicas = (*node)->replicas();
  report.accounts = options->accounts;
  report.operations_per_mode = options->operations;
  report.in_flight = options->in_flight;
  report.node_address = (*node)->address();
  if (absl::Status loaded = LoadNode(*options, admin, node->get(), &report); !loaded.ok()) {
    return Fail(loaded);
  }
  StopNodes(node->get(), &report);
  report.folder = (*node)->DataFolderSize();
  if (!options->compact) {
    report.compact_error = "not asked for (--no-compact)";
  } else if (absl::Status compacted = CompactStoppedStore((*node)->data_dir()); compacted.ok()) {
    report.compacted = (*node)->DataFolderSize();
  } else {
    report.compact_error = std::string(compacted.message());
  }
  if (options->keep) report.data_dir = (*node)->root_dir();
  const bool clean = AllStoppedCleanly(report);
  if (!clean) {
    std::fprintf(stderr, "noaber-bench: the node did not stop cleanly:\n%s",
                 (*node)->StderrText().c_str());
  }
  options->json ? PrintJson(report) : PrintForPeople(report);
  // An election under load voids the figures: a script must not take them.
  const bool held = report.replicas <= 1 ||
                    (report.cluster.leadership_error.empty() && LeadershipHeld(report.cluster));
  if (!held) std::fprintf(stderr, "noaber-bench: the leader changed during the run\n");
  return clean && held ? 0 : kExitFailure;
}

}  // namespace

}  // namespace noaber::bench

int main(int argc, char** argv) { return noaber::bench::Main(argc, argv); }
