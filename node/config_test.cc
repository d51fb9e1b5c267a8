#include "node/config.h"

#include <gtest/gtest.h>

namespace noaber::node {
namespace {

TEST(ConfigTest, EmptyFileGivesDefaults) {
  absl::StatusOr<NodeConfig> config = ParseNodeConfig("", "node.toml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen_address, "127.0.0.1:7420");
  EXPECT_EQ(config->request_bytes_max, 256u * 1024);
  EXPECT_EQ(config->history_page_max, 200u);
  EXPECT_EQ(config->queue_operations_max, 10'000u);
}

TEST(ConfigTest, ReadsEveryKey) {
  absl::StatusOr<NodeConfig> config = ParseNodeConfig(R"(
listen = "127.0.0.1:0"
request_bytes_max = 131072
history_page_max = 20
queue_operations_max = 500
)",
                                                      "node.toml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen_address, "127.0.0.1:0");
  EXPECT_EQ(config->request_bytes_max, 131072u);
  EXPECT_EQ(config->history_page_max, 20u);
  EXPECT_EQ(config->queue_operations_max, 500u);
}

void ExpectError(std::string_view text, std::string_view expected) {
  absl::StatusOr<NodeConfig> config = ParseNodeConfig(text, "node.toml");
  ASSERT_FALSE(config.ok()) << text;
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(config.status().message()).find(expected), std::string::npos)
      << config.status().message();
}

TEST(ConfigTest, NamesTheBadKeyAndLine) {
  ExpectError("listen = \"x:1\"\nhistory_page_max = 201\n",
              "node.toml:2: history_page_max: must be between 1 and 200");
  ExpectError("request_bytes_max = 1024\n", "request_bytes_max: must be between 81920");
  ExpectError("queue_operations_max = \"many\"\n", "queue_operations_max: expected a whole number");
  ExpectError("listen = 7420\n", "node.toml:1: listen: expected a string");
  ExpectError("\n\nlisten_address = \"127.0.0.1:1\"\n", "node.toml:3: listen_address: unknown key");
  ExpectError("listen = \n", "node.toml:1:");
}

TEST(ConfigTest, ReadsTlsAndRateLimits) {
  absl::StatusOr<NodeConfig> defaults = ParseNodeConfig("", "node.toml");
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_TRUE(defaults->tls_cert_file.empty());
  EXPECT_EQ(defaults->rate_limits.peer.per_second, 5'000);
  EXPECT_EQ(defaults->rate_limits.account.burst, 5'000);
  absl::StatusOr<NodeConfig> config = ParseNodeConfig(R"(
tls_cert_file = "node.pem"
tls_key_file = "node.key"
tls_client_ca_file = "clients-ca.pem"
rate_limit_peer_per_second = 0
rate_limit_account_per_second = 2
rate_limit_account_burst = 20
)",
                                                      "node.toml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls_cert_file, "node.pem");
  EXPECT_EQ(config->tls_key_file, "node.key");
  EXPECT_EQ(config->tls_client_ca_file, "clients-ca.pem");
  EXPECT_TRUE(config->rate_limits.peer.off());
  EXPECT_EQ(config->rate_limits.account.per_second, 2);
  EXPECT_EQ(config->rate_limits.account.burst, 20);
}

TEST(ConfigTest, RefusesTlsAndLimitsThatDoNotGoTogether) {
  ExpectError("tls_cert_file = \"node.pem\"\n",
              "node.toml: TLS needs both a certificate (tls_cert_file, --tls-cert) and its "
              "private key");
  ExpectError("tls_key_file = \"node.key\"\n", "TLS needs both");
  ExpectError("tls_client_ca_file = \"ca.pem\"\n", "a client CA (tls_client_ca_file");
  ExpectError("rate_limit_peer_per_second = 5\nrate_limit_peer_burst = 0\n",
              "rate_limit_peer_burst must be at least 1 while rate_limit_peer_per_second is not 0");
  ExpectError("rate_limit_account_per_second = -1\n",
              "node.toml:1: rate_limit_account_per_second: must be between 0 and 1000000");
  ExpectError("tls_cert_file = 3\n", "node.toml:1: tls_cert_file: expected a string");
}

}  // namespace
TEST(ConfigTest, ReadsImpactKMinWithinBounds) {
  EXPECT_EQ(ParseNodeConfig("", "node.toml")->impact_k_min, 5);
  absl::StatusOr<NodeConfig> config = ParseNodeConfig("impact_k_min = 3\n", "node.toml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->impact_k_min, 3);
  for (const char* bad :
       {"impact_k_min = 0\n", "impact_k_min = 1001\n", "impact_k_min = \"5\"\n"}) {
    absl::StatusOr<NodeConfig> refused = ParseNodeConfig(bad, "node.toml");
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(refused.status().message().find("impact_k_min"), absl::string_view::npos) << bad;
  }
}

}  // namespace noaber::node
