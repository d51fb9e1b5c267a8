#include "wallet-cli/qr.h"

#include <qrencode.h>

#include "noaber/ledger/strings.h"

namespace noaber::wallet {

absl::StatusOr<std::vector<std::vector<bool>>> QrModules(std::string_view text) {
  if (text.empty() || text.size() > kQrTextBytesMax) {
    return absl::InvalidArgumentError(
        ledger::StrCat("QR text must be 1 to ", kQrTextBytesMax, " bytes"));
  }
  std::string terminated(text);
  QRcode* code = QRcode_encodeString8bit(terminated.c_str(), /*version=*/0, QR_ECLEVEL_M);
  if (code == nullptr) return absl::InternalError("libqrencode could not encode the text");
  size_t width = static_cast<size_t>(code->width);
  std::vector<std::vector<bool>> modules(width, std::vector<bool>(width));
  for (size_t y = 0; y < width; ++y) {
    for (size_t x = 0; x < width; ++x) modules[y][x] = (code->data[y * width + x] & 1) != 0;
  }
  QRcode_free(code);
  return modules;
}

std::string DrawQr(const std::vector<std::vector<bool>>& modules) {
  const int width = static_cast<int>(modules.size());
  const int quiet = kQrQuietZoneModules;
  // A light module is lit; the quiet zone is light.
  auto light = [&](int y, int x) {
    if (y < 0 || x < 0 || y >= width || x >= width) return true;
    return !modules[y][x];
  };
  std::string out;
  for (int y = -quiet; y < width + quiet; y += 2) {
    for (int x = -quiet; x < width + quiet; ++x) {
      bool top = light(y, x), bottom = light(y + 1, x);
      if (top && bottom) {
        out += "█";
      } else if (top) {
        out += "▀";
      } else if (bottom) {
        out += "▄";
      } else {
        out += " ";
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace noaber::wallet
