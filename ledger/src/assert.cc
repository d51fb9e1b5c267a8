#include "ledger/src/assert.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace noaber::ledger {

void AssertionFailed(const char* file, int line, const char* condition, std::string_view detail) {
  std::string text(detail);
  std::fprintf(stderr, "noaber: invariant broken at %s:%d: %s: %s\n", file, line, condition,
               text.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace noaber::ledger
