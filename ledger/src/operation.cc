#include "noaber/ledger/operation.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "noaber/ledger/strings.h"
#include "ledger/src/codec.h"
#include "noaber/ledger/crypto.h"

namespace noaber::ledger {

namespace {

constexpr std::string_view kOperationTag = "noaber-operation";

void WriteKeys(Writer& w, const std::vector<PublicKey>& keys) {
  w.U8(static_cast<uint8_t>(keys.size()));
  for (const PublicKey& key : keys) w.Fixed(key);
}

std::vector<PublicKey> ReadKeys(Reader& r) {
  std::vector<PublicKey> keys(r.U8());
  for (PublicKey& key : keys) key = r.Fixed<32>();
  return keys;
}

void WriteTransfer(Writer& w, const Transfer& t) {
  w.Str8(t.from);
  w.Str8(t.to);
  w.Str8(t.asset);
  w.I64(t.amount.minor_units);
  w.Str8(t.skill);
  w.Str16(t.memo);
}

Transfer ReadTransfer(Reader& r) {
  Transfer t;
  t.from = r.Str8();
  t.to = r.Str8();
  t.asset = r.Str8();
  t.amount = Amount{r.I64()};
  t.skill = r.Str8();
  t.memo = r.Str16();
  return t;
}

void WriteOptionalAmount(Writer& w, const std::optional<Amount>& amount) {
  w.U8(amount.has_value() ? 1 : 0);
  if (amount) w.I64(amount->minor_units);
}

std::optional<Amount> ReadOptionalAmount(Reader& r) {
  if (!r.Flag()) return std::nullopt;
  return Amount{r.I64()};
}

struct ActionWriter {
  Writer& w;
  void operator()(const OpenAccount& a) {
    w.Str8(a.handle);
    w.U8(static_cast<uint8_t>(a.kind));
    WriteKeys(w, a.keys);
    w.U8(a.threshold);
  }
  void operator()(const Transfer& a) { WriteTransfer(w, a); }
  void operator()(const CreatePending& a) {
    WriteTransfer(w, a.transfer);
    w.I64(a.timeout_ms);
  }
  void operator()(const PostPending& a) {
    w.Fixed(a.pending_id);
    WriteOptionalAmount(w, a.amount);
  }
  void operator()(const VoidPending& a) { w.Fixed(a.pending_id); }
  void operator()(const SetLimits& a) {
    w.Str8(a.handle);
    w.Str8(a.asset);
    WriteOptionalAmount(w, a.min);
    WriteOptionalAmount(w, a.max);
  }
  void operator()(const SetStatus& a) {
    w.Str8(a.handle);
    w.U8(static_cast<uint8_t>(a.status));
  }
  void operator()(const RotateKeys& a) {
    w.Str8(a.handle);
    WriteKeys(w, a.keys);
    w.U8(a.threshold);
  }
  void operator()(const ExpirePending& a) { w.Fixed(a.pending_id); }
  void operator()(const SetSkill& a) {
    w.Str8(a.skill.code);
    w.Str8(a.skill.label_nl);
    w.Str8(a.skill.label_en);
    w.Str8(a.skill.category);
    w.U8(a.skill.retired ? 1 : 0);
  }
  void operator()(const PostListing& a) {
    w.Str8(a.owner);
    w.U8(static_cast<uint8_t>(a.kind));
    w.Str8(a.skill);
    w.Str16(a.text);
    w.Str8(a.asset);
    w.I64(a.estimate.minor_units);
    w.I64(a.ends_at_ms);
  }
  void operator()(const CloseListing& a) { w.Fixed(a.listing_id); }
  void operator()(const RequestPayment& a) {
    w.Str8(a.payee);
    w.Str8(a.payer);
    w.Str8(a.asset);
    w.I64(a.amount.minor_units);
    w.Str8(a.skill);
    w.Str16(a.memo);
    w.U8(a.listing.has_value() ? 1 : 0);
    if (a.listing) w.Fixed(*a.listing);
    w.I64(a.expires_at_ms);
  }
  void operator()(const AcceptRequest& a) { w.Fixed(a.request_id); }
  void operator()(const DeclineRequest& a) { w.Fixed(a.request_id); }
  void operator()(const SetAssisted& a) {
    w.Str8(a.handle);
    w.U8(a.assisted ? 1 : 0);
  }
  void operator()(const CorrectTransfer& a) {
    w.Fixed(a.original_id);
    w.U8(a.action_index);
    w.Str16(a.reason);
  }
};

// Reads the actions added with the neighbourhood economy (types 10-17).
bool ReadEconomyAction(Reader& r, ActionType type, Action* action) {
  switch (type) {
    case ActionType::kSetSkill: {
      SetSkill a;
      a.skill.code = r.Str8();
      a.skill.label_nl = r.Str8();
      a.skill.label_en = r.Str8();
      a.skill.category = r.Str8();
      a.skill.retired = r.Flag();
      *action = std::move(a);
      return true;
    }
    case ActionType::kPostListing: {
      PostListing a;
      a.owner = r.Str8();
      a.kind = static_cast<ListingKind>(r.U8());
      a.skill = r.Str8();
      a.text = r.Str16();
      a.asset = r.Str8();
      a.estimate = Amount{r.I64()};
      a.ends_at_ms = r.I64();
      *action = std::move(a);
      return true;
    }
    case ActionType::kCloseListing:
      *action = CloseListing{r.Fixed<16>()};
      return true;
    case ActionType::kRequestPayment: {
      RequestPayment a;
      a.payee = r.Str8();
      a.payer = r.Str8();
      a.asset = r.Str8();
      a.amount = Amount{r.I64()};
      a.skill = r.Str8();
      a.memo = r.Str16();
      if (r.Flag()) a.listing = r.Fixed<16>();
      a.expires_at_ms = r.I64();
      *action = std::move(a);
      return true;
    }
    case ActionType::kAcceptRequest:
      *action = AcceptRequest{r.Fixed<16>()};
      return true;
    case ActionType::kDeclineRequest:
      *action = DeclineRequest{r.Fixed<16>()};
      return true;
    case ActionType::kSetAssisted: {
      SetAssisted a;
      a.handle = r.Str8();
      a.assisted = r.Flag();
      *action = std::move(a);
      return true;
    }
    case ActionType::kCorrectTransfer: {
      CorrectTransfer a;
      a.original_id = r.Fixed<16>();
      a.action_index = r.U8();
      a.reason = r.Str16();
      *action = std::move(a);
      return true;
    }
    default:
      return false;
  }
}

// Reads one action's fields; false for an unknown type.
bool ReadAction(Reader& r, ActionType type, Action* action) {
  switch (type) {
    case ActionType::kOpenAccount: {
      OpenAccount a;
      a.handle = r.Str8();
      a.kind = static_cast<AccountKind>(r.U8());
      a.keys = ReadKeys(r);
      a.threshold = r.U8();
      *action = std::move(a);
      return true;
    }
    case ActionType::kTransfer:
      *action = ReadTransfer(r);
      return true;
    case ActionType::kCreatePending: {
      CreatePending a;
      a.transfer = ReadTransfer(r);
      a.timeout_ms = r.I64();
      *action = std::move(a);
      return true;
    }
    case ActionType::kPostPending: {
      PostPending a;
      a.pending_id = r.Fixed<16>();
      a.amount = ReadOptionalAmount(r);
      *action = a;
      return true;
    }
    case ActionType::kVoidPending:
      *action = VoidPending{r.Fixed<16>()};
      return true;
    case ActionType::kSetLimits: {
      SetLimits a;
      a.handle = r.Str8();
      a.asset = r.Str8();
      a.min = ReadOptionalAmount(r);
      a.max = ReadOptionalAmount(r);
      *action = std::move(a);
      return true;
    }
    case ActionType::kSetStatus: {
      SetStatus a;
      a.handle = r.Str8();
      a.status = static_cast<AccountStatus>(r.U8());
      *action = std::move(a);
      return true;
    }
    case ActionType::kRotateKeys: {
      RotateKeys a;
      a.handle = r.Str8();
      a.keys = ReadKeys(r);
      a.threshold = r.U8();
      *action = std::move(a);
      return true;
    }
    case ActionType::kExpirePending:
      *action = ExpirePending{r.Fixed<16>()};
      return true;
    default:
      return ReadEconomyAction(r, type, action);
  }
}

}  // namespace

ActionType TypeOf(const Action& action) {
  // The variant's alternatives are listed in ActionType order, starting at 1.
  return static_cast<ActionType>(action.index() + 1);
}

const char* ActionTypeName(ActionType type) {
  switch (type) {
    case ActionType::kOpenAccount: return "open_account";
    case ActionType::kTransfer: return "transfer";
    case ActionType::kCreatePending: return "create_pending";
    case ActionType::kPostPending: return "post_pending";
    case ActionType::kVoidPending: return "void_pending";
    case ActionType::kSetLimits: return "set_limits";
    case ActionType::kSetStatus: return "set_status";
    case ActionType::kRotateKeys: return "rotate_keys";
    case ActionType::kExpirePending: return "expire_pending";
    case ActionType::kSetSkill: return "set_skill";
    case ActionType::kPostListing: return "post_listing";
    case ActionType::kCloseListing: return "close_listing";
    case ActionType::kRequestPayment: return "request_payment";
    case ActionType::kAcceptRequest: return "accept_request";
    case ActionType::kDeclineRequest: return "decline_request";
    case ActionType::kSetAssisted: return "set_assisted";
    case ActionType::kCorrectTransfer: return "correct_transfer";
  }
  return "unknown";
}

std::string EncodeOperation(const Operation& operation) {
  Writer w;
  w.Raw(kOperationTag);
  w.U8(kOperationVersion);
  w.Fixed(operation.community);
  w.Fixed(operation.id);
  w.I64(operation.valid_until_ms);
  w.U8(static_cast<uint8_t>(operation.actions.size()));
  for (const Action& action : operation.actions) {
    w.U8(static_cast<uint8_t>(TypeOf(action)));
    std::visit(ActionWriter{w}, action);
  }
  return w.Take();
}

Rejection DecodeOperation(std::string_view body, Operation* operation) {
  Reader r(body);
  if (r.Raw(kOperationTag.size()) != kOperationTag) {
    return Reject(ResultCode::kMalformedEncoding, "these bytes are not a Noaber operation");
  }
  // A body cut off before its version byte is truncated, not of version 0.
  if (uint8_t version = r.U8(); r.ok() && version != kOperationVersion) {
    return Reject(ResultCode::kUnsupportedVersion,
                  StrCat("operation version ", version, " is not supported (only ",
                               kOperationVersion, ")"));
  }
  Operation op;
  op.community = r.Fixed<32>();
  op.id = r.Fixed<16>();
  op.valid_until_ms = r.I64();
  size_t count = r.U8();
  if (r.ok() && count == 0) return Reject(ResultCode::kNoActions, "the operation has no actions");
  if (count > kActionsPerOperationMax) {
    return Reject(ResultCode::kTooManyActions,
                  StrCat("the operation has ", count, " actions; at most ",
                               kActionsPerOperationMax, " may be linked"));
  }
  for (size_t i = 0; i < count && r.ok(); ++i) {
    auto type = static_cast<ActionType>(r.U8());
    Action action;
    if (r.ok() && !ReadAction(r, type, &action)) {
      return Reject(ResultCode::kUnknownActionType,
                    StrCat("action ", i + 1, " has unknown type ",
                                 static_cast<int>(type)));
    }
    op.actions.push_back(std::move(action));
  }
  if (r.non_canonical()) {
    return Reject(ResultCode::kNonCanonical, "a flag byte is neither 0 nor 1");
  }
  if (!r.ok()) return Reject(ResultCode::kMalformedEncoding, "the operation is truncated");
  if (!r.done()) {
    return Reject(ResultCode::kMalformedEncoding,
                  StrCat("the operation has ", r.remaining(), " bytes after its end"));
  }
  if (EncodeOperation(op) != body) {
    return Reject(ResultCode::kNonCanonical, "the operation is not in canonical form");
  }
  *operation = std::move(op);
  return Ok();
}

std::string EncodeSignedOperation(const SignedOperation& signed_operation) {
  Writer w;
  w.Str32(signed_operation.body);
  w.U8(static_cast<uint8_t>(signed_operation.signatures.size()));
  for (const SignatureEntry& s : signed_operation.signatures) {
    w.Fixed(s.key);
    w.Fixed(s.signature);
  }
  return w.Take();
}

Rejection DecodeSignedOperation(std::string_view bytes, SignedOperation* signed_operation) {
  if (bytes.size() > kSignedOperationBytesMax) {
    return Reject(ResultCode::kTooLarge,
                  StrCat("the signed operation has ", bytes.size(),
                               " bytes; at most ", kSignedOperationBytesMax, " are accepted"));
  }
  Reader r(bytes);
  SignedOperation out;
  out.body = r.Str32();
  size_t count = r.U8();
  if (count > kSignaturesPerOperationMax) {
    return Reject(ResultCode::kTooManySignatures,
                  StrCat(count, " signatures; at most ", kSignaturesPerOperationMax));
  }
  out.signatures.resize(count);
  for (SignatureEntry& s : out.signatures) {
    s.key = r.Fixed<32>();
    s.signature = r.Fixed<64>();
  }
  if (!r.done()) {
    return Reject(ResultCode::kMalformedEncoding,
                  r.ok() ? "bytes after the end of the signed operation"
                         : "the signed operation is truncated");
  }
  for (size_t i = 1; i < out.signatures.size(); ++i) {
    if (!(out.signatures[i - 1].key < out.signatures[i].key)) {
      return Reject(ResultCode::kNonCanonical,
                    "signatures must be sorted by public key, each key once");
    }
  }
  *signed_operation = std::move(out);
  return Ok();
}

absl::Status AddSignature(const SecretKey& secret_key, SignedOperation* signed_operation) {
  SignatureEntry entry;
  std::copy(secret_key.begin() + 32, secret_key.end(), entry.key.begin());  // libsodium layout
  auto& sigs = signed_operation->signatures;
  auto at = std::lower_bound(sigs.begin(), sigs.end(), entry.key,
                             [](const SignatureEntry& s, const PublicKey& k) { return s.key < k; });
  if (at != sigs.end() && at->key == entry.key) {
    return absl::InvalidArgumentError("this key has already signed the operation");
  }
  entry.signature = Sign(secret_key, signed_operation->body);
  sigs.insert(at, entry);
  return absl::OkStatus();
}

std::string OperationIdToHex(const OperationId& id) { return ToHex(id); }

std::optional<OperationId> OperationIdFromHex(std::string_view hex) {
  OperationId id{};
  if (!FromHex(hex, id.data(), id.size())) return std::nullopt;
  return id;
}

OperationId NewOperationId() {
  // As UUIDv7 (RFC 9562) does: the time first, so ids made one after the other sort one after
  // the other and the node's index of operation ids (a RocksDB memtable, then sorted files)
  // appends them near its end instead of inserting each at a random place: about a memtable
  // search less per operation. 74 random bits keep ids made in the same millisecond apart;
  // the other 6 are UUIDv7's version (7, the high half of byte 6) and variant (binary 10,
  // the top of byte 8), so tools that read UUIDs read these right.
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  OperationId id{};
  for (int i = 0; i < 6; ++i) {
    id[i] = static_cast<uint8_t>(static_cast<uint64_t>(now_ms) >> (40 - 8 * i));
  }
  randombytes_buf(id.data() + 6, id.size() - 6);
  id[6] = static_cast<uint8_t>(0x70 | (id[6] & 0x0F));
  id[8] = static_cast<uint8_t>(0x80 | (id[8] & 0x3F));
  return id;
}

}  // namespace noaber::ledger
