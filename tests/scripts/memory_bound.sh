#!/bin/sh
# The memory bound of the README: every pathological input, hostile
# header fields included, is parsed and fully read within PEAK_K times
# its size plus PEAK_M (tests/pathological/pathological.c), and header
# accessors on hostile fields within 4 times. One run per input, at a
# size that keeps this fast; make bench-pathological checks 10x sizes.
BUILD=${BUILD:-build}
bin="$BUILD/bench/eml-pathological"
[ -x "$bin" ] || { echo "memory_bound: $bin not built, skipped"; exit 77; }
exec "$bin" -m
