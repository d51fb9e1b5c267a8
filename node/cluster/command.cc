// noaber-node cluster init|join|remove|status (docs/operations.md).
#include <grpcpp/grpcpp.h>
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "ledger/rocksdb/rocksdb_store.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "noaber/v1/cluster.grpc.pb.h"
#include "node/cluster/raft_node.h"
#include "node/cluster/config_file.h"
#include "node/commands.h"
#include "node/files.h"
#include "node/node_key.h"
#include "node/status_mapping.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

constexpr int kRedirectsMax = 5;
constexpr auto kCallDeadline = std::chrono::seconds(30);
// How long a membership change keeps trying while the cluster has no leader.
constexpr auto kNoLeaderPatience = std::chrono::seconds(10);
constexpr size_t kJoinTokenBytes = 24;

std::string NewJoinToken() {
  std::array<uint8_t, kJoinTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return ledger::ToHex(bytes);
}

std::vector<std::string> SplitAddresses(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (comma > start) out.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::shared_ptr<grpc::Channel> Channel(const std::string& address, const std::string& ca_file) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadWholeFile(ca_file);
    grpc::SslCredentialsOptions ssl;
    if (ca.ok()) ssl.pem_root_certs = *ca;
    credentials = grpc::SslCredentials(ssl);
  }
  return grpc::CreateChannel(address, credentials);
}

std::string Trailer(const grpc::ClientContext& context, const char* key) {
  const auto& trailers = context.GetServerTrailingMetadata();
  auto it = trailers.find(key);
  return it == trailers.end() ? "" : std::string(it->second.data(), it->second.size());
}

// Calls `call` on the cluster: the addresses in turn until one answers; a not_leader answer
// sends it to the leader it names (waiting while no leader is known). The last failure
// otherwise, naming what each address said.
absl::Status CallCluster(
    const ClusterOptions& options,
    const std::function<grpc::Status(v1::Cluster::Stub&, grpc::ClientContext&)>& call) {
  std::vector<std::string> addresses = SplitAddresses(options.via);
  if (addresses.empty()) return absl::InvalidArgumentError("--via: give a member's address");
  const auto give_up = std::chrono::steady_clock::now() + kNoLeaderPatience;
  std::string tried;
  size_t next = 0;
  std::string address = addresses[next];
  for (int hops = 0; hops <= kRedirectsMax + static_cast<int>(addresses.size());) {
    auto stub = v1::Cluster::NewStub(Channel(address, options.ca_file));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    grpc::Status status = call(*stub, context);
    if (status.ok()) return absl::OkStatus();
    const std::string code = Trailer(context, kResultCodeMetadataKey);
    ledger::StrAppend(&tried, tried.empty() ? "" : "; ", address, ": ", status.error_message());
    if (code == "302") {
      const std::string leader = Trailer(context, kLeaderMetadataKey);
      if (!leader.empty() && leader != address) {
        address = leader;
        ++hops;
        continue;
      }
      if (std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        continue;
      }
    } else if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
               status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          StrCat(address, ": ", status.error_message()));
    }
    if (++next >= addresses.size()) break;
    address = addresses[next];
    ++hops;
  }
  return absl::UnavailableError(StrCat("no member of the cluster did it (", tried, ")"));
}

std::string BytesHex(const std::string& bytes) {
  return ledger::ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

absl::Status CheckMemberOptions(const ClusterOptions& options) {
  if (options.node_id == 0) return absl::InvalidArgumentError("--node-id must be 1 or more");
  if (absl::Status s = CheckRaftAddress(options.raft_address, "--raft-address"); !s.ok()) return s;
  if (options.grpc_address.empty()) return absl::InvalidArgumentError("--grpc-address is required");
  return absl::OkStatus();
}

}  // namespace

absl::Status ClusterInitCommand(const ClusterOptions& options) {
  if (absl::Status s = CheckMemberOptions(options); !s.ok()) return s;
  {
    absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
        ledger::RocksDbStore::OpenReadOnly(options.data_dir);
    if (absl::IsNotFound(store.status())) {
      return absl::NotFoundError(StrCat("no community in ", options.data_dir,
                                        ": run `noaber-node init --data-dir ", options.data_dir,
                                        " ...` first"));
    }
    if (!store.ok()) return store.status();
  }
  absl::StatusOr<std::optional<ClusterConfig>> existing = LoadClusterConfig(options.data_dir);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::AlreadyExistsError(
        StrCat(options.data_dir, " is a cluster member already (", ClusterConfigPath(options.data_dir), ")"));
  }
  bool created = false;
  absl::StatusOr<ledger::KeyPair> key = LoadOrCreateNodeKey(options.data_dir, &created);
  if (!key.ok()) return key.status();
  sodium_memzero(&*key, sizeof(ledger::KeyPair));
  if (absl::Status s = cluster::RaftNode::Bootstrap(
          ClusterRaftDir(options.data_dir),
          {cluster::Member{options.node_id, options.raft_address, cluster::Role::kVoter}});
      !s.ok()) {
    return s;
  }
  ClusterConfig config{options.node_id, options.raft_address, options.grpc_address,
                       /*founder=*/true, NewJoinToken(), options.data_dir};
  if (absl::Status s = SaveClusterConfig(options.data_dir, config); !s.ok()) return s;
  std::printf(
      "cluster founded in %s: node %llu, Raft on %s, clients on %s\n"
      "join token: %s\n"
      "  (it lets a machine join the cluster: keep it as secret as the node key)\n"
      "start it:      noaber-node run --data-dir %s\n"
      "add a member:  noaber-node cluster join --data-dir DIR --node-id 2 "
      "--raft-address HOST:PORT --grpc-address HOST:PORT --via %s --token %s\n",
      options.data_dir.c_str(), static_cast<unsigned long long>(options.node_id),
      options.raft_address.c_str(), options.grpc_address.c_str(), config.join_token.c_str(),
      options.data_dir.c_str(), options.grpc_address.c_str(), config.join_token.c_str());
  return absl::OkStatus();
}

absl::Status ClusterJoinCommand(const ClusterOptions& options) {
  if (absl::Status s = CheckMemberOptions(options); !s.ok()) return s;
  std::error_code error;
  if (std::filesystem::exists(options.data_dir, error) &&
      !std::filesystem::is_empty(options.data_dir, error)) {
    return absl::FailedPreconditionError(
        StrCat(options.data_dir, " is not empty: a member joins with an empty folder and "
                                 "receives the journal from the cluster"));
  }
  std::filesystem::create_directories(options.data_dir, error);
  if (error) return absl::InternalError(StrCat("cannot create ", options.data_dir, ": ", error.message()));
  absl::Status added = CallCluster(options, [&](v1::Cluster::Stub& stub, grpc::ClientContext& context) {
    v1::AddMemberRequest request;
    request.set_join_token(options.token);
    request.set_id(options.node_id);
    request.set_raft_address(options.raft_address);
    request.set_grpc_address(options.grpc_address);
    v1::AddMemberResponse response;
    return stub.AddMember(&context, request, &response);
  });
  if (!added.ok()) return added;
  ClusterConfig config{options.node_id, options.raft_address, options.grpc_address,
                       /*founder=*/false, "", options.data_dir};
  if (absl::Status s = SaveClusterConfig(options.data_dir, config); !s.ok()) return s;
  std::printf("node %llu added to the cluster as a spare; start it with\n"
              "  noaber-node run --data-dir %s\n"
              "it receives the journal and becomes a voter once it has caught up\n",
              static_cast<unsigned long long>(options.node_id), options.data_dir.c_str());
  return absl::OkStatus();
}

absl::Status ClusterRemoveCommand(const ClusterOptions& options) {
  if (options.node_id == 0) return absl::InvalidArgumentError("--node-id must be 1 or more");
  absl::Status removed = CallCluster(options, [&](v1::Cluster::Stub& stub, grpc::ClientContext& context) {
    v1::RemoveMemberRequest request;
    request.set_join_token(options.token);
    request.set_id(options.node_id);
    v1::RemoveMemberResponse response;
    return stub.RemoveMember(&context, request, &response);
  });
  if (!removed.ok()) return removed;
  std::printf("node %llu removed from the cluster; stop its process now\n",
              static_cast<unsigned long long>(options.node_id));
  return absl::OkStatus();
}

absl::Status ClusterStatusCommand(const ClusterOptions& options) {
  v1::ClusterStatus status;
  absl::Status asked = CallCluster(options, [&](v1::Cluster::Stub& stub, grpc::ClientContext& context) {
    return stub.GetClusterStatus(&context, {}, &status);
  });
  if (!asked.ok()) return asked;
  std::printf("node %llu (%s), term %llu, commit %llu, applied %llu\n",
              static_cast<unsigned long long>(status.node_id()), status.state().c_str(),
              static_cast<unsigned long long>(status.term()),
              static_cast<unsigned long long>(status.commit_index()),
              static_cast<unsigned long long>(status.applied_index()));
  std::printf("leader: %s\n",
              status.leader_id() == 0
                  ? "none known (an election may be under way)"
                  : StrCat("node ", status.leader_id(), " at ", status.leader_grpc_address()).c_str());
  std::printf("journal: %llu entries, head %s, Merkle root %s\n",
              static_cast<unsigned long long>(status.journal_size()),
              BytesHex(status.journal_head_hash()).c_str(), BytesHex(status.merkle_root()).c_str());
  if (!status.failure().empty()) std::printf("FAILED: %s\n", status.failure().c_str());
  if (!status.snapshot_failure().empty()) {
    std::printf("last snapshot failed: %s\n", status.snapshot_failure().c_str());
  }
  std::printf("members:\n");
  for (const v1::ClusterMember& member : status.members()) {
    std::printf("  %llu  %-7s  raft %-21s  grpc %s%s\n",
                static_cast<unsigned long long>(member.id()), member.role().c_str(),
                member.raft_address().c_str(),
                member.grpc_address().empty() ? "(not known yet)" : member.grpc_address().c_str(),
                member.id() == status.leader_id() ? "  (leader)" : "");
  }
  return absl::OkStatus();
}

}  // namespace noaber::node
