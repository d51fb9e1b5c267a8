#include "wallet-cli/channel_security.h"

#include <fstream>

#include "noaber/ledger/strings.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;

// The file `path` given as `option`, which must hold a `marker` line.
absl::StatusOr<std::string> ReadPem(const std::string& path, std::string_view option,
                                    std::string_view marker, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return UsageError(StrCat(option, " ", path, ": cannot read the file"));
  std::string text(kPemFileBytesMax + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kPemFileBytesMax) {
    return UsageError(StrCat(option, " ", path, ": larger than ", kPemFileBytesMax,
                             " bytes; is this the right file?"));
  }
  if (text.find(marker) == std::string::npos) {
    return UsageError(StrCat(option, " ", path, ": not a PEM ", what, " (no '", marker, "' line)"));
  }
  return text;
}

}  // namespace

absl::StatusOr<ChannelSecurity> LoadChannelSecurity(const std::string& ca_file,
                                                    const std::string& client_cert_file,
                                                    const std::string& client_key_file) {
  ChannelSecurity security;
  if (client_cert_file.empty() != client_key_file.empty()) {
    return UsageError("a client certificate needs its key: give --client-cert and --client-key");
  }
  if (!client_cert_file.empty() && ca_file.empty()) {
    return UsageError("--client-cert is for TLS: give the node's CA with --ca-file too");
  }
  if (ca_file.empty()) return security;
  absl::StatusOr<std::string> ca =
      ReadPem(ca_file, "--ca-file", "-----BEGIN CERTIFICATE-----", "certificate");
  if (!ca.ok()) return ca.status();
  security.ca_file = ca_file;
  security.ca_pem = *std::move(ca);
  if (client_cert_file.empty()) return security;
  absl::StatusOr<std::string> cert =
      ReadPem(client_cert_file, "--client-cert", "-----BEGIN CERTIFICATE-----", "certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key =
      ReadPem(client_key_file, "--client-key", "PRIVATE KEY-----", "private key");
  if (!key.ok()) return key.status();
  security.client_cert_file = client_cert_file;
  security.client_cert_pem = *std::move(cert);
  security.client_key_pem = *std::move(key);
  return security;
}

std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(const ChannelSecurity& security) {
  if (!security.tls()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = security.ca_pem;
  options.pem_private_key = security.client_key_pem;
  options.pem_cert_chain = security.client_cert_pem;
  return grpc::SslCredentials(options);
}

}  // namespace noaber::wallet
