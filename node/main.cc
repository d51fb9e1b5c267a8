// noaber-node: command-line parsing only. The commands live in commands.h.
// Exit codes: 0 done, 1 the command failed (one line on stderr), 2 usage error.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/genesis.h"
#include "node/commands.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const CLI::Validator kPublicKeyHex(
    [](std::string& text) -> std::string {
      return noaber::ledger::PublicKeyFromHex(text) ? ""
                                                    : "expected 64 hex digits (an Ed25519 key)";
    },
    "PUBKEY_HEX");

void AddInit(CLI::App& app, noaber::node::InitOptions& options) {
  CLI::App* init = app.add_subcommand("init", "Found a community in a new data folder");
  init->add_option("--data-dir", options.data_dir, "Folder for the RocksDB store")->required();
  CLI::Option* community =
      init->add_option("--community", options.community_name, "Community name");
  CLI::Option* keys = init->add_option("--admin-key", options.admin_keys_hex,
                                       "An administrator's public key (repeatable)")
                          ->check(kPublicKeyHex);
  CLI::Option* threshold =
      init->add_option("--admin-threshold", options.admin_threshold,
                       "Administrator signatures needed (default 1)")
          ->check(CLI::Range(1, static_cast<int>(noaber::ledger::kAdminKeysMax)));
  init->add_option("--genesis", options.genesis_file,
                   "A genesis TOML file that sets everything (see genesis.example.toml)")
      ->excludes(community)
      ->excludes(keys)
      ->excludes(threshold);
}

void AddRun(CLI::App& app, noaber::node::RunOptions& options) {
  CLI::App* run = app.add_subcommand("run", "Serve the ledger over gRPC until SIGINT/SIGTERM");
  run->add_option("--data-dir", options.data_dir, "Folder of the RocksDB store")->required();
  run->add_option("--listen", options.listen, "HOST:PORT (default 127.0.0.1:7420; port 0: any)");
  run->add_option("--config", options.config_file, "A node config TOML file");
  run->add_option("--witness", options.witnesses,
                  "A witness's cosigner key (NAME+ID+BASE64) whose cosignatures to keep; "
                  "repeatable")
      ->allow_extra_args(false);
  run->add_flag("--allow-remote", options.allow_remote,
                "Listen on a non-loopback address without TLS");
  run->add_option("--tls-cert", options.tls_cert_file,
                  "Serve TLS with this certificate (chain), a PEM file");
  run->add_option("--tls-key", options.tls_key_file, "The certificate's private key, a PEM file");
  run->add_option("--tls-client-ca", options.tls_client_ca_file,
                  "Require every client to present a certificate signed by this CA (PEM file)");
}

void AddCheck(CLI::App& app, noaber::node::CheckOptions& options) {
  CLI::App* check = app.add_subcommand("check", "Replay the journal and verify the stored state");
  check->add_option("--data-dir", options.data_dir, "Folder of the RocksDB store")->required();
}

void AddAudit(CLI::App& app, noaber::node::AuditOptions& options) {
  CLI::App* audit = app.add_subcommand(
      "audit", "Verify offline everything a data folder holds, and print a summary");
  audit->add_option("--data-dir", options.data_dir, "Folder of the RocksDB store")->required();
  CLI::Option* checkpoint = audit->add_option(
      "--checkpoint", options.checkpoint_file,
      "A checkpoint (signed note or body) whose tree the store must contain");
  audit->add_option("--checkpoint-key", options.checkpoint_key,
                    "The verifier key (NAME+ID+BASE64) that must have signed the checkpoint")
      ->needs(checkpoint);
}

void AddCluster(CLI::App& app, noaber::node::ClusterOptions& options) {
  CLI::App* cluster =
      app.add_subcommand("cluster", "Replicate the node on Raft (docs/operations.md)");
  cluster->require_subcommand(1);
  auto member = [&](CLI::App* command) {
    command->add_option("--data-dir", options.data_dir, "The member's data folder")->required();
    command->add_option("--node-id", options.node_id, "The member's id, 1 or more")->required();
    command->add_option("--raft-address", options.raft_address,
                        "IPv4 HOST:PORT the member's Raft listens on (peers only)")
        ->required();
    command->add_option("--grpc-address", options.grpc_address,
                        "HOST:PORT clients reach the member's gRPC service at")
        ->required();
  };
  auto via = [&](CLI::App* command) {
    command->add_option("--via", options.via, "Members' gRPC addresses, separated by commas")
        ->required();
    command->add_option("--ca-file", options.ca_file, "CA certificate when the members serve TLS");
  };
  member(cluster->add_subcommand("init", "Make this node's community a one-member cluster"));
  CLI::App* join = cluster->add_subcommand("join", "Add a member with an empty folder");
  member(join);
  via(join);
  join->add_option("--token", options.token, "The cluster's join token")->required();
  CLI::App* remove = cluster->add_subcommand("remove", "Remove a member from the cluster");
  remove->add_option("--node-id", options.node_id, "The member to remove")->required();
  via(remove);
  remove->add_option("--token", options.token, "The cluster's join token")->required();
  via(cluster->add_subcommand("status", "Show a member's view of the cluster"));
}

int Report(const char* command, const absl::Status& status) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "noaber-node %s: %s\n", command, std::string(status.message()).c_str());
  return kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"noaber-node: the ledger node of a Noaber neighbourhood time bank"};
  app.require_subcommand(1);
  noaber::node::InitOptions init;
  noaber::node::RunOptions run;
  noaber::node::CheckOptions check;
  noaber::node::AuditOptions audit;
  noaber::node::ClusterOptions cluster;
  AddInit(app, init);
  AddCluster(app, cluster);
  AddRun(app, run);
  AddCheck(app, check);
  AddAudit(app, audit);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (app.got_subcommand("init")) {
    if (init.genesis_file.empty() && (init.community_name.empty() || init.admin_keys_hex.empty())) {
      std::fprintf(stderr,
                   "noaber-node init: give --community and at least one --admin-key, "
                   "or --genesis FILE\n");
      return kExitUsage;
    }
    return Report("init", noaber::node::InitCommand(init));
  }
  if (app.got_subcommand("run")) return Report("run", noaber::node::RunCommand(run));
  if (CLI::App* command = app.get_subcommand("cluster"); command->parsed()) {
    if (command->got_subcommand("init")) {
      return Report("cluster init", noaber::node::ClusterInitCommand(cluster));
    }
    if (command->got_subcommand("join")) {
      return Report("cluster join", noaber::node::ClusterJoinCommand(cluster));
    }
    if (command->got_subcommand("remove")) {
      return Report("cluster remove", noaber::node::ClusterRemoveCommand(cluster));
    }
    return Report("cluster status", noaber::node::ClusterStatusCommand(cluster));
  }
  if (app.got_subcommand("audit")) return Report("audit", noaber::node::AuditCommand(audit));
  return Report("check", noaber::node::CheckCommand(check));
}
