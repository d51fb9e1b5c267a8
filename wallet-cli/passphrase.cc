#include "wallet-cli/passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "noaber/ledger/strings.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

absl::Status CheckSize(size_t size) {
  if (size == 0) return absl::InvalidArgumentError("the passphrase is empty");
  if (size > kPassphraseBytesMax) {
    return absl::InvalidArgumentError(
        StrCat("the passphrase is longer than ", kPassphraseBytesMax, " bytes"));
  }
  return absl::OkStatus();
}

// Copies the variable into guarded memory; false if it is not set.
bool FromEnvironment(Secret<Passphrase>* passphrase, absl::Status* status) {
  const char* value = std::getenv(kPassphraseEnv);
  if (value == nullptr) return false;
  size_t size = std::strlen(value);
  *status = CheckSize(size);
  if (status->ok()) {
    std::memcpy((*passphrase)->bytes.data(), value, size);
    (*passphrase)->size = size;
  }
  return true;
}

// Prompts on the terminal with echo off and reads one line, a byte at a time so the text
// never passes through a buffer outside guarded memory.
absl::Status Prompt(std::string_view prompt, Secret<Passphrase>* passphrase) {
  int tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0) {
    return absl::FailedPreconditionError(
        StrCat("no passphrase: set ", kPassphraseEnv, " or run noaber in a terminal"));
  }
  struct termios saved {};
  bool restore = tcgetattr(tty, &saved) == 0;
  if (restore) {
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  (void)!write(tty, prompt.data(), prompt.size());
  size_t size = 0;
  bool too_long = false;
  char c = 0;
  while (read(tty, &c, 1) == 1 && c != '\n') {
    if (c == '\r') continue;
    if (size < kPassphraseBytesMax) {
      (*passphrase)->bytes[size++] = c;
    } else {
      too_long = true;
    }
  }
  c = 0;
  if (restore) tcsetattr(tty, TCSAFLUSH, &saved);
  close(tty);
  (*passphrase)->size = size;
  return CheckSize(too_long ? kPassphraseBytesMax + 1 : size);
}

}  // namespace

absl::Status ReadPassphrase(std::string_view prompt, Secret<Passphrase>* passphrase) {
  absl::Status status;
  if (FromEnvironment(passphrase, &status)) return status;
  return Prompt(prompt, passphrase);
}

absl::Status ReadNewPassphrase(std::string_view key_name, Secret<Passphrase>* passphrase) {
  absl::Status status;
  if (FromEnvironment(passphrase, &status)) return status;
  status = Prompt(StrCat("New passphrase for key '", key_name, "': "), passphrase);
  if (!status.ok()) return status;
  Secret<Passphrase> again;
  status = Prompt("Type it again: ", &again);
  if (!status.ok()) return status;
  if (again->size != (*passphrase)->size ||
      sodium_memcmp(again->bytes.data(), (*passphrase)->bytes.data(), again->size) != 0) {
    return absl::FailedPreconditionError("the two passphrases differ; nothing was written");
  }
  return absl::OkStatus();
}

}  // namespace noaber::wallet
