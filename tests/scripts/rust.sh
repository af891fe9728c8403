#!/bin/sh
# The Rust binding (bindings/rust): cargo test --offline for both crates,
# linked statically to the library in $BUILD. The signature check, the
# tests on written messages, the compile_fail doctests and the agreement
# with $BUILD/eml json on the corpus (skipped inside when it is absent).
BUILD=${BUILD:-build}
. tests/lib/cargo.sh
[ -n "$CARGO" ] || { echo "rust: cargo not installed, skipped"; exit 77; }
if nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_\|__tsan_'; then
    echo "rust: sanitizer build, skipped"; exit 77
fi
[ -f "$BUILD/libeml.a" ] || { echo "rust: $BUILD/libeml.a missing"; exit 1; }
build=$(cd "$BUILD" && pwd)
CARGO_TARGET_DIR="$build/rust" EML_BUILD="$build" EML_TOOL="$build/eml" \
    "$CARGO" test --offline --quiet --manifest-path bindings/rust/Cargo.toml --workspace 2>&1
