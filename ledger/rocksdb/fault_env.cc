#include "ledger/rocksdb/fault_env.h"

namespace noaber::ledger::testing {

namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

// A writable file that asks its FaultFileSystem before each write and sync.
class FaultWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultWritableFile(std::unique_ptr<rocksdb::FSWritableFile> file, FaultFileSystem* file_system)
      : rocksdb::FSWritableFileOwnerWrapper(std::move(file)), file_system_(file_system) {}

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* debug) override {
    if (IOStatus s = file_system_->WriteFault(); !s.ok()) return s;
    return target()->Append(data, options, debug);
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& info, IODebugContext* debug) override {
    if (IOStatus s = file_system_->WriteFault(); !s.ok()) return s;
    return target()->Append(data, options, info, debug);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* debug) override {
    if (IOStatus s = file_system_->WriteFault(); !s.ok()) return s;
    return target()->PositionedAppend(data, offset, options, debug);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& info,
                            IODebugContext* debug) override {
    if (IOStatus s = file_system_->WriteFault(); !s.ok()) return s;
    return target()->PositionedAppend(data, offset, options, info, debug);
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* debug) override {
    if (IOStatus s = file_system_->SyncFault(); !s.ok()) return s;
    return target()->Sync(options, debug);
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* debug) override {
    if (IOStatus s = file_system_->SyncFault(); !s.ok()) return s;
    return target()->Fsync(options, debug);
  }
  IOStatus RangeSync(uint64_t offset, uint64_t bytes, const IOOptions& options,
                     IODebugContext* debug) override {
    if (IOStatus s = file_system_->SyncFault(); !s.ok()) return s;
    return target()->RangeSync(offset, bytes, options, debug);
  }

 private:
  FaultFileSystem* const file_system_;
};

}  // namespace

const char* FaultName(Fault fault) {
  switch (fault) {
    case Fault::kFailWrites:
      return "failed writes";
    case Fault::kFailSyncs:
      return "failed syncs";
    case Fault::kNoSpace:
      return "a full disk";
    case Fault::kNone:
      break;
  }
  return "none";
}

IOStatus FaultFileSystem::WriteFault() {
  switch (fault_.load()) {
    case Fault::kFailWrites:
      ++failures_;
      return IOStatus::IOError("injected write failure");
    case Fault::kNoSpace:
      ++failures_;
      return IOStatus::NoSpace("injected: no space left on device");
    default:
      return IOStatus::OK();
  }
}

IOStatus FaultFileSystem::SyncFault() {
  if (fault_.load() != Fault::kFailSyncs) return IOStatus::OK();
  ++failures_;
  return IOStatus::IOError("injected sync failure");
}

IOStatus FaultFileSystem::Wrap(IOStatus opened, std::unique_ptr<rocksdb::FSWritableFile>* file) {
  if (opened.ok()) *file = std::make_unique<FaultWritableFile>(std::move(*file), this);
  return opened;
}

IOStatus FaultFileSystem::NewWritableFile(const std::string& name,
                                          const rocksdb::FileOptions& options,
                                          std::unique_ptr<rocksdb::FSWritableFile>* file,
                                          IODebugContext* debug) {
  return Wrap(target()->NewWritableFile(name, options, file, debug), file);
}

IOStatus FaultFileSystem::ReopenWritableFile(const std::string& name,
                                             const rocksdb::FileOptions& options,
                                             std::unique_ptr<rocksdb::FSWritableFile>* file,
                                             IODebugContext* debug) {
  return Wrap(target()->ReopenWritableFile(name, options, file, debug), file);
}

IOStatus FaultFileSystem::ReuseWritableFile(const std::string& name, const std::string& old_name,
                                            const rocksdb::FileOptions& options,
                                            std::unique_ptr<rocksdb::FSWritableFile>* file,
                                            IODebugContext* debug) {
  return Wrap(target()->ReuseWritableFile(name, old_name, options, file, debug), file);
}

FaultInjection MakeFaultInjection() {
  FaultInjection injection;
  injection.file_system = std::make_shared<FaultFileSystem>(rocksdb::FileSystem::Default());
  injection.env = rocksdb::NewCompositeEnv(injection.file_system);
  return injection;
}

}  // namespace noaber::ledger::testing
