// Small private files: folders only the owner can enter, files only the owner can read,
// written atomically. POSIX only. Thread-safe (no shared state).
#ifndef NOABER_WALLET_CLI_PRIVATE_FILES_H_
#define NOABER_WALLET_CLI_PRIVATE_FILES_H_

#include <sys/types.h>

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace noaber::wallet {

// Creates `path` with mode 0700 if absent (its parent must exist). An existing folder is
// kept. Internal naming the path on failure.
absl::Status MakePrivateFolder(const std::string& path);

// Writes `contents` to a temporary file (mode 0600) in the folder of `path`, syncs it and
// renames it over `path`. AlreadyExists if `path` exists and `replace` is false.
absl::Status WritePrivateFileAtomically(const std::string& path, std::string_view contents,
                                        bool replace);

struct SmallFile {
  std::string contents;
  mode_t mode = 0;
};

// Reads a regular file of at most `bytes_max` bytes, not following a symlink at the end.
// NotFound if absent, DataLoss if larger or not a regular file, Internal for I/O errors.
absl::StatusOr<SmallFile> ReadSmallFile(const std::string& path, size_t bytes_max);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_PRIVATE_FILES_H_
