#include "node/listen_address.h"

#include <gtest/gtest.h>

namespace noaber::node {
namespace {

TEST(ListenAddressTest, ParsesHostAndPort) {
  absl::StatusOr<ListenAddress> a = ParseListenAddress("127.0.0.1:7420");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 7420);
  absl::StatusOr<ListenAddress> v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(FormatListenAddress("::1", 7420), "[::1]:7420");
  EXPECT_EQ(FormatListenAddress("localhost", 1), "localhost:1");
}

TEST(ListenAddressTest, RefusesMalformed) {
  for (const char* bad : {"", "7420", "127.0.0.1", "127.0.0.1:", ":7420", "host:65536", "host:-1",
                          "host:12ab", "::1:7420"}) {
    EXPECT_FALSE(ParseListenAddress(bad).ok()) << bad;
  }
}

TEST(ListenAddressTest, LoopbackOnlyUnlessAllowed) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("::"));
  EXPECT_FALSE(IsLoopbackHost("192.168.1.10"));
  EXPECT_FALSE(IsLoopbackHost("example.org"));

  absl::Status refused =
      CheckListenAllowed({"0.0.0.0", 7420}, /*allow_remote=*/false, /*tls=*/false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("without TLS"), absl::string_view::npos) << refused;
  EXPECT_NE(refused.message().find("--tls-cert"), absl::string_view::npos) << refused;
  EXPECT_NE(refused.message().find("--allow-remote"), absl::string_view::npos) << refused;
  EXPECT_TRUE(CheckListenAllowed({"0.0.0.0", 7420}, /*allow_remote=*/true, /*tls=*/false).ok());
  EXPECT_TRUE(CheckListenAllowed({"0.0.0.0", 7420}, /*allow_remote=*/false, /*tls=*/true).ok());
  EXPECT_TRUE(CheckListenAllowed({"127.0.0.1", 0}, /*allow_remote=*/false, /*tls=*/false).ok());
}

}  // namespace
}  // namespace noaber::node
