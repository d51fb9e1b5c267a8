#!/usr/bin/env bash
# The entry point of the example cluster's containers (compose.yaml, Dockerfile). On a
# member's first start it makes the member, then it runs the node in its place (PID 1, so the
# node gets the SIGTERM of `docker compose stop` and stops cleanly):
#   member 1 (no NOABER_VIA): `init` from the genesis, `cluster init`, and it hands the join
#     token to the others through the join-token volume;
#   the others: wait for the token, then `cluster join` through NOABER_VIA.
# Later starts find DATA/cluster.toml and only run the node. Arguments are passed to `run`.
#
# Environment: NOABER_NODE_ID, NOABER_RAFT_ADDRESS, NOABER_GRPC_ADDRESS (required);
# NOABER_VIA (members other than the first); NOABER_GENESIS (the first member's genesis,
# default /etc/noaber/genesis.toml); NOABER_DATA_DIR (default /var/lib/noaber/data);
# NOABER_CONFIG (default /etc/noaber/node.toml); NOABER_TOKEN_FILE (default
# /var/lib/noaber-join/token); NOABER_JOIN_DEADLINE_S (default 120).
set -euo pipefail
umask 077
: "${NOABER_NODE_ID:?}" "${NOABER_RAFT_ADDRESS:?}" "${NOABER_GRPC_ADDRESS:?}"
node=noaber-node
data=${NOABER_DATA_DIR:-/var/lib/noaber/data}
config=${NOABER_CONFIG:-/etc/noaber/node.toml}
token_file=${NOABER_TOKEN_FILE:-/var/lib/noaber-join/token}
join_deadline_s=${NOABER_JOIN_DEADLINE_S:-120}
say() { echo "noaber-entrypoint: $*" >&2; }

# The join token that `cluster init` wrote into the first member's cluster.toml.
join_token() {
  sed -n 's/^[[:space:]]*join_token[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' \
    "$data/cluster.toml" | head -n 1
}

make_first_member() {
  if [ ! -e "$data/node.key" ]; then
    "$node" init --data-dir "$data" --genesis "${NOABER_GENESIS:-/etc/noaber/genesis.toml}"
  fi
  if [ ! -e "$data/cluster.toml" ]; then
    "$node" cluster init --data-dir "$data" --node-id "$NOABER_NODE_ID" \
      --raft-address "$NOABER_RAFT_ADDRESS" --grpc-address "$NOABER_GRPC_ADDRESS"
  fi
  local token
  token=$(join_token)
  [ -n "$token" ] || { say "no join_token in $data/cluster.toml"; exit 1; }
  # Written whole or not at all, readable by the noaber user only.
  printf '%s\n' "$token" >"$token_file.new"
  mv "$token_file.new" "$token_file"
}

join_member() {
  : "${NOABER_VIA:?a member other than the first needs NOABER_VIA}"
  local deadline=$((SECONDS + join_deadline_s))
  until [ -s "$token_file" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { say "no join token in $token_file"; exit 1; }
    sleep 1
  done
  if [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
    say "$data is not empty but holds no cluster.toml; a new member needs an empty folder"
    exit 1
  fi
  mkdir -p "$data"
  # The first member may still be starting or electing itself: try again until the deadline.
  until "$node" cluster join --data-dir "$data" --node-id "$NOABER_NODE_ID" \
      --raft-address "$NOABER_RAFT_ADDRESS" --grpc-address "$NOABER_GRPC_ADDRESS" \
      --via "$NOABER_VIA" --token "$(cat "$token_file")"; do
    [ "$SECONDS" -lt "$deadline" ] || { say "could not join through $NOABER_VIA"; exit 1; }
    sleep 2
  done
}

if [ -z "${NOABER_VIA:-}" ]; then
  make_first_member
elif [ ! -e "$data/cluster.toml" ]; then
  join_member
fi
exec "$node" run --data-dir "$data" --config "$config" "$@"
