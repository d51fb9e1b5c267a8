// noaber-node run: serves the ledger over gRPC until SIGINT or SIGTERM.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>

#include <cstdio>

#include "ledger/rocksdb/rocksdb_store.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/strings.h"
#include "node/cluster/config_file.h"
#include "node/cluster/gate.h"
#include "node/cluster/member.h"
#include "node/cluster/service.h"
#include "node/cluster/state.h"
#include "node/commands.h"
#include "node/config.h"
#include "node/impact_service.h"
#include "node/listen_address.h"
#include "node/log_service.h"
#include "node/merkle_cache.h"
#include "node/node_key.h"
#include "node/rate_limit.h"
#include "node/read_auth.h"
#include "node/server_tls.h"
#include "node/service.h"
#include "node/write_pipeline.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

// gRPC threads at most; each call (and each open watch) holds one while it runs.
inline constexpr int kServerThreadsMax = 256;
inline constexpr int kServerPollersMax = 128;
// How long calls in flight get to finish at shutdown before they are cancelled.
inline constexpr std::chrono::seconds kShutdownGrace{10};

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

absl::StatusOr<NodeConfig> LoadConfig(const RunOptions& options) {
  NodeConfig config;
  if (!options.config_file.empty()) {
    absl::StatusOr<NodeConfig> loaded = LoadNodeConfig(options.config_file);
    if (!loaded.ok()) return loaded.status();
    config = *std::move(loaded);
  }
  if (options.listen) config.listen_address = *options.listen;
  if (options.tls_cert_file) config.tls_cert_file = *options.tls_cert_file;
  if (options.tls_key_file) config.tls_key_file = *options.tls_key_file;
  if (options.tls_client_ca_file) config.tls_client_ca_file = *options.tls_client_ca_file;
  if (absl::Status s = CheckNodeConfig(config); !s.ok()) return s;
  for (const std::string& witness : options.witnesses) {
    if (absl::StatusOr<ledger::CosignerKey> key = ledger::DecodeCosignerKey(witness); !key.ok()) {
      return absl::InvalidArgumentError(
          StrCat("--witness ", witness, ": ", ledger::ToView(key.status().message())));
    }
    config.witnesses.push_back(witness);
  }
  if (config.witnesses.size() > kWitnessesMax) {
    return absl::InvalidArgumentError(StrCat("at most ", kWitnessesMax, " witnesses"));
  }
  return config;
}

// What serving needs, in the order it is built; destroyed in reverse.
struct Node {
  ledger::KeyPair node_key;
  const ledger::KeyGuard node_key_guard{&node_key};
  std::unique_ptr<ledger::RocksDbStore> store;
  std::unique_ptr<ledger::Ledger> ledger;  // a single node's; a member's is in cluster_state
  std::unique_ptr<ClusterState> cluster_state;
  ledger::Genesis genesis;
  ledger::CommunityId community_id{};
  std::unique_ptr<ledger::StoreMerkleNodes> merkle_nodes;
  std::unique_ptr<MerkleNodeCache> merkle_cache;
  std::unique_ptr<CheckpointLog> log;
  std::unique_ptr<VerifyPool> verify_pool;
  std::unique_ptr<WritePipeline> pipeline;
  std::unique_ptr<ReadAuthenticator> authenticator;
  std::unique_ptr<SubmitLimiter> limiter;
  std::unique_ptr<LedgerService> service;
  std::unique_ptr<LogService> log_service;
  std::unique_ptr<ImpactFollower> impact;  // stops (and saves) before the pipeline goes
  std::unique_ptr<ImpactService> impact_service;
  // A member stops (Raft first) before what its apply listener uses goes.
  std::unique_ptr<ClusterMember> member;
  std::unique_ptr<ClusterService> cluster_service;
  std::unique_ptr<grpc::Server> server;
};

// The checkpoint log, with the journal's current checkpoint signed.
absl::Status OpenLog(const NodeConfig& config, Node* node) {
  CheckpointLogOptions log_options;
  log_options.witness_interval_ms = config.witness_interval_ms;
  for (const std::string& witness : config.witnesses) {
    absl::StatusOr<ledger::CosignerKey> key = ledger::DecodeCosignerKey(witness);
    if (!key.ok()) return key.status();
    log_options.witnesses.push_back(*key);
  }
  node->merkle_nodes = std::make_unique<ledger::StoreMerkleNodes>(*node->store);
  node->merkle_cache = std::make_unique<MerkleNodeCache>(node->merkle_nodes.get());
  node->log = std::make_unique<CheckpointLog>(ledger::LogOrigin(node->community_id),
                                              node->node_key, node->merkle_cache.get(),
                                              std::move(log_options), &SystemNowMs);
  // A member publishes from its apply listener (which it is first called with at once).
  if (node->ledger == nullptr) return absl::OkStatus();
  return node->log->Publish(node->ledger->head().index + 1, node->ledger->merkle_root());
}

absl::Status LoadKey(const RunOptions& options, Node* node) {
  bool created = false;
  absl::StatusOr<ledger::KeyPair> node_key = LoadOrCreateNodeKey(options.data_dir, &created);
  if (!node_key.ok()) return node_key.status();
  node->node_key = *node_key;
  sodium_memzero(&*node_key, sizeof(ledger::KeyPair));  // one copy is enough
  if (created) {
    std::fprintf(stderr, "noaber-node: created the node key %s (public key %s)\n",
                 NodeKeyPath(options.data_dir).c_str(),
                 ledger::ToHex(node->node_key.public_key).c_str());
  }
  return absl::OkStatus();
}

absl::Status OpenLedger(const RunOptions& options, Node* node) {
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
      ledger::RocksDbStore::Open(options.data_dir, /*create_if_missing=*/false);
  if (absl::IsNotFound(store.status())) {
    return absl::NotFoundError(
        StrCat("no store in ", options.data_dir, ": run `noaber-node init` first"));
  }
  if (!store.ok()) return store.status();
  node->store = *std::move(store);
  absl::StatusOr<std::unique_ptr<ledger::Ledger>> ledger = ledger::Ledger::Open(node->store.get());
  if (!ledger.ok()) return ledger.status();
  node->ledger = *std::move(ledger);
  node->genesis = node->ledger->genesis();
  node->community_id = node->ledger->community_id();
  // A data folder made before nodes had keys gets one now; statements need it.
  return LoadKey(options, node);
}

// A cluster member: opens (or, joining, creates) the store, starts Raft and waits until the
// community has arrived. False in `ready` when a shutdown signal came first.
absl::Status OpenMember(const RunOptions& options, const NodeConfig& config,
                        const ClusterConfig& cluster, const sigset_t& signals, Node* node,
                        bool* ready) {
  *ready = false;
  // The Raft log, synced by libraft, makes a write durable; the store need not sync too.
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
      ledger::RocksDbStore::Open(options.data_dir, /*create_if_missing=*/true);
  if (!store.ok()) return store.status();
  node->store = *std::move(store);
  node->store->SetSyncCommits(false);
  node->cluster_state = std::make_unique<ClusterState>(node->store.get(), options.data_dir);
  if (absl::Status s = node->cluster_state->Open(); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<ClusterMember>> member =
      ClusterMember::Start(cluster, config.cluster, node->cluster_state.get());
  if (!member.ok()) return member.status();
  node->member = *std::move(member);
  std::fprintf(stderr, "noaber-node: cluster member %llu, Raft on %s\n",
               static_cast<unsigned long long>(cluster.node_id), cluster.raft_address.c_str());
  if (node->cluster_state->ledger() == nullptr) {
    std::fprintf(stderr, "noaber-node: waiting for the cluster's journal (the leader sends it "
                         "once this member is added: `noaber-node cluster join`)\n");
  }
  while (!node->cluster_state->WaitForLedger(std::chrono::milliseconds(200))) {
    const timespec no_wait{0, 0};
    if (sigtimedwait(&signals, nullptr, &no_wait) > 0) return absl::OkStatus();
  }
  node->genesis = node->cluster_state->ledger()->genesis();
  node->community_id = node->cluster_state->ledger()->community_id();
  absl::StatusOr<ledger::KeyPair> node_key = LoadNodeKey(options.data_dir);
  if (!node_key.ok()) return node_key.status();
  node->node_key = *node_key;
  sodium_memzero(&*node_key, sizeof(ledger::KeyPair));
  *ready = true;
  return absl::OkStatus();
}

// The log, the write pipeline, the impact follower and the services, over an open store.
absl::Status BuildServing(const RunOptions& options, const NodeConfig& config, Node* node) {
  if (absl::Status s = OpenLog(config, node); !s.ok()) return s;
  WritePipelineOptions pipeline_options;
  pipeline_options.queue_operations_max = config.queue_operations_max;
  // The batch's new Merkle nodes go into the cache first, so its receipts' proofs find them
  // without reading the store.
  pipeline_options.after_commit = [log = node->log.get(), cache = node->merkle_cache.get(),
                                   ledger = node->ledger.get()](uint64_t size,
                                                                const ledger::Hash& root) {
    cache->Remember(ledger->last_merkle_nodes());
    return log->Publish(size, root);
  };
  pipeline_options.replicator = node->member.get();
  ledger::Ledger* ledger = node->ledger != nullptr
                               ? node->ledger.get()
                               : const_cast<ledger::Ledger*>(node->cluster_state->ledger());
  node->pipeline = std::make_unique<WritePipeline>(ledger, pipeline_options);
  node->verify_pool = std::make_unique<VerifyPool>();
  node->authenticator = std::make_unique<ReadAuthenticator>(node->store.get(),
                                                            node->community_id, &SystemNowMs);
  node->service = std::make_unique<LedgerService>(
      node->store.get(), node->genesis, node->community_id, node->pipeline.get(),
      node->authenticator.get(), config.history_page_max, node->node_key, node->log.get(),
      node->verify_pool.get());
  node->limiter = std::make_unique<SubmitLimiter>(config.rate_limits, node->community_id,
                                                  node->store.get(), &SystemNowMs);
  node->service->set_submit_limiter(node->limiter.get());
  node->log_service = std::make_unique<LogService>(node->store.get(), node->log.get(),
                                                   node->authenticator.get());
  node->impact = std::make_unique<ImpactFollower>(node->store.get(), node->genesis,
                                                  node->community_id, node->pipeline.get(),
                                                  ImpactStatePath(options.data_dir));
  node->impact_service =
      std::make_unique<ImpactService>(node->genesis, node->impact.get(),
                                      node->authenticator.get(), config.impact_k_min, &SystemNowMs);
  if (node->member == nullptr) return absl::OkStatus();
  node->cluster_service = std::make_unique<ClusterService>(node->member.get());
  ClusterMember* member = node->member.get();
  SetClusterHooks({[member] { return member->NotLeader(); },
                   [member] { return member->NotLeaderMessage(); },
                   [member] { return member->AwaitCurrent(); }});
  // Every applied batch: its Merkle nodes into the cache, the checkpoint signed, readers
  // and watchers woken.
  return node->cluster_state->SetListener(
      [log = node->log.get(), cache = node->merkle_cache.get(), pipeline = node->pipeline.get()](
          const ledger::Ledger& ledger, bool restored) {
        if (!restored) cache->Remember(ledger.last_merkle_nodes());
        if (absl::Status s = log->Publish(ledger.head().index + 1, ledger.merkle_root()); !s.ok()) {
          return s;
        }
        pipeline->Committed(ledger.head());
        return absl::OkStatus();
      });
}

// Starts the server; returns the address it listens on, with the real port.
absl::StatusOr<std::string> StartServer(const ListenAddress& address, const NodeConfig& config,
                                        const ServerSecurity& security, Node* node) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  const std::string requested = FormatListenAddress(address.host, address.port);
  builder.AddListeningPort(requested, security.credentials, &port);
  builder.SetMaxReceiveMessageSize(static_cast<int>(config.request_bytes_max));
  grpc::ResourceQuota quota("noaber-node");
  quota.SetMaxThreads(kServerThreadsMax);
  builder.SetResourceQuota(quota);
  // Handlers block until their batch is durable, so many calls wait at once. Keep the
  // threads that served them polling instead of ending and creating threads per burst.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              kServerPollersMax);
  builder.RegisterService(node->service.get());
  builder.RegisterService(node->log_service.get());
  builder.RegisterService(node->impact_service.get());
  if (node->cluster_service != nullptr) builder.RegisterService(node->cluster_service.get());
  node->server = builder.BuildAndStart();
  if (node->server == nullptr || port == 0) {
    return absl::UnavailableError(
        StrCat("cannot listen on ", requested, " (is the port in use, or the host not local?",
               security.tls ? " Does the TLS key belong to the certificate?)" : ")"));
  }
  return FormatListenAddress(address.host, port);
}

}  // namespace

absl::Status RunCommand(const RunOptions& options) {
  // Block the shutdown signals before any thread starts, so every thread inherits the mask
  // and only the sigwait below receives them.
  const sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  absl::StatusOr<NodeConfig> config = LoadConfig(options);
  if (!config.ok()) return config.status();
  absl::StatusOr<std::optional<ClusterConfig>> cluster = LoadClusterConfig(options.data_dir);
  if (!cluster.ok()) return cluster.status();
  // A member serves clients where the cluster tells them to find it.
  if (cluster->has_value() && !options.listen) config->listen_address = (*cluster)->grpc_address;
  absl::StatusOr<ListenAddress> address = ParseListenAddress(config->listen_address);
  if (!address.ok()) return address.status();
  absl::StatusOr<ServerSecurity> security = ServerSecurityFor(*config);
  if (!security.ok()) return security.status();
  if (absl::Status s = CheckListenAllowed(*address, options.allow_remote, security->tls); !s.ok()) {
    return s;
  }
  if (absl::Status s = ledger::InitCrypto(); !s.ok()) return s;

  Node node;
  if (!cluster->has_value()) {
    if (absl::Status s = OpenLedger(options, &node); !s.ok()) return s;
  } else {
    bool ready = false;
    if (absl::Status s = OpenMember(options, *config, **cluster, signals, &node, &ready); !s.ok()) {
      return s;
    }
    if (!ready) return absl::OkStatus();  // stopped while waiting for the journal
  }
  if (absl::Status s = BuildServing(options, *config, &node); !s.ok()) return s;
  node.pipeline->Start();
  node.impact->Start();
  absl::StatusOr<std::string> listening = StartServer(*address, *config, *security, &node);
  if (!listening.ok()) return listening.status();
  std::fprintf(stderr, "noaber-node: serving %s\n", security->description.c_str());
  std::printf("noaber-node listening on %s\n", listening->c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "noaber-node: %s received; finishing calls in flight\n",
               received == SIGINT ? "SIGINT" : "SIGTERM");
  // Watches end first: they would otherwise keep the server waiting for them.
  node.pipeline->EndWatches();
  node.server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  node.server->Wait();
  node.pipeline->Stop();
  if (node.member != nullptr) {
    node.member->Stop();
    SetClusterHooks({});
  }
  if (absl::Status failure = node.pipeline->failure(); !failure.ok()) {
    return absl::DataLossError(
        StrCat("stopped after a storage error: ", ledger::ToView(failure.message())));
  }
  std::fprintf(stderr, "noaber-node: stopped cleanly at journal entry %llu\n",
               static_cast<unsigned long long>(node.pipeline->committed_head().index));
  return absl::OkStatus();
}

}  // namespace noaber::node
