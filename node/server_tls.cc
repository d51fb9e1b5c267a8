#include "node/server_tls.h"

#include <grpcpp/security/server_credentials.h>

#include "noaber/ledger/strings.h"
#include "node/toml_reader.h"

namespace noaber::node {
namespace {

using ledger::StrAppend;
using ledger::StrCat;

// The PEM file named by config key `key` (flag `flag`), which must hold `marker`.
absl::StatusOr<std::string> ReadPem(const std::string& path, std::string_view key,
                                    std::string_view flag, std::string_view marker,
                                    std::string_view what) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        StrCat(key, " (", flag, "): ", ledger::ToView(text.status().message())));
  }
  if (text->find(marker) == std::string::npos) {
    return absl::InvalidArgumentError(
        StrCat(key, " (", flag, "): ", path, " holds no PEM ", what, " (no '", marker, "' line)"));
  }
  return text;
}

}  // namespace

absl::StatusOr<ServerSecurity> ServerSecurityFor(const NodeConfig& config) {
  if (config.tls_cert_file.empty()) {
    return ServerSecurity{grpc::InsecureServerCredentials(), false, "plain gRPC (no TLS)"};
  }
  absl::StatusOr<std::string> certificate =
      ReadPem(config.tls_cert_file, "tls_cert_file", "--tls-cert", "-----BEGIN CERTIFICATE-----",
              "certificate");
  if (!certificate.ok()) return certificate.status();
  absl::StatusOr<std::string> key =
      ReadPem(config.tls_key_file, "tls_key_file", "--tls-key", "PRIVATE KEY-----", "private key");
  if (!key.ok()) return key.status();
  ServerSecurity security;
  security.tls = true;
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({*key, *certificate});
  security.description = StrCat("TLS with the certificate ", config.tls_cert_file);
  if (!config.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> client_ca =
        ReadPem(config.tls_client_ca_file, "tls_client_ca_file", "--tls-client-ca",
                "-----BEGIN CERTIFICATE-----", "CA certificate");
    if (!client_ca.ok()) return client_ca.status();
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    options.pem_root_certs = *client_ca;
    StrAppend(&security.description, "; every client needs a certificate signed by the CA in ",
              config.tls_client_ca_file);
  }
  security.credentials = grpc::SslServerCredentials(options);
  return security;
}

}  // namespace noaber::node
