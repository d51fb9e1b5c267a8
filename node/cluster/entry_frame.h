// How payloads and state-machine snapshots are laid out inside libraft's buffers.
//
// libraft 0.15 stores an entry's bytes unpadded but reads entries back as if every length
// were a multiple of 8: a payload of any other length corrupts the log on restart, without
// an error (canonical/raft issues 180, 189, 304). So every entry is a frame
//   [u64 little-endian payload length][payload][zero bytes up to a multiple of 8]
// and the payload is cut out of it again on apply. Snapshots get the same framing plus a
// magic and the Raft index they cover, which libraft's restore callback does not tell.
//
// Pure functions, thread-safe.
#ifndef NOABER_NODE_CLUSTER_ENTRY_FRAME_H_
#define NOABER_NODE_CLUSTER_ENTRY_FRAME_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace noaber::node::cluster {

// Largest payload one entry may carry, and largest state one snapshot may carry.
inline constexpr size_t kPayloadBytesMax = size_t{64} << 20;
inline constexpr size_t kSnapshotStateBytesMax = size_t{1} << 30;
// libraft's entry alignment.
inline constexpr size_t kFrameAlignmentBytes = 8;

// Bytes of the frame holding `payload_bytes` (<= kPayloadBytesMax): a multiple of 8.
size_t EntryFrameBytes(size_t payload_bytes);
// Writes the frame of `payload` to `out`, which has EntryFrameBytes(payload.size()) bytes.
void WriteEntryFrame(std::string_view payload, char* out);
// The payload inside `frame`. kDataLoss when the frame is not one WriteEntryFrame wrote:
// length not a multiple of 8, declared length past the end, or non-zero padding.
absl::StatusOr<std::string_view> ReadEntryFrame(std::string_view frame);

// Bytes of the snapshot frame holding `state_bytes` of state: a multiple of 8.
size_t SnapshotFrameBytes(size_t state_bytes);
// Writes [magic][u64 raft index][u64 length][state][padding] to `out`, which has
// SnapshotFrameBytes(state.size()) bytes.
void WriteSnapshotFrame(uint64_t raft_index, std::string_view state, char* out);

struct SnapshotFrame {
  uint64_t raft_index = 0;  // the last entry the state includes
  std::string_view state;   // points into the frame
};
// The index and state inside `frame`; kDataLoss when it is not one WriteSnapshotFrame wrote.
absl::StatusOr<SnapshotFrame> ReadSnapshotFrame(std::string_view frame);

}  // namespace noaber::node::cluster

#endif  // NOABER_NODE_CLUSTER_ENTRY_FRAME_H_
