#!/bin/sh
# Runs each libFuzzer harness named on the command line for FUZZ_SECONDS
# seconds, one after the other, with the mail dictionary and its seeds.
# New inputs go to a scratch corpus (fuzz/corpus-work/<name>, ignored by
# git); a crash, leak, timeout or out-of-memory stops the run with a
# failure and leaves the input in fuzz/corpus-work/.
set -u
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
cd "$(dirname "$0")/.." || exit 1
work=fuzz/corpus-work
status=0
for name in "$@"; do
    bin=$FUZZ_BUILD/fuzz_$name
    if [ ! -x "$bin" ]; then
        echo "fuzz-run: $bin not built" >&2
        status=1
        continue
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
        status=1
        continue
    fi
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' \
        "$work/$name.log" || tail -n 3 "$work/$name.log"
done
exit $status
