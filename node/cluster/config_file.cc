#include "node/cluster/config_file.h"

#include <arpa/inet.h>

#include <filesystem>

#include "noaber/ledger/strings.h"
#include "node/files.h"
#include "node/toml_reader.h"

namespace noaber::node {

using ledger::StrCat;

std::string ClusterConfigPath(const std::string& data_dir) {
  return StrCat(data_dir, "/cluster.toml");
}

std::string ClusterRaftDir(const std::string& data_dir) { return StrCat(data_dir, "/raft"); }

absl::Status CheckRaftAddress(const std::string& address, std::string_view what) {
  const size_t colon = address.rfind(':');
  in_addr ip{};
  const std::string host = colon == std::string::npos ? "" : address.substr(0, colon);
  const std::string port = colon == std::string::npos ? "" : address.substr(colon + 1);
  const bool port_ok = !port.empty() && port.size() <= 5 &&
                       port.find_first_not_of("0123456789") == std::string::npos &&
                       std::stoi(port) >= 1 && std::stoi(port) <= 65535;
  if (inet_pton(AF_INET, host.c_str(), &ip) != 1 || !port_ok) {
    return absl::InvalidArgumentError(
        StrCat(what, " \"", ledger::Printable(address),
               "\": expected an IPv4 address and port, like 10.0.0.1:7101"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<ClusterConfig>> LoadClusterConfig(const std::string& data_dir) {
  const std::string path = ClusterConfigPath(data_dir);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<ClusterConfig>();
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  TomlReader reader(path);
  absl::StatusOr<toml::table> table = reader.Parse(*text);
  if (!table.ok()) return table.status();
  if (absl::Status s = reader.OnlyKeys(
          *table, "", {"node_id", "raft_address", "grpc_address", "founder", "join_token"});
      !s.ok()) {
    return s;
  }
  ClusterConfig config;
  absl::StatusOr<std::optional<int64_t>> id =
      reader.OptionalInteger(*table, "node_id", "", 1, INT64_MAX);
  if (!id.ok()) return id.status();
  if (!id->has_value()) return reader.Error(&*table, "node_id", "is required");
  config.node_id = static_cast<uint64_t>(**id);
  absl::StatusOr<std::string> raft = reader.String(*table, "raft_address", "");
  if (!raft.ok()) return raft.status();
  config.raft_address = *raft;
  if (absl::Status s = CheckRaftAddress(config.raft_address, StrCat(path, ": raft_address"));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> grpc = reader.String(*table, "grpc_address", "");
  if (!grpc.ok()) return grpc.status();
  config.grpc_address = *grpc;
  config.founder = (*table)["founder"].value_or(false);
  absl::StatusOr<std::optional<std::string>> token =
      reader.OptionalString(*table, "join_token", "");
  if (!token.ok()) return token.status();
  config.join_token = token->value_or("");
  config.data_dir = data_dir;
  return std::optional<ClusterConfig>(config);
}

absl::Status SaveClusterConfig(const std::string& data_dir, const ClusterConfig& config) {
  const std::string path = ClusterConfigPath(data_dir);
  std::error_code error;
  if (std::filesystem::exists(path, error)) {
    return absl::AlreadyExistsError(StrCat(path, " already exists: this folder is a member"));
  }
  std::string text = StrCat(
      "# This folder is a member of a Noaber cluster (docs/operations.md).\n",
      "node_id = ", config.node_id, "\n", "raft_address = \"", config.raft_address, "\"\n",
      "grpc_address = \"", config.grpc_address, "\"\n", "founder = ",
      config.founder ? "true" : "false", "\n");
  if (!config.join_token.empty()) ledger::StrAppend(&text, "join_token = \"", config.join_token, "\"\n");
  return WriteFileAtomically(path, text);
}

}  // namespace noaber::node
