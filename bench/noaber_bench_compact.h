// noaber-bench: what the stopped node's data folder settles to. RocksDB keeps recent writes
// in its write-ahead log, including every overwritten balance and every Merkle node; a node
// that runs for long flushes and compacts them away. This opens the folder with the options
// the node wrote there (its OPTIONS file), flushes every column family, compacts each fully
// and closes it, so the folder size then is the long-run cost. The node must be stopped.
#ifndef NOABER_BENCH_NOABER_BENCH_COMPACT_H_
#define NOABER_BENCH_NOABER_BENCH_COMPACT_H_

#include <string>

#include "absl/status/status.h"

namespace noaber::bench {

// Flushes and fully compacts the RocksDB database in `data_dir`, with its own options.
// Returns RocksDB's error as Internal (Unavailable if a process still holds it).
absl::Status CompactStoppedStore(const std::string& data_dir);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_COMPACT_H_
