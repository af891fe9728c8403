#!/bin/sh
# The benchmark program builds (it is never run by make check: speed is
# measured on demand with make bench). Skipped without GMime, which the
# benchmark compares against.
BUILD=${BUILD:-build}
if ! pkg-config --exists gmime-3.0 2>/dev/null; then
    echo "bench_build: gmime-3.0 not found, skipped"
    exit 77
fi
MAKEFLAGS= make -s BUILD="$BUILD" "$BUILD/bench/eml-bench" >/dev/null || exit 1
"$BUILD/bench/eml-bench" --help >/dev/null 2>&1
[ $? -eq 2 ] || { echo "bench_build: eml-bench did not reject an unknown option"; exit 1; }
echo "bench_build: $BUILD/bench/eml-bench built"
