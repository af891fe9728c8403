#!/bin/sh
# The Python binding's tests (bindings/python/tests), against the library in
# $BUILD: the API on messages written in the tests, pip installing the
# package into a temporary virtual environment, and agreement with
# `eml json` on the corpus. Each part skips itself when what it needs
# (pip, the corpus) is absent. Runs under pytest when it is installed,
# else under unittest.
BUILD=${BUILD:-build}
export BUILD
command -v python3 >/dev/null 2>&1 || { echo "python: python3 not installed, skipped"; exit 77; }
if nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_'; then
    # A sanitizer-built library cannot be loaded into an uninstrumented interpreter.
    echo "python: sanitizer build, skipped"; exit 77
fi
[ -f "$BUILD/libeml.so.2" ] || { echo "python: $BUILD/libeml.so.2 missing"; exit 1; }
EML_LIBRARY=$(cd "$BUILD" && pwd)/libeml.so.2
export EML_LIBRARY
if python3 -c 'import pytest' >/dev/null 2>&1; then
    python3 -m pytest -q -rs -p no:cacheprovider bindings/python/tests 2>&1
else
    python3 -m unittest discover -s bindings/python/tests -v 2>&1
fi
