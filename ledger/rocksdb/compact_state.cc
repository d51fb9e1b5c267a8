#include "ledger/rocksdb/compact_state.h"

#include <algorithm>

#include "ledger/src/codec.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

constexpr size_t kChecksumBytes = 32;
constexpr size_t kHeaderBytes = kCompactStateMagic.size() + 2 + 8 + 8;

void PatchBigEndian(std::string& out, size_t at, uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) out[at + i] = static_cast<char>(v & 0xff);
}

absl::Status Damaged(std::string_view what) {
  return absl::DataLossError(StrCat("the compact state is damaged: ", what));
}

}  // namespace

CompactStateWriter::CompactStateWriter(const CompactStateHeader& header) {
  out_.append(kCompactStateMagic);
  AppendBigEndian(&out_, header.version, 2);
  AppendBigEndian(&out_, header.raft_applied_index, 8);
  AppendBigEndian(&out_, header.journal_first_index, 8);
}

void CompactStateWriter::BeginSection(std::string_view family) {
  EndSection();
  const size_t length = std::min<size_t>(family.size(), 0xff);
  out_.push_back(static_cast<char>(length));
  out_.append(family.substr(0, length));
  count_at_ = out_.size();
  AppendBigEndian(&out_, 0, 8);
  rows_ = 0;
}

void CompactStateWriter::AddRow(std::string_view key, std::string_view value) {
  AppendBigEndian(&out_, key.size(), 4);
  out_.append(key);
  AppendBigEndian(&out_, value.size(), 4);
  out_.append(value);
  ++rows_;
}

void CompactStateWriter::EndSection() {
  if (count_at_ != 0) PatchBigEndian(out_, count_at_, rows_);
  count_at_ = 0;
}

std::string CompactStateWriter::Finish() {
  EndSection();
  const Hash checksum = Sha256(out_);
  out_.append(reinterpret_cast<const char*>(checksum.data()), checksum.size());
  return std::move(out_);
}

absl::StatusOr<CompactStateReader> CompactStateReader::Open(std::string_view bytes) {
  if (bytes.substr(0, kCompactStateMagic.size()) != kCompactStateMagic) {
    return absl::InvalidArgumentError(
        "these bytes are not a Noaber compact state (they do not start with its magic)");
  }
  Reader header_reader(bytes.substr(kCompactStateMagic.size()));
  CompactStateHeader header;
  header.version = header_reader.U16();
  if (header_reader.ok() && header.version != kCompactStateVersion) {
    return absl::InvalidArgumentError(StrCat("compact state version ", header.version,
                                             " is not supported (only ", kCompactStateVersion,
                                             ")"));
  }
  if (bytes.size() < kHeaderBytes + kChecksumBytes) return Damaged("it is cut short");
  const std::string_view covered = bytes.substr(0, bytes.size() - kChecksumBytes);
  const Hash checksum = Sha256(covered);
  if (bytes.substr(covered.size()) !=
      std::string_view(reinterpret_cast<const char*>(checksum.data()), checksum.size())) {
    return Damaged("its SHA-256 checksum does not match its contents");
  }
  header.raft_applied_index = header_reader.U64();
  header.journal_first_index = header_reader.U64();
  return CompactStateReader(header, covered.substr(kHeaderBytes));
}

absl::Status CompactStateReader::ForEachRow(
    const std::function<absl::Status(std::string_view, std::string_view, std::string_view)>& fn)
    const {
  Reader r(sections_);
  while (r.ok() && !r.done()) {
    const std::string_view family = r.Raw(r.U8());
    const uint64_t rows = r.U64();
    // Every row takes at least 8 bytes, so a count beyond that is damage, not a long loop.
    if (!r.ok() || rows > r.remaining() / 8) return Damaged("a section's row count is wrong");
    for (uint64_t i = 0; i < rows; ++i) {
      const std::string_view key = r.Raw(r.U32());
      const std::string_view value = r.Raw(r.U32());
      if (!r.ok()) return Damaged(StrCat("a row of section \"", family, "\" is cut short"));
      if (absl::Status s = fn(family, key, value); !s.ok()) return s;
    }
  }
  if (!r.ok()) return Damaged("a section header is cut short");
  return absl::OkStatus();
}

}  // namespace noaber::ledger
