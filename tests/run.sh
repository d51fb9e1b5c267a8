#!/usr/bin/env bash
# Builds everything and runs every test: the command README gives and .ci/run calls.
# Installs what it needs on a fresh Debian 12 (apt-get), then builds with Ninja and ccache.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh
# Let ccache reuse objects across clones in other folders (CI builds a fresh clone each time).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
build=${NOABER_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
ninja -C "$build"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 600
