// noaber-ledger-bench: how fast the ledger core verifies and applies signed transfers on a
// real RocksDB (synced group commits), without gRPC. Prints figures; it is not a test.
//   noaber-ledger-bench [--transfers N] [--batch B] [--runs R]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "ledger/rocksdb/rocksdb_store.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"

namespace {

using namespace noaber::ledger;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

struct Run {
  double verify_per_second;
  double apply_per_second;
  double bytes_per_transfer;
};

Run OneRun(int transfers, int batch_size) {
  constexpr int kAccounts = 100;
  testing::TempDir dir;
  auto store = RocksDbStore::Open(dir.Sub("db"), true);
  if (!store.ok()) std::abort();
  testing::TestCommunity c(store->get());
  for (int i = 0; i < kAccounts; ++i) c.Open("user" + std::to_string(i));
  std::vector<std::string> signed_ops;
  for (int i = 0; i < transfers; ++i) {
    std::string from = "user" + std::to_string(i % kAccounts);
    std::string to = "user" + std::to_string((i * 7 + 1) % kAccounts);
    if (from == to) to = "user" + std::to_string((i + 1) % kAccounts);
    signed_ops.push_back(testing::TestCommunity::SignBy(
        c.Op({Transfer{from, to, "HOUR", Amount{1}, "", ""}}), {from}));
  }
  auto started = Clock::now();
  std::vector<VerifiedOperation> verified(signed_ops.size());
  for (size_t i = 0; i < signed_ops.size(); ++i) {
    if (!VerifyOperation(c.id(), signed_ops[i], &verified[i]).ok()) std::abort();
  }
  const double verify_seconds = Seconds(started);
  started = Clock::now();
  for (size_t at = 0; at < verified.size(); at += batch_size) {
    std::vector<VerifiedOperation> batch(
        std::make_move_iterator(verified.begin() + at),
        std::make_move_iterator(verified.begin() + std::min(verified.size(), at + batch_size)));
    auto outcomes = c.ledger().ApplyBatch(c.now_ms, std::move(batch));
    if (!outcomes.ok()) std::abort();
  }
  const double apply_seconds = Seconds(started);
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return {transfers / verify_seconds, transfers / apply_seconds,
          static_cast<double>(bytes) / transfers};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int transfers = 20'000, batch = 1'000, runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    int value = std::atoi(argv[i + 1]);
    if (flag == "--transfers") transfers = value;
    else if (flag == "--batch") batch = value;
    else if (flag == "--runs") runs = value;
  }
  if (transfers <= 0 || batch <= 0 || runs <= 0) {
    std::fprintf(stderr, "usage: noaber-ledger-bench [--transfers N] [--batch B] [--runs R]\n");
    return 2;
  }
  std::vector<double> verify, apply, bytes;
  for (int r = 0; r < runs; ++r) {
    Run run = OneRun(transfers, batch);
    verify.push_back(run.verify_per_second);
    apply.push_back(run.apply_per_second);
    bytes.push_back(run.bytes_per_transfer);
  }
  std::printf("transfers %d, batch %d, runs %d (medians; a shared machine is noisy)\n", transfers,
              batch, runs);
  std::printf("verify (1 thread):            %.0f transfers/s\n", Median(verify));
  std::printf("apply + synced commit:        %.0f transfers/s\n", Median(apply));
  std::printf("disk after the run:           %.0f bytes/transfer (before compaction)\n",
              Median(bytes));
  return 0;
}
