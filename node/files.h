// Small files the node keeps in its data folder (impact figures, cluster membership): written
// atomically, read whole. Thread-compatible: the caller keeps one writer per file.
#ifndef NOABER_NODE_FILES_H_
#define NOABER_NODE_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace noaber::node {

// Writes `contents` to `path` (mode 0600) atomically: a synced temporary file renamed over
// it, and the folder synced, so a crash leaves the old file or the new one. Internal errors
// name the file and the system's reason.
absl::Status WriteFileAtomically(const std::string& path, const std::string& contents);

// The whole file. NotFound when there is none; Internal for other failures.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace noaber::node

#endif  // NOABER_NODE_FILES_H_
