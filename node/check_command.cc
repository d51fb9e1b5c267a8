// noaber-node check: rebuilds the state from the journal and compares it with the store.
#include <unistd.h>

#include <cstdio>

#include "ledger/rocksdb/rocksdb_store.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/memory_store.h"
#include "noaber/ledger/strings.h"
#include "node/commands.h"

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

absl::Status Failed(std::string_view what, const absl::Status& status) {
  return absl::Status(status.code(), StrCat(what, ": ", ledger::ToView(status.message())));
}

}  // namespace

absl::Status CheckCommand(const CheckOptions& options) {
  if (absl::Status s = ledger::InitCrypto(); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
      ledger::RocksDbStore::Open(options.data_dir, /*create_if_missing=*/false);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::unique_ptr<ledger::Ledger>> opened = ledger::Ledger::Open(store->get());
  if (!opened.ok()) return Failed("check failed", opened.status());

  ledger::MemoryStore replayed;
  std::function<void(uint64_t, uint64_t)> progress;
  if (isatty(STDERR_FILENO)) progress = &ShowProgress;
  if (absl::Status s = ledger::ReplayJournal(**store, &replayed, progress); !s.ok()) {
    return Failed("check failed", s);
  }
  if (absl::Status s = ledger::CompareState(replayed, **store); !s.ok()) {
    return Failed("check failed: the stored state differs from the journal", s);
  }
  if (absl::Status s = ledger::CheckInvariants(**store); !s.ok()) {
    return Failed("check failed: an invariant does not hold", s);
  }
  const ledger::JournalHead head = (*opened)->head();
  std::printf("journal ok: %llu entries, head %s\n",
              static_cast<unsigned long long>(head.index + 1), ledger::ToHex(head.hash).c_str());
  return absl::OkStatus();
}

}  // namespace noaber::node
