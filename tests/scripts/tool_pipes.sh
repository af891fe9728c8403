#!/bin/sh
# Input that can be read only once: standard input as "-" and as
# /dev/stdin, process substitution (a pipe with a name) and a named FIFO.
# Each is read once into memory and parsed from there; opening it again
# would find a drained pipe (an empty text/plain part) or wait for a
# writer forever, so every run is bounded by a timeout.
. tests/lib/prelude.sh
need_eml

TIMEOUT=""
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 10"

printf 'From: a@example.com\nSubject: piped\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst\n--b\nContent-Type: text/html\n\n<p>second</p>\n--b--\n' >"$T/m.eml"
"$EML" tree "$T/m.eml" >"$T/want" 2>/dev/null
has "$T/want" "text/html"

# tree_from NAME ARG: eml tree ARG with m.eml on standard input.
tree_from() {
    $TIMEOUT "$EML" tree "$2" <"$T/m.eml" >"$T/got" 2>"$T/err"
    same "$1 status" "$?" 0
    same "$1 tree" "$(cat "$T/got")" "$(cat "$T/want")"
}
tree_from "dash" -
cat "$T/m.eml" | $TIMEOUT "$EML" tree /dev/stdin >"$T/got" 2>"$T/err"
same "/dev/stdin from a pipe" "$(cat "$T/got")" "$(cat "$T/want")"
cat "$T/m.eml" | $TIMEOUT "$EML" tree - >"$T/got" 2>"$T/err"
same "- from a pipe" "$(cat "$T/got")" "$(cat "$T/want")"

# Process substitution, where a shell that has it is installed.
if command -v bash >/dev/null 2>&1; then
    $TIMEOUT bash -c '"$1" tree <(cat "$2")' sh "$EML" "$T/m.eml" >"$T/got" 2>"$T/err"
    same "<(cat m.eml)" "$(cat "$T/got")" "$(cat "$T/want")"
fi

# A named FIFO (also what bash's <(cmd) gives on some systems).
if mkfifo "$T/fifo" 2>/dev/null; then
    cat "$T/m.eml" >"$T/fifo" &
    writer=$!
    $TIMEOUT "$EML" tree "$T/fifo" >"$T/got" 2>"$T/err"
    same "fifo status" "$?" 0
    same "fifo tree" "$(cat "$T/got")" "$(cat "$T/want")"
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    # An mbox through a FIFO: split from the same single read.
    printf 'From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nx\n\nFrom a@b Mon Jan  1 00:00:00 2024\nSubject: two\n\ny\n' >"$T/box"
    cat "$T/box" >"$T/fifo" &
    writer=$!
    $TIMEOUT "$EML" headers "$T/fifo" >"$T/got" 2>"$T/err"
    same "fifo mbox status" "$?" 0
    has "$T/got" "Subject: one"
    has "$T/got" "Subject: two"
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
else
    echo "tool_pipes: mkfifo not available; FIFO checks skipped"
fi

summary tool_pipes
