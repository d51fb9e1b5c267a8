#!/usr/bin/env bash
# PostgreSQL baseline for Noaber's transfer work (issue 6).
#
# Starts a throwaway PostgreSQL 15 (Debian's package) in a temporary folder on 127.0.0.1,
# loads N accounts, and has pgbench run one transfer per transaction between random
# accounts, with the payer's minimum and the payee's maximum checked, both balances and a
# journal row written, and a durable commit. Prints the applied transfers per second, then
# checks that balances are conserved. Everything is removed on exit, also on failure.
#
# Usage: bench/postgres/run.sh [--accounts N] [--clients C] [--seconds D] [--json]
# Human-readable progress goes to stderr; stdout gets one line (text or JSON).
set -euo pipefail

accounts=10000
clients=64        # where throughput levels off on 2 cores; see README.md
seconds=20
json=0
# Noaber's default limits for a resident (docs/signing.md, DefaultGenesis): -600..10^15 min.
readonly kMinBalance=-600
readonly kMaxBalance=1000000000000000
readonly kClientsMax=190  # max_connections below is 200; psql needs one more

usage() {
  echo "usage: $0 [--accounts N] [--clients C] [--seconds D] [--json]" >&2
  exit 2
}

while (($#)); do
  case "$1" in
    --accounts) accounts="${2:?}"; shift 2 ;;
    --clients) clients="${2:?}"; shift 2 ;;
    --seconds) seconds="${2:?}"; shift 2 ;;
    --json) json=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
for value in "$accounts" "$clients" "$seconds"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "not a positive integer: $value" >&2; exit 2; }
done
((accounts >= 2)) || { echo "--accounts must be at least 2" >&2; exit 2; }
((clients <= kClientsMax)) || { echo "--clients at most $kClientsMax" >&2; exit 2; }

log() { echo "postgres-bench: $*" >&2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# --- Install Debian's PostgreSQL 15 if missing. Debian's package may create and start a
# system cluster "main" on port 5432; this script neither uses nor stops it.
pg_bin=/usr/lib/postgresql/15/bin
if [[ ! -x "$pg_bin/postgres" || ! -x "$pg_bin/pgbench" || ! -x "$pg_bin/psql" ]]; then
  ((EUID == 0)) || { echo "PostgreSQL 15 missing; run once as root to install it" >&2; exit 1; }
  log "installing postgresql-15 with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -qq update >&2
  apt-get -qq install -y --no-install-recommends postgresql-15 postgresql-client-15 >&2
fi

# --- A fresh cluster in a temporary folder, owned by an unprivileged user.
if ((EUID == 0)); then
  run_as=(runuser -u postgres --)   # postgres refuses to run as root
else
  run_as=()
fi
work="$(mktemp -d -t noaber-pg-bench.XXXXXX)"
data="$work/data"
server_started=0
cleanup() {
  local status=$?
  if ((server_started)); then
    "${run_as[@]}" "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if ((status != 0)) && [[ -f "$work/server.log" ]]; then
    log "failed; last lines of the server log:"
    tail -n 20 "$work/server.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if ((EUID == 0)); then chown postgres: "$work"; fi

log "initdb in $work"
"${run_as[@]}" "$pg_bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C \
  >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }

# Settings for the comparison. Durability as shipped: fsync, synchronous_commit,
# full_page_writes on, wal_sync_method the Linux default (fdatasync), commit_delay 0.
# shared_buffers is PostgreSQL's modest default of 128MB, which holds the whole data set.
# Otherwise only the network, max_connections and WAL timing differ from a stock cluster.
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
max_connections = 200
shared_buffers = 128MB
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = replica
track_wal_io_timing = on   # to report the mean WAL flush time; costs a clock read per flush
logging_collector = off
EOF

# A free port: take an unused one from the ephemeral-looking range, retry if taken meanwhile.
port_in_use() { ss -Hltn "sport = :$1" | grep -q .; }
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  port_in_use "$port" && continue
  if "${run_as[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$work/server.log" -w -t 60 \
       -o "-p $port" start >/dev/null 2>&1; then
    server_started=1
    break
  fi
done
((server_started)) || { log "could not start postgres"; exit 1; }
log "postgres $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

psql_run() {
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}
psql_value() { psql_run -A -t -c "$1"; }

# Trust the running server, not the file: refuse to measure without durable commits.
durability="$(psql_value "SELECT current_setting('fsync') || ' ' ||
  current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes') || ' ' ||
  current_setting('wal_sync_method') || ' ' || current_setting('shared_buffers')")"
read -r fsync_now sync_commit_now fpw_now wal_sync_method shared_buffers <<<"$durability"
if [[ "$fsync_now $sync_commit_now $fpw_now" != "on on on" ]]; then
  log "not durable: fsync=$fsync_now synchronous_commit=$sync_commit_now" \
    "full_page_writes=$fpw_now"
  exit 1
fi
log "fsync=on synchronous_commit=on full_page_writes=on wal_sync_method=$wal_sync_method" \
  "shared_buffers=$shared_buffers"

log "loading $accounts accounts"
psql_run -v naccounts="$accounts" -v min_balance="$kMinBalance" -v max_balance="$kMaxBalance" \
  -f "$here/schema.sql" >&2

# WAL statistics from here on: how many flushes the commits shared.
psql_value "SELECT pg_stat_reset_shared('wal')" >/dev/null

# pgbench threads: one per core; clients are spread over them.
threads=$(( clients < 2 ? clients : 2 ))
log "pgbench: $clients clients, $threads threads, $seconds s, prepared statements"
"$pg_bin/pgbench" -n -M prepared -c "$clients" -j "$threads" -T "$seconds" \
  -D naccounts="$accounts" -f "$here/transfer.pgbench" \
  -h 127.0.0.1 -p "$port" -U postgres postgres >"$work/pgbench.out" 2>"$work/pgbench.err" \
  || { cat "$work/pgbench.out" "$work/pgbench.err" >&2; exit 1; }

# pgbench's tps counts every transaction; a refused transfer is one too, so scale by the
# share applied (rows in the journal) to get applied transfers per second.
attempted_tps="$(awk '/^tps = / {print $3; exit}' "$work/pgbench.out")"
attempted="$(awk -F': ' '/^number of transactions actually processed/ {print $2; exit}' \
  "$work/pgbench.out" | awk '{print $1}')"
latency_ms="$(awk '/^latency average = / {print $4; exit}' "$work/pgbench.out")"
failed="$(awk -F': ' '/^number of failed transactions/ {print $2; exit}' "$work/pgbench.out" \
  | awk '{print $1}')"
[[ -n "$attempted_tps" && -n "$attempted" ]] || { cat "$work/pgbench.out" >&2; exit 1; }
wal_syncs="$(psql_value 'SELECT wal_sync FROM pg_stat_wal')"
wal_flush_ms="$(psql_value \
  'SELECT round((wal_sync_time / greatest(wal_sync, 1))::numeric, 3) FROM pg_stat_wal')"
applied="$(psql_value 'SELECT count(*) FROM transfers')"
refused=$((attempted - applied))
tps="$(awk -v t="$attempted_tps" -v a="$applied" -v n="$attempted" \
  'BEGIN {printf "%.0f", (n > 0 ? t * a / n : 0)}')"

# Conservation: the sum of balances is zero, and every balance equals what the journal says.
balance_sum="$(psql_value 'SELECT coalesce(sum(balance), 0) FROM accounts')"
mismatched="$(psql_value "
  WITH moved AS (
    SELECT from_id AS id, -amount AS delta FROM transfers
    UNION ALL SELECT to_id, amount FROM transfers)
  SELECT count(*) FROM accounts a
  LEFT JOIN (SELECT id, sum(delta) AS total FROM moved GROUP BY id) m USING (id)
  WHERE a.balance <> coalesce(m.total, 0)")"
log "applied $applied of $attempted transfers ($refused refused); $wal_syncs WAL flushes," \
  "$(awk -v n="$attempted" -v s="$wal_syncs" 'BEGIN {printf "%.1f", (s > 0 ? n / s : 0)}')" \
  "commits per flush, $wal_flush_ms ms per flush"
log "sum of balances $balance_sum; accounts disagreeing with the journal: $mismatched"
if [[ "$balance_sum" != 0 || "$mismatched" != 0 ]]; then
  log "CONSERVATION BROKEN"
  exit 1
fi

if ((json)); then
  printf '{"system":"postgres","version":"%s","tps":%s,"attempted_tps":%s,' \
    "$("$pg_bin/postgres" --version | awk '{print $3}')" "$tps" "$attempted_tps"
  printf '"transfers_applied":%s,"transfers_refused":%s,"failed_transactions":%s,' \
    "$applied" "$refused" "${failed:-0}"
  printf '"wal_flushes":%s,"wal_flush_ms_avg":%s,"latency_ms_avg":%s,' \
    "$wal_syncs" "$wal_flush_ms" "${latency_ms:-null}"
  printf '"accounts":%s,"clients":%s,"seconds":%s,' "$accounts" "$clients" "$seconds"
  printf '"synchronous_commit":"on","fsync":"on","wal_sync_method":"%s","balance_sum":%s}\n' \
    "$wal_sync_method" "$balance_sum"
else
  echo "postgres: $tps transfers/s ($accounts accounts, $clients clients, $seconds s," \
    "synchronous_commit=on)"
fi
