#!/bin/sh
# Replays every fuzz harness over its seeds and regressions (and, for the
# whole-message harness, over every file of ../shared/corpus when it is
# there), with the build's sanitizers when it has them (make asan).
BUILD=${BUILD:-build}
set -u
found=0 failed=0
for bin in "$BUILD"/replay/*; do
    [ -x "$bin" ] || continue
    found=1
    name=$(basename "$bin")
    set -- fuzz/seeds/"$name" fuzz/regressions/"$name"
    if [ "$name" = message ] && [ -d ../shared/corpus ]; then
        set -- "$@" ../shared/corpus
    fi
    args=""
    for d in "$@"; do
        [ -e "$d" ] && args="$args $d"
    done
    [ -n "$args" ] || continue
    # shellcheck disable=SC2086 # paths have no spaces
    if ! "$bin" $args; then
        echo "replay: $name failed" >&2
        failed=1
    fi
done
if [ "$found" -eq 0 ]; then
    echo "replay: no harness built in $BUILD/replay"
    exit 77
fi
exit "$failed"
