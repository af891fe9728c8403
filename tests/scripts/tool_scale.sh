#!/bin/sh
# Inputs with many of one thing take time in proportion to their size:
# a Content-Type with 60,000 parameters (eml json; as many as fit in the
# default 1 MiB header limit), 20,000 attachments
# of one name (eml extract), and 300,000 line breaks in a <pre> that
# paragraphs keep asking to break (eml text). Each run must finish well
# inside a bound that quadratic code misses by far (it took 30 to 40 s
# on the first two), and give the complete output.
. tests/lib/prelude.sh
need_eml
command -v timeout >/dev/null 2>&1 || { echo "skipped: no timeout(1)"; exit 77; }
LIMIT=20

# within NAME CMD...: CMD exits 0 before LIMIT seconds, output in $T/out.
within() {
    name=$1; shift
    timeout "$LIMIT" "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq 0 ]; then pass; else fail "$name: exited $got (124: over $LIMIT s): $(head -c 300 "$T/err")"; fi
}

N=60000
awk -v n=$N 'BEGIN { printf "Content-Type: text/plain"
    for (i = 0; i < n; i++) printf ";\n p%d=v%d", i, i
    printf "\n\nbody\n" }' >"$T/params.eml"
within "json, $N parameters" "$EML" json "$T/params.eml"
same "json parameters" "$(grep -o '"p[0-9]*":"v[0-9]*"' "$T/out" | wc -l | tr -d ' ')" $N
same "json last parameter" "$(grep -o '"p[0-9]*":"v[0-9]*"}' "$T/out")" "\"p$((N - 1))\":\"v$((N - 1))\"}"

N=20000
awk -v n=$N 'BEGIN { printf "Content-Type: multipart/mixed; boundary=b\n\n"
    for (i = 0; i < n; i++) printf "--b\nContent-Disposition: attachment; filename=same.txt\n\n%d\n", i
    printf "--b--\n" }' >"$T/same.eml"
within "extract, $N equal names" "$EML" extract -q -o "$T/files" "$T/same.eml"
awk -v n=$N 'BEGIN { print "same.txt"; for (i = 2; i <= n; i++) printf "same-%d.txt\n", i }' |
    LC_ALL=C sort >"$T/want"
same "extract names" "$(ls "$T/files" | LC_ALL=C sort | cmp - "$T/want" && echo equal)" equal
same "extract order" "$(sed -n '1p;$p' "$T/out" | sed 's|.*/||' | tr '\t\n' ' |')" \
    "same.txt 1 bytes|same-$N.txt 5 bytes|"
same "extract content" "$(cat "$T/files/same-$N.txt")" $((N - 1))

N=300000
awk -v n=$N 'BEGIN { printf "Content-Type: text/html\n\n<pre>"
    for (i = 0; i < n; i++) printf "\n<p>"
    printf "end</pre>\n" }' >"$T/pre.eml"
within "text, $N breaks in <pre>" "$EML" text "$T/pre.eml"
same "text lines" "$(wc -l <"$T/out" | tr -d ' ')" $((N + 2))
same "text end" "$(tail -n 1 "$T/out")" end

summary tool_scale
