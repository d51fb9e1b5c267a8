#include "node/request_checks.h"

#include <gtest/gtest.h>

namespace noaber::node {
namespace {

TEST(RequestChecksTest, Handles) {
  EXPECT_TRUE(CheckHandle("anna", "handle").ok());
  absl::Status empty = CheckHandle("", "handle");
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(empty.message(), "handle is required");
  absl::Status bad = CheckHandle("Anna!", "handle");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("'Anna!' is not a handle"), absl::string_view::npos) << bad;
  EXPECT_FALSE(CheckHandle("ab", "handle").ok());
  EXPECT_FALSE(CheckHandle(std::string(33, 'a'), "handle").ok());
}

TEST(RequestChecksTest, FixedLengthFields) {
  EXPECT_TRUE(PublicKeyField(std::string(32, 'k'), "public_key").ok());
  absl::StatusOr<ledger::PublicKey> short_key = PublicKeyField(std::string(31, 'k'), "public_key");
  EXPECT_EQ(short_key.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(short_key.status().message().find("32 bytes, not 31"), absl::string_view::npos);
  EXPECT_TRUE(OperationIdField(std::string(16, 'i'), "pending_id").ok());
  EXPECT_FALSE(OperationIdField("", "pending_id").ok());
  EXPECT_FALSE(OperationIdField(std::string(17, 'i'), "pending_id").ok());
}

TEST(RequestChecksTest, PageSizes) {
  EXPECT_EQ(*PageSize(0, 50, 200), 50u);
  EXPECT_EQ(*PageSize(1, 50, 200), 1u);
  EXPECT_EQ(*PageSize(200, 50, 200), 200u);
  absl::StatusOr<size_t> too_many = PageSize(201, 50, 200);
  EXPECT_EQ(too_many.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(too_many.status().message().find("page maximum of 200"), absl::string_view::npos);
}

}  // namespace
}  // namespace noaber::node
