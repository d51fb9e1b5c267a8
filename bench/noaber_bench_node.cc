#include "bench/noaber_bench_node.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

using ledger::StrCat;

constexpr char kCommunityName[] = "Bench";
// Requests of a full batch: 1000 operations of about 250 bytes, with room to spare.
constexpr int kRequestBytesMax = 4 * 1024 * 1024;

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
  const std::string data_dir = options.data_dir.empty() ? *work_dir + "/data" : options.data_dir;
  std::unique_ptr<BenchNode> node(new BenchNode(*work_dir, data_dir, !options.keep));
  if (absl::Status init = node->Init(options.node_binary, admin); !init.ok()) return init;
  absl::StatusOr<std::string> config = node->WriteConfig(options);
  if (!config.ok()) return config.status();
  absl::StatusOr<std::unique_ptr<testing::NodeProcess>> process =
      testing::NodeProcess::Start(options.node_binary, data_dir, {"--config", *config});
  if (!process.ok()) return process.status();
  node->process_ = *std::move(process);
  return node;
}

BenchNode::~BenchNode() {
  process_.reset();  // kills it if still running
  std::error_code ignored;
  if (remove_data_) std::filesystem::remove_all(data_dir_, ignored);
  std::filesystem::remove_all(work_dir_ + "/node.toml", ignored);
  std::filesystem::remove(work_dir_, ignored);  // only when empty: kept data stays inside
}

absl::Status BenchNode::Init(const std::string& binary, const ledger::PublicKey& admin) const {
  testing::ProcessResult init =
      testing::RunProcess(binary, {"init", "--data-dir", data_dir_, "--community", kCommunityName,
                                   "--admin-key", ledger::ToHex(admin)});
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

NodeMemory BenchNode::Memory() const {
  if (!process_->running()) return {};
  std::ifstream in(StrCat("/proc/", process_->pid(), "/status"));
  std::stringstream text;
  text << in.rdbuf();
  return {StatusBytes(text.str(), "VmHWM:"), StatusBytes(text.str(), "VmRSS:")};
}

double BenchNode::CpuSeconds() const {
  if (!process_->running()) return 0;
  std::ifstream in(StrCat("/proc/", process_->pid(), "/stat"));
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

int BenchNode::Stop() { return process_->Stop(); }

FolderSize BenchNode::DataFolderSize() const {
  FolderSize size;
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir_, error)) {
    if (!entry.is_regular_file()) continue;
    const uint64_t bytes = entry.file_size();
    const std::string extension = entry.path().extension().string();
    size.total_bytes += bytes;
    if (extension == ".sst") {
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
