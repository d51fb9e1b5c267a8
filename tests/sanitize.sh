#!/usr/bin/env bash
# Builds the whole project with clang under AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan and runs every test there; then builds with ThreadSanitizer into build-tsan and
# runs the write pipeline's and the Raft wrapper's tests there. Exits non-zero at
# the first sanitizer report. Usage: bash tests/sanitize.sh [asan|tsan] (default: both).
# Suppressions (third-party frames only, never ours): tests/lsan.supp, tests/tsan.supp.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bash deploy/install-deps.sh
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
# Every process the tests start (noaber-node, noaber) inherits these.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="suppressions=$root/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1"

configure() {  # build folder, sanitizer
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DNOABER_SANITIZE="$2" >/dev/null
}

run_asan() {
  configure build-asan address
  ninja -C build-asan ${NOABER_JOBS:+-j "$NOABER_JOBS"}
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 1200
}

run_tsan() {
  configure build-tsan thread
  ninja -C build-tsan ${NOABER_JOBS:+-j "$NOABER_JOBS"} node_tests cluster_tests
  # The write pipeline (verify pool, sequencer, batch submission, proposing to Raft) and the
  # Raft wrapper's loop thread.
  ctest --test-dir build-tsan --output-on-failure -j "$(nproc)" --timeout 1200 \
    -R 'node\.(WritePipeline|VerifyPool|Batch|ReplicatedPipeline)|^cluster\.'
}

case "${1:-both}" in
  asan) run_asan ;;
  tsan) run_tsan ;;
  both) run_asan; run_tsan ;;
  *) echo "usage: bash tests/sanitize.sh [asan|tsan]" >&2; exit 2 ;;
esac
