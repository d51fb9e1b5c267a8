// noaber-journal-fill: writes a large journal into a data folder that `noaber-node run` can
// serve, to measure how long a node with millions of entries takes to serve again
// (bench/restart_time.sh, docs/performance.md). Real signed transfers, applied in synced
// batches through the ledger core; signing runs on every core. Not a test.
//   noaber-journal-fill --data-dir DIR --entries N [--accounts A]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/crypto.h"

namespace {

using namespace noaber::ledger;

constexpr size_t kChunkOperations = 50'000;
constexpr size_t kBatchOperations = 1'000;

struct Options {
  std::string data_dir;
  uint64_t entries = 0;
  int accounts = 1'000;
};

// Signs transfers number [first, first + count): account i pays account i + 1, one minute,
// so every balance stays within a few minutes of zero.
std::vector<VerifiedOperation> SignChunk(testing::TestCommunity& c,
                                         const std::vector<KeyPair>& keys, uint64_t first,
                                         size_t count) {
  std::vector<VerifiedOperation> out(count);
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = t; i < count; i += threads) {
        const uint64_t n = first + i;
        const size_t from = n % keys.size(), to = (n + 1) % keys.size();
        Operation op = c.Op({Transfer{"user" + std::to_string(from), "user" + std::to_string(to),
                                      "HOUR", Amount{1}, "", ""}});
        SignedOperation s{EncodeOperation(op), {}};
        if (!AddSignature(keys[from].secret_key, &s).ok()) std::abort();
        out[i].body_hash = Sha256(s.body);
        out[i].signed_bytes = EncodeSignedOperation(s);
        out[i].signers = {keys[from].public_key};
        out[i].operation = std::move(op);
      }
    });
  }
  for (std::thread& w : workers) w.join();
  return out;
}

int Fill(const Options& options) {
  auto store = RocksDbStore::Open(options.data_dir, /*create_if_missing=*/true);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  testing::TestCommunity c(store->get());
  std::vector<KeyPair> keys;
  for (int i = 0; i < options.accounts; ++i) {
    const std::string handle = "user" + std::to_string(i);
    c.Open(handle);
    keys.push_back(testing::KeyFor(handle));
  }
  const auto started = std::chrono::steady_clock::now();
  for (uint64_t done = 0; done < options.entries;) {
    const size_t count = std::min<uint64_t>(kChunkOperations, options.entries - done);
    std::vector<VerifiedOperation> chunk = SignChunk(c, keys, done, count);
    for (size_t at = 0; at < chunk.size(); at += kBatchOperations) {
      std::vector<VerifiedOperation> batch(
          std::make_move_iterator(chunk.begin() + at),
          std::make_move_iterator(chunk.begin() + std::min(chunk.size(), at + kBatchOperations)));
      auto outcomes = c.ledger().ApplyBatch(c.now_ms, std::move(batch));
      if (!outcomes.ok()) std::abort();
    }
    done += count;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "\rjournal-fill: %llu / %llu transfers (%.0f/s)",
                 static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(options.entries), done / seconds);
  }
  std::fprintf(stderr, "\n");
  std::printf("journal-fill: %llu entries in %s\n",
              static_cast<unsigned long long>(c.ledger().head().index + 1),
              options.data_dir.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--data-dir") options.data_dir = argv[i + 1];
    else if (flag == "--entries") options.entries = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--accounts") options.accounts = std::atoi(argv[i + 1]);
  }
  if (options.data_dir.empty() || options.entries == 0 || options.accounts < 2) {
    std::fprintf(stderr,
                 "usage: noaber-journal-fill --data-dir DIR --entries N [--accounts A]\n");
    return 2;
  }
  if (!InitCrypto().ok()) return 1;
  return Fill(options);
}
