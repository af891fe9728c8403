#!/bin/sh
# Installs what the test suite needs on a fresh Debian machine (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential clang libclang-rt-14-dev llvm libcmocka-dev pkg-config \
    python3 python3-pip python3-venv groff-base man-db valgrind libgmime-3.0-dev \
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user bsdutils >/dev/null
# The Rust binding's tests need cargo; the crates have no dependencies, so
# Debian's is enough. Installed only when none is found (rustup's counts).
. "$(dirname "$0")/lib/cargo.sh"
if [ -z "$CARGO" ]; then
    apt-get install -y -qq --no-install-recommends cargo >/dev/null
fi
