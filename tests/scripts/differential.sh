#!/bin/sh
# Differential test: `eml json` against Python's email package on the whole
# corpus; every difference must belong to a class documented in
# tests/differential/DIVERGENCES.md. The full list goes to
# $BUILD/differential-report.txt.
BUILD=${BUILD:-build}
CORPUS=${CORPUS:-../shared/corpus}
if ! command -v python3 >/dev/null 2>&1; then
    echo "differential: python3 not found; skipped"
    exit 77
fi
if [ ! -d "$CORPUS" ]; then
    echo "differential: no corpus at $CORPUS; skipped"
    exit 77
fi
if [ ! -x "$BUILD/eml" ]; then
    echo "differential: $BUILD/eml not built; skipped"
    exit 77
fi
exec python3 tests/differential/differential.py --eml "$BUILD/eml" --corpus "$CORPUS" \
    --report "$BUILD/differential-report.txt"
