#include "node/cluster/log_entry.h"

#include <sodium.h>

// The ledger's byte writer and reader: the log uses the same field encodings as the journal.
#include "ledger/src/codec.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/strings.h"

namespace noaber::node {

namespace {

using ledger::Reader;
using ledger::StrCat;
using ledger::Writer;

// The first byte of a payload. Frozen: logs outlive binaries.
enum class Kind : uint8_t { kBatch = 1, kFounding = 2, kMember = 3, kRemoval = 4 };

// Bounds on what a decoder accepts, so a damaged length cannot ask for gigabytes.
constexpr uint32_t kBatchOperationsMax = ledger::kOperationsPerBatchMax;
constexpr uint32_t kMembersMax = 64;
constexpr uint32_t kOutcomesMax = ledger::kOperationsPerBatchMax + ledger::kExpiriesPerBatchMax;

void PutMember(const MemberAddress& member, Writer& out) {
  out.U64(member.id);
  out.Str8(member.raft_address);
  out.Str8(member.grpc_address);
}

MemberAddress TakeMember(Reader& in) {
  MemberAddress member;
  member.id = in.U64();
  member.raft_address = in.Str8();
  member.grpc_address = in.Str8();
  return member;
}

struct Encoder {
  Writer& out;
  void operator()(const BatchEntry& batch) const {
    out.U8(static_cast<uint8_t>(Kind::kBatch));
    out.I64(batch.timestamp_ms);
    out.U32(static_cast<uint32_t>(batch.signed_operations.size()));
    for (const std::string& operation : batch.signed_operations) out.Str32(operation);
  }
  void operator()(const FoundingEntry& founding) const {
    out.U8(static_cast<uint8_t>(Kind::kFounding));
    out.Str32(founding.genesis);
    out.Str32(founding.compact_state);
    out.Fixed(founding.log_key.secret_key);
    out.Str8(founding.join_token);
    PutMember(founding.member, out);
  }
  void operator()(const MemberEntry& entry) const {
    out.U8(static_cast<uint8_t>(Kind::kMember));
    PutMember(entry.member, out);
  }
  void operator()(const RemovalEntry& removal) const {
    out.U8(static_cast<uint8_t>(Kind::kRemoval));
    out.U64(removal.id);
  }
};

absl::StatusOr<ClusterEntry> TakeBatch(Reader& in) {
  BatchEntry batch;
  batch.timestamp_ms = in.I64();
  const uint32_t count = in.U32();
  if (count > kBatchOperationsMax) {
    return absl::DataLossError(StrCat("a cluster log entry holds ", count, " operations"));
  }
  batch.signed_operations.reserve(count);
  for (uint32_t i = 0; i < count && in.ok(); ++i) batch.signed_operations.push_back(in.Str32());
  return batch;
}

absl::StatusOr<ClusterEntry> TakeFounding(Reader& in) {
  FoundingEntry founding;
  founding.genesis = in.Str32();
  founding.compact_state = in.Str32();
  founding.log_key.secret_key = in.Fixed<crypto_sign_SECRETKEYBYTES>();
  std::copy(founding.log_key.secret_key.begin() + 32, founding.log_key.secret_key.end(),
            founding.log_key.public_key.begin());
  founding.join_token = in.Str8();
  founding.member = TakeMember(in);
  return founding;
}

}  // namespace

std::string EncodeClusterEntry(const ClusterEntry& entry) {
  Writer out;
  std::visit(Encoder{out}, entry);
  return out.Take();
}

absl::StatusOr<ClusterEntry> DecodeClusterEntry(std::string_view bytes) {
  Reader in(bytes);
  const auto kind = static_cast<Kind>(in.U8());
  absl::StatusOr<ClusterEntry> entry;
  switch (kind) {
    case Kind::kBatch:
      entry = TakeBatch(in);
      break;
    case Kind::kFounding:
      entry = TakeFounding(in);
      break;
    case Kind::kMember:
      entry = MemberEntry{TakeMember(in)};
      break;
    case Kind::kRemoval:
      entry = RemovalEntry{in.U64()};
      break;
    default:
      return absl::DataLossError(
          StrCat("a cluster log entry of unknown kind ", static_cast<int>(kind),
                 " (written by a newer noaber-node?)"));
  }
  if (!entry.ok()) return entry.status();
  if (!in.done()) return absl::DataLossError("a cluster log entry is damaged (its length is wrong)");
  return entry;
}

std::string EncodeDirectory(const ClusterDirectory& directory) {
  Writer out;
  out.Str8(directory.join_token);
  out.U32(static_cast<uint32_t>(directory.members.size()));
  for (const MemberAddress& member : directory.members) PutMember(member, out);
  return out.Take();
}

absl::StatusOr<ClusterDirectory> DecodeDirectory(std::string_view bytes) {
  Reader in(bytes);
  ClusterDirectory directory;
  directory.join_token = in.Str8();
  const uint32_t count = in.U32();
  if (count > kMembersMax) return absl::DataLossError("the cluster directory is damaged");
  for (uint32_t i = 0; i < count && in.ok(); ++i) directory.members.push_back(TakeMember(in));
  if (!in.done()) return absl::DataLossError("the cluster directory is damaged");
  return directory;
}

std::string EncodeOutcomes(const std::vector<ledger::Outcome>& outcomes) {
  Writer out;
  out.U32(static_cast<uint32_t>(outcomes.size()));
  for (const ledger::Outcome& outcome : outcomes) {
    out.U16(static_cast<uint16_t>(outcome.code));
    out.Str16(outcome.message);
    out.U64(outcome.index);
    out.I64(outcome.timestamp_ms);
    out.Fixed(outcome.previous_hash);
    out.Fixed(outcome.leaf_hash);
  }
  return out.Take();
}

absl::StatusOr<std::vector<ledger::Outcome>> DecodeOutcomes(std::string_view bytes) {
  Reader in(bytes);
  const uint32_t count = in.U32();
  if (count > kOutcomesMax) return absl::DataLossError("too many outcomes");
  std::vector<ledger::Outcome> outcomes(count);
  for (ledger::Outcome& outcome : outcomes) {
    outcome.code = static_cast<ledger::ResultCode>(in.U16());
    outcome.message = in.Str16();
    outcome.index = in.U64();
    outcome.timestamp_ms = in.I64();
    outcome.previous_hash = in.Fixed<32>();
    outcome.leaf_hash = in.Fixed<32>();
  }
  if (!in.done()) return absl::DataLossError("the outcomes of a cluster log entry are damaged");
  return outcomes;
}

}  // namespace noaber::node
