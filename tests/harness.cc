#include "tests/harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace noaber::testing {

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kListeningPrefix[] = "noaber-node listening on ";
constexpr size_t kReadChunkBytes = 4096;

// What the child's stdin, stdout and stderr are.
struct ChildFds {
  int in = -1;
  int out = -1;
  int err = -1;
};

std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    if (overrides.count(text.substr(0, text.find('='))) == 0) out.push_back(std::move(text));
  }
  for (const auto& [name, value] : overrides) out.push_back(name + "=" + value);
  return out;
}

// Starts `binary` with `args`, the given standard fds, default signal handling and no
// blocked signals (the test process may block some for its own threads).
absl::StatusOr<pid_t> Spawn(const std::string& binary, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env, ChildFds fds) {
  std::vector<std::string> argv_text = {binary};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<std::string> env_text = ChildEnvironment(env);
  std::vector<char*> argv, envp;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (std::string& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds.in, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds.out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds.err, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGCHLD}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int error =
      posix_spawn(&pid, binary.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    return absl::InternalError("cannot start " + binary + ": " + std::strerror(error));
  }
  return pid;
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return ExitCodeOf(status);
}

int MillisecondsLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

// Reads what is there from `fd` into `out`; false at end of file (or error).
bool ReadSome(int fd, std::string* out) {
  char buffer[kReadChunkBytes];
  ssize_t n = read(fd, buffer, sizeof(buffer));
  while (n < 0 && errno == EINTR) n = read(fd, buffer, sizeof(buffer));
  if (n <= 0) return false;
  out->append(buffer, static_cast<size_t>(n));
  return true;
}

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// Pumps stdin text in and stdout/stderr out until both outputs close or the deadline passes.
// Returns false on timeout.
bool Pump(int& in, int& out, int& err, const std::string& stdin_text, ProcessResult* result,
          Clock::time_point deadline) {
  size_t written = 0;
  if (in >= 0 && stdin_text.empty()) CloseFd(in);
  while (out >= 0 || err >= 0) {
    pollfd fds[3] = {{out, POLLIN, 0}, {err, POLLIN, 0}, {in, POLLOUT, 0}};
    const int ready = poll(fds, 3, MillisecondsLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    if (fds[0].revents != 0 && !ReadSome(out, &result->stdout_text)) CloseFd(out);
    if (fds[1].revents != 0 && !ReadSome(err, &result->stderr_text)) CloseFd(err);
    if (fds[2].revents != 0) {
      ssize_t n = write(in, stdin_text.data() + written, stdin_text.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written == stdin_text.size()) CloseFd(in);
    }
  }
  return true;
}

}  // namespace

ProcessResult RunProcess(const std::string& binary, const std::vector<std::string>& args,
                         const ProcessOptions& options) {
  ProcessResult result;
  int out[2], err[2], in[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(in, O_CLOEXEC) != 0) {
    result.stderr_text = "harness: cannot create pipes";
    return result;
  }
  signal(SIGPIPE, SIG_IGN);  // a child that exits before reading its stdin must not kill us
  absl::StatusOr<pid_t> pid = Spawn(binary, args, options.env, {in[0], out[1], err[1]});
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (pid.ok()) {
    const Clock::time_point deadline = Clock::now() + options.timeout;
    if (!Pump(in[1], out[0], err[0], options.stdin_text, &result, deadline)) {
      kill(*pid, SIGKILL);
      result.timed_out = true;
    }
    result.exit_code = WaitFor(*pid);
  } else {
    result.stderr_text = std::string(pid.status().message());
  }
  for (int fd : {in[1], out[0], err[0]}) {
    if (fd >= 0) close(fd);
  }
  return result;
}

absl::StatusOr<std::unique_ptr<NodeProcess>> NodeProcess::Start(
    const std::string& binary, const std::string& data_dir,
    const std::vector<std::string>& extra_args, std::chrono::milliseconds timeout) {
  const char* base = std::getenv("TMPDIR");
  std::string stderr_path = std::string(base ? base : "/tmp") + "/noaber-node-stderr-XXXXXX";
  const int err = mkostemp(stderr_path.data(), O_CLOEXEC);
  const int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out[2];
  if (err < 0 || in < 0 || pipe2(out, O_CLOEXEC) != 0) {
    return absl::InternalError("harness: cannot create the node's stdio");
  }
  std::vector<std::string> args = {"run", "--data-dir", data_dir};
  bool listen_given = false;
  for (const std::string& a : extra_args) listen_given = listen_given || a == "--listen";
  if (!listen_given) args.insert(args.end(), {"--listen", "127.0.0.1:0"});
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  absl::StatusOr<pid_t> pid = Spawn(binary, args, {}, {in, out[1], err});
  close(in);
  close(out[1]);
  close(err);
  if (!pid.ok()) {
    close(out[0]);
    unlink(stderr_path.c_str());
    return pid.status();
  }
  std::unique_ptr<NodeProcess> node(new NodeProcess(*pid, out[0], stderr_path));

  // The node prints exactly one line once it listens; wait for it, or for its exit.
  std::string printed;
  const Clock::time_point deadline = Clock::now() + timeout;
  while (printed.find('\n') == std::string::npos) {
    pollfd fd = {node->stdout_fd_, POLLIN, 0};
    const int ready = poll(&fd, 1, MillisecondsLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      node->Kill();
      return absl::DeadlineExceededError("noaber-node did not start listening in time: " +
                                         node->StderrText());
    }
    if (!ReadSome(node->stdout_fd_, &printed)) {
      const int code = node->Reap();
      return absl::FailedPreconditionError("noaber-node exited with code " + std::to_string(code) +
                                           " before listening: " + node->StderrText());
    }
  }
  const std::string line = printed.substr(0, printed.find('\n'));
  if (line.rfind(kListeningPrefix, 0) != 0) {
    node->Kill();
    return absl::InternalError("noaber-node printed an unexpected line: " + line);
  }
  node->address_ = line.substr(std::strlen(kListeningPrefix));
  return node;
}

NodeProcess::~NodeProcess() {
  if (running()) Kill();
  CloseFd(stdout_fd_);
  unlink(stderr_path_.c_str());
}

int NodeProcess::Stop(std::chrono::milliseconds timeout) {
  if (!running()) return -1;
  kill(pid_, SIGTERM);
  if (!WaitForExit(timeout)) {
    Kill();
    return -1;
  }
  return Reap();
}

void NodeProcess::Kill() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  Reap();
}

bool NodeProcess::WaitForExit(std::chrono::milliseconds timeout) {
  // The node's stdout closes when it exits: that is the signal, no polling of the pid.
  const Clock::time_point deadline = Clock::now() + timeout;
  std::string ignored;
  while (stdout_fd_ >= 0) {
    pollfd fd = {stdout_fd_, POLLIN, 0};
    const int ready = poll(&fd, 1, MillisecondsLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    if (!ReadSome(stdout_fd_, &ignored)) CloseFd(stdout_fd_);
  }
  return true;
}

int NodeProcess::Reap() {
  const int code = WaitFor(pid_);
  pid_ = -1;
  return code;
}

std::string NodeProcess::StderrText() const {
  std::ifstream in(stderr_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace noaber::testing
