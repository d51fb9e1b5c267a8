#include "node/request_checks.h"

#include <cstring>

#include "noaber/ledger/strings.h"

namespace noaber::node {

using ledger::StrCat;

absl::Status CheckHandle(std::string_view handle, std::string_view field) {
  if (handle.empty()) return absl::InvalidArgumentError(StrCat(field, " is required"));
  if (!ledger::IsValidHandle(handle)) {
    return absl::InvalidArgumentError(StrCat(field, " '", ledger::Printable(handle.substr(0, 64)),
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

absl::StatusOr<std::optional<ledger::ListingKind>> ListingKindField(std::string_view kind,
                                                                    std::string_view field) {
  if (kind.empty()) return std::nullopt;
  for (ledger::ListingKind k : {ledger::ListingKind::kOffer, ledger::ListingKind::kRequest}) {
    if (kind == ledger::ListingKindName(k)) return k;
  }
  return absl::InvalidArgumentError(StrCat(field, " '", ledger::Printable(kind.substr(0, 64)),
                                           "' is not \"offer\" or \"request\""));
}

absl::StatusOr<RequestRole> RequestRoleField(std::string_view role, std::string_view field) {
  if (role.empty() || role == "both") return RequestRole::kBoth;
  if (role == "payer") return RequestRole::kPayer;
  if (role == "payee") return RequestRole::kPayee;
  return absl::InvalidArgumentError(StrCat(field, " '", ledger::Printable(role.substr(0, 64)),
                                           "' is not \"payer\", \"payee\" or \"both\""));
}

absl::Status CheckSkillFilter(std::string_view skill, std::string_view field) {
  if (skill.empty() || ledger::IsValidSkillCode(skill)) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat(field, " '", ledger::Printable(skill.substr(0, 64)),
                                           "' is not a skill code (1-", ledger::kSkillCodeBytesMax,
                                           " of a-z 0-9 _ -)"));
}

absl::StatusOr<ListingFilter> ListingFilterFrom(const v1::ListListingsRequest& request) {
  ListingFilter filter;
  if (absl::Status s = CheckSkillFilter(request.skill(), "skill"); !s.ok()) return s;
  filter.skill = request.skill();
  absl::StatusOr<std::optional<ledger::ListingKind>> kind =
      ListingKindField(request.kind(), "kind");
  if (!kind.ok()) return kind.status();
  filter.kind = *kind;
  if (!request.owner().empty()) {
    if (absl::Status s = CheckHandle(request.owner(), "owner"); !s.ok()) return s;
  }
  filter.owner = request.owner();
  filter.include_closed = request.include_closed();
  filter.before_index = request.before_index();
  absl::StatusOr<size_t> limit = PageSize(request.limit(), kListPageDefault, kListPageMax);
  if (!limit.ok()) return limit.status();
  filter.limit = *limit;
  return filter;
}

absl::StatusOr<RequestFilter> RequestFilterFrom(const v1::ListRequestsRequest& request) {
  RequestFilter filter;
  if (absl::Status s = CheckHandle(request.handle(), "handle"); !s.ok()) return s;
  filter.handle = request.handle();
  absl::StatusOr<RequestRole> role = RequestRoleField(request.role(), "role");
  if (!role.ok()) return role.status();
  filter.role = *role;
  filter.include_closed = request.include_closed();
  filter.before_index = request.before_index();
  absl::StatusOr<size_t> limit = PageSize(request.limit(), kListPageDefault, kListPageMax);
  if (!limit.ok()) return limit.status();
  filter.limit = *limit;
  return filter;
}

absl::StatusOr<int> StatementYear(int32_t year, int founding_year, int current_year) {
  if (year == 0) return current_year;
  if (year < founding_year || year > current_year) {
    return absl::InvalidArgumentError(StrCat("year ", year, " is outside ", founding_year, "-",
                                             current_year,
                                             " (from the community's founding to this year)"));
  }
  return static_cast<int>(year);
}

}  // namespace noaber::node
