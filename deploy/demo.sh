#!/usr/bin/env bash
# README's first command: builds everything, creates the demo neighbourhood Bornholm in
# ./demo-data (once), starts a node on it in the background, and shows how to use the wallet.
#   bash deploy/demo.sh          start (building and seeding when needed)
#   bash deploy/demo.sh stop     stop the demo node
#   bash deploy/demo.sh reset    stop it and delete ./demo-data
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=$root/demo-data
listen=${NOABER_DEMO_LISTEN:-127.0.0.1:7420}
build=${NOABER_BUILD_DIR:-build}

stop_node() {
  if [ -f "$data/node.pid" ] && kill -0 "$(cat "$data/node.pid")" 2>/dev/null; then
    kill -TERM "$(cat "$data/node.pid")"
    for _ in $(seq 1 50); do
      kill -0 "$(cat "$data/node.pid")" 2>/dev/null || break
      sleep 0.1
    done
    echo "Stopped the demo node."
  fi
  rm -f "$data/node.pid"
}

case "${1:-start}" in
  stop) stop_node; exit 0 ;;
  reset) stop_node; rm -rf "$data"; echo "Removed $data."; exit 0 ;;
  start) ;;
  *) echo "usage: bash deploy/demo.sh [start|stop|reset]" >&2; exit 2 ;;
esac

bash deploy/install-deps.sh
# Let ccache reuse objects across clones in other folders (CI builds a fresh clone each time).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" noaber-node noaber-wallet noaber-demo-seed

node_bin=$root/$build/node/noaber-node
wallet_bin=$root/$build/wallet-cli/noaber
if [ ! -d "$data/node" ]; then
  mkdir -p "$data"
  "$root/$build/deploy/demo/noaber-demo-seed" --data-dir "$data/node" \
    --wallet-home "$data/wallet" --passphrase bornholm
fi

stop_node
if ! "$node_bin" check --data-dir "$data/node"; then
  echo "The demo journal in $data does not pass the check (made by an older version of" >&2
  echo "Noaber?). Start afresh with: bash deploy/demo.sh reset && bash deploy/demo.sh" >&2
  exit 1
fi
# The municipality witnesses the books: the node takes cosignatures from its key.
witness_key=$(NOABER_HOME="$data/wallet" "$wallet_bin" --as gemeente witness \
  --name gemeente.example/witness --show-key)
nohup "$node_bin" run --data-dir "$data/node" --listen "$listen" --witness "$witness_key" \
  >"$data/node.log" 2>&1 &
echo $! >"$data/node.pid"
for _ in $(seq 1 100); do
  grep -q "listening on" "$data/node.log" 2>/dev/null && break
  if ! kill -0 "$(cat "$data/node.pid")" 2>/dev/null; then
    echo "The node did not start:" >&2
    cat "$data/node.log" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "listening on" "$data/node.log" || { echo "The node did not start in time." >&2; exit 1; }

cat <<MSG

The demo neighbourhood Bornholm is running: $(grep "listening on" "$data/node.log")
Its journal, keys and log are in $data. Try the wallet:

  export NOABER_NODE=$listen NOABER_HOME=$data/wallet NOABER_PASSPHRASE=bornholm
  alias noaber=$wallet_bin

  noaber community                               # the neighbourhood: assets, skills, journal
  noaber --as anna balance                       # Anna's balances (hers and the wijkcentrum's to see)
  noaber --as anna history --limit 5             # her latest exchanges
  noaber --as anna pay bram 1h30m --skill tuin --memo "Heg gesnoeid"
  noaber --as bram pay anna 45m --pending --timeout 2d   # reserve now, post or void later
  noaber --as anna pay bram 40h                  # refused (exit 3): past her credit line
  noaber --as wijkcentrum admin freeze jan       # the wijkcentrum administers accounts
  noaber key list                                # everyone's keys in this demo wallet
  noaber verify                                  # every receipt still in the log, unrewritten
  noaber --as gemeente witness --name gemeente.example/witness --once   # cosign the books
  noaber verify --witnesses 1 --witness-key $witness_key
  noaber --as wijkcentrum report impact --format html --out $data/impact.html   # charts

Stop the node with: bash deploy/demo.sh stop     (start it again with: bash deploy/demo.sh)
MSG
