#include "node/cluster/raft_errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "noaber/ledger/strings.h"
#include "node/cluster/raft_c.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;

constexpr char kNotLeaderTypeUrl[] = "type.noaber/noaber.cluster.NotLeader";

// "<leader id>\n<may have committed: 0|1>\n<leader address>"
std::string EncodeNotLeader(const NotLeader& not_leader) {
  return StrCat(not_leader.leader_id, "\n", not_leader.may_have_committed ? "1" : "0", "\n",
                not_leader.leader_address);
}

std::optional<NotLeader> DecodeNotLeader(std::string_view text) {
  const size_t first = text.find('\n');
  if (first == std::string_view::npos || first + 3 > text.size() || text[first + 2] != '\n') {
    return std::nullopt;
  }
  NotLeader not_leader;
  for (char c : text.substr(0, first)) {
    if (c < '0' || c > '9') return std::nullopt;
    not_leader.leader_id = not_leader.leader_id * 10 + static_cast<uint64_t>(c - '0');
  }
  not_leader.may_have_committed = text[first + 1] == '1';
  not_leader.leader_address = std::string(text.substr(first + 3));
  return not_leader;
}

absl::StatusCode CodeFor(int raft_code) {
  switch (raft_code) {
    case RAFT_BADID:
    case RAFT_BADROLE:
    case RAFT_MALFORMED:
    case RAFT_NAMETOOLONG:
    case RAFT_TOOBIG:
    case RAFT_INVALID:
      return absl::StatusCode::kInvalidArgument;
    case RAFT_DUPLICATEID:
    case RAFT_DUPLICATEADDRESS:
      return absl::StatusCode::kAlreadyExists;
    case RAFT_NOTFOUND:
      return absl::StatusCode::kNotFound;
    case RAFT_CANTBOOTSTRAP:
      return absl::StatusCode::kFailedPrecondition;
    case RAFT_CANTCHANGE:
    case RAFT_BUSY:
    case RAFT_CANCELED:
      return absl::StatusCode::kAborted;
    case RAFT_SHUTDOWN:
    case RAFT_NOCONNECTION:
      return absl::StatusCode::kUnavailable;
    case RAFT_CORRUPT:
      return absl::StatusCode::kDataLoss;
    case RAFT_NOMEM:
    case RAFT_NOSPACE:
    case RAFT_TOOMANY:
      return absl::StatusCode::kResourceExhausted;
    case RAFT_UNAUTHORIZED:
      return absl::StatusCode::kPermissionDenied;
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

absl::Status NotLeaderError(const NotLeader& not_leader, std::string_view context) {
  std::string message = StrCat(context, ": ");
  if (not_leader.may_have_committed) {
    message += "leadership was lost before the entry was applied; it may still be committed";
  } else {
    message += "this node is not the leader";
  }
  if (not_leader.leader_id == 0) {
    message += " (no leader known)";
  } else {
    ledger::StrAppend(&message, " (the leader is ", not_leader.leader_id, " at ",
                      not_leader.leader_address, ")");
  }
  absl::Status status(not_leader.may_have_committed ? absl::StatusCode::kUnavailable
                                                    : absl::StatusCode::kFailedPrecondition,
                      message);
  status.SetPayload(kNotLeaderTypeUrl, absl::Cord(EncodeNotLeader(not_leader)));
  return status;
}

std::optional<NotLeader> GetNotLeader(const absl::Status& status) {
  auto payload = status.GetPayload(kNotLeaderTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  return DecodeNotLeader(std::string(*payload));
}

absl::Status RaftCodeError(int raft_code, std::string_view context, std::string_view detail) {
  std::string message = StrCat(context, ": ", raft_strerror(raft_code));
  if (!detail.empty()) ledger::StrAppend(&message, " (", detail, ")");
  return absl::Status(CodeFor(raft_code), message);
}

absl::Status StoppingError(std::string_view context) {
  return absl::UnavailableError(StrCat(context, ": node stopping"));
}

}  // namespace noaber::node::cluster
