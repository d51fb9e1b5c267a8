// noaber-bench: numbers as people read them in its output.
#ifndef NOABER_BENCH_NOABER_BENCH_FORMAT_H_
#define NOABER_BENCH_NOABER_BENCH_FORMAT_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace noaber::bench {

// 1234567 -> "1,234,567".
inline std::string Grouped(uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// 8123.6 -> "8,124".
inline std::string Rounded(double value) {
  return Grouped(value <= 0 ? 0 : static_cast<uint64_t>(value + 0.5));
}

// 3.14159, 2 -> "3.14".
inline std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_FORMAT_H_
