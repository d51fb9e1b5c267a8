#include "node/request_checks.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

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

TEST(RequestChecksTest, ListingFilters) {
  v1::ListListingsRequest request;
  absl::StatusOr<ListingFilter> none = ListingFilterFrom(request);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->kind.has_value());
  EXPECT_EQ(none->limit, kListPageDefault);
  request.set_skill("tuin");
  request.set_kind("request");
  request.set_owner("anna");
  request.set_limit(kListPageMax);
  absl::StatusOr<ListingFilter> some = ListingFilterFrom(request);
  ASSERT_TRUE(some.ok()) << some.status();
  EXPECT_EQ(some->kind, ledger::ListingKind::kRequest);
  EXPECT_EQ(some->skill, "tuin");
  EXPECT_EQ(some->owner, "anna");

  for (auto change : std::vector<std::function<void(v1::ListListingsRequest*)>>{
           [](auto* r) { r->set_kind("offers"); }, [](auto* r) { r->set_skill("Tuin!"); },
           [](auto* r) { r->set_owner("A"); }, [](auto* r) { r->set_limit(kListPageMax + 1); }}) {
    v1::ListListingsRequest bad = request;
    change(&bad);
    EXPECT_EQ(ListingFilterFrom(bad).status().code(), absl::StatusCode::kInvalidArgument)
        << bad.ShortDebugString();
  }
}

TEST(RequestChecksTest, RequestFilters) {
  v1::ListRequestsRequest request;
  EXPECT_EQ(RequestFilterFrom(request).status().code(), absl::StatusCode::kInvalidArgument)
      << "handle is required";
  request.set_handle("anna");
  EXPECT_EQ(RequestFilterFrom(request)->role, RequestRole::kBoth);
  request.set_role("payer");
  EXPECT_EQ(RequestFilterFrom(request)->role, RequestRole::kPayer);
  request.set_role("payee");
  EXPECT_EQ(RequestFilterFrom(request)->role, RequestRole::kPayee);
  request.set_role("both");
  EXPECT_EQ(RequestFilterFrom(request)->role, RequestRole::kBoth);
  request.set_role("owner");
  absl::StatusOr<RequestFilter> bad = RequestFilterFrom(request);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("role 'owner'"), absl::string_view::npos);
}

TEST(RequestChecksTest, StatementYears) {
  EXPECT_EQ(*StatementYear(0, 2025, 2027), 2027) << "0: this year";
  EXPECT_EQ(*StatementYear(2025, 2025, 2027), 2025);
  EXPECT_EQ(*StatementYear(2027, 2025, 2027), 2027);
  EXPECT_EQ(StatementYear(2024, 2025, 2027).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StatementYear(2028, 2025, 2027).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace noaber::node
