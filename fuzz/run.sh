#!/bin/sh
# Runs each libFuzzer harness named on the command line for FUZZ_SECONDS
# seconds, FUZZ_JOBS at a time (default: the number of CPUs), with the
# mail dictionary and its seeds.
# New inputs go to a scratch corpus (fuzz/corpus-work/<name>, ignored by
# git); a crash, leak, timeout or out-of-memory stops the run with a
# failure and leaves the input in fuzz/corpus-work/.
set -u
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
cd "$(dirname "$0")/.." || exit 1
work=fuzz/corpus-work
status=0
fuzz_one() {
    name=$1
    bin=$FUZZ_BUILD/fuzz_$name
    if [ ! -x "$bin" ]; then
        echo "fuzz-run: $bin not built" >&2
        return 1
    fi
    mkdir -p "$work/$name" "$work/artifacts"
    seeds=""
    for d in fuzz/seeds/"$name" fuzz/regressions/"$name"; do
        [ -d "$d" ] && seeds="$seeds $d"
    done
    echo "== fuzz $name for $FUZZ_SECONDS s"
    # -timeout: an input that takes a second is a hang for a parser that
    # must be linear; -rss_limit_mb bounds memory per the threat model.
    # shellcheck disable=SC2086 # paths have no spaces
    if ! "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
        -dict=fuzz/mail.dict \
        -artifact_prefix="$work/artifacts/$name-" -print_final_stats=1 \
        "$work/$name" $seeds 2>"$work/$name.log"; then
        echo "fuzz-run: $name found a problem (see $work/$name.log and $work/artifacts/)" >&2
        tail -n 40 "$work/$name.log" >&2
        return 1
    fi
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' \
        "$work/$name.log" || tail -n 3 "$work/$name.log"
}

# Batches of FUZZ_JOBS harnesses; each one's report is printed whole once
# its batch is done, so parallel runs do not interleave their lines.
mkdir -p "$work"
set -- "$@"
while [ $# -gt 0 ]; do
    batch=""
    i=0
    while [ $# -gt 0 ] && [ $i -lt "$FUZZ_JOBS" ]; do
        ( fuzz_one "$1" >"$work/$1.report" 2>&1; echo $? >"$work/$1.status" ) &
        batch="$batch $1"
        i=$((i + 1))
        shift
    done
    wait
    for name in $batch; do
        cat "$work/$name.report"
        [ "$(cat "$work/$name.status")" = 0 ] || status=1
    done
done
exit $status
