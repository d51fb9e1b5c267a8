// Test-only: a RocksDB file system that fails on command, in the manner of leveldb's
// SpecialEnv. Told to, it fails every write to a file (an I/O error, data not written), every
// sync (the data may have reached the operating system, as after a real failed fsync), or
// every write with "no space left on device". Open a store on it with
// RocksDbStore::Open(path, create_if_missing, fault.env.get()). Thread-safe.
#ifndef NOABER_LEDGER_ROCKSDB_FAULT_ENV_H_
#define NOABER_LEDGER_ROCKSDB_FAULT_ENV_H_

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace noaber::ledger::testing {

enum class Fault {
  kNone,
  kFailWrites,  // Append and PositionedAppend: an I/O error, nothing written
  kFailSyncs,   // Sync, Fsync and RangeSync: an I/O error after the data was handed over
  kNoSpace,     // Append and PositionedAppend: "no space left on device", nothing written
};

// "failed writes", "failed syncs", "a full disk"; "none".
const char* FaultName(Fault fault);

class FaultFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultFileSystem(const std::shared_ptr<rocksdb::FileSystem>& target)
      : rocksdb::FileSystemWrapper(target) {}
  const char* Name() const override { return "NoaberFaultFileSystem"; }

  // From now on, every file written (open already or opened later) fails as `fault` says.
  void Inject(Fault fault) { fault_ = fault; }
  Fault injected() const { return fault_; }
  // How many calls have failed on purpose so far.
  uint64_t failures() const { return failures_; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* file,
                                       rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                      rocksdb::IODebugContext* debug) override;

  // The error a write fails with now, or OK; counts a failure.
  rocksdb::IOStatus WriteFault();
  // The error a sync fails with now, or OK; counts a failure.
  rocksdb::IOStatus SyncFault();

 private:
  // Wraps a freshly opened `file` so that it consults this file system's fault.
  rocksdb::IOStatus Wrap(rocksdb::IOStatus opened, std::unique_ptr<rocksdb::FSWritableFile>* file);

  std::atomic<Fault> fault_{Fault::kNone};
  std::atomic<uint64_t> failures_{0};
};

// A FaultFileSystem over the default one, and an Env that uses it for files.
struct FaultInjection {
  std::shared_ptr<FaultFileSystem> file_system;
  std::unique_ptr<rocksdb::Env> env;  // pass env.get() to RocksDbStore::Open
};
FaultInjection MakeFaultInjection();

}  // namespace noaber::ledger::testing

#endif  // NOABER_LEDGER_ROCKSDB_FAULT_ENV_H_
