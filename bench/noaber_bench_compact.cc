#include "bench/noaber_bench_compact.h"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/utilities/options_util.h>

#include <memory>
#include <vector>

#include "noaber/ledger/strings.h"

namespace noaber::bench {

namespace {

absl::Status FromRocksDb(const char* step, const rocksdb::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const std::string message =
      ledger::StrCat("compacting the data folder: ", step, ": ", status.ToString());
  return status.IsBusy() || status.IsIOError() ? absl::UnavailableError(message)
                                               : absl::InternalError(message);
}

// Flushes and compacts every family of the open `db`.
absl::Status FlushAndCompact(rocksdb::DB* db,
                             const std::vector<rocksdb::ColumnFamilyHandle*>& families) {
  absl::Status flushed = FromRocksDb("flush", db->Flush(rocksdb::FlushOptions(), families));
  if (!flushed.ok()) return flushed;
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (rocksdb::ColumnFamilyHandle* family : families) {
    absl::Status done = FromRocksDb("compact", db->CompactRange(compact, family, nullptr, nullptr));
    if (!done.ok()) return done;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CompactStoppedStore(const std::string& data_dir) {
  rocksdb::ConfigOptions config;
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  absl::Status loaded =
      FromRocksDb("reading its OPTIONS",
                  rocksdb::LoadLatestOptions(config, data_dir, &db_options, &descriptors));
  if (!loaded.ok()) return loaded;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  rocksdb::DB* raw = nullptr;
  absl::Status opened =
      FromRocksDb("open", rocksdb::DB::Open(db_options, data_dir, descriptors, &families, &raw));
  if (!opened.ok()) return opened;
  std::unique_ptr<rocksdb::DB> db(raw);
  absl::Status compacted = FlushAndCompact(db.get(), families);
  for (rocksdb::ColumnFamilyHandle* family : families) db->DestroyColumnFamilyHandle(family);
  absl::Status closed = FromRocksDb("close", db->Close());
  return compacted.ok() ? closed : compacted;
}

}  // namespace noaber::bench
