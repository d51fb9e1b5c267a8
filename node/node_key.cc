#include "node/node_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "noaber/ledger/strings.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

// A key file is 129 bytes (hex and newline); anything much larger is not one.
constexpr size_t kNodeKeyFileBytesMax = 256;

absl::Status IoError(std::string_view what, const std::string& path) {
  return absl::InternalError(StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

// True if `key`'s secret half signs what its public half verifies.
bool Matches(const ledger::KeyPair& key) {
  constexpr std::string_view kProbe = "noaber-node-key-check";
  return ledger::Verify(key.public_key, ledger::Sign(key.secret_key, kProbe), kProbe);
}

absl::StatusOr<ledger::KeyPair> ParseKey(std::string_view text, const std::string& path) {
  ledger::KeyPair key;
  if (text.size() == key.secret_key.size()) {
    std::memcpy(key.secret_key.data(), text.data(), text.size());
  } else if (!ledger::FromHex(ledger::StripWhitespace(text), key.secret_key.data(),
                              key.secret_key.size())) {
    return absl::InvalidArgumentError(
        StrCat(path, " is not a node key (64 raw bytes or 128 hex digits)"));
  }
  std::copy(key.secret_key.begin() + 32, key.secret_key.end(), key.public_key.begin());
  if (!Matches(key)) {
    return absl::InvalidArgumentError(
        StrCat(path, " is damaged: its public half does not match its secret half"));
  }
  return key;
}

}  // namespace

std::string NodeKeyPath(const std::string& data_dir) {
  return StrCat(data_dir, "/", kNodeKeyFileName);
}

absl::StatusOr<ledger::KeyPair> CreateNodeKey(const std::string& data_dir) {
  const ledger::KeyPair key = ledger::NewKeyPair();
  if (absl::Status s = WriteNodeKey(data_dir, key); !s.ok()) return s;
  return key;
}

absl::Status WriteNodeKey(const std::string& data_dir, const ledger::KeyPair& key) {
  const std::string path = NodeKeyPath(data_dir);
  const std::string text = StrCat(ledger::ToHex(key.secret_key), "\n");
  // O_EXCL: never overwrite a key, even one created at the same moment by someone else.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return absl::AlreadyExistsError(StrCat(path, " already exists"));
    return IoError("create", path);
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    absl::Status error = IoError("write", path);
    ::unlink(path.c_str());
    return error;
  }
  return absl::OkStatus();
}

absl::StatusOr<ledger::KeyPair> LoadNodeKey(const std::string& data_dir) {
  const std::string path = NodeKeyPath(data_dir);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return absl::NotFoundError(StrCat("no node key in ", path));
    return IoError("read", path);
  }
  if ((info.st_mode & 077) != 0) {
    return absl::PermissionDeniedError(StrCat(
        path, " may be read by others; the node key must be private (chmod 600 ", path, ")"));
  }
  if (static_cast<size_t>(info.st_size) > kNodeKeyFileBytesMax) {
    return absl::InvalidArgumentError(StrCat(path, " is too large to be a node key"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("read", path);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return ParseKey(text, path);
}

absl::StatusOr<ledger::KeyPair> LoadOrCreateNodeKey(const std::string& data_dir, bool* created) {
  *created = false;
  absl::StatusOr<ledger::KeyPair> key = LoadNodeKey(data_dir);
  if (!absl::IsNotFound(key.status())) return key;
  *created = true;
  return CreateNodeKey(data_dir);
}

}  // namespace noaber::node
