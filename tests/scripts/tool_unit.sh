#!/bin/sh
# Unit tests of the eml tool's self-contained parts (SHA-256, JSON writer,
# safe file names): builds tools/test/unit.c with
# those files and runs it. Under `make asan` (BUILD=build-asan) it is
# built with the same sanitizers.
set -eu
BUILD=${BUILD:-build}
CC=${CC:-cc}
SAN=""
case "$BUILD" in
    *asan*) SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" ;;
esac
mkdir -p "$BUILD/tests"
bin="$BUILD/tests/tool_unit"
$CC -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Wpedantic $SAN -Iinclude -Itools \
    -o "$bin" tools/test/unit.c tools/buf.c tools/json.c tools/sha256.c \
    tools/safename.c tools/xalloc.c -lcmocka
"$bin"
