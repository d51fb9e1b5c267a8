// How the wallet talks to its node: plain gRPC (the default, for a node on this machine), or
// TLS that checks the node's certificate against a CA file (--ca-file), optionally showing a
// client certificate of its own (--client-cert, --client-key) to a node that asks for one.
// See docs/wallet.md, "TLS". Plain values.
#ifndef NOABER_WALLET_CLI_CHANNEL_SECURITY_H_
#define NOABER_WALLET_CLI_CHANNEL_SECURITY_H_

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace noaber::wallet {

// Bound on a PEM file the wallet reads (a CA bundle may hold a few hundred certificates).
inline constexpr size_t kPemFileBytesMax = 1024 * 1024;

struct ChannelSecurity {
  std::string ca_file;  // empty: plain gRPC
  std::string ca_pem;
  std::string client_cert_file;  // empty: no client certificate
  std::string client_cert_pem;
  std::string client_key_pem;
  bool tls() const { return !ca_file.empty(); }
};

// Reads the PEM files named by --ca-file, --client-cert and --client-key (empty: not given).
// A usage error naming the option and the file when one cannot be read or holds no PEM
// certificate or key, or when a client certificate comes without its key (or the other way
// round) or without --ca-file.
absl::StatusOr<ChannelSecurity> LoadChannelSecurity(const std::string& ca_file,
                                                    const std::string& client_cert_file,
                                                    const std::string& client_key_file);

// Insecure credentials without a CA; TLS credentials trusting only `security.ca_pem` else.
std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(const ChannelSecurity& security);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_CHANNEL_SECURITY_H_
