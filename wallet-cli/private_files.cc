#include "wallet-cli/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "noaber/ledger/strings.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::InternalError(StrCat(what, " ", path, ": ", std::strerror(errno)));
}

std::string FolderOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

absl::Status WriteAll(int fd, std::string_view contents, const std::string& path) {
  while (!contents.empty()) {
    ssize_t written = write(fd, contents.data(), contents.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return Errno("cannot write", path);
    contents.remove_prefix(static_cast<size_t>(written));
  }
  return absl::OkStatus();
}

// Makes the rename durable: the folder's entry must reach the disk too.
absl::Status SyncFolder(const std::string& folder) {
  int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open folder", folder);
  int result = fsync(fd);
  close(fd);
  if (result != 0) return Errno("cannot sync folder", folder);
  return absl::OkStatus();
}

}  // namespace

absl::Status MakePrivateFolder(const std::string& path) {
  if (mkdir(path.c_str(), 0700) == 0) return absl::OkStatus();
  if (errno != EEXIST) return Errno("cannot create folder", path);
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return Errno("cannot inspect", path);
  if (!S_ISDIR(info.st_mode)) return absl::InternalError(StrCat(path, " is not a folder"));
  return absl::OkStatus();
}

absl::Status WritePrivateFileAtomically(const std::string& path, std::string_view contents,
                                        bool replace) {
  if (!replace && access(path.c_str(), F_OK) == 0) {
    return absl::AlreadyExistsError(StrCat(path, " already exists"));
  }
  std::string temporary = StrCat(path, ".tmp-XXXXXX");
  int fd = mkostemp(temporary.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) return Errno("cannot create", temporary);
  absl::Status status = WriteAll(fd, contents, temporary);
  if (status.ok() && fchmod(fd, 0600) != 0) status = Errno("cannot chmod", temporary);
  if (status.ok() && fsync(fd) != 0) status = Errno("cannot sync", temporary);
  if (close(fd) != 0 && status.ok()) status = Errno("cannot close", temporary);
  if (status.ok() && rename(temporary.c_str(), path.c_str()) != 0) {
    status = Errno("cannot rename to", path);
  }
  if (!status.ok()) {
    unlink(temporary.c_str());
    return status;
  }
  return SyncFolder(FolderOf(path));
}

absl::StatusOr<SmallFile> ReadSmallFile(const std::string& path, size_t bytes_max) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return absl::NotFoundError(StrCat(path, " does not exist"));
  if (fd < 0) return Errno("cannot open", path);
  SmallFile file;
  struct stat info {};
  absl::Status status;
  if (fstat(fd, &info) != 0) {
    status = Errno("cannot inspect", path);
  } else if (!S_ISREG(info.st_mode)) {
    status = absl::DataLossError(StrCat(path, " is not a regular file"));
  } else if (static_cast<size_t>(info.st_size) > bytes_max) {
    status = absl::DataLossError(StrCat(path, " is larger than ", bytes_max, " bytes"));
  }
  file.mode = info.st_mode & 07777;
  char buffer[4096];
  while (status.ok() && file.contents.size() <= bytes_max) {
    ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) status = Errno("cannot read", path);
    if (got <= 0) break;
    file.contents.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  if (status.ok() && file.contents.size() > bytes_max) {
    status = absl::DataLossError(StrCat(path, " is larger than ", bytes_max, " bytes"));
  }
  if (!status.ok()) return status;
  return file;
}

}  // namespace noaber::wallet
