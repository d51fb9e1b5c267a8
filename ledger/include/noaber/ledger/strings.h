// String building for messages. Debian's Abseil is built with its own absl::string_view, so
// absl::StrCat does not take std::string_view; this small StrCat takes both.
#ifndef NOABER_LEDGER_STRINGS_H_
#define NOABER_LEDGER_STRINGS_H_

#include <concepts>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace noaber::ledger {

namespace strings_internal {
inline void Append(std::string& out, std::string_view s) { out.append(s); }
inline void Append(std::string& out, const char* s) { out.append(s); }
inline void Append(std::string& out, const std::string& s) { out.append(s); }
inline void Append(std::string& out, absl::string_view s) { out.append(s.data(), s.size()); }
inline void Append(std::string& out, char c) { out.push_back(c); }
template <std::integral T>
  requires(!std::same_as<T, char> && !std::same_as<T, bool>)
void Append(std::string& out, T v) {
  out.append(std::to_string(v));
}
}  // namespace strings_internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (strings_internal::Append(out, args), ...);
  return out;
}

template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  (strings_internal::Append(*out, args), ...);
}

inline std::string_view StripLeadingWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                        s.front() == '\r')) {
    s.remove_prefix(1);
  }
  return s;
}

inline std::string_view StripWhitespace(std::string_view s) {
  s = StripLeadingWhitespace(s);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

inline std::string_view ToView(absl::string_view s) { return {s.data(), s.size()}; }

// Outside bytes (a refused handle, code or field) as a sentence may quote them: printable
// ASCII as is, every other byte as \xHH. Sentences travel in protobuf strings, which must be
// UTF-8, and end up on terminals, which must not get control characters.
inline std::string Printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    } else {
      StrAppend(&out, "\\x", kHex[byte >> 4], kHex[byte & 0x0f]);
    }
  }
  return out;
}

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_STRINGS_H_
