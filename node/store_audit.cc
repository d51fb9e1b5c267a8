#include "node/store_audit.h"

#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/memory_store.h"
#include "noaber/ledger/strings.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

inline constexpr int kProgressBarWidth = 40;

// A progress bar on stderr, drawn only when stderr is a terminal.
void ShowProgress(uint64_t done, uint64_t total) {
  const int filled =
      total == 0 ? kProgressBarWidth : static_cast<int>(done * kProgressBarWidth / total);
  std::fprintf(stderr, "\rreplaying journal [%s%s] %llu/%llu", std::string(filled, '#').c_str(),
               std::string(kProgressBarWidth - filled, ' ').c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  if (done >= total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

absl::Status Prefixed(std::string_view what, const absl::Status& status) {
  return absl::Status(status.code(), StrCat(what, ": ", ledger::ToView(status.message())));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> OpenStoreToAudit(
    const std::string& data_dir) {
  if (absl::Status s = ledger::InitCrypto(); !s.ok()) return s;
  return ledger::RocksDbStore::OpenReadOnly(data_dir);
}

absl::StatusOr<AuditSummary> AuditStore(const ledger::Store& store) {
  ledger::MemoryStore replayed;
  std::function<void(uint64_t, uint64_t)> progress;
  if (isatty(STDERR_FILENO)) progress = &ShowProgress;
  if (absl::Status s = ledger::ReplayJournal(store, &replayed, progress); !s.ok()) return s;
  if (absl::Status s = ledger::CompareState(replayed, store); !s.ok()) {
    return Prefixed("the stored state differs from the journal", s);
  }
  if (absl::Status s = ledger::CheckInvariants(store); !s.ok()) {
    return Prefixed("an invariant does not hold", s);
  }
  // The replay has checked that the recorded head is the last entry and that the stored
  // tree is the one recomputed from the entries, which `replayed` holds.
  absl::StatusOr<std::optional<ledger::JournalHead>> head = store.GetHead();
  if (!head.ok()) return head.status();
  AuditSummary summary;
  summary.entries = (*head)->index + 1;
  summary.head = (*head)->hash;
  absl::StatusOr<ledger::Hash> root =
      ledger::RootHash(ledger::StoreMerkleNodes(replayed), summary.entries);
  if (!root.ok()) return root.status();
  summary.merkle_root = *root;
  absl::Status counted = store.ForEachAccount([&](const ledger::Account&) {
    ++summary.accounts;
    return true;
  });
  if (!counted.ok()) return counted;
  return summary;
}

}  // namespace noaber::node
