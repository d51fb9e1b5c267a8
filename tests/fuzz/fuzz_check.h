// What every fuzz target of tests/fuzz/ shares: a property check that stops the run with a
// report, and the libFuzzer entry points each target defines. Header-only; thread-compatible.
#ifndef NOABER_TESTS_FUZZ_FUZZ_CHECK_H_
#define NOABER_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace noaber::fuzz {

// A broken property is a bug in the decoder: report it and abort, so that libFuzzer keeps the
// input and the replay test fails.
inline void Require(bool holds, std::string_view property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(property.size()),
               property.data());
  std::abort();
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace noaber::fuzz

#endif  // NOABER_TESTS_FUZZ_FUZZ_CHECK_H_
