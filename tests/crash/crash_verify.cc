#include "tests/crash/crash_verify.h"

#include <map>

#include "ledger/rocksdb/rocksdb_store.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/strings.h"
#include "tests/harness.h"

namespace noaber::crash {

namespace {

using ledger::StrCat;

constexpr uint32_t kEntriesPage = 1000;  // the node's most per GetEntries call
constexpr int kResubmitChunk = 100;
constexpr std::chrono::seconds kCallDeadline{30};
// The replay takes about 0.1-0.5 ms per entry here: an hour covers millions of entries.
constexpr std::chrono::seconds kCheckTimeout{3600};

std::string Key(const ledger::OperationId& id) {
  return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

std::string Describe(const SentOperation& operation) {
  return StrCat("operation ", ledger::OperationIdToHex(operation.id), " (", operation.label,
                ", sent in cycle ", operation.cycle, ")");
}

// Reads entries [start, start + kEntriesPage) as administrator.
grpc::Status ReadPage(v1::Log::Stub* log, const Community& community, uint64_t start,
                      v1::LogEntries* page) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  AuthorizeAsAdmin(community, "/noaber.v1.Log/GetEntries", &context);
  v1::GetEntriesRequest request;
  request.set_start(start);
  request.set_count(kEntriesPage);
  return log->GetEntries(&context, request, page);
}

}  // namespace

Problems JournalIndex::Update(v1::Log::Stub* log, const Community& community) {
  Problems problems;
  uint64_t next = size_ == 0 ? 0 : size_ - 1;  // re-read the last entry read before
  for (uint64_t tree_size = next + 1; next < tree_size;) {
    v1::LogEntries page;
    grpc::Status status = ReadPage(log, community, next, &page);
    if (!status.ok()) {
      problems.push_back(StrCat("GetEntries from ", next, " failed: ", status.error_message()));
      return problems;
    }
    tree_size = page.tree_size();
    if (tree_size < size_) {
      problems.push_back(StrCat("the journal shrank from ", size_, " to ", tree_size, " entries"));
      return problems;
    }
    for (const v1::LogEntry& entry : page.entries()) {
      if (entry.index() != next) {
        problems.push_back(StrCat("GetEntries answered entry ", entry.index(), " for ", next));
        return problems;
      }
      ++next;
      if (entry.index() + 1 == size_) {
        if (entry.leaf_hash() != last_leaf_hash_) {
          problems.push_back(StrCat("entry ", entry.index(), " changed since it was read"));
        }
        continue;
      }
      last_leaf_hash_ = entry.leaf_hash();
      size_ = entry.index() + 1;
      if (entry.index() == 0) continue;  // the genesis
      absl::StatusOr<ledger::JournalEntry> decoded = ledger::DecodeJournalEntry(entry.entry());
      ledger::OperationId id{};
      if (!decoded.ok() || !OperationIdOf(decoded->signed_bytes, &id)) {
        problems.push_back(StrCat("entry ", entry.index(), " does not decode"));
        continue;
      }
      auto [at, added] = indexes_.emplace(Key(id), entry.index());
      if (!added) {
        problems.push_back(StrCat("operation ", ledger::OperationIdToHex(id), " is in the journal ",
                                  "twice: entries ", at->second, " and ", entry.index()));
      }
    }
    if (page.entries_size() == 0) break;  // nothing more to read although tree_size said so
  }
  return problems;
}

std::optional<uint64_t> JournalIndex::Find(const ledger::OperationId& id) const {
  auto found = indexes_.find(Key(id));
  if (found == indexes_.end()) return std::nullopt;
  return found->second;
}

Problems CheckStoppedFolder(const std::string& node_binary, const std::string& data_dir) {
  Problems problems;
  testing::ProcessOptions options;
  options.timeout = kCheckTimeout;
  testing::ProcessResult check =
      testing::RunProcess(node_binary, {"check", "--data-dir", data_dir}, options);
  if (check.timed_out) {
    problems.push_back(
        StrCat("noaber-node check did not finish within ", kCheckTimeout.count(), " s"));
  } else if (check.exit_code != 0 || check.stdout_text.find("journal ok") == std::string::npos) {
    problems.push_back(StrCat("noaber-node check failed (exit ", check.exit_code,
                              "): ", check.stdout_text, check.stderr_text));
  }
  absl::StatusOr<std::unique_ptr<ledger::RocksDbStore>> store =
      ledger::RocksDbStore::OpenReadOnly(data_dir);
  if (!store.ok()) {
    problems.push_back(StrCat("cannot open the folder read-only: ", store.status().ToString()));
    return problems;
  }
  std::map<std::string, int64_t> sums;
  absl::Status read =
      (*store)->ForEachBalance([&](const ledger::BalanceKey& key, const ledger::Balance& balance) {
        sums[key.second] += balance.balance.minor_units;
        return true;
      });
  if (!read.ok()) problems.push_back(StrCat("cannot read the balances: ", read.ToString()));
  for (const auto& [asset, sum] : sums) {
    if (sum != 0) problems.push_back(StrCat("the balances of ", asset, " sum to ", sum, ", not 0"));
  }
  return problems;
}

Problems CheckOperations(const Registry& registry, const JournalIndex& journal,
                         FateCounts* counts) {
  Problems problems;
  *counts = {};
  registry.ForEach([&](const SentOperation& operation) {
    const std::optional<uint64_t> at = journal.Find(operation.id);
    if (operation.must_reject) ++counts->must_reject;
    if (operation.must_reject && (at || operation.fate == Fate::kAcknowledged)) {
      problems.push_back(StrCat(Describe(operation), " breaks a rule but was accepted"));
    }
    switch (operation.fate) {
      case Fate::kAcknowledged:
        ++counts->acknowledged;
        if (!at) {
          problems.push_back(StrCat(Describe(operation), " was acknowledged at index ",
                                    operation.index, " but is not in the journal"));
        } else if (*at != operation.index) {
          problems.push_back(StrCat(Describe(operation), " was acknowledged at index ",
                                    operation.index, " but the journal has it at ", *at));
        }
        break;
      case Fate::kRejected:
        ++counts->rejected;
        if (at) {
          problems.push_back(StrCat(Describe(operation), " was rejected (", operation.rejection,
                                    ") but the journal has it at ", *at));
        }
        break;
      case Fate::kUnknown:
        ++(at ? counts->unknown_present : counts->unknown_absent);
        break;
    }
  });
  return problems;
}

Problems CheckBalances(v1::Ledger::Stub* ledger, const Community& community,
                       const Registry& registry, const JournalIndex& journal) {
  std::map<std::string, int64_t> expected;
  registry.ForEach([&](const SentOperation& operation) {
    if (operation.effect.minutes == 0 || !journal.Find(operation.id)) return;
    expected[operation.effect.from] -= operation.effect.minutes;
    expected[operation.effect.to] += operation.effect.minutes;
  });
  Problems problems;
  for (const Resident& resident : community.residents) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    AuthorizeAsAdmin(community, "/noaber.v1.Ledger/GetBalances", &context);
    v1::GetBalancesRequest request;
    request.set_handle(resident.handle);
    v1::Balances balances;
    grpc::Status status = ledger->GetBalances(&context, request, &balances);
    if (!status.ok()) {
      problems.push_back(StrCat("GetBalances ", resident.handle, ": ", status.error_message()));
      continue;
    }
    int64_t actual = 0;
    for (const v1::Balance& balance : balances.balances()) {
      if (balance.asset() == kAsset) actual = balance.balance();
    }
    if (actual != expected[resident.handle]) {
      problems.push_back(StrCat("the node says ", resident.handle, " has ", actual,
                                " minutes; the operations in the journal make it ",
                                expected[resident.handle]));
    }
  }
  return problems;
}

Problems CheckResubmissions(v1::Ledger::Stub* ledger, const Registry& registry, int cycle,
                            size_t count_max, uint64_t* resubmitted) {
  std::vector<SentOperation> acknowledged;
  registry.ForEach([&](const SentOperation& operation) {
    if (operation.cycle == cycle && operation.fate == Fate::kAcknowledged) {
      acknowledged.push_back(operation);
    }
  });
  std::vector<SentOperation> chosen;  // evenly spread over the cycle, its last one included
  for (size_t i = 0; i < std::min(count_max, acknowledged.size()); ++i) {
    chosen.push_back(
        acknowledged[acknowledged.size() - 1 -
                     i * acknowledged.size() / std::min(count_max, acknowledged.size())]);
  }
  Problems problems;
  for (size_t first = 0; first < chosen.size(); first += kResubmitChunk) {
    const size_t end = std::min(chosen.size(), first + kResubmitChunk);
    v1::SubmitBatchRequest request;
    for (size_t i = first; i < end; ++i) request.add_signed_operations(chosen[i].signed_bytes);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    v1::SubmitBatchResponse response;
    grpc::Status status = ledger->SubmitBatch(&context, request, &response);
    if (!status.ok() || response.outcomes_size() != static_cast<int>(end - first)) {
      problems.push_back(
          StrCat("re-submitting acknowledged operations failed: ", status.error_message()));
      return problems;
    }
    for (size_t i = first; i < end; ++i) {
      const v1::OperationOutcome& outcome = response.outcomes(static_cast<int>(i - first));
      ++*resubmitted;
      if (outcome.result_code() != 1 || outcome.index() != chosen[i].index) {
        problems.push_back(StrCat(Describe(chosen[i]), ", acknowledged at index ", chosen[i].index,
                                  ", sent again was answered ", outcome.result_name(), " (",
                                  outcome.message(), ") at index ", outcome.index(),
                                  ", not already accepted at the same index"));
      }
    }
  }
  return problems;
}

}  // namespace noaber::crash
