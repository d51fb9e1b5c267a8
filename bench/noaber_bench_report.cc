#include "bench/noaber_bench_report.h"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench/noaber_bench_format.h"
#include "bench/noaber_bench_goals.h"
#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

using ledger::StrCat;

std::string Mebibytes(uint64_t bytes) { return Fixed(bytes / 1048576.0, 1) + " MiB"; }

// "exceeds_minimum 12, busy 3".
std::string CountsText(const std::map<std::string, uint64_t>& counts) {
  std::string out;
  for (const auto& [name, count] : counts) {
    ledger::StrAppend(&out, out.empty() ? "" : ", ", name, " ", Grouped(count));
  }
  return out;
}

std::string ModeLine(const ModeResult& mode, const Ceiling& ceiling) {
  const Tally& t = mode.tally;
  std::string line = StrCat(mode.mode, std::string(8 - std::min<size_t>(7, mode.mode.size()), ' '));
  if (!t.not_run.empty()) return StrCat(line, "not run: ", t.not_run);
  const LatencySummary latency = Summarize(t.latencies_us);
  ledger::StrAppend(&line, Grouped(t.answered), " ops in ", Fixed(t.seconds, 1),
                    " s: ", Rounded(t.per_second()), "/s (");
  if (mode.offered_per_second > 0) {
    ledger::StrAppend(&line, Rounded(mode.offered_per_second), "/s offered)");
  } else {
    ledger::StrAppend(&line, Rounded(100 * t.per_second() / ceiling.operations_per_second),
                      "% of the ", Rounded(ceiling.operations_per_second), "/s ceiling), ",
                      mode.setting);
  }
  ledger::StrAppend(&line, "; latency per ", mode.latency_of, " p50 ", Fixed(latency.p50_ms, 2),
                    " ms, p95 ", Fixed(latency.p95_ms, 2), " ms, p99 ", Fixed(latency.p99_ms, 2),
                    " ms, max ", Fixed(latency.max_ms, 2), " ms");
  return line;
}

double MicrosecondsEach(double seconds, uint64_t operations) {
  return operations == 0 ? 0 : 1e6 * seconds / operations;
}

// Where the CPU went: per operation in the node and in this client, and how many cores the
// node kept busy. On a cluster, "node" is the leader, and all members' sum follows.
void PrintCpu(const BenchReport& r, size_t index) {
  const ModeResult& mode = r.modes[index];
  const Tally& t = mode.tally;
  if (!t.not_run.empty() || t.answered == 0 || t.seconds <= 0) return;
  std::printf(
      "        cpu per operation: node %s us (verifying alone takes %s us), client %s us;"
      " node busy %s cores\n",
      Fixed(MicrosecondsEach(mode.node_cpu_seconds, t.answered), 1).c_str(),
      Fixed(r.ceiling.microseconds_each, 1).c_str(),
      Fixed(MicrosecondsEach(mode.client_cpu_seconds, t.answered), 1).c_str(),
      Fixed(mode.node_cpu_seconds / t.seconds, 2).c_str());
  if (r.replicas <= 1 || index >= r.cluster.cpu_seconds.size()) return;
  const double all = r.cluster.cpu_seconds[index];
  std::printf("        cpu per operation, all %d members: %s us; all members busy %s cores\n",
              r.replicas, Fixed(MicrosecondsEach(all, t.answered), 1).c_str(),
              Fixed(all / t.seconds, 2).c_str());
}

void PrintFailures(const Tally& t) {
  if (!t.rejected.empty()) {
    std::printf("        rejected %s: %s\n", Grouped(t.rejected_total()).c_str(),
                CountsText(t.rejected).c_str());
  }
  if (!t.errors.empty()) {
    std::printf("        errors %s: %s\n", Grouped(t.errors_total()).c_str(),
                CountsText(t.errors).c_str());
  }
  if (!t.first_failure.empty()) std::printf("        first: %s\n", t.first_failure.c_str());
}

nlohmann::json ModeJson(const BenchReport& r, size_t index) {
  const ModeResult& mode = r.modes[index];
  const Ceiling& ceiling = r.ceiling;
  const Tally& t = mode.tally;
  nlohmann::json out = {{"mode", mode.mode}, {"setting", mode.setting}};
  if (!t.not_run.empty()) {
    out["not_run"] = t.not_run;
    return out;
  }
  const LatencySummary latency = Summarize(t.latencies_us);
  out.update({{"operations", t.answered},
              {"seconds", t.seconds},
              {"per_second", t.per_second()},
              {"ratio_to_ceiling", t.per_second() / ceiling.operations_per_second},
              {"accepted", t.accepted},
              {"rejected", t.rejected},
              {"errors", t.errors},
              {"latency_of", mode.latency_of},
              {"latency_ms",
               {{"p50", latency.p50_ms},
                {"p95", latency.p95_ms},
                {"p99", latency.p99_ms},
                {"max", latency.max_ms}}}});
  out["cpu_us_per_operation"] = {{"node", MicrosecondsEach(mode.node_cpu_seconds, t.answered)},
                                 {"client", MicrosecondsEach(mode.client_cpu_seconds, t.answered)}};
  out["node_cores_busy"] = t.seconds > 0 ? mode.node_cpu_seconds / t.seconds : 0;
  if (r.replicas > 1 && index < r.cluster.cpu_seconds.size()) {
    const double all = r.cluster.cpu_seconds[index];
    out["cpu_us_per_operation"]["all_members"] = MicrosecondsEach(all, t.answered);
    out["all_members_cores_busy"] = t.seconds > 0 ? all / t.seconds : 0;
  }
  if (mode.offered_per_second > 0) out["offered_per_second"] = mode.offered_per_second;
  if (!t.first_failure.empty()) out["first_failure"] = t.first_failure;
  return out;
}

std::string FolderText(const FolderSize& folder) {
  std::string text =
      StrCat(Grouped(folder.total_bytes), " bytes (sst ", Grouped(folder.sst_bytes), ", wal ",
             Grouped(folder.wal_bytes), ", other ", Grouped(folder.other_bytes));
  // Only a cluster member has a Raft folder; a single node's line stays as it was.
  if (folder.raft_bytes > 0) ledger::StrAppend(&text, ", raft log ", Grouped(folder.raft_bytes));
  return text + ")";
}

void PrintDisk(const BenchReport& r) {
  std::printf(
      "disk    %s bytes/transfer as the node left it: %s over %s transfers journaled "
      "(%s entries)\n",
      Rounded(BytesPerTransfer(r, r.folder)).c_str(), FolderText(r.folder).c_str(),
      Grouped(r.transfers_journaled).c_str(), Grouped(r.journal_entries).c_str());
  if (r.replicas > 1) {
    std::printf("        the leader's folder; its Raft log folder (raft/): %s bytes, %s/transfer\n",
                Grouped(r.folder.raft_bytes).c_str(),
                Rounded(r.transfers_journaled == 0
                            ? 0
                            : static_cast<double>(r.folder.raft_bytes) / r.transfers_journaled)
                    .c_str());
  }
  if (!r.compact_error.empty()) {
    std::printf("        not compacted: %s\n", r.compact_error.c_str());
    return;
  }
  std::printf("        %s bytes/transfer flushed and compacted: %s\n",
              Rounded(BytesPerTransfer(r, r.compacted)).c_str(), FolderText(r.compacted).c_str());
}

nlohmann::json FolderJson(const BenchReport& r, const FolderSize& folder) {
  nlohmann::json out = {{"folder_bytes", folder.total_bytes},
                        {"sst_bytes", folder.sst_bytes},
                        {"wal_bytes", folder.wal_bytes},
                        {"other_bytes", folder.other_bytes},
                        {"bytes_per_transfer", BytesPerTransfer(r, folder)}};
  if (r.replicas > 1) out["raft_bytes"] = folder.raft_bytes;
  return out;
}

nlohmann::json GoalsJson(const BenchReport& r) {
  nlohmann::json goals = nlohmann::json::array();
  for (const GoalCheck& goal : CheckGoals(r)) {
    goals.push_back({{"goal", goal.goal}, {"measured", goal.measured}, {"met", goal.met}});
  }
  return goals;
}

std::string LeadershipText(const Leadership& leadership) {
  return StrCat("node ", leadership.leader_id, " (", leadership.leader_address, ") in term ",
                leadership.term);
}

const MemberReport* LeaderOf(const ClusterReport& cluster) {
  for (const MemberReport& member : cluster.members) {
    if (member.leader) return &member;
  }
  return nullptr;
}

void PrintClusterHeader(const BenchReport& r) {
  const MemberReport* leader = LeaderOf(r.cluster);
  std::printf(
      "cluster %d members replicating on Raft over loopback, all sharing this machine's %u "
      "cores (a lower bound for %d machines); the load went to the leader, node %llu at %s\n",
      r.replicas, r.machine.cores, r.replicas,
      static_cast<unsigned long long>(leader ? leader->id : 0), r.node_address.c_str());
}

void PrintClusterMemory(const BenchReport& r) {
  NodeMemory sum;
  std::string each;
  for (const MemberReport& member : r.cluster.members) {
    sum.peak_rss_bytes += member.memory.peak_rss_bytes;
    sum.rss_bytes += member.memory.rss_bytes;
    ledger::StrAppend(&each, each.empty() ? "" : ", ", "node ", member.id,
                      member.leader ? " (leader) " : " ", Mebibytes(member.memory.peak_rss_bytes));
  }
  std::printf(
      "        the node above is the leader; all %d members: peak RSS %s summed, %s at "
      "the end (peaks: %s)\n",
      r.replicas, Mebibytes(sum.peak_rss_bytes).c_str(), Mebibytes(sum.rss_bytes).c_str(),
      each.c_str());
}

void PrintClusterEnd(const BenchReport& r) {
  std::string stops;
  for (const MemberReport& member : r.cluster.members) {
    ledger::StrAppend(
        &stops, stops.empty() ? "" : ", ", "node ", member.id, member.leader ? " (leader) " : " ",
        member.exit_code == 0 ? "stopped cleanly" : StrCat("exit code ", member.exit_code));
  }
  std::printf("members %s\n", stops.c_str());
  const ClusterReport& c = r.cluster;
  if (!c.leadership_error.empty()) {
    std::printf("leader  UNKNOWN: %s; the figures above are void\n", c.leadership_error.c_str());
  } else if (LeadershipHeld(c)) {
    std::printf("leader  unchanged through the modes: %s\n", LeadershipText(c.at_end).c_str());
  } else {
    std::printf(
        "leader  CHANGED during the modes, %s before, %s after: the figures above are "
        "void\n",
        LeadershipText(c.at_start).c_str(), LeadershipText(c.at_end).c_str());
  }
}

nlohmann::json LeadershipJson(const Leadership& leadership) {
  return {{"node_id", leadership.leader_id},
          {"term", leadership.term},
          {"address", leadership.leader_address}};
}

nlohmann::json ClusterJson(const BenchReport& r) {
  const ClusterReport& c = r.cluster;
  nlohmann::json members = nlohmann::json::array();
  NodeMemory sum;
  for (const MemberReport& member : c.members) {
    sum.peak_rss_bytes += member.memory.peak_rss_bytes;
    sum.rss_bytes += member.memory.rss_bytes;
    members.push_back({{"node_id", member.id},
                       {"leader", member.leader},
                       {"peak_rss_bytes", member.memory.peak_rss_bytes},
                       {"rss_bytes", member.memory.rss_bytes},
                       {"exit_code", member.exit_code}});
  }
  nlohmann::json out = {{"replicas", r.replicas},
                        {"members", members},
                        {"peak_rss_bytes_summed", sum.peak_rss_bytes},
                        {"rss_bytes_summed", sum.rss_bytes},
                        {"leader_at_start", LeadershipJson(c.at_start)},
                        {"leader_at_end", LeadershipJson(c.at_end)},
                        {"leader_held", c.leadership_error.empty() && LeadershipHeld(c)}};
  if (!c.leadership_error.empty()) out["leadership_error"] = c.leadership_error;
  return out;
}

}  // namespace

bool LeadershipHeld(const ClusterReport& cluster) {
  return cluster.at_start.leader_id != 0 &&
         cluster.at_start.leader_id == cluster.at_end.leader_id &&
         cluster.at_start.term == cluster.at_end.term;
}

bool AllStoppedCleanly(const BenchReport& report) {
  bool clean = report.node_exit_code == 0;
  for (const MemberReport& member : report.cluster.members) clean = clean && member.exit_code == 0;
  return clean;
}

double BytesPerTransfer(const BenchReport& report, const FolderSize& folder) {
  return report.transfers_journaled == 0
             ? 0
             : static_cast<double>(folder.total_bytes) / report.transfers_journaled;
}

MachineInfo DescribeMachine() {
  MachineInfo machine;
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &utc);
  machine.date = date;
  machine.cores = std::thread::hardware_concurrency();
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  machine.load_average = StrCat(one, " ", five, " ", fifteen);
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const size_t colon = line.find(':');
    if (colon != std::string::npos) machine.cpu_model = line.substr(colon + 2);
    break;
  }
  return machine;
}

void PrintForPeople(const BenchReport& r) {
  std::printf(
      "noaber-bench %s: %s accounts, %s transfers per mode, node %s; %u cores (%s), "
      "load average %s\n",
      r.machine.date.c_str(), Grouped(r.accounts).c_str(), Grouped(r.operations_per_mode).c_str(),
      r.node_address.c_str(), r.machine.cores, r.machine.cpu_model.c_str(),
      r.machine.load_average.c_str());
  if (r.replicas > 1) PrintClusterHeader(r);
  std::printf(
      "ceiling %s/s signature verification: VerifyOperation on %d threads for %.1f s, "
      "%s us of CPU each; %s/s by the wall clock (the benchmark got %s%% of the "
      "threads' time)\n",
      Rounded(r.ceiling.operations_per_second).c_str(), r.ceiling.threads, r.ceiling.seconds,
      Fixed(r.ceiling.microseconds_each, 1).c_str(), Rounded(r.ceiling.wall_per_second).c_str(),
      Rounded(100 * r.ceiling.wall_per_second / r.ceiling.operations_per_second).c_str());
  for (size_t i = 0; i < r.modes.size(); ++i) {
    std::printf("%s\n", ModeLine(r.modes[i], r.ceiling).c_str());
    PrintCpu(r, i);
    PrintFailures(r.modes[i].tally);
  }
  PrintDisk(r);
  std::printf("memory  node peak RSS %s (VmHWM), %s at the end, %s accounts\n",
              Mebibytes(r.node_memory.peak_rss_bytes).c_str(),
              Mebibytes(r.node_memory.rss_bytes).c_str(), Grouped(r.accounts).c_str());
  if (r.replicas > 1) {
    PrintClusterMemory(r);
    PrintClusterEnd(r);
  } else {
    std::printf("node    %s\n", r.node_exit_code == 0
                                    ? "stopped cleanly"
                                    : StrCat("exit code ", r.node_exit_code).c_str());
  }
  for (const GoalCheck& goal : CheckGoals(r)) {
    std::printf("goal    %-48s %-10s %s\n", goal.goal.c_str(), goal.measured.c_str(),
                goal.met ? "met" : "MISSED");
  }
  if (!r.data_dir.empty()) std::printf("data    kept in %s\n", r.data_dir.c_str());
}

void PrintJson(const BenchReport& r) {
  nlohmann::json modes = nlohmann::json::array();
  for (size_t i = 0; i < r.modes.size(); ++i) modes.push_back(ModeJson(r, i));
  nlohmann::json out = {
      {"date", r.machine.date},
      {"machine",
       {{"cpu_model", r.machine.cpu_model},
        {"cores", r.machine.cores},
        {"load_average", r.machine.load_average}}},
      {"accounts", r.accounts},
      {"operations_per_mode", r.operations_per_mode},
      {"ceiling",
       {{"per_second", r.ceiling.operations_per_second},
        {"wall_per_second", r.ceiling.wall_per_second},
        {"cpu_us_each", r.ceiling.microseconds_each},
        {"threads", r.ceiling.threads},
        {"seconds", r.ceiling.seconds}}},
      {"modes", modes},
      {"disk",
       {{"transfers_journaled", r.transfers_journaled},
        {"journal_entries", r.journal_entries},
        {"as_left", FolderJson(r, r.folder)},
        {"compacted", r.compact_error.empty() ? FolderJson(r, r.compacted)
                                              : nlohmann::json{{"error", r.compact_error}}}}},
      {"node",
       {{"peak_rss_bytes", r.node_memory.peak_rss_bytes},
        {"rss_bytes", r.node_memory.rss_bytes},
        {"exit_code", r.node_exit_code}}}};
  out["replicas"] = r.replicas;
  if (r.replicas > 1) out["cluster"] = ClusterJson(r);
  out["goals"] = GoalsJson(r);
  if (!r.data_dir.empty()) out["data_dir"] = r.data_dir;
  std::printf("%s\n", out.dump(2).c_str());
}

}  // namespace noaber::bench
