#include "node/cluster/entry_frame.h"

#include <cstring>

#include "absl/status/status.h"
#include "noaber/ledger/strings.h"

namespace noaber::node::cluster {
namespace {

using ledger::StrCat;

constexpr std::string_view kSnapshotMagic = "NBRSNAP1";
constexpr size_t kWordBytes = 8;

size_t PaddedBytes(size_t bytes) {
  return (bytes + kFrameAlignmentBytes - 1) / kFrameAlignmentBytes * kFrameAlignmentBytes;
}

void PutWord(uint64_t value, char* out) {
  for (size_t i = 0; i < kWordBytes; ++i) {
    out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

uint64_t GetWord(const char* in) {
  uint64_t value = 0;
  for (size_t i = 0; i < kWordBytes; ++i) {
    value |= uint64_t{static_cast<unsigned char>(in[i])} << (8 * i);
  }
  return value;
}

// Writes `bytes` after `header_bytes` of header, then zero padding.
void PutBody(std::string_view bytes, size_t header_bytes, char* out) {
  if (!bytes.empty()) std::memcpy(out + header_bytes, bytes.data(), bytes.size());
  const size_t end = header_bytes + bytes.size();
  std::memset(out + end, 0, PaddedBytes(end) - end);
}

// The body of `frame` after `header_bytes`, whose length is the word just before it.
absl::StatusOr<std::string_view> GetBody(std::string_view frame, size_t header_bytes,
                                         size_t body_bytes_max, std::string_view what) {
  if (frame.size() < header_bytes || frame.size() % kFrameAlignmentBytes != 0) {
    return absl::DataLossError(StrCat(what, " of ", frame.size(), " bytes is not a whole frame"));
  }
  const uint64_t length = GetWord(frame.data() + header_bytes - kWordBytes);
  if (length > body_bytes_max || PaddedBytes(header_bytes + length) != frame.size()) {
    return absl::DataLossError(
        StrCat(what, " of ", frame.size(), " bytes declares a length of ", length));
  }
  for (size_t i = header_bytes + length; i < frame.size(); ++i) {
    if (frame[i] != 0) return absl::DataLossError(StrCat(what, " has non-zero padding"));
  }
  return frame.substr(header_bytes, length);
}

}  // namespace

size_t EntryFrameBytes(size_t payload_bytes) { return PaddedBytes(kWordBytes + payload_bytes); }

void WriteEntryFrame(std::string_view payload, char* out) {
  PutWord(payload.size(), out);
  PutBody(payload, kWordBytes, out);
}

absl::StatusOr<std::string_view> ReadEntryFrame(std::string_view frame) {
  return GetBody(frame, kWordBytes, kPayloadBytesMax, "raft entry");
}

size_t SnapshotFrameBytes(size_t state_bytes) { return PaddedBytes(3 * kWordBytes + state_bytes); }

void WriteSnapshotFrame(uint64_t raft_index, std::string_view state, char* out) {
  std::memcpy(out, kSnapshotMagic.data(), kWordBytes);
  PutWord(raft_index, out + kWordBytes);
  PutWord(state.size(), out + 2 * kWordBytes);
  PutBody(state, 3 * kWordBytes, out);
}

absl::StatusOr<SnapshotFrame> ReadSnapshotFrame(std::string_view frame) {
  if (frame.substr(0, kWordBytes) != kSnapshotMagic) {
    return absl::DataLossError("raft snapshot does not start with the Noaber snapshot magic");
  }
  absl::StatusOr<std::string_view> state =
      GetBody(frame, 3 * kWordBytes, kSnapshotStateBytesMax, "raft snapshot");
  if (!state.ok()) return state.status();
  return SnapshotFrame{GetWord(frame.data() + kWordBytes), *state};
}

}  // namespace noaber::node::cluster
