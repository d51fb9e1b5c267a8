#!/usr/bin/env bash
# shellcheck disable=SC2317  # stop_member and stop_all are called from traps
# Starts the three-node example cluster on 127.0.0.1, without containers, and keeps it running
# until Ctrl-C; then stops the three members cleanly. docs/operations.md explains each step.
#
#   bash deploy/cluster/local.sh [--dir DIR] [--build-dir DIR] [--genesis FILE]
#
#   --dir DIR        the members' folders DIR/n1..n3 and their logs DIR/n1.log..n3.log
#                    (default: a new folder under the temp dir, kept afterwards). Run again
#                    with the same DIR to start the same cluster again.
#   --build-dir DIR  the CMake build folder holding node/noaber-node (default: build)
#   --genesis FILE   the community's genesis (default: deploy/genesis.example.toml, whose
#                    administrator keys are public test keys: for trying things only)
#
# Member N serves gRPC on 127.0.0.1:742N and Raft on 127.0.0.1:710N.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=""
build_dir=$root/build
genesis=$root/deploy/genesis.example.toml
start_deadline_s=30   # for a member to print its "listening" line
join_deadline_s=30    # for `cluster join` to succeed (the leader may still be being elected)
stop_deadline_s=30    # for a member to stop after SIGTERM (its own grace is 10 s)

usage() { sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "$1"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || usage 2; dir=$2; shift 2 ;;
    --build-dir) [ $# -ge 2 ] || usage 2; build_dir=$2; shift 2 ;;
    --genesis) [ $# -ge 2 ] || usage 2; genesis=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "local.sh: unknown argument '$1'" >&2; usage 2 ;;
  esac
done

node_bin=$build_dir/node/noaber-node
if [ -x "$node_bin" ]; then
  node_bin=$(cd "$build_dir/node" && pwd)/noaber-node
else
  echo "local.sh: no $build_dir/node/noaber-node; build it first:" >&2
  echo "  cmake -S . -B build -G Ninja && ninja -C build noaber-node noaber-wallet" >&2
  exit 1
fi
[ -f "$genesis" ] || { echo "local.sh: no genesis file $genesis" >&2; exit 1; }
if [ -z "$dir" ]; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/noaber-cluster.XXXXXX")
else
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
fi

grpc_address() { echo "127.0.0.1:742$1"; }
raft_address() { echo "127.0.0.1:710$1"; }
data_dir() { echo "$dir/n$1"; }
all_grpc=$(grpc_address 1),$(grpc_address 2),$(grpc_address 3)

# The join token that `cluster init` wrote into the first member's cluster.toml.
join_token() {
  sed -n 's/^[[:space:]]*join_token[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' \
    "$(data_dir 1)/cluster.toml" | head -n 1
}

declare -A pids=()

# Starts member $1 in the background, in its own session so that Ctrl-C reaches only this
# script, which then stops the members one by one. Waits for its "listening" line.
start_member() {
  local n=$1 log
  log=$dir/n$n.log
  if [ -e "$log" ]; then mv "$log" "$log.1"; fi   # the previous run's, kept once
  : >"$log"
  setsid "$node_bin" run --data-dir "$(data_dir "$n")" --config "$here/node$n.toml" \
    >>"$log" 2>&1 </dev/null &
  pids[$n]=$!
  local deadline=$((SECONDS + start_deadline_s))
  until grep -q "listening on" "$log"; do
    if ! kill -0 "${pids[$n]}" 2>/dev/null; then
      unset "pids[$n]"
      echo "local.sh: member $n did not start; its log $log:" >&2
      cat "$log" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "local.sh: member $n printed no 'listening' line in ${start_deadline_s} s; see $log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "member $n: $(grep -m 1 "listening on" "$log") (pid ${pids[$n]}, log $log)"
}

# Sends SIGTERM to member $1 and waits for it to exit; SIGKILL after stop_deadline_s.
stop_member() {
  local n=$1 pid=${pids[$1]} code=0
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + stop_deadline_s))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "local.sh: member $n did not stop in ${stop_deadline_s} s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || code=$?
  unset "pids[$n]"
  echo "member $n: exit $code: $(grep "stopped" "$dir/n$n.log" | tail -n 1)"
}

# Stops the running members, the highest id first: the first member, the likeliest leader,
# goes last, so the cluster holds at most one election on the way down.
stop_all() {
  trap - INT TERM EXIT
  local n
  for n in 3 2 1; do
    if [ -n "${pids[$n]:-}" ]; then stop_member "$n"; fi
  done
  echo "The members' folders and logs stay in $dir."
}
on_signal() { echo; stop_all; exit 0; }
on_exit() { local code=$?; stop_all; exit "$code"; }
trap on_signal INT TERM
trap on_exit EXIT

# The first member: an ordinary community folder made a one-member cluster. Each step is
# skipped when an earlier run of this script with the same --dir has done it already.
first=$(data_dir 1)
if [ ! -e "$first/node.key" ]; then
  "$node_bin" init --data-dir "$first" --genesis "$genesis"
fi
if [ ! -e "$first/cluster.toml" ]; then
  "$node_bin" cluster init --data-dir "$first" --node-id 1 \
    --raft-address "$(raft_address 1)" --grpc-address "$(grpc_address 1)"
fi
start_member 1

# Each further member: an empty folder, added through the members already running.
via=$(grpc_address 1)
for n in 2 3; do
  if [ ! -e "$(data_dir "$n")/cluster.toml" ]; then
    token=$(join_token)
    [ -n "$token" ] || { echo "local.sh: no join_token in $first/cluster.toml" >&2; exit 1; }
    if [ -n "$(ls -A "$(data_dir "$n")" 2>/dev/null)" ]; then
      echo "local.sh: $(data_dir "$n") is not empty but holds no cluster.toml (a join that" >&2
      echo "  did not finish?); a new member needs an empty folder: remove it and run again" >&2
      exit 1
    fi
    deadline=$((SECONDS + join_deadline_s))
    # A member that has just started may still be electing itself leader: try again until
    # the deadline. A join that failed leaves the folder empty, so trying again is safe.
    until "$node_bin" cluster join --data-dir "$(data_dir "$n")" --node-id "$n" \
        --raft-address "$(raft_address "$n")" --grpc-address "$(grpc_address "$n")" \
        --via "$via" --token "$token"; do
      if [ $SECONDS -ge $deadline ]; then
        echo "local.sh: member $n could not join in ${join_deadline_s} s" >&2
        exit 1
      fi
      sleep 0.5
    done
  fi
  start_member "$n"
  via=$via,$(grpc_address "$n")
done

# A new member is a voter once it has caught up; show the cluster when all three are
# (or as it is after the deadline).
deadline=$((SECONDS + join_deadline_s))
while :; do
  status_text=$("$node_bin" cluster status --via "$all_grpc" 2>&1) || true
  [ "$(grep -c -w voter <<<"$status_text")" -ge 3 ] && break
  [ $SECONDS -ge $deadline ] && break
  sleep 0.5
done
echo
echo "$status_text"

cat <<MSG

The three-member cluster is running; its folders and logs are in $dir.
  $node_bin cluster status --via $all_grpc
  export NOABER_NODE=$all_grpc     # the wallet follows the leader
Stop one member (kill -TERM <pid>) to watch another take over. Ctrl-C stops them all.
MSG

# Wait for Ctrl-C. A member that exits on its own is reported; the others keep running.
while [ ${#pids[@]} -gt 0 ]; do
  code=0
  wait -n -p exited "${pids[@]}" || code=$?
  for n in "${!pids[@]}"; do
    if [ "${pids[$n]}" = "${exited:-}" ]; then
      unset "pids[$n]"
      echo "local.sh: member $n exited with code $code; its log: $dir/n$n.log" >&2
    fi
  done
done
echo "local.sh: every member has exited" >&2
exit 1
