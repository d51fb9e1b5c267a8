#!/usr/bin/env bash
# How long a node with a large journal takes to serve again: fills a data folder once with
# noaber-journal-fill (ENTRIES transfers, default 10,000,000; several minutes and some GB),
# then starts `noaber-node run` RUNS times (default 5) and times each start until the node
# prints its "listening" line and answers a call. Prints each time and the median.
#   bash bench/restart_time.sh [--entries N] [--runs R] [--data-dir DIR] [--build DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
entries=10000000 runs=5 data= build=$root/build-release
while [ $# -gt 0 ]; do
  case $1 in
    --entries) entries=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --data-dir) data=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: bash bench/restart_time.sh [--entries N] [--runs R] [--data-dir DIR] [--build DIR]" >&2; exit 2 ;;
  esac
done
data=${data:-/tmp/noaber-restart-$entries}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" noaber-node noaber-journal-fill noaber-wallet >/dev/null
if [ ! -f "$data/.filled" ]; then
  rm -rf "$data"
  "$build/bench/noaber-journal-fill" --data-dir "$data" --entries "$entries"
  touch "$data/.filled"
fi
echo "data folder: $(du -sh "$data" | cut -f1) for $entries transfers"
times=()
for run in $(seq 1 "$runs"); do
  log=$(mktemp)
  start=$(date +%s%N)
  "$build/node/noaber-node" run --data-dir "$data" --listen 127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  until grep -q "listening on" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.005
  done
  address=$(grep -o "listening on .*" "$log" | cut -d' ' -f3)
  NOABER_HOME=$(mktemp -d) "$build/wallet-cli/noaber" --node "$address" community >/dev/null
  end=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $run: serving after $ms ms"
  rm -f "$log"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "restart: median $((sorted[${#sorted[@]} / 2])) ms to serve a journal of $entries transfers ($runs runs)"
