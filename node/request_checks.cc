#include "node/request_checks.h"

#include <cstring>

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrCat;

absl::Status CheckHandle(std::string_view handle, std::string_view field) {
  if (handle.empty()) return absl::InvalidArgumentError(StrCat(field, " is required"));
  if (!ledger::IsValidHandle(handle)) {
    return absl::InvalidArgumentError(StrCat(field, " '", handle.substr(0, 64),
                                             "' is not a handle (", ledger::kHandleBytesMin, "-",
                                             ledger::kHandleBytesMax, " of a-z 0-9 . _ -)"));
  }
  return absl::OkStatus();
}

template <typename Array>
absl::StatusOr<Array> FixedBytes(const std::string& bytes, std::string_view field,
                                 std::string_view what) {
  Array out{};
  if (bytes.size() != out.size()) {
    return absl::InvalidArgumentError(
        StrCat(field, " must be ", what, " of ", out.size(), " bytes, not ", bytes.size()));
  }
  std::memcpy(out.data(), bytes.data(), out.size());
  return out;
}

absl::StatusOr<ledger::PublicKey> PublicKeyField(const std::string& bytes, std::string_view field) {
  return FixedBytes<ledger::PublicKey>(bytes, field, "an Ed25519 public key");
}

absl::StatusOr<ledger::OperationId> OperationIdField(const std::string& bytes,
                                                     std::string_view field) {
  return FixedBytes<ledger::OperationId>(bytes, field, "an operation id");
}

absl::StatusOr<size_t> PageSize(uint32_t requested, uint32_t page_default, uint32_t page_max) {
  if (requested == 0) return static_cast<size_t>(page_default);
  if (requested > page_max) {
    return absl::InvalidArgumentError(
        StrCat("limit ", requested, " is above the page maximum of ", page_max, " entries"));
  }
  return static_cast<size_t>(requested);
}

}  // namespace noaber::node
