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

}  // namespace
}  // namespace noaber::node
