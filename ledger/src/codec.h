// Byte writer and reader for the canonical encodings: big-endian fixed-width integers and
// length-prefixed strings. Private to the ledger.
#ifndef NOABER_LEDGER_SRC_CODEC_H_
#define NOABER_LEDGER_SRC_CODEC_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace noaber::ledger {

// Appends the `width` low bytes of `v` to `out`, most significant first.
inline void AppendBigEndian(std::string* out, uint64_t v, int width = 8) {
  for (int i = width - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Uint(v, 2); }
  void U32(uint32_t v) { Uint(v, 4); }
  void U64(uint64_t v) { Uint(v, 8); }
  void I64(int64_t v) { Uint(static_cast<uint64_t>(v), 8); }
  void Raw(std::string_view bytes) { out_.append(bytes); }
  template <size_t N>
  void Fixed(const std::array<uint8_t, N>& bytes) {
    out_.append(reinterpret_cast<const char*>(bytes.data()), N);
  }
  // Strings longer than the prefix allows are the caller's bug: they are cut, and the
  // decoder's bound checks will then refuse the result.
  void Str8(std::string_view s) { Prefixed(s, 0xff, 1); }
  void Str16(std::string_view s) { Prefixed(s, 0xffff, 2); }
  void Str32(std::string_view s) { Prefixed(s, 0xffffffffu, 4); }
  std::string Take() { return std::move(out_); }
  const std::string& bytes() const { return out_; }

 private:
  void Uint(uint64_t v, int width) { AppendBigEndian(&out_, v, width); }
  void Prefixed(std::string_view s, size_t max, int width) {
    size_t n = s.size() > max ? max : s.size();
    Uint(n, width);
    out_.append(s.substr(0, n));
  }
  std::string out_;
};

// Reads until the first failure; after that every call returns zero values and ok() is false.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint8_t U8() { return static_cast<uint8_t>(Uint(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Uint(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Uint(4)); }
  uint64_t U64() { return Uint(8); }
  int64_t I64() { return static_cast<int64_t>(Uint(8)); }
  std::string_view Raw(size_t n) {
    if (!ok_ || in_.size() < n) return Fail();
    std::string_view r = in_.substr(0, n);
    in_.remove_prefix(n);
    return r;
  }
  template <size_t N>
  std::array<uint8_t, N> Fixed() {
    std::array<uint8_t, N> r{};
    std::string_view s = Raw(N);
    if (ok_) std::memcpy(r.data(), s.data(), N);
    return r;
  }
  std::string Str8() { return std::string(Raw(Uint(1))); }
  std::string Str16() { return std::string(Raw(Uint(2))); }
  std::string Str32() { return std::string(Raw(Uint(4))); }
  // A 0/1 flag; any other byte makes the reader fail and marks the input non-canonical.
  bool Flag() {
    uint8_t v = U8();
    if (v > 1) {
      non_canonical_ = true;
      Fail();
    }
    return v == 1;
  }
  bool non_canonical() const { return non_canonical_; }
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }
  size_t remaining() const { return in_.size(); }

 private:
  uint64_t Uint(int width) {
    if (!ok_ || in_.size() < static_cast<size_t>(width)) {
      Fail();
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<uint8_t>(in_[i]);
    in_.remove_prefix(width);
    return v;
  }
  std::string_view Fail() {
    ok_ = false;
    in_ = {};
    return {};
  }
  std::string_view in_;
  bool ok_ = true;
  bool non_canonical_ = false;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_CODEC_H_
