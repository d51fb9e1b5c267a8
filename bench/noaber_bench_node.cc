#include "bench/noaber_bench_node.h"

#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <thread>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "noaber/v1/cluster.grpc.pb.h"

namespace noaber::bench {

namespace {

using ledger::StrCat;

constexpr char kCommunityName[] = "Bench";
// Requests of a full batch: 1000 operations of about 250 bytes, with room to spare.
constexpr int kRequestBytesMax = 4 * 1024 * 1024;
// A member starting may first catch up with the journal before it listens.
constexpr std::chrono::seconds kMemberStartMax{60};
// From the last member started to every member a voter under one leader.
constexpr std::chrono::seconds kVotersWaitMax{60};
constexpr std::chrono::milliseconds kStatusPoll{100};
constexpr std::chrono::seconds kStatusCallMax{2};
constexpr char kJoinTokenPrefix[] = "join token: ";
constexpr size_t kLoopbackPortsMax = 16;  // two per member, five members at most

absl::StatusOr<std::string> MakeWorkDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = StrCat(base ? base : "/tmp", "/noaber-bench-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(StrCat("cannot create a folder like ", pattern));
  }
  return pattern;
}

// The value in kB of `key` ("VmHWM:") in /proc/PID/status, in bytes; 0 if absent.
uint64_t StatusBytes(const std::string& status, const std::string& key) {
  const size_t at = status.find(key);
  if (at == std::string::npos) return 0;
  std::istringstream line(status.substr(at + key.size()));
  uint64_t kilobytes = 0;
  line >> kilobytes;
  return kilobytes * 1024;
}

// `count` loopback ports nobody listens on right now, all different: every socket stays
// bound until all are picked.
absl::StatusOr<std::vector<uint16_t>> FreeLoopbackPorts(size_t count) {
  if (count > kLoopbackPortsMax) return absl::InvalidArgumentError("too many ports asked for");
  std::vector<int> sockets;
  std::vector<uint16_t> ports;
  for (size_t i = 0; i < count; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) break;
    sockets.push_back(fd);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(address);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      break;
    }
    ports.push_back(ntohs(address.sin_port));
  }
  for (const int fd : sockets) close(fd);
  if (ports.size() != count) return absl::UnavailableError("cannot find free loopback ports");
  return ports;
}

// A member's Cluster status; nullopt when it does not answer.
std::optional<v1::ClusterStatus> AskStatus(const std::string& address) {
  auto stub = v1::Cluster::NewStub(
      grpc::CreateChannel("ipv4:" + address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kStatusCallMax);
  v1::ClusterStatus status;
  if (!stub->GetClusterStatus(&context, {}, &status).ok()) return std::nullopt;
  return status;
}

int Voters(const v1::ClusterStatus& status) {
  int voters = 0;
  for (const v1::ClusterMember& member : status.members()) voters += member.role() == "voter";
  return voters;
}

}  // namespace

absl::StatusOr<std::unique_ptr<BenchNode>> BenchNode::Start(const BenchOptions& options,
                                                            const ledger::PublicKey& admin) {
  std::error_code error;
  if (!options.data_dir.empty() && std::filesystem::exists(options.data_dir) &&
      !std::filesystem::is_empty(options.data_dir, error)) {
    return absl::FailedPreconditionError(
        StrCat("--data-dir ", options.data_dir, " is not empty: the benchmark needs a new one"));
  }
  absl::StatusOr<std::string> work_dir = MakeWorkDir();
  if (!work_dir.ok()) return work_dir.status();
  const std::string root_dir = options.data_dir.empty() ? *work_dir + "/data" : options.data_dir;
  std::unique_ptr<BenchNode> node(new BenchNode(*work_dir, root_dir, !options.keep));
  absl::StatusOr<std::string> config = node->WriteConfig(options);
  if (!config.ok()) return config.status();
  if (options.replicas <= 1) {
    node->members_.emplace_back();
    node->members_[0].id = 1;
    node->members_[0].data_dir = root_dir;
    if (absl::Status init = node->Init(options.node_binary, node->members_[0], admin); !init.ok()) {
      return init;
    }
    if (absl::Status started = node->StartMember(options.node_binary, *config, node->members_[0]);
        !started.ok()) {
      return started;
    }
    return node;
  }
  if (absl::Status founded = node->StartCluster(options, admin, *config); !founded.ok()) {
    return founded;
  }
  return node;
}

BenchNode::~BenchNode() {
  for (Member& member : members_) member.process.reset();  // kills those still running
  std::error_code ignored;
  if (remove_data_) {
    for (const Member& member : members_) std::filesystem::remove_all(member.data_dir, ignored);
    std::filesystem::remove(root_dir_, ignored);  // only when empty
  }
  std::filesystem::remove_all(work_dir_ + "/node.toml", ignored);
  std::filesystem::remove(work_dir_, ignored);  // only when empty: kept data stays inside
}

absl::Status BenchNode::Init(const std::string& binary, const Member& member,
                             const ledger::PublicKey& admin) const {
  testing::ProcessResult init =
      testing::RunProcess(binary, {"init", "--data-dir", member.data_dir, "--community",
                                   kCommunityName, "--admin-key", ledger::ToHex(admin)});
  if (init.exit_code != 0) {
    return absl::FailedPreconditionError(
        StrCat(binary, " init failed (exit ", init.exit_code, "): ", init.stderr_text));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> BenchNode::WriteConfig(const BenchOptions& options) const {
  const std::string path = work_dir_ + "/node.toml";
  std::ofstream out(path);
  out << "queue_operations_max = " << options.queue_operations_max << "\n"
      << "request_bytes_max = " << kRequestBytesMax << "\n"
      // The benchmark measures the node, not its rate limits (docs/node.md).
      << "rate_limit_peer_per_second = 0\n"
      << "rate_limit_account_per_second = 0\n";
  out.close();
  if (!out) return absl::InternalError(StrCat("cannot write ", path));
  return path;
}

// Member 1 founds the community and the cluster, the others join empty, one after another;
// then every member must be a voter under one leader. Raft timings are the defaults an
// operator gets (no cluster_* keys in the config).
absl::Status BenchNode::StartCluster(const BenchOptions& options, const ledger::PublicKey& admin,
                                     const std::string& config) {
  absl::StatusOr<std::vector<uint16_t>> ports = FreeLoopbackPorts(2 * options.replicas);
  if (!ports.ok()) return ports.status();
  std::error_code error;
  std::filesystem::create_directories(root_dir_, error);
  if (error) return absl::InternalError(StrCat("cannot create ", root_dir_, ": ", error.message()));
  for (int i = 0; i < options.replicas; ++i) {
    Member& member = members_.emplace_back();
    member.id = static_cast<uint64_t>(i) + 1;
    member.data_dir = StrCat(root_dir_, "/n", member.id);
    member.address = StrCat("127.0.0.1:", (*ports)[2 * i]);
    member.raft_address = StrCat("127.0.0.1:", (*ports)[2 * i + 1]);
  }
  const std::string& binary = options.node_binary;
  if (absl::Status init = Init(binary, members_[0], admin); !init.ok()) return init;
  absl::StatusOr<std::string> token = FoundCluster(binary, members_[0]);
  if (!token.ok()) return token.status();
  if (absl::Status s = StartMember(binary, config, members_[0]); !s.ok()) return s;
  for (size_t i = 1; i < members_.size(); ++i) {
    if (absl::Status s = JoinCluster(binary, *token, members_[i]); !s.ok()) return s;
    if (absl::Status s = StartMember(binary, config, members_[i]); !s.ok()) return s;
  }
  return WaitForVoters(options.replicas);
}

// `cluster init` on the first member's folder; its join token.
absl::StatusOr<std::string> BenchNode::FoundCluster(const std::string& binary,
                                                    Member& first) const {
  testing::ProcessResult founded = testing::RunProcess(
      binary, {"cluster", "init", "--data-dir", first.data_dir, "--node-id", "1", "--raft-address",
               first.raft_address, "--grpc-address", first.address});
  if (founded.exit_code != 0) {
    return absl::FailedPreconditionError(StrCat(binary, " cluster init failed (exit ",
                                                founded.exit_code, "): ", founded.stderr_text));
  }
  const std::string& text = founded.stdout_text;
  const size_t at = text.find(kJoinTokenPrefix);
  if (at == std::string::npos) {
    return absl::InternalError(StrCat("cluster init printed no join token: ", text));
  }
  const size_t begin = at + std::strlen(kJoinTokenPrefix);
  return text.substr(begin, text.find('\n', begin) - begin);
}

// `cluster join` of `member` through the members started so far.
absl::Status BenchNode::JoinCluster(const std::string& binary, const std::string& token,
                                    const Member& member) const {
  std::string via;
  for (const Member& m : members_) {
    if (m.process != nullptr) ledger::StrAppend(&via, via.empty() ? "" : ",", m.address);
  }
  testing::ProcessResult joined = testing::RunProcess(
      binary, {"cluster", "join", "--data-dir", member.data_dir, "--node-id",
               std::to_string(member.id), "--raft-address", member.raft_address, "--grpc-address",
               member.address, "--via", via, "--token", token});
  if (joined.exit_code != 0) {
    return absl::FailedPreconditionError(StrCat(binary, " cluster join of node ", member.id,
                                                " failed (exit ", joined.exit_code,
                                                "): ", joined.stdout_text, joined.stderr_text));
  }
  return absl::OkStatus();
}

// `noaber-node run`: a single node on a port of its choosing, a member on its gRPC address.
absl::Status BenchNode::StartMember(const std::string& binary, const std::string& config,
                                    Member& member) {
  std::vector<std::string> arguments = {"--config", config};
  if (!member.address.empty()) arguments.insert(arguments.end(), {"--listen", member.address});
  absl::StatusOr<std::unique_ptr<testing::NodeProcess>> process =
      testing::NodeProcess::Start(binary, member.data_dir, arguments, kMemberStartMax);
  if (!process.ok()) {
    return absl::Status(process.status().code(),
                        StrCat("node ", member.id, ": ", process.status().message()));
  }
  member.process = *std::move(process);
  member.address = member.process->address();
  return absl::OkStatus();
}

// Polls the members until one leads with `voters` voters; the load then goes to it.
absl::Status BenchNode::WaitForVoters(int voters) {
  const auto until = std::chrono::steady_clock::now() + kVotersWaitMax;
  std::string last = "no member answered";
  while (std::chrono::steady_clock::now() < until) {
    for (size_t i = 0; i < members_.size(); ++i) {
      std::optional<v1::ClusterStatus> status = AskStatus(members_[i].address);
      if (!status || status->state() != "leader") continue;
      if (Voters(*status) == voters) {
        leader_ = i;
        return absl::OkStatus();
      }
      last = status->ShortDebugString();
    }
    std::this_thread::sleep_for(kStatusPoll);
  }
  return absl::DeadlineExceededError(StrCat("the cluster did not have ", voters,
                                            " voters and a leader within ", kVotersWaitMax.count(),
                                            " s: ", last));
}

absl::StatusOr<Leadership> BenchNode::AskLeadership() const {
  if (members_.size() <= 1) return absl::FailedPreconditionError("a single node, no cluster");
  // The founding leader first: it knows best whether it still leads.
  std::vector<size_t> order = {leader_};
  for (size_t i = 0; i < members_.size(); ++i) {
    if (i != leader_) order.push_back(i);
  }
  for (const size_t i : order) {
    if (members_[i].process == nullptr || !members_[i].process->running()) continue;
    std::optional<v1::ClusterStatus> status = AskStatus(members_[i].address);
    if (!status || status->leader_id() == 0) continue;
    return Leadership{status->leader_id(), status->term(), status->leader_grpc_address()};
  }
  return absl::UnavailableError("no member of the cluster names a leader");
}

double BenchNode::AllCpuSeconds() const {
  double total = 0;
  for (size_t i = 0; i < members_.size(); ++i) total += CpuSecondsOf(i);
  return total;
}

std::vector<NodeMemory> BenchNode::MemberMemory() const {
  std::vector<NodeMemory> out;
  for (size_t i = 0; i < members_.size(); ++i) out.push_back(MemoryOf(i));
  return out;
}

std::vector<uint64_t> BenchNode::MemberIds() const {
  std::vector<uint64_t> out;
  for (const Member& member : members_) out.push_back(member.id);
  return out;
}

NodeMemory BenchNode::MemoryOf(size_t member) const {
  const testing::NodeProcess* process = members_[member].process.get();
  if (process == nullptr || !process->running()) return {};
  std::ifstream in(StrCat("/proc/", process->pid(), "/status"));
  std::stringstream text;
  text << in.rdbuf();
  return {StatusBytes(text.str(), "VmHWM:"), StatusBytes(text.str(), "VmRSS:")};
}

double BenchNode::CpuSecondsOf(size_t member) const {
  const testing::NodeProcess* process = members_[member].process.get();
  if (process == nullptr || !process->running()) return 0;
  std::ifstream in(StrCat("/proc/", process->pid(), "/stat"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces, inside parentheses): state is
  // field 3, utime 14, stime 15.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string skipped;
  for (int field = 3; field < 14; ++field) fields >> skipped;
  uint64_t user_ticks = 0, system_ticks = 0;
  fields >> user_ticks >> system_ticks;
  return static_cast<double>(user_ticks + system_ticks) / sysconf(_SC_CLK_TCK);
}

std::vector<int> BenchNode::Stop() {
  std::vector<int> exit_codes(members_.size(), 0);
  // Followers first, so the leader does not stop mid-replication and no election follows.
  for (size_t n = 1; n <= members_.size(); ++n) {
    const size_t i = (leader_ + n) % members_.size();
    if (members_[i].process != nullptr) exit_codes[i] = members_[i].process->Stop();
  }
  return exit_codes;
}

std::string BenchNode::StderrText() const {
  if (members_.size() == 1) return members_[0].process->StderrText();
  std::string out;
  for (const Member& member : members_) {
    if (member.process == nullptr) continue;
    ledger::StrAppend(&out, "--- node ", member.id, " (", member.address, ") ---\n",
                      member.process->StderrText());
  }
  return out;
}

FolderSize BenchNode::DataFolderSize() const {
  FolderSize size;
  const std::filesystem::path root = data_dir();
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, error)) {
    if (!entry.is_regular_file()) continue;
    const uint64_t bytes = entry.file_size();
    const std::string extension = entry.path().extension().string();
    size.total_bytes += bytes;
    if (*entry.path().lexically_relative(root).begin() == "raft") {
      size.raft_bytes += bytes;
    } else if (extension == ".sst") {
      size.sst_bytes += bytes;
    } else if (extension == ".log") {
      size.wal_bytes += bytes;
    } else {
      size.other_bytes += bytes;
    }
  }
  return size;
}

}  // namespace noaber::bench
