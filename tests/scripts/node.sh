#!/bin/sh
# The Node.js binding's node --test suite, against the library in $BUILD.
# Its corpus comparison skips itself when ../shared/corpus is absent.
BUILD=${BUILD:-build}
command -v node >/dev/null 2>&1 || { echo "node: node not installed, skipped"; exit 77; }
[ -d bindings/node/node_modules/koffi ] ||
    { echo "node: koffi not installed (npm ci --prefix bindings/node), skipped"; exit 77; }
if nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_'; then
    # A sanitizer-built library cannot be loaded into an uninstrumented node.
    echo "node: sanitizer build, skipped"; exit 77
fi
[ -f "$BUILD/libeml.so.2" ] || { echo "node: $BUILD/libeml.so.2 missing"; exit 1; }
[ -x "$BUILD/eml" ] || { echo "node: $BUILD/eml missing"; exit 1; }
B=$(cd "$BUILD" && pwd)
cd bindings/node || exit 1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
EML_LIBRARY="$B/libeml.so.2" EML_TOOL="$B/eml" node --test test/ >"$out" 2>&1
status=$?
# The TAP lines that say something: test names, results, diagnostics.
grep -v '^ *duration_ms\|^ *\.\.\.$\|^ *---$\|^ *type:' "$out"
exit $status
