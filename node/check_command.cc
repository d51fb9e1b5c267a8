// noaber-node check: the audit (store_audit.h) with a one-line answer. See docs/node.md.
#include <cstdio>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "node/commands.h"
#include "node/store_audit.h"

namespace noaber::node {

absl::Status CheckCommand(const CheckOptions& options) {
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store = OpenStoreToAudit(options.data_dir);
  if (!store.ok()) return store.status();
  absl::StatusOr<AuditSummary> summary = AuditStore(**store);
  if (!summary.ok()) {
    return absl::Status(
        summary.status().code(),
        ledger::StrCat("check failed: ", ledger::ToView(summary.status().message())));
  }
  std::printf("journal ok: %llu entries, head %s\n",
              static_cast<unsigned long long>(summary->entries),
              ledger::ToHex(summary->head).c_str());
  return absl::OkStatus();
}

}  // namespace noaber::node
