#!/bin/sh
# The progress line: shown on standard error when it is a terminal and the
# run is long, never when it is a file or with -q; cleared at the end.
. tests/lib/prelude.sh
need_eml
command -v script >/dev/null 2>&1 || { echo "skipped: no script(1) to provide a terminal"; exit 77; }

# Half a million tiny messages: seconds of work for eml json, more than
# the half second the progress line waits for (a fifth under the
# sanitizers, which make each message several times slower).
N=500000
case "$BUILD" in *asan*) N=100000 ;; esac
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++) printf "From x\nSubject: %d\n\nb\n\n", i }' >"$T/big.mbox"

# script(1) gives the command a terminal and records what it shows.
script -qc "\"$EML\" json \"$T/big.mbox\" >/dev/null" "$T/tty.log" >/dev/null 2>&1
if grep -q "eml: [0-9]*/$N messages ([0-9]*%)" "$T/tty.log"; then pass; else fail "no progress line on a terminal: $(tr '\r' '\n' <"$T/tty.log" | tail -3)"; fi
if grep -q "eml: $N messages, 0 defects in 0 messages" "$T/tty.log"; then pass; else fail "no summary on a terminal"; fi
# The line is erased before the summary, which stands on its own line.
if tr '\r' '\n' <"$T/tty.log" | grep -q "^.\[Keml: $N messages, 0 defects"; then pass; else fail "progress not cleared before the summary"; fi

script -qc "\"$EML\" check -q \"$T/big.mbox\" >/dev/null" "$T/quiet.log" >/dev/null 2>&1
if grep -q "messages (" "$T/quiet.log"; then fail "progress despite -q"; else pass; fi

"$EML" check "$T/big.mbox" >/dev/null 2>"$T/file.err"
if grep -q "$(printf '\r')" "$T/file.err"; then fail "progress written to a file"; else pass; fi
if [ "$(cat "$T/file.err")" = "eml: $N messages, 0 defects in 0 messages" ]; then pass; else fail "stderr to a file: $(head -c 200 "$T/file.err")"; fi

summary tool_progress
