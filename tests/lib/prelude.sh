# What the tests/scripts/*.sh checks share; each sources it from the
# repository root with ". tests/lib/prelude.sh". It lives outside
# tests/scripts so that the test runner does not take it for a test.
#
# Gives: BUILD and EML (the build's eml, as an absolute path so that a
# check may cd elsewhere), a scratch folder $T removed on exit, counters
# with pass and fail, a few checks that count, and the summary line.
set -u
BUILD=${BUILD:-build}
EML="$BUILD/eml"
[ -d "$BUILD" ] && EML=$(cd "$BUILD" && pwd)/eml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# need_eml: stops the check when the tool has not been built.
need_eml() { [ -x "$EML" ] || { echo "missing $EML"; exit 1; }; }

# same NAME GOT WANT
same() { if [ "$2" = "$3" ]; then pass; else fail "$1: got [$2] wanted [$3]"; fi; }

# run STATUS CMD...: runs CMD with output in $T/out and $T/err, checks the status.
run() {
    want=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass; else fail "$* exited $got, wanted $want: $(head -c 300 "$T/err")"; fi
}

# has FILE TEXT: FILE contains the fixed string TEXT; hasnt: it does not.
has() { if grep -qF -- "$2" "$1"; then pass; else fail "$1 lacks '$2': $(head -c 300 "$1")"; fi; }
hasnt() { if grep -qF -- "$2" "$1"; then fail "$1 has '$2'"; else pass; fi; }

# summary NAME: the last line of a check, "NAME: N passed, M failed";
# its status is the check's.
summary() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
