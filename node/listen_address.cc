#include "node/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrCat;

absl::StatusOr<ListenAddress> ParseListenAddress(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("listen address '", text, "': ", why,
                                             " (expected HOST:PORT, e.g. ",
                                             "127.0.0.1:7420 or [::1]:7420)"));
  };
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return invalid("no port");
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return invalid("an IPv6 host needs brackets");
  }
  if (host.empty()) return invalid("no host");
  ListenAddress address{std::string(host), 0};
  auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), address.port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      address.port < 0 || address.port > 65535) {
    return invalid("the port must be a number from 0 to 65535");
  }
  return address;
}

std::string FormatListenAddress(std::string_view host, int port) {
  if (host.find(':') != std::string_view::npos) return StrCat("[", host, "]:", port);
  return StrCat(host, ":", port);
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  const std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  return inet_pton(AF_INET6, text.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

absl::Status CheckListenAllowed(const ListenAddress& address, bool allow_remote, bool tls) {
  if (tls || allow_remote || IsLoopbackHost(address.host)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      StrCat("refusing to listen on ", FormatListenAddress(address.host, address.port),
             ": the node would serve plain gRPC without TLS, so private reads and their signed ",
             "authentication would cross the network in the clear; give it a certificate ",
             "(--tls-cert and --tls-key), listen on a loopback address behind a TLS proxy, or ",
             "pass --allow-remote if the network itself is trusted"));
}

}  // namespace noaber::node
