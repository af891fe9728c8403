#!/bin/sh
# Installs what the test suite needs on a fresh Debian machine (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential clang libclang-rt-14-dev llvm libcmocka-dev pkg-config \
    python3 groff-base man-db valgrind libgmime-3.0-dev \
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user bsdutils golang-go >/dev/null
