#!/bin/sh
# The Python binding's unittest suite, against the library in $BUILD.
# The corpus comparison inside it skips itself when ../shared/corpus is absent.
BUILD=${BUILD:-build}
command -v python3 >/dev/null 2>&1 || { echo "python: python3 not installed, skipped"; exit 77; }
if nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_'; then
    # A sanitizer-built library cannot be loaded into an uninstrumented interpreter.
    echo "python: sanitizer build, skipped"; exit 77
fi
[ -f "$BUILD/libeml.so.2" ] || { echo "python: $BUILD/libeml.so.2 missing"; exit 1; }
EML_LIBRARY=$(cd "$BUILD" && pwd)/libeml.so.2 python3 -m unittest discover -s bindings/python/tests -v 2>&1
