// Test harness for tests that cross processes: run a binary and capture what it prints, and
// start a real `noaber-node run` on a loopback port. For node and wallet end-to-end tests.
// Not thread-safe: one test thread drives each object.
#ifndef NOABER_TESTS_HARNESS_H_
#define NOABER_TESTS_HARNESS_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace noaber::testing {

inline constexpr std::chrono::milliseconds kProcessTimeoutDefault{30'000};
inline constexpr std::chrono::milliseconds kNodeStartTimeoutDefault{10'000};

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string stdout_text;
  std::string stderr_text;
  bool timed_out = false;  // killed with SIGKILL after `timeout`
};

struct ProcessOptions {
  // Set in the child's environment on top of this process's (an empty value sets it empty).
  std::map<std::string, std::string> env;
  // Written to the child's stdin, which is then closed. Stdin is /dev/null when empty.
  std::string stdin_text;
  std::chrono::milliseconds timeout = kProcessTimeoutDefault;
};

// Runs `binary` with `args` and waits for it to exit (or kills it after the timeout).
ProcessResult RunProcess(const std::string& binary, const std::vector<std::string>& args,
                         const ProcessOptions& options = {});

// A running `noaber-node run`. Stopping it is the test's to ask; the destructor kills a node
// still running, so a failed test never leaves one behind.
class NodeProcess {
 public:
  // Starts `binary run --data-dir DATA_DIR --listen 127.0.0.1:0 EXTRA_ARGS...` and waits for
  // its "noaber-node listening on HOST:PORT" line. Fails (killing it) if the node exits first
  // or says nothing within `timeout`; the error holds what the node wrote to stderr.
  static absl::StatusOr<std::unique_ptr<NodeProcess>> Start(
      const std::string& binary, const std::string& data_dir,
      const std::vector<std::string>& extra_args = {},
      std::chrono::milliseconds timeout = kNodeStartTimeoutDefault);
  ~NodeProcess();
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  // "127.0.0.1:PORT", as the node printed it.
  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  // Sends SIGTERM and waits for the node to exit. Returns its exit code, or -1 if it had to
  // be killed after `timeout`.
  int Stop(std::chrono::milliseconds timeout = kProcessTimeoutDefault);
  // Sends SIGKILL and waits: a crash, as far as the node can tell.
  void Kill();
  // Everything the node has written to stderr so far.
  std::string StderrText() const;

 private:
  NodeProcess(pid_t pid, int stdout_fd, std::string stderr_path)
      : pid_(pid), stdout_fd_(stdout_fd), stderr_path_(std::move(stderr_path)) {}
  // Waits until the node's stdout closes (it exited) or `timeout`; true if it closed.
  bool WaitForExit(std::chrono::milliseconds timeout);
  int Reap();

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::string address_;
};

}  // namespace noaber::testing

#endif  // NOABER_TESTS_HARNESS_H_
