// Secrets in guarded memory: a value allocated with sodium_malloc (locked into RAM where the
// system allows, fenced by guard pages) and wiped by sodium_free when its owner goes.
// Not thread-safe; owned by one command at a time. Requires sodium_init() first.
#ifndef NOABER_WALLET_CLI_SECRET_H_
#define NOABER_WALLET_CLI_SECRET_H_

#include <sodium.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <type_traits>

namespace noaber::wallet {

template <typename T>
class Secret {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "a Secret holds plain bytes");

 public:
  Secret() : value_(static_cast<T*>(sodium_malloc(sizeof(T)))) {
    // Running out of guarded memory for a few bytes means the process cannot go on safely.
    if (value_ == nullptr) {
      std::fputs("noaber: cannot allocate guarded memory for a secret\n", stderr);
      std::abort();
    }
    new (value_) T{};
  }
  ~Secret() {
    if (value_ != nullptr) sodium_free(value_);  // zeroes before freeing
  }
  Secret(Secret&& other) noexcept : value_(other.value_) { other.value_ = nullptr; }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      if (value_ != nullptr) sodium_free(value_);
      value_ = other.value_;
      other.value_ = nullptr;
    }
    return *this;
  }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;

  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_; }
  const T* operator->() const { return value_; }

 private:
  T* value_;
};

inline constexpr size_t kPassphraseBytesMax = 1024;

// A passphrase as typed: `size` bytes of `bytes`, no terminator.
struct Passphrase {
  std::array<char, kPassphraseBytesMax> bytes;
  size_t size;
};

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_SECRET_H_
