#include "node/cluster/entry_frame.h"

#include <string>

#include "gtest/gtest.h"

namespace noaber::node::cluster {
namespace {

std::string Frame(std::string_view payload) {
  std::string frame(EntryFrameBytes(payload.size()), '\xee');
  WriteEntryFrame(payload, frame.data());
  return frame;
}

TEST(EntryFrameTest, EveryLengthRoundTripsInAMultipleOfEightBytes) {
  for (size_t length = 0; length <= 41; ++length) {
    std::string payload(length, '\0');
    for (size_t i = 0; i < length; ++i) payload[i] = static_cast<char>('a' + i % 26);
    const std::string frame = Frame(payload);
    EXPECT_EQ(frame.size() % kFrameAlignmentBytes, 0u) << length;
    EXPECT_GE(frame.size(), 8 + length);
    EXPECT_LT(frame.size(), 16 + length);
    absl::StatusOr<std::string_view> read = ReadEntryFrame(frame);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(*read, payload);
  }
}

TEST(EntryFrameTest, LengthIsLittleEndianAndPaddingZero) {
  const std::string frame = Frame("abc");
  EXPECT_EQ(frame, std::string("\x03\0\0\0\0\0\0\0abc\0\0\0\0\0", 16));
}

TEST(EntryFrameTest, RefusesWhatItDidNotWrite) {
  const std::string good = Frame("hello");
  EXPECT_FALSE(ReadEntryFrame(good.substr(0, 12)).ok());  // not a multiple of 8
  EXPECT_FALSE(ReadEntryFrame("").ok());
  std::string long_length = good;
  long_length[0] = 9;  // 9 bytes do not fit in 16
  EXPECT_EQ(ReadEntryFrame(long_length).status().code(), absl::StatusCode::kDataLoss);
  std::string short_length = good;
  short_length[0] = 2;  // leaves a whole word of padding
  EXPECT_FALSE(ReadEntryFrame(short_length).ok());
  std::string dirty_padding = good;
  dirty_padding.back() = 'x';
  EXPECT_FALSE(ReadEntryFrame(dirty_padding).ok());
  std::string huge = good;
  huge[7] = '\x01';
  EXPECT_FALSE(ReadEntryFrame(huge).ok());
}

TEST(EntryFrameTest, SnapshotCarriesItsIndex) {
  for (size_t length : {0u, 1u, 7u, 8u, 13u}) {
    const std::string state(length, 's');
    std::string frame(SnapshotFrameBytes(length), '\xee');
    WriteSnapshotFrame(1234567, state, frame.data());
    EXPECT_EQ(frame.size() % kFrameAlignmentBytes, 0u);
    absl::StatusOr<SnapshotFrame> read = ReadSnapshotFrame(frame);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->raft_index, 1234567u);
    EXPECT_EQ(read->state, state);
  }
}

TEST(EntryFrameTest, SnapshotRefusesAnotherFormat) {
  std::string frame(SnapshotFrameBytes(3), '\0');
  WriteSnapshotFrame(5, "abc", frame.data());
  std::string wrong_magic = frame;
  wrong_magic[0] = 'X';
  EXPECT_EQ(ReadSnapshotFrame(wrong_magic).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_FALSE(ReadSnapshotFrame(frame.substr(0, 16)).ok());
  EXPECT_FALSE(ReadSnapshotFrame(Frame("abc")).ok());
}

}  // namespace
}  // namespace noaber::node::cluster
