#!/bin/sh
# Runs every test binary given as arguments, then every tests/scripts/*.sh,
# and ends with one summary line. A script exits 0 to pass, 77 to skip.
# The environment gives BUILD (the build folder) and CC.
passed=0 failed=0 skipped=0 failures=""

for t in "$@"; do
    echo "== $t"
    if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures $t"; fi
done

for s in tests/scripts/*.sh; do
    [ -f "$s" ] || continue
    echo "== $s"
    sh "$s"
    rc=$?
    case $rc in
        0) passed=$((passed + 1)) ;;
        77) skipped=$((skipped + 1)); echo "   (skipped)" ;;
        *) failed=$((failed + 1)); failures="$failures $s" ;;
    esac
done

[ -n "$failures" ] && echo "failed:$failures"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
