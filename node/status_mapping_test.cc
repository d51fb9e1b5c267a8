#include "node/status_mapping.h"

#include <gtest/gtest.h>

#include <string>

namespace noaber::node {
namespace {

using ledger::ResultCode;

TEST(StatusMappingTest, AcceptedIsOk) {
  EXPECT_EQ(StatusCodeFor(ResultCode::kAccepted), grpc::StatusCode::OK);
  EXPECT_EQ(StatusCodeFor(ResultCode::kAlreadyApplied), grpc::StatusCode::OK);
}

TEST(StatusMappingTest, NamedCodesHaveTheirOwnStatus) {
  EXPECT_EQ(StatusCodeFor(ResultCode::kBadSignature), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(StatusCodeFor(ResultCode::kNoSignatures), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(StatusCodeFor(ResultCode::kNotAuthorized), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(StatusCodeFor(ResultCode::kUnknownAccount), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(StatusCodeFor(ResultCode::kUnknownAsset), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(StatusCodeFor(ResultCode::kUnknownSkill), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(StatusCodeFor(ResultCode::kUnknownPending), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(StatusCodeFor(ResultCode::kAccountExists), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(StatusCodeFor(ResultCode::kIdReused), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(StatusCodeFor(ResultCode::kOverflow), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(StatusCodeFor(ResultCode::kBusy), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(StatusCodeFor(ResultCode::kUnavailable), grpc::StatusCode::UNAVAILABLE);
}

// Every other code follows its group: all of 100-199 and 200-299, named or added later.
TEST(StatusMappingTest, OtherCodesFollowTheirGroup) {
  for (uint16_t n = 100; n < 200; ++n) {
    const auto code = static_cast<ResultCode>(n);
    if (code == ResultCode::kBadSignature || code == ResultCode::kNoSignatures) continue;
    EXPECT_EQ(StatusCodeFor(code), grpc::StatusCode::INVALID_ARGUMENT) << n;
  }
  int precondition = 0;
  for (uint16_t n = 200; n < 300; ++n) {
    const grpc::StatusCode mapped = StatusCodeFor(static_cast<ResultCode>(n));
    EXPECT_NE(mapped, grpc::StatusCode::OK) << n;
    EXPECT_NE(mapped, grpc::StatusCode::INVALID_ARGUMENT) << n;
    precondition += mapped == grpc::StatusCode::FAILED_PRECONDITION;
  }
  EXPECT_EQ(StatusCodeFor(ResultCode::kExceedsMinimum), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(StatusCodeFor(ResultCode::kExpired), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(StatusCodeFor(ResultCode::kAccountFrozen), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(StatusCodeFor(ResultCode::kUnknownListing), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(StatusCodeFor(ResultCode::kUnknownRequest), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(StatusCodeFor(ResultCode::kEarningCapExceeded), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(precondition, 100 - 10);  // all but the ten with a more precise code
  EXPECT_EQ(StatusCodeFor(static_cast<ResultCode>(399)), grpc::StatusCode::UNAVAILABLE);
}

TEST(StatusMappingTest, AbslStatusKeepsCodeAndMessage) {
  grpc::Status s = ToGrpcStatus(absl::NotFoundError("no account 'anna'"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "no account 'anna'");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(ToGrpcStatus(absl::PermissionDeniedError("x")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace noaber::node
