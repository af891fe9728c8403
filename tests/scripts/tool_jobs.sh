#!/bin/sh
# --jobs N gives byte-for-byte the output of a serial run, for every
# command, on an mbox of varied messages, a maildir, and the shared corpus
# when it is there.
. tests/lib/prelude.sh
need_eml

# 400 messages of a few shapes, some with defects, some with attachments.
i=0
while [ $i -lt 400 ]; do
    printf 'From sender%d@example.com Mon Jan  1 00:00:00 2024\n' $i
    case $((i % 4)) in
        0) printf 'Subject: plain %d\n\nbody %d\n>From quoted\n\n' $i $i ;;
        1) printf 'Subject: multi %d\nContent-Type: multipart/alternative; boundary=a%d\n\n--a%d\nContent-Type: text/plain\n\nplain %d\n--a%d\nContent-Type: text/html\n\n<p>html %d</p>\n--a%d--\n\n' $i $i $i $i $i $i $i ;;
        2) printf 'Subject: broken %d\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nunclosed %d\n\n' $i $i ;;
        3) printf 'Subject: att %d\nContent-Type: multipart/mixed; boundary=c\n\n--c\n\ntext\n--c\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="f.bin"\n\ndata %d\n--c--\n\n' $i $i ;;
    esac
    i=$((i + 1))
done >"$T/big.mbox"

mkdir -p "$T/md/cur" "$T/md/new"
i=0
while [ $i -lt 50 ]; do
    printf 'Subject: md %d\nContent-Type: text/html\n\n<b>m</b>%d\n' $i $i >"$T/md/cur/$i.x:2,S"
    i=$((i + 1))
done

inputs="$T/big.mbox $T/md"
for cmd in tree json headers text check; do
    "$EML" "$cmd" -q $inputs >"$T/serial.$cmd" 2>/dev/null
    s1=$?
    for j in 2 4 0; do
        "$EML" "$cmd" -q --jobs "$j" $inputs >"$T/par.$cmd" 2>/dev/null
        s2=$?
        if cmp -s "$T/serial.$cmd" "$T/par.$cmd" && [ $s1 -eq $s2 ]; then pass; else fail "$cmd --jobs $j differs from serial (status $s1 vs $s2)"; fi
    done
    [ -s "$T/serial.$cmd" ] && pass || fail "$cmd printed nothing"
done
[ "$(wc -l <"$T/serial.json")" -eq 450 ] && pass || fail "json lines: $(wc -l <"$T/serial.json")"

# extract: the same names and bytes whatever the number of threads.
"$EML" extract -q -o "$T/x1" "$T/big.mbox" >"$T/x1.list" 2>/dev/null
"$EML" extract -q -j 3 -o "$T/x3" "$T/big.mbox" >"$T/x3.list" 2>/dev/null
if (cd "$T/x1" && ls | xargs cat) | cmp -s - "$(cd "$T/x3" && ls | xargs cat >"$T/x3.all"; echo "$T/x3.all")"; then pass; else fail "extract contents differ"; fi
sed "s|$T/x1|D|" "$T/x1.list" >"$T/x1.norm"
sed "s|$T/x3|D|" "$T/x3.list" >"$T/x3.norm"
if cmp -s "$T/x1.norm" "$T/x3.norm"; then pass; else fail "extract listings differ"; fi
[ "$(ls "$T/x1" | wc -l)" -eq 100 ] && pass || fail "extract wrote $(ls "$T/x1" | wc -l) files"
[ -f "$T/x1/f-100.bin" ] && pass || fail "duplicate names not numbered"

# The corpus, when present: json and check, serial against parallel.
C=../shared/corpus
if [ -d "$C" ]; then
    for cmd in json check; do
        "$EML" "$cmd" -q "$C" >"$T/cs" 2>/dev/null
        "$EML" "$cmd" -q -j 4 "$C" >"$T/cp" 2>/dev/null
        if cmp -s "$T/cs" "$T/cp"; then pass; else fail "corpus $cmd --jobs 4 differs"; fi
    done
fi

summary tool_jobs
