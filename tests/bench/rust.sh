#!/bin/sh
# make bench: the Rust binding's throughput on the corpus of real mail
# (../shared/corpus, or $EML_CORPUS). Skipped, with a line, without cargo
# or the corpus.
BUILD=${BUILD:-build}
. tests/lib/cargo.sh
CORPUS=${EML_CORPUS:-../shared/corpus}
[ -n "$CARGO" ] || { echo "rust binding: cargo not installed, skipped"; exit 0; }
[ -d "$CORPUS" ] || { echo "rust binding: no corpus at $CORPUS, skipped"; exit 0; }
if nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_\|__tsan_'; then
    echo "rust binding: sanitizer build, skipped"; exit 0
fi
build=$(cd "$BUILD" && pwd)
CARGO_TARGET_DIR="$build/rust" EML_BUILD="$build" \
    "$CARGO" run --offline --quiet --release --manifest-path bindings/rust/Cargo.toml \
    -p eml --example bench -- "$CORPUS" "${RUST_BENCH_SECONDS:-2}"
