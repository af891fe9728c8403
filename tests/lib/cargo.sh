# Finds cargo for the Rust binding's checks: on PATH, else in
# $HOME/.cargo/bin (where rustup puts it). Sets CARGO, or leaves it empty.
CARGO=$(command -v cargo 2>/dev/null || true)
if [ -z "$CARGO" ] && [ -x "${HOME:-/nonexistent}/.cargo/bin/cargo" ]; then
    CARGO=$HOME/.cargo/bin/cargo
fi
