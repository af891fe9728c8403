#!/bin/sh
# The library's layers (lib/base < codec < text < mime < api): no file
# includes a header of a layer above its own, the includes form no cycle,
# and no source file sits in lib/ itself. The checker is first shown a
# tree with each fault, so that a checker that cannot fail fails here.
command -v python3 >/dev/null 2>&1 || { echo "layers: python3 not found, skipped"; exit 77; }
check=tests/layers/check.py
. tests/lib/prelude.sh

# expect_fault NAME WORD: the tree in $T/NAME must be refused with WORD.
expect_fault() {
    if python3 "$check" "$T/$1" >"$T/out" 2>&1; then
        echo "layers: the checker accepted a tree with $1"; exit 1
    fi
    grep -q "$2" "$T/out" || { echo "layers: $1 not named: $(cat "$T/out")"; exit 1; }
}
mkdir -p "$T/upward/base" "$T/upward/mime"
echo '#include "mime/tree.h"' >"$T/upward/base/arena.c"
: >"$T/upward/mime/tree.h"
expect_fault upward "upward from base to mime"
mkdir -p "$T/cycle/text"
echo '#include "text/b.h"' >"$T/cycle/text/a.c"
echo '#include "text/a.h"' >"$T/cycle/text/b.c"
: >"$T/cycle/text/a.h"
: >"$T/cycle/text/b.h"
expect_fault cycle "include cycle"
mkdir -p "$T/flat"
: >"$T/flat/loose.c"
expect_fault flat "directly in lib/"

python3 "$check" lib
