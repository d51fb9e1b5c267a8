#include "bench/noaber_bench_workload.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

using ledger::StrCat;

constexpr int64_t kTransferMinutes = 1;
constexpr char kAsset[] = "HOUR";
constexpr char kSkill[] = "tuin";  // in the default skills catalogue
// Operations stay valid this long: within the ledger's bound of 7 days ahead, and long
// enough for any run.
constexpr int64_t kValidForMs = 6LL * 24 * 3600 * 1000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// SplitMix64: a well-mixed 64-bit value per index, so threads need no shared generator.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string HandleOf(size_t index) {
  char text[16];
  std::snprintf(text, sizeof(text), "res%06zu", index + 1);
  return text;
}

// Signs `operation` by `key`; empty if libsodium refuses (it does not for a fresh envelope).
std::string SignBy(const ledger::Operation& operation, const ledger::KeyPair& key) {
  ledger::SignedOperation signed_operation{ledger::EncodeOperation(operation), {}};
  if (!ledger::AddSignature(key.secret_key, &signed_operation).ok()) return {};
  return ledger::EncodeSignedOperation(signed_operation);
}

ledger::Operation NewOperation(const WorkloadSpec& spec, int64_t valid_until_ms,
                               ledger::Action action) {
  ledger::Operation operation;
  operation.community = spec.community;
  operation.id = ledger::NewOperationId();
  operation.valid_until_ms = valid_until_ms;
  operation.actions.push_back(std::move(action));
  return operation;
}

// Signs `count` operations made by `make(i)` on the spec's threads into `out`.
absl::Status SignAll(const WorkloadSpec& spec, const char* label, size_t count,
                     const std::function<std::string(size_t)>& make,
                     std::vector<std::string>* out) {
  out->assign(count, {});
  std::atomic<size_t> failed{0};
  ProgressBar bar(spec.progress, label, count);
  ParallelFor(count, spec.threads, [&](size_t i) {
    (*out)[i] = make(i);
    if ((*out)[i].empty()) failed.fetch_add(1);
    bar.Advance(1);
  });
  if (failed.load() > 0) return absl::InternalError(StrCat(label, ": a signature failed"));
  return absl::OkStatus();
}

}  // namespace

void ParallelFor(size_t count, int threads, const std::function<void(size_t)>& body) {
  const size_t workers = std::clamp<size_t>(threads, 1, std::max<size_t>(count, 1));
  std::vector<std::thread> pool;
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (size_t i = count * w / workers; i < count * (w + 1) / workers; ++i) body(i);
    });
  }
  for (std::thread& t : pool) t.join();
}

absl::StatusOr<Workload> BuildWorkload(const WorkloadSpec& spec) {
  Workload workload;
  for (int i = 0; i < spec.accounts; ++i) {
    workload.residents.push_back({HandleOf(i), ledger::NewKeyPair()});
  }
  const int64_t valid_until_ms = NowMs() + kValidForMs;
  const std::vector<Resident>& residents = workload.residents;
  absl::Status opened = SignAll(
      spec, "signing openings", residents.size(),
      [&](size_t i) {
        ledger::OpenAccount open{
            residents[i].handle, ledger::AccountKind::kResident, {residents[i].key.public_key}, 1};
        return SignBy(NewOperation(spec, valid_until_ms, open), spec.admin);
      },
      &workload.openings);
  if (!opened.ok()) return opened;
  const uint64_t n = residents.size();
  absl::Status signed_transfers = SignAll(
      spec, "signing transfers", spec.transfers,
      [&](size_t i) {
        const uint64_t random = Mix(spec.seed * 0x100000001b3ULL + i);
        const uint64_t payer = random % n;
        const uint64_t payee = (payer + 1 + (random >> 32) % (n - 1)) % n;
        ledger::Transfer transfer{residents[payer].handle,
                                  residents[payee].handle,
                                  kAsset,
                                  ledger::Amount{kTransferMinutes},
                                  kSkill,
                                  ""};
        return SignBy(NewOperation(spec, valid_until_ms, transfer), residents[payer].key);
      },
      &workload.transfers);
  if (!signed_transfers.ok()) return signed_transfers;
  return workload;
}

std::span<const std::string> TransferSlicer::Take(size_t count) {
  const size_t taken = std::min(count, transfers_.size() - next_);
  std::span<const std::string> slice = transfers_.subspan(next_, taken);
  next_ += taken;
  return slice;
}

}  // namespace noaber::bench
