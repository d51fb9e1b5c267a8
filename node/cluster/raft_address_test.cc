#include "node/cluster/raft_address.h"

#include "gtest/gtest.h"

namespace noaber::node::cluster {
namespace {

TEST(RaftAddressTest, TakesIpv4AndPort) {
  EXPECT_TRUE(CheckRaftAddress("127.0.0.1:7430").ok());
  EXPECT_TRUE(CheckRaftAddress("10.0.0.1:1").ok());
  EXPECT_TRUE(CheckRaftAddress("0.0.0.0:65535").ok());
}

TEST(RaftAddressTest, RefusesWhatLibraftCannotParse) {
  for (const char* address :
       {"", "127.0.0.1", "127.0.0.1:", ":7430", "localhost:7430", "127.0.0.1:0", "127.0.0.1:65536",
        "127.0.0.1:74a0", "[::1]:7430", "127.0.0.1:123456", "1.2.3:80"}) {
    const absl::Status status = CheckRaftAddress(address);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << address;
  }
}

}  // namespace
}  // namespace noaber::node::cluster
