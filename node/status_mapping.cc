#include "node/status_mapping.h"

#include <string>

#include "node/cluster/gate.h"

namespace noaber::node {

using ledger::ResultCode;

grpc::StatusCode StatusCodeFor(ResultCode code) {
  switch (code) {
    case ResultCode::kAccepted:
    case ResultCode::kAlreadyApplied:
      return grpc::StatusCode::OK;
    case ResultCode::kBadSignature:
    case ResultCode::kNoSignatures:
      return grpc::StatusCode::UNAUTHENTICATED;
    case ResultCode::kNotAuthorized:
      return grpc::StatusCode::PERMISSION_DENIED;
    case ResultCode::kUnknownAccount:
    case ResultCode::kUnknownAsset:
    case ResultCode::kUnknownSkill:
    case ResultCode::kUnknownPending:
    case ResultCode::kUnknownListing:
    case ResultCode::kUnknownRequest:
      return grpc::StatusCode::NOT_FOUND;
    case ResultCode::kAccountExists:
    case ResultCode::kIdReused:
      return grpc::StatusCode::ALREADY_EXISTS;
    case ResultCode::kOverflow:
      return grpc::StatusCode::OUT_OF_RANGE;
    case ResultCode::kBusy:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case ResultCode::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    default:
      break;
  }
  switch (ledger::GroupOf(code)) {
    case ledger::ResultGroup::kMalformed:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case ledger::ResultGroup::kFailsAgainstState:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case ledger::ResultGroup::kRetryLater:
      return grpc::StatusCode::UNAVAILABLE;
    case ledger::ResultGroup::kAccepted:
      return grpc::StatusCode::OK;
  }
  return grpc::StatusCode::INTERNAL;
}

grpc::Status RejectionStatus(ResultCode code, std::string_view message,
                             grpc::ServerContext* context) {
  context->AddTrailingMetadata(kResultCodeMetadataKey, std::to_string(static_cast<uint16_t>(code)));
  context->AddTrailingMetadata(kResultNameMetadataKey, ledger::ResultCodeName(code));
  if (code == ResultCode::kNotLeader) {
    context->AddTrailingMetadata(kLeaderMetadataKey, LeaderAddressForTrailer());
  }
  return grpc::Status(StatusCodeFor(code), std::string(message));
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

grpc::Status InvalidArgument(std::string message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::move(message));
}

}  // namespace noaber::node
