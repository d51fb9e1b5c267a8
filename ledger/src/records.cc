#include "noaber/ledger/records.h"

#include "noaber/ledger/strings.h"
#include "ledger/src/codec.h"

namespace noaber::ledger {

namespace {
template <typename T>
absl::StatusOr<T> Finish(Reader& r, T value, const char* what) {
  if (!r.done()) return absl::DataLossError(StrCat("stored ", what, " does not decode"));
  return value;
}
}  // namespace

std::string EncodeAccount(const Account& a) {
  Writer w;
  w.Str8(a.handle);
  w.U8(static_cast<uint8_t>(a.kind));
  w.U8(static_cast<uint8_t>(a.status));
  w.U8(static_cast<uint8_t>(a.keys.size()));
  for (const PublicKey& key : a.keys) w.Fixed(key);
  w.U8(a.threshold);
  w.U64(a.opened_index);
  w.U8(a.assisted ? 1 : 0);
  return w.Take();
}

absl::StatusOr<Account> DecodeAccount(std::string_view bytes) {
  Reader r(bytes);
  Account a;
  a.handle = r.Str8();
  a.kind = static_cast<AccountKind>(r.U8());
  a.status = static_cast<AccountStatus>(r.U8());
  a.keys.resize(r.U8());
  for (PublicKey& key : a.keys) key = r.Fixed<32>();
  a.threshold = r.U8();
  a.opened_index = r.U64();
  a.assisted = r.Flag();
  return Finish(r, std::move(a), "account");
}

std::string EncodeBalance(const Balance& b) {
  Writer w;
  w.I64(b.balance.minor_units);
  w.I64(b.pending_debits.minor_units);
  w.I64(b.pending_credits.minor_units);
  w.I64(b.limits.min.minor_units);
  w.I64(b.limits.max.minor_units);
  return w.Take();
}

absl::StatusOr<Balance> DecodeBalance(std::string_view bytes) {
  Reader r(bytes);
  Balance b;
  b.balance = Amount{r.I64()};
  b.pending_debits = Amount{r.I64()};
  b.pending_credits = Amount{r.I64()};
  b.limits.min = Amount{r.I64()};
  b.limits.max = Amount{r.I64()};
  return Finish(r, b, "balance");
}

std::string EncodePending(const Pending& p) {
  Writer w;
  w.Fixed(p.id);
  w.Str8(p.from);
  w.Str8(p.to);
  w.Str8(p.asset);
  w.I64(p.amount.minor_units);
  w.Str8(p.skill);
  w.Str16(p.memo);
  w.I64(p.expires_at_ms);
  w.U8(static_cast<uint8_t>(p.state));
  w.I64(p.posted.minor_units);
  w.U64(p.created_index);
  w.U64(p.resolved_index);
  return w.Take();
}

absl::StatusOr<Pending> DecodePending(std::string_view bytes) {
  Reader r(bytes);
  Pending p;
  p.id = r.Fixed<16>();
  p.from = r.Str8();
  p.to = r.Str8();
  p.asset = r.Str8();
  p.amount = Amount{r.I64()};
  p.skill = r.Str8();
  p.memo = r.Str16();
  p.expires_at_ms = r.I64();
  p.state = static_cast<PendingState>(r.U8());
  p.posted = Amount{r.I64()};
  p.created_index = r.U64();
  p.resolved_index = r.U64();
  return Finish(r, std::move(p), "pending transfer");
}

std::string EncodeOperationRecord(const OperationRecord& record) {
  Writer w;
  w.U64(record.index);
  w.I64(record.timestamp_ms);
  w.Fixed(record.body_hash);
  return w.Take();
}

absl::StatusOr<OperationRecord> DecodeOperationRecord(std::string_view bytes) {
  Reader r(bytes);
  OperationRecord record;
  record.index = r.U64();
  record.timestamp_ms = r.I64();
  record.body_hash = r.Fixed<32>();
  return Finish(r, record, "operation record");
}

std::string EncodeSkill(const Skill& skill) {
  Writer w;
  w.Str8(skill.code);
  w.Str8(skill.label_nl);
  w.Str8(skill.label_en);
  w.Str8(skill.category);
  w.U8(skill.retired ? 1 : 0);
  return w.Take();
}

absl::StatusOr<Skill> DecodeSkill(std::string_view bytes) {
  Reader r(bytes);
  Skill skill;
  skill.code = r.Str8();
  skill.label_nl = r.Str8();
  skill.label_en = r.Str8();
  skill.category = r.Str8();
  skill.retired = r.Flag();
  return Finish(r, std::move(skill), "skill");
}

std::string EncodeListing(const Listing& l) {
  Writer w;
  w.Fixed(l.id);
  w.Str8(l.owner);
  w.U8(static_cast<uint8_t>(l.kind));
  w.Str8(l.skill);
  w.Str16(l.text);
  w.Str8(l.asset);
  w.I64(l.estimate.minor_units);
  w.I64(l.ends_at_ms);
  w.U8(static_cast<uint8_t>(l.state));
  w.U64(l.created_index);
  w.U64(l.closed_index);
  return w.Take();
}

absl::StatusOr<Listing> DecodeListing(std::string_view bytes) {
  Reader r(bytes);
  Listing l;
  l.id = r.Fixed<16>();
  l.owner = r.Str8();
  l.kind = static_cast<ListingKind>(r.U8());
  l.skill = r.Str8();
  l.text = r.Str16();
  l.asset = r.Str8();
  l.estimate = Amount{r.I64()};
  l.ends_at_ms = r.I64();
  l.state = static_cast<ListingState>(r.U8());
  l.created_index = r.U64();
  l.closed_index = r.U64();
  return Finish(r, std::move(l), "listing");
}

std::string EncodeRequest(const PaymentRequest& q) {
  Writer w;
  w.Fixed(q.id);
  w.Str8(q.payee);
  w.Str8(q.payer);
  w.Str8(q.asset);
  w.I64(q.amount.minor_units);
  w.Str8(q.skill);
  w.Str16(q.memo);
  w.U8(q.listing.has_value() ? 1 : 0);
  if (q.listing) w.Fixed(*q.listing);
  w.I64(q.expires_at_ms);
  w.U8(static_cast<uint8_t>(q.state));
  w.U64(q.created_index);
  w.U64(q.resolved_index);
  return w.Take();
}

absl::StatusOr<PaymentRequest> DecodeRequest(std::string_view bytes) {
  Reader r(bytes);
  PaymentRequest q;
  q.id = r.Fixed<16>();
  q.payee = r.Str8();
  q.payer = r.Str8();
  q.asset = r.Str8();
  q.amount = Amount{r.I64()};
  q.skill = r.Str8();
  q.memo = r.Str16();
  if (r.Flag()) q.listing = r.Fixed<16>();
  q.expires_at_ms = r.I64();
  q.state = static_cast<RequestState>(r.U8());
  q.created_index = r.U64();
  q.resolved_index = r.U64();
  return Finish(r, std::move(q), "payment request");
}

std::string EncodeHead(const JournalHead& head) {
  Writer w;
  w.U64(head.index);
  w.Fixed(head.hash);
  return w.Take();
}

absl::StatusOr<JournalHead> DecodeHead(std::string_view bytes) {
  Reader r(bytes);
  JournalHead head;
  head.index = r.U64();
  head.hash = r.Fixed<32>();
  return Finish(r, head, "journal head");
}

}  // namespace noaber::ledger
