#!/bin/sh
# Every message of ../shared/corpus through the eml tool: `eml json` must
# print one valid JSON object (valid UTF-8) per message and exit 0, and
# every other command must finish without a crash. Prints counts: files,
# messages, parts, defects by kind. Under `make asan` (BUILD=build-asan)
# this proves the corpus ASan/UBSan/leak clean; with VALGRIND=1 the runs
# go through valgrind memcheck.
. tests/lib/prelude.sh
CC=${CC:-cc}
C=../shared/corpus
[ -d "$C" ] || { echo "skipped: no corpus"; exit 77; }
need_eml

RUN=""
JOBS=2
if [ "${VALGRIND:-0}" = 1 ]; then
    command -v valgrind >/dev/null 2>&1 || { echo "skipped: no valgrind"; exit 77; }
    RUN="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,possible"
    JOBS=1
fi

# Every file but the corpus notes and dot files, in a fixed order.
find "$C" -type f ! -name SOURCES.md ! -name '.*' | LC_ALL=C sort >"$T/files"
files=$(wc -l <"$T/files" | tr -d ' ')
[ "$files" -gt 0 ] || { echo "skipped: corpus is empty"; exit 77; }
set -f
IFS='
'
set -- $(cat "$T/files")
unset IFS
set +f

start=$(date +%s)
$RUN "$EML" json --jobs "$JOBS" "$@" >"$T/out.jsonl" 2>"$T/json.err"
status=$?
[ $status -eq 0 ] || fail "eml json exited $status: $(grep -v '^eml: [0-9]* messages' "$T/json.err" | head -c 2000)"
summary=$(grep '^eml: [0-9]* messages' "$T/json.err" | tail -1)
messages=$(echo "$summary" | sed -n 's/^eml: \([0-9]*\) messages.*/\1/p')
lines=$(wc -l <"$T/out.jsonl" | tr -d ' ')
[ -n "$messages" ] || { fail "no summary line: $(head -c 500 "$T/json.err")"; messages=0; }
[ "$lines" = "$messages" ] || fail "$lines JSON lines for $messages messages"

if command -v python3 >/dev/null 2>&1; then
    python3 - "$T/out.jsonl" >"$T/stats" <<'PY' || fail "invalid JSON output: $(tail -5 "$T/stats")"
import collections, json, sys
data = open(sys.argv[1], 'rb').read()
kinds = collections.Counter()
parts = leaves = embedded = with_defects = 0
bad = 0
def walk_part(p):
    global parts, leaves, embedded, bad
    parts += 1
    kinds.update(p['defects'])
    # No parameter value holds a line break (eml_part_param).
    for v in list(p.get('params', {}).values()) + [p.get('filename') or '']:
        if '\r' in v or '\n' in v:
            print('line break in a parameter value: %r' % v)
            bad += 1
    if 'parts' in p:
        for c in p['parts']:
            walk_part(c)
    elif 'message' in p:
        embedded += 1
        walk_message(p['message'])
    else:
        leaves += 1
def walk_message(m):
    kinds.update(m['defects'])
    walk_part(m['body'])
for n, line in enumerate(data.split(b'\n')[:-1], 1):
    try:
        m = json.loads(line.decode('utf-8', 'strict'))
    except Exception as e:
        print('line %d: %s' % (n, e))
        bad += 1
        continue
    before = sum(kinds.values())
    walk_message(m)
    with_defects += sum(kinds.values()) > before
print('parts: %d (%d leaves, %d embedded messages)' % (parts, leaves, embedded))
print('messages with defects: %d' % with_defects)
print('defects: %d' % sum(kinds.values()))
for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
    print('  %-28s %d' % (k, v))
sys.exit(1 if bad else 0)
PY
else
    # No python3: a standalone C validator, and defect kinds from eml check.
    $CC -std=c11 -O2 -o "$T/jsoncheck" tools/test/jsoncheck.c || fail "cannot build jsoncheck"
    "$T/jsoncheck" <"$T/out.jsonl" >/dev/null || fail "invalid JSON output"
    "$EML" check -q "$@" 2>/dev/null | awk -F': ' '{ for (i = 2; i < NF; i++) if ($i ~ /^[A-Z0-9_]+$/) { print $i; break } }' |
        sort | uniq -c | sort -rn | awk 'BEGIN { print "defects (eml check):" } { print "  " $2 " " $1 }' >"$T/stats"
fi

# The other commands over the same messages: no crash, no I/O error.
for cmd in tree headers text check; do
    $RUN "$EML" "$cmd" -q --jobs "$JOBS" "$@" >"$T/$cmd.out" 2>"$T/$cmd.err"
    s=$?
    case "$cmd:$s" in
        check:0 | check:1 | tree:0 | headers:0 | text:0) ;;
        *) fail "eml $cmd exited $s: $(head -c 1000 "$T/$cmd.err")" ;;
    esac
done
$RUN "$EML" extract -q --jobs "$JOBS" -o "$T/attachments" "$@" >"$T/extract.out" 2>"$T/extract.err"
s=$?
[ $s -eq 0 ] || fail "eml extract exited $s: $(head -c 1000 "$T/extract.err")"
attachments=$(wc -l <"$T/extract.out" | tr -d ' ')

# What is meant for a terminal is valid UTF-8 with no control characters
# but tab and line feed, whatever the messages hold.
if command -v python3 >/dev/null 2>&1; then
    python3 - "$T/tree.out" "$T/headers.out" "$T/text.out" "$T/check.out" <<'PY' || fail "terminal output not clean"
import re, sys
ok = True
for name in sys.argv[1:]:
    data = open(name, 'rb').read()
    try:
        text = data.decode('utf-8', 'strict')
    except UnicodeDecodeError as e:
        print('%s: invalid UTF-8: %s' % (name, e)); ok = False; continue
    m = re.search('[\x00-\x08\x0b-\x1f\x7f-\x9f]', text)
    if m:
        print('%s: control character %r at %d' % (name, m.group(), m.start())); ok = False
sys.exit(0 if ok else 1)
PY
fi
end=$(date +%s)

echo "corpus: $files files, $messages messages, $attachments attachments extracted, $((end - start)) s${RUN:+ (valgrind)}"
cat "$T/stats"
[ "$failed" -eq 0 ]
