#include "node/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "noaber/ledger/strings.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::InternalError(StrCat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".tmp";
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot create", temporary);
  absl::Status status;
  for (size_t done = 0; done < contents.size() && status.ok();) {
    ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      status = Errno("cannot write", temporary);
    else
      done += static_cast<size_t>(n);
  }
  if (status.ok() && fsync(fd) != 0) status = Errno("cannot sync", temporary);
  if (close(fd) != 0 && status.ok()) status = Errno("cannot close", temporary);
  if (status.ok() && rename(temporary.c_str(), path.c_str()) != 0) {
    status = Errno("cannot rename to", path);
  }
  if (!status.ok()) {
    unlink(temporary.c_str());
    return status;
  }
  const std::string folder = path.substr(0, std::max<size_t>(path.rfind('/'), 1));
  int folder_fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_fd < 0) return Errno("cannot open", folder);
  const bool synced = fsync(folder_fd) == 0;
  close(folder_fd);
  return synced ? absl::OkStatus() : Errno("cannot sync", folder);
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return absl::NotFoundError(StrCat("no file ", path));
    return Errno("cannot read", path);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Errno("cannot read", path);
  return buffer.str();
}

}  // namespace noaber::node
