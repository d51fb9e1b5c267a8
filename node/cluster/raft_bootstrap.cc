// RaftNode::Bootstrap: writing a founding member's first configuration.
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "noaber/ledger/strings.h"
#include "node/cluster/raft_address.h"
#include "node/cluster/raft_c.h"
#include "node/cluster/raft_errors.h"
#include "node/cluster/raft_node.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;

absl::Status CheckVoters(const std::vector<Member>& voters) {
  if (voters.empty()) return absl::InvalidArgumentError("raft bootstrap: no voters given");
  std::set<uint64_t> ids;
  std::set<std::string> addresses;
  bool has_voter = false;
  for (const Member& member : voters) {
    if (member.id == 0) {
      return absl::InvalidArgumentError("raft bootstrap: every member needs an id > 0");
    }
    if (absl::Status address = CheckRaftAddress(member.address); !address.ok()) {
      return address;
    }
    if (!ids.insert(member.id).second || !addresses.insert(member.address).second) {
      return absl::InvalidArgumentError(
          StrCat("raft bootstrap: server ", member.id, " at ", member.address, " is listed twice"));
    }
    has_voter = has_voter || member.role == Role::kVoter;
  }
  if (!has_voter) return absl::InvalidArgumentError("raft bootstrap: no member is a voter");
  return absl::OkStatus();
}

// Bootstrap writes only into an empty folder: anything there means someone else's state.
absl::Status CheckEmptyFolder(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        StrCat("raft folder ", dir, ": cannot create it: ", error.message()));
  }
  std::filesystem::directory_iterator entries(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        StrCat("raft folder ", dir, ": cannot list it: ", error.message()));
  }
  for (const std::filesystem::directory_entry& entry : entries) {
    return absl::FailedPreconditionError(StrCat(
        "raft folder ", dir, " is not empty (it holds ", entry.path().filename().string(),
        "): it already has Raft state, or other files; bootstrap once, into an empty folder"));
  }
  return absl::OkStatus();
}

// Writes `voters` through a libraft instance that is never started, on a private loop.
absl::Status WriteConfiguration(const std::string& dir, const std::vector<Member>& voters,
                                uv_loop_t* loop) {
  const std::string context = StrCat("raft bootstrap of folder ", dir);
  raft_uv_transport transport{};
  int rv = raft_uv_tcp_init(&transport, loop);
  if (rv != 0) return RaftCodeError(rv, context, transport.errmsg);
  raft_io io{};
  rv = raft_uv_init(&io, loop, dir.c_str(), &transport);
  if (rv != 0) {
    const std::string detail = io.errmsg;
    raft_uv_tcp_close(&transport);
    return RaftCodeError(rv, context, detail);
  }
  raft_fsm fsm{};  // never called: the instance is not started
  fsm.version = 1;
  raft instance{};
  absl::Status written;
  rv = raft_init(&instance, &io, &fsm, voters.front().id, voters.front().address.c_str());
  if (rv == 0) {
    raft_configuration configuration;
    raft_configuration_init(&configuration);
    for (const Member& member : voters) {
      rv = raft_configuration_add(&configuration, member.id, member.address.c_str(),
                                  RaftRole(member.role));
      if (rv != 0) break;
    }
    if (rv == 0) rv = raft_bootstrap(&instance, &configuration);
    if (rv != 0) written = RaftCodeError(rv, context, raft_errmsg(&instance));
    raft_configuration_close(&configuration);
    raft_close(&instance, nullptr);
    uv_run(loop, UV_RUN_DEFAULT);
  } else {
    written = RaftCodeError(rv, context, raft_errmsg(&instance));
  }
  raft_uv_close(&io);
  raft_uv_tcp_close(&transport);
  uv_run(loop, UV_RUN_DEFAULT);
  return written;
}

}  // namespace

absl::Status RaftNode::Bootstrap(const std::string& dir, const std::vector<Member>& voters) {
  if (absl::Status valid = CheckVoters(voters); !valid.ok()) return valid;
  if (absl::Status empty = CheckEmptyFolder(dir); !empty.ok()) return empty;
  uv_loop_t loop;
  const int initialized = uv_loop_init(&loop);
  if (initialized != 0) {
    return absl::InternalError(StrCat("uv_loop_init: ", uv_strerror(initialized)));
  }
  absl::Status written = WriteConfiguration(dir, voters, &loop);
  uv_loop_close(&loop);
  return written;
}

}  // namespace noaber::node::cluster
