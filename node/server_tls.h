// The node's transport security: plain gRPC, TLS with the certificate and key of the config,
// or mutual TLS where every client must present a certificate signed by the config's client
// CA. See docs/node.md, "TLS".
#ifndef NOABER_NODE_SERVER_TLS_H_
#define NOABER_NODE_SERVER_TLS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "node/config.h"

namespace noaber::node {

struct ServerSecurity {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  bool tls = false;
  std::string description;  // "plain gRPC", "TLS", "TLS with client certificates ..."
};

// The credentials for `config`: insecure without tls_cert_file, else TLS from the PEM files.
// NotFound or InvalidArgument naming the config key and the file when one cannot be read or
// holds no PEM certificate (or private key) at all; whether the key fits the certificate is
// found out when the server starts.
absl::StatusOr<ServerSecurity> ServerSecurityFor(const NodeConfig& config);

}  // namespace noaber::node

#endif  // NOABER_NODE_SERVER_TLS_H_
