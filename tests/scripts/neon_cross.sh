#!/bin/sh
# The NEON kernels build with an AArch64 cross compiler (warnings are
# errors), and, when qemu-aarch64 is there, the differential base64 and QP
# harnesses (every implementation against scalar) run on their seeds and
# on corpus messages decoded as if they were base64 or QP.
# Skipped when aarch64-linux-gnu-gcc is not installed.
CROSS=${CROSS:-aarch64-linux-gnu-gcc}
BUILD=${BUILD:-build}
command -v "$CROSS" >/dev/null 2>&1 || { echo "neon_cross: $CROSS not found, skipped"; exit 77; }
out="$BUILD/neon-cross"
mkdir -p "$out/obj"
flags="-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror"
objs=""
for src in lib/base/*.c lib/codec/*.c lib/text/*.c lib/mime/*.c lib/api/*.c lib/codec/arch/scalar/*.c lib/codec/arch/neon/*.c fuzz/*.c tests/unit/failing_alloc.c; do
    case $src in fuzz/fuzz_*|fuzz/replay.c) continue ;; esac
    obj="$out/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
    # shellcheck disable=SC2086 # word list
    "$CROSS" $flags -Iinclude -Ilib -Ifuzz -Itests/unit -DEML_BUILDING_LIBRARY=1 -c "$src" -o "$obj" ||
        { echo "neon_cross: $src does not build"; exit 1; }
    objs="$objs $obj"
done
for h in base64 qp; do
    # shellcheck disable=SC2086 # word list
    "$CROSS" $flags -static -Iinclude -Ilib -Ifuzz -Itests/unit -o "$out/replay_$h" fuzz/fuzz_$h.c \
        fuzz/replay.c $objs -lm || { echo "neon_cross: harness $h does not build"; exit 1; }
done
echo "neon_cross: NEON kernels built with $CROSS"
command -v qemu-aarch64 >/dev/null 2>&1 || { echo "neon_cross: no qemu-aarch64, not run"; exit 0; }
for h in base64 qp; do
    set -- "fuzz/seeds/$h"
    [ -d "fuzz/regressions/$h" ] && set -- "$@" "fuzz/regressions/$h"
    for d in ../shared/corpus/python-test_email ../shared/corpus/spamassassin; do
        [ -d "$d" ] && set -- "$@" "$d"
    done
    qemu-aarch64 "$out/replay_$h" "$@" || { echo "neon_cross: $h differs on NEON"; exit 1; }
done
