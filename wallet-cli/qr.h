// QR codes for the terminal: libqrencode's symbol drawn with Unicode half blocks, two rows
// of modules per line of text, with a quiet zone. Light modules are drawn as blocks (as
// `qrencode -t UTF8` does), which reads on the usual dark terminal. Thread-safe.
#ifndef NOABER_WALLET_CLI_QR_H_
#define NOABER_WALLET_CLI_QR_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace noaber::wallet {

inline constexpr int kQrQuietZoneModules = 2;
inline constexpr size_t kQrTextBytesMax = 512;

// Modules of the symbol for `text`, row by row, true for dark. InvalidArgument if the text
// is empty or longer than kQrTextBytesMax; Internal if libqrencode fails.
absl::StatusOr<std::vector<std::vector<bool>>> QrModules(std::string_view text);

// Draws modules (a square grid) with ' ', '▀', '▄' and '█'; lines end with '\n'.
std::string DrawQr(const std::vector<std::vector<bool>>& modules);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_QR_H_
