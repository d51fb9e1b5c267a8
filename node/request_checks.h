// Validation of request fields before any read or write: handle syntax, key and id lengths,
// page sizes. InvalidArgument with a sentence naming the field. Pure functions.
#ifndef NOABER_NODE_REQUEST_CHECKS_H_
#define NOABER_NODE_REQUEST_CHECKS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/types.h"
#include "noaber/v1/ledger.pb.h"
#include "node/board_queries.h"

namespace noaber::node {

// OK if `handle` (the request field `field`) is 3-32 of a-z 0-9 . _ -.
absl::Status CheckHandle(std::string_view handle, std::string_view field);

// The 32-byte public key in `bytes` (the request field `field`).
absl::StatusOr<ledger::PublicKey> PublicKeyField(const std::string& bytes, std::string_view field);

// The 16-byte operation or pending id in `bytes`.
absl::StatusOr<ledger::OperationId> OperationIdField(const std::string& bytes,
                                                     std::string_view field);

// The page size for `requested` entries: `page_default` when 0, else 1..`page_max`.
absl::StatusOr<size_t> PageSize(uint32_t requested, uint32_t page_default, uint32_t page_max);

// A listing kind filter: "offer", "request", or empty for both.
absl::StatusOr<std::optional<ledger::ListingKind>> ListingKindField(std::string_view kind,
                                                                    std::string_view field);

// A role in payment requests: "payer", "payee", "both" or empty (both).
absl::StatusOr<RequestRole> RequestRoleField(std::string_view role, std::string_view field);

// A skill code filter: empty, or 1-32 of a-z 0-9 _ -.
absl::Status CheckSkillFilter(std::string_view skill, std::string_view field);

// The checked filters of a ListListings / ListRequests request (pages of 1..kListPageMax).
absl::StatusOr<ListingFilter> ListingFilterFrom(const v1::ListListingsRequest& request);
absl::StatusOr<RequestFilter> RequestFilterFrom(const v1::ListRequestsRequest& request);

// The calendar year of a statement: `year`, or the current one (`current_year`) when 0; it
// must lie between the community's founding year and the current year.
absl::StatusOr<int> StatementYear(int32_t year, int founding_year, int current_year);

}  // namespace noaber::node

#endif  // NOABER_NODE_REQUEST_CHECKS_H_
