// Always-on assertions for broken invariants: a bug, never a rejection. Crash rather than
// limp on with state that cannot be trusted. Not compiled out in release builds.
#ifndef NOABER_LEDGER_SRC_ASSERT_H_
#define NOABER_LEDGER_SRC_ASSERT_H_

#include <string_view>

namespace noaber::ledger {
[[noreturn]] void AssertionFailed(const char* file, int line, const char* condition,
                                  std::string_view detail);
}  // namespace noaber::ledger

#define NOABER_ASSERT(condition, detail)                                           \
  do {                                                                             \
    if (!(condition)) {                                                            \
      ::noaber::ledger::AssertionFailed(__FILE__, __LINE__, #condition, (detail)); \
    }                                                                              \
  } while (false)

#endif  // NOABER_LEDGER_SRC_ASSERT_H_
