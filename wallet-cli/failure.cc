#include "wallet-cli/failure.h"

#include <charconv>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "noaber/ledger/strings.h"

namespace noaber::wallet {
namespace {

constexpr char kExitCodeUrl[] = "noaber.wallet/exit_code";
constexpr char kResultCodeUrl[] = "noaber.wallet/result_code";
constexpr char kResultNameUrl[] = "noaber.wallet/result_name";

absl::Status Tagged(absl::StatusCode code, std::string_view message, ExitCode exit_code) {
  absl::Status status(code, absl::string_view(message.data(), message.size()));
  status.SetPayload(kExitCodeUrl, absl::Cord(std::to_string(static_cast<int>(exit_code))));
  return status;
}

std::optional<std::string> Payload(const absl::Status& status, const char* url) {
  absl::optional<absl::Cord> payload = status.GetPayload(url);
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

}  // namespace

absl::Status UsageError(std::string_view message) {
  return Tagged(absl::StatusCode::kInvalidArgument, message, ExitCode::kUsage);
}

absl::Status UnverifiedError(std::string_view message) {
  return Tagged(absl::StatusCode::kDataLoss, message, ExitCode::kUnverified);
}

absl::Status RejectedError(std::string_view message, std::optional<LedgerResult> result) {
  absl::Status status = Tagged(absl::StatusCode::kFailedPrecondition, message, ExitCode::kRejected);
  if (result.has_value()) {
    status.SetPayload(kResultCodeUrl, absl::Cord(std::to_string(result->code)));
    status.SetPayload(kResultNameUrl, absl::Cord(result->name));
  }
  return status;
}

absl::Status UnreachableError(std::string_view message) {
  return Tagged(absl::StatusCode::kUnavailable, message, ExitCode::kUnreachable);
}

absl::Status KeystoreError(std::string_view message) {
  return Tagged(absl::StatusCode::kPermissionDenied, message, ExitCode::kKeystore);
}

absl::Status FromKeystore(const absl::Status& status) {
  if (status.ok()) return status;
  std::string_view message = ledger::ToView(status.message());
  if (status.code() == absl::StatusCode::kInvalidArgument) return UsageError(message);
  return KeystoreError(message);
}

ExitCode ExitCodeOf(const absl::Status& status) {
  if (status.ok()) return ExitCode::kDone;
  std::optional<std::string> tag = Payload(status, kExitCodeUrl);
  int value = 0;
  if (!tag.has_value() ||
      std::from_chars(tag->data(), tag->data() + tag->size(), value).ec != std::errc()) {
    return ExitCode::kFailed;
  }
  return static_cast<ExitCode>(value);
}

std::optional<LedgerResult> LedgerResultOf(const absl::Status& status) {
  std::optional<std::string> code = Payload(status, kResultCodeUrl);
  std::optional<std::string> name = Payload(status, kResultNameUrl);
  if (!code.has_value() || !name.has_value()) return std::nullopt;
  LedgerResult result;
  if (std::from_chars(code->data(), code->data() + code->size(), result.code).ec != std::errc()) {
    return std::nullopt;
  }
  result.name = *name;
  return result;
}

}  // namespace noaber::wallet
