// Byte encodings of the state records, for durable stores and for byte-for-byte comparison
// of two states. Fixed-width big-endian fields, as in the journal. Decoders refuse anything
// that is not exactly one record.
#ifndef NOABER_LEDGER_RECORDS_H_
#define NOABER_LEDGER_RECORDS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/types.h"

namespace noaber::ledger {

std::string EncodeAccount(const Account& account);
absl::StatusOr<Account> DecodeAccount(std::string_view bytes);
std::string EncodeBalance(const Balance& balance);
absl::StatusOr<Balance> DecodeBalance(std::string_view bytes);
std::string EncodePending(const Pending& pending);
absl::StatusOr<Pending> DecodePending(std::string_view bytes);
std::string EncodeOperationRecord(const OperationRecord& record);
absl::StatusOr<OperationRecord> DecodeOperationRecord(std::string_view bytes);
std::string EncodeSkill(const Skill& skill);
absl::StatusOr<Skill> DecodeSkill(std::string_view bytes);
std::string EncodeListing(const Listing& listing);
absl::StatusOr<Listing> DecodeListing(std::string_view bytes);
std::string EncodeRequest(const PaymentRequest& request);
absl::StatusOr<PaymentRequest> DecodeRequest(std::string_view bytes);
std::string EncodeHead(const JournalHead& head);
absl::StatusOr<JournalHead> DecodeHead(std::string_view bytes);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_RECORDS_H_
