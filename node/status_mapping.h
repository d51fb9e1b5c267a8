// How the node reports results over gRPC: the one table from ledger ResultCode to gRPC status
// code (documented in docs/api.md), and the conversion of storage errors. Thread-safe.
#ifndef NOABER_NODE_STATUS_MAPPING_H_
#define NOABER_NODE_STATUS_MAPPING_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <string_view>

#include "absl/status/status.h"
#include "noaber/ledger/result.h"

namespace noaber::node {

// Trailing metadata keys of a rejected Submit.
inline constexpr char kResultCodeMetadataKey[] = "noaber-result-code";
inline constexpr char kResultNameMetadataKey[] = "noaber-result-name";
// On a not_leader (302) answer: the gRPC address (host:port) of the cluster's leader, or
// empty while no leader is known.
inline constexpr char kLeaderMetadataKey[] = "noaber-leader";
// A read request carrying this entry with the value "current" is answered by the leader
// only, after a Raft barrier: it reflects every write acknowledged before it was sent.
inline constexpr char kReadMetadataKey[] = "noaber-read";

// The gRPC code for a ledger result. Accepted and already applied map to OK; the malformed
// group to INVALID_ARGUMENT, except the signature codes (UNAUTHENTICATED); the state group to
// FAILED_PRECONDITION, except the codes with a more precise gRPC meaning.
grpc::StatusCode StatusCodeFor(ledger::ResultCode code);

// The status of a rejected operation: its code, `message` as the status message, and the
// result number and name in `context`'s trailing metadata.
grpc::Status RejectionStatus(ledger::ResultCode code, std::string_view message,
                             grpc::ServerContext* context);

// An absl::Status as a grpc::Status (the canonical codes share their numbers).
grpc::Status ToGrpcStatus(const absl::Status& status);

// An INVALID_ARGUMENT status with `message`, for request validation.
grpc::Status InvalidArgument(std::string message);

}  // namespace noaber::node

#endif  // NOABER_NODE_STATUS_MAPPING_H_
