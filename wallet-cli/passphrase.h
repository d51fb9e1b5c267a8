// Where passphrases come from: the NOABER_PASSPHRASE environment variable (scripts, tests)
// or a prompt on the terminal with echo off. Functions are not thread-safe (they change the
// terminal's mode while reading).
#ifndef NOABER_WALLET_CLI_PASSPHRASE_H_
#define NOABER_WALLET_CLI_PASSPHRASE_H_

#include <string_view>

#include "absl/status/status.h"
#include "wallet-cli/secret.h"

namespace noaber::wallet {

inline constexpr char kPassphraseEnv[] = "NOABER_PASSPHRASE";

// Reads the passphrase that unlocks an existing key. Keystore-class statuses:
// FailedPrecondition when there is neither the variable nor a terminal, InvalidArgument when
// it is empty or longer than kPassphraseBytesMax.
absl::Status ReadPassphrase(std::string_view prompt, Secret<Passphrase>* passphrase);

// Reads the passphrase for a new key: from the variable, or typed twice at the terminal.
// Adds FailedPrecondition when the two typings differ.
absl::Status ReadNewPassphrase(std::string_view key_name, Secret<Passphrase>* passphrase);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_PASSPHRASE_H_
