#include "node/cluster/raft_address.h"

#include <arpa/inet.h>

#include <string>

#include "noaber/ledger/strings.h"

namespace noaber::node::cluster {

absl::Status CheckRaftAddress(std::string_view address) {
  const size_t colon = address.rfind(':');
  bool valid = colon != std::string_view::npos && colon + 1 < address.size() &&
               address.size() - colon - 1 <= 5;
  if (valid) {
    in_addr ip{};
    valid = inet_pton(AF_INET, std::string(address.substr(0, colon)).c_str(), &ip) == 1;
  }
  unsigned port = 0;
  for (size_t i = colon + 1; valid && i < address.size(); ++i) {
    valid = address[i] >= '0' && address[i] <= '9';
    port = port * 10 + static_cast<unsigned>(address[i] - '0');
  }
  if (!valid || port == 0 || port > 65535) {
    return absl::InvalidArgumentError(
        ledger::StrCat("raft address '", ledger::Printable(address),
                       "' is not an IPv4 address and port, as in 10.0.0.1:7430"));
  }
  return absl::OkStatus();
}

}  // namespace noaber::node::cluster
