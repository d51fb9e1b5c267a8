// noaber-crash: the load on the node during one cycle. Several clients run at once, each on
// its own thread with one call in flight: unary Submit callers, a SubmitBatch caller, a
// SubmitStream caller, and a caller of pending transfers that posts (all or part) or voids
// each one it created. About one operation in seven breaks a rule on purpose (an unknown
// payee, the wrong signer, far beyond the payer's limit, a damaged signature). Every
// operation and what its client heard back go into the Registry. A client stops at its first
// call that ends without the node's answer (the node is gone). Not thread-safe: one thread
// starts and finishes a LoadClients.
#ifndef NOABER_TESTS_CRASH_CRASH_LOAD_H_
#define NOABER_TESTS_CRASH_CRASH_LOAD_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "noaber/v1/ledger.grpc.pb.h"
#include "tests/crash/crash_community.h"
#include "tests/crash/crash_registry.h"

namespace noaber::crash {

struct LoadSpec {
  const Community* community = nullptr;
  Registry* registry = nullptr;
  std::string address;  // "127.0.0.1:PORT"
  int cycle = 0;
  uint64_t seed = 0;  // with the cycle, seeds each client's choices
  int unary_clients = 3;
};

// Makes the operations one client sends: mostly valid transfers, some that must be rejected.
class OperationMaker {
 public:
  OperationMaker(const Community* community, uint64_t seed, std::string client, int cycle)
      : community_(community), random_(seed), client_(std::move(client)), cycle_(cycle) {}
  SentOperation Next();
  // A valid transfer between two random residents.
  SentOperation Transfer();
  std::mt19937_64& random() { return random_; }
  const std::string& client() const { return client_; }

 private:
  SentOperation MustReject();
  int Pick(int count) { return static_cast<int>(random_() % count); }

  const Community* community_;
  std::mt19937_64 random_;
  std::string client_;
  int cycle_;
};

class LoadClients {
 public:
  // Starts every client's thread.
  explicit LoadClients(LoadSpec spec);
  ~LoadClients();  // Finish()
  LoadClients(const LoadClients&) = delete;
  LoadClients& operator=(const LoadClients&) = delete;

  // Tells the clients to stop once their call in flight ends (they end at once when the node
  // is dead) and joins them.
  void Finish();

 private:
  uint64_t ClientSeed(int client) const;
  void RunUnary(int client);
  void RunBatch();
  void RunStream();
  void RunPending();

  const LoadSpec spec_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Ledger::Stub> stub_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

}  // namespace noaber::crash

#endif  // NOABER_TESTS_CRASH_CRASH_LOAD_H_
