#!/bin/sh
# Installs what the test suite needs on a fresh Debian machine (run as root).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential clang libclang-rt-14-dev llvm libcmocka-dev pkg-config \
    python3 python3-pip python3-venv groff-base man-db valgrind libgmime-3.0-dev \
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user bsdutils golang-go >/dev/null
# The Rust binding's tests need cargo; the crates have no dependencies, so
# Debian's is enough. Installed only when none is found (rustup's counts).
. "$root/tests/lib/cargo.sh"
if [ -z "$CARGO" ]; then
    apt-get install -y -qq --no-install-recommends cargo >/dev/null
fi
# The Node.js binding and its benchmark: node and npm from Debian when
# missing, then the pinned packages of bindings/node/package-lock.json
# (koffi ships its native part prebuilt, so no install script is needed).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm ci --prefix "$root/bindings/node" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
