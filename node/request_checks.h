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

}  // namespace noaber::node

#endif  // NOABER_NODE_REQUEST_CHECKS_H_
