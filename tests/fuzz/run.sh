#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz and runs each for
# SECONDS (default 60). New inputs go to build-fuzz/fuzz-work/<target>/ first; at the end
# the corpus and they are merged (-merge=1) into a minimal set in tests/fuzz/corpus/<target>/,
# for review and commit. A crash or broken property leaves its input in
# build-fuzz/fuzz-artifacts/<target>/ and makes the script exit 1 after the other targets ran.
#
# Usage: bash tests/fuzz/run.sh [SECONDS] [TARGET...]   (default: every target)
# NOABER_JOBS=N limits the build's parallel jobs.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-60}
[ $# -gt 0 ] && shift
all=(fuzz_operation fuzz_amount fuzz_inputs fuzz_key_file fuzz_toml fuzz_checkpoint
     fuzz_cosignature fuzz_receipt fuzz_books fuzz_statement)
targets=("${@:-${all[@]}}")

bash deploy/install-deps.sh
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DNOABER_FUZZ=ON >/dev/null
ninja -C build-fuzz ${NOABER_JOBS:+-j "$NOABER_JOBS"} "${targets[@]}"

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# Replaces the found inputs in corpus/<target>/ by a minimal set (by edge coverage, so the
# corpus stays a few hundred small files) of the corpus and the new inputs. Named seeds
# (seed-*) and inputs that once broke a property (crash-*) always stay.
minimize() {
  local target=$1 corpus=tests/fuzz/corpus/$1 work=build-fuzz/fuzz-work/$1
  local fresh=build-fuzz/fuzz-merge/$1
  rm -rf "$fresh" && mkdir -p "$fresh"
  build-fuzz/tests/fuzz/"$target" -merge=1 -use_counters=0 -max_len=4096 "$fresh" "$corpus" "$work" \
    2>>"build-fuzz/fuzz-$target.log" >/dev/null || return 0
  local kept
  kept=$(find "$corpus" -type f \( -name 'seed-*' -o -name 'crash-*' \) -exec sha1sum {} + | cut -d' ' -f1)
  find "$corpus" -type f ! -name 'seed-*' ! -name 'crash-*' -delete
  for input in "$fresh"/*; do
    grep -q "$(basename "$input")" <<<"$kept" || cp "$input" "$corpus/"
  done
}
failed=()
for target in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$target
  work=build-fuzz/fuzz-work/$target
  artifacts=build-fuzz/fuzz-artifacts/$target
  mkdir -p "$corpus" "$work" "$artifacts"
  echo "== $target: ${seconds}s"
  if ! build-fuzz/tests/fuzz/"$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "$work" "$corpus" 2>"build-fuzz/fuzz-$target.log"; then
    failed+=("$target")
    grep -E "ERROR|fuzz property broken|Test unit written" "build-fuzz/fuzz-$target.log" || true
  fi
  grep -E "stat::number_of_executed_units|cov: " "build-fuzz/fuzz-$target.log" | tail -2 || true
  minimize "$target"
  echo "   corpus: $(ls "$corpus" | wc -l) files"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "broken: ${failed[*]} (inputs in build-fuzz/fuzz-artifacts/, logs in build-fuzz/fuzz-*.log)" >&2
  exit 1
fi
