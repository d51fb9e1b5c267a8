#!/usr/bin/env bash
# Noaber and the PostgreSQL baseline in one run, alternately, on this machine: noaber-bench
# (unary, batch, stream) and bench/postgres/run.sh, ROUNDS times each (default 3), then one
# table of medians with the ratios the issue asks for: Noaber to PostgreSQL, and Noaber to
# this machine's signature-verification ceiling. See docs/performance.md.
#   bash bench/side_by_side.sh [--rounds R] [--operations N] [--build DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=3 operations=150000 build=$root/build-bench
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --operations) operations=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: bash bench/side_by_side.sh [--rounds R] [--operations N] [--build DIR]" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" noaber-bench >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds: noaber-bench" >&2
  "$build/bench/noaber-bench" --mode all --operations "$operations" --no-compact --json \
    >"$out/noaber-$round.json" 2>/dev/null
  echo "round $round/$rounds: postgres" >&2
  bash "$root/bench/postgres/run.sh" --json >"$out/postgres-$round.json"
done
python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
noaber = [json.load(open(f"{out}/noaber-{r}.json")) for r in range(1, rounds + 1)]
postgres = [json.load(open(f"{out}/postgres-{r}.json")) for r in range(1, rounds + 1)]
med = statistics.median
pg = med(p["tps"] for p in postgres)
ceiling = med(n["ceiling"]["per_second"] for n in noaber)
print(f"side by side, {rounds} alternating rounds, medians")
print(f"  signature-verification ceiling   {ceiling:10,.0f}/s")
print(f"  postgres (64 clients, durable)   {pg:10,.0f}/s   (WAL flush avg "
      f"{med(p['wal_flush_ms_avg'] for p in postgres):.2f} ms)")
for mode in ("unary", "batch", "stream"):
    rates = [m["per_second"] for n in noaber for m in n["modes"] if m["mode"] == mode]
    if not rates:
        continue
    r = med(rates)
    print(f"  noaber {mode:<8}                 {r:10,.0f}/s   {r / pg:4.2f}x postgres, "
          f"{100 * r / ceiling:3.0f}% of the ceiling")
PY
