// The address `noaber-node run` listens on: parsing "HOST:PORT" / "[IPV6]:PORT", and the
// rule that without TLS the node only listens on loopback unless told otherwise.
#ifndef NOABER_NODE_LISTEN_ADDRESS_H_
#define NOABER_NODE_LISTEN_ADDRESS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace noaber::node {

struct ListenAddress {
  std::string host;  // without brackets: "127.0.0.1", "::1", "localhost"
  int port = 0;      // 0: the system picks a free port
};

// InvalidArgument unless `text` is HOST:PORT with a port of 0..65535 ("[::1]:7420" for IPv6).
absl::StatusOr<ListenAddress> ParseListenAddress(std::string_view text);

// "host:port", bracketing an IPv6 host.
std::string FormatListenAddress(std::string_view host, int port);

// True for "localhost", 127.0.0.0/8 and ::1.
bool IsLoopbackHost(std::string_view host);

// FailedPrecondition, saying why, for a non-loopback host unless the node serves `tls` or
// `allow_remote` says the network is trusted.
absl::Status CheckListenAllowed(const ListenAddress& address, bool allow_remote, bool tls);

}  // namespace noaber::node

#endif  // NOABER_NODE_LISTEN_ADDRESS_H_
