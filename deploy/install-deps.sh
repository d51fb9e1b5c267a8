#!/usr/bin/env bash
# Installs the Debian 12 packages Noaber builds and runs with. Safe to run again: it asks
# apt only for what is missing. Runs as root, or through sudo when there is one.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libsodium-dev librocksdb-dev libabsl-dev libgtest-dev libgmock-dev
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libqrencode-dev
  # The node's allocator (jemalloc, as RocksDB advises).
  libjemalloc-dev
  # High availability (docs/operations.md): canonical's C Raft with its libuv backend.
  libraft-dev libuv1-dev
  # tests/sanitize.sh and tests/fuzz/run.sh: clang with its sanitizer and libFuzzer runtimes,
  # llvm-symbolizer for readable reports.
  clang libclang-rt-14-dev llvm-14
  # tests/tls_e2e_test.cc makes its certificate authorities and certificates with openssl.
  openssl
  # tests/impact_report_e2e_test.cc renders the HTML impact report in headless Chromium;
  # fonts-dejavu-core gives it the report's font.
  chromium fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "noaber: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "noaber: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
