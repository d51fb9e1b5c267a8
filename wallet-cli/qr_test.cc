#include "wallet-cli/qr.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace noaber::wallet {
namespace {

// Counts UTF-8 code points, which is what a terminal shows one cell each for here.
size_t Glyphs(std::string_view line) {
  size_t count = 0;
  for (char c : line) count += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return count;
}

TEST(QrTest, PublicKeyFitsASmallSymbol) {
  absl::StatusOr<std::vector<std::vector<bool>>> modules = QrModules(std::string(64, 'a'));
  ASSERT_TRUE(modules.ok()) << modules.status();
  size_t width = modules->size();
  EXPECT_GE(width, 21u);
  EXPECT_LE(width, 41u);
  EXPECT_EQ((width - 17) % 4, 0u) << "QR widths are 17 + 4 * version";
  for (const auto& row : *modules) EXPECT_EQ(row.size(), width);
  // Finder pattern corners: dark outer ring, light ring, dark centre.
  EXPECT_TRUE((*modules)[0][0]);
  EXPECT_FALSE((*modules)[1][1]);
  EXPECT_TRUE((*modules)[3][3]);
}

TEST(QrTest, DrawsTwoRowsPerLineWithAQuietZone) {
  std::vector<std::vector<bool>> modules = *QrModules("noaber");
  std::string drawing = DrawQr(modules);
  size_t side = modules.size() + 2 * kQrQuietZoneModules;
  std::vector<std::string> lines;
  for (size_t start = 0; start < drawing.size();) {
    size_t end = drawing.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "every line ends with a newline";
    lines.push_back(drawing.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(lines.size(), (side + 1) / 2);
  for (const std::string& line : lines) EXPECT_EQ(Glyphs(line), side);
  // The quiet zone is light, drawn as full blocks.
  EXPECT_EQ(lines.front().substr(0, 3), "█");
}

TEST(QrTest, DrawsEachHalfBlock) {
  // Column 0: dark over dark; 1: light over dark; 2: dark over light; 3: light over light.
  std::vector<std::vector<bool>> modules = {{true, false, true, false},
                                            {true, true, false, false},
                                            {false, false, false, false},
                                            {false, false, false, false}};
  std::string drawing = DrawQr(modules);
  std::string expected_row;
  for (int i = 0; i < kQrQuietZoneModules; ++i) expected_row += "█";
  expected_row += " ▀▄█";
  for (int i = 0; i < kQrQuietZoneModules; ++i) expected_row += "█";
  EXPECT_THAT(drawing, ::testing::HasSubstr(expected_row));
}

TEST(QrTest, RefusesEmptyAndHugeText) {
  EXPECT_EQ(QrModules("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QrModules(std::string(kQrTextBytesMax + 1, 'a')).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace noaber::wallet
