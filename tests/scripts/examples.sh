#!/bin/sh
# Runs every program in examples/ on the sample messages there and checks
# what it prints (and, for extract, what it writes). The expected lines
# come from reading the sample files by hand.
BUILD=${BUILD:-build}
ex=$BUILD/examples
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
err() { echo "examples: $*"; fail=1; }

# expect NAME EXPECTED-FILE COMMAND...: exit status 0 and exactly that output.
expect() {
    name=$1 want=$2
    shift 2
    if ! "$@" > "$tmp/out" 2> "$tmp/err"; then
        err "$name: exit status $? ($(head -c 300 "$tmp/err"))"
        return
    fi
    if ! cmp -s "$want" "$tmp/out"; then
        err "$name: unexpected output"
        diff "$want" "$tmp/out" | head -n 20 | sed 's/^/   /'
    fi
}

for src in examples/*.c; do
    name=$(basename "$src" .c)
    [ -x "$ex/$name" ] || err "$name: $ex/$name was not built"
    n=$(wc -l < "$src")
    [ "$n" -lt 100 ] || err "$name: $src has $n lines (examples stay under 100)"
done
[ $fail -eq 0 ] || exit 1
[ -f examples/sample.eml ] || { err "examples/sample.eml missing"; exit 1; }

# ---- summary ---------------------------------------------------------------------
cat > "$tmp/want" <<'OUT'
From: Renée Dupont <renee@example.org>
To: Team <team@example.com>
Date: 2025-06-03 09:15:00 +0200
Subject: Rapport mensuel – juin
OUT
expect "summary sample.eml" "$tmp/want" "$ex/summary" examples/sample.eml
cat > "$tmp/want" <<'OUT'
From: Dan <dan@example.com>
To: Team, all <team@example.com>, eve@example.com
Date: 2025-03-14 16:45:00 -0500
Subject: Files for the réunion (✔)
OUT
expect "summary attachments.eml" "$tmp/want" "$ex/summary" examples/attachments.eml

# ---- tree --------------------------------------------------------------------------
cat > "$tmp/want" <<'OUT'
multipart/mixed
  multipart/alternative
    text/plain quoted-printable 70 bytes
    text/html quoted-printable 87 bytes
  image/png base64 66 bytes "pixel.png"
5 parts
OUT
expect "tree sample.eml" "$tmp/want" "$ex/tree" examples/sample.eml
cat > "$tmp/want" <<'OUT'
multipart/mixed
  text/plain 7bit 29 bytes
  text/plain base64 30 bytes "naïve résumé.txt"
  application/pdf base64 14 bytes "../../etc/report.pdf"
  application/octet-stream base64 4 bytes
  message/rfc822
    text/plain 7bit 20 bytes
7 parts
OUT
expect "tree attachments.eml" "$tmp/want" "$ex/tree" examples/attachments.eml

# ---- text ----------------------------------------------------------------------------
printf 'Bonjour à tous,\r\n\r\nLe rapport de juin est en pièce jointe.\r\n\r\nRenée\n' > "$tmp/want"
expect "text sample.eml (text/plain of the alternative)" "$tmp/want" "$ex/text" examples/sample.eml
printf 'The three files are attached.\n' > "$tmp/want"
expect "text attachments.eml (not the attached text file)" "$tmp/want" "$ex/text" examples/attachments.eml
printf '<html><body><p>Café opens at 10 – see you there.</p></body></html>\n' > "$tmp/want"
expect "text html.eml (windows-1252 HTML to UTF-8)" "$tmp/want" "$ex/text" examples/html.eml

# ---- decode_header -------------------------------------------------------------------
cat > "$tmp/want" <<'OUT'
raw:     =?UTF-8?B?UmFwcG9ydCBtZW5zdWVsIOKAkyBqdWlu?=
decoded: Rapport mensuel – juin
OUT
expect "decode_header sample.eml Subject" "$tmp/want" "$ex/decode_header" examples/sample.eml Subject
"$ex/decode_header" examples/attachments.eml subject > "$tmp/out" 2>&1
grep -qx 'decoded: Files for the réunion (✔)' "$tmp/out" || err "decode_header attachments.eml: $(cat "$tmp/out")"
if "$ex/decode_header" examples/sample.eml X-Absent > /dev/null 2>&1; then
    err "decode_header: exit status 0 for a missing field"
fi

# ---- mbox ------------------------------------------------------------------------------
cat > "$tmp/want" <<'OUT'
1: Alice Example | Lunch on Friday? | parts: 1
   From the office we can walk to the market.
2: Bob B. | Re: Lunch on Friday? | parts: 1
   Yes, noon works.
3: Carol Müller | Grüße aus München | parts: 3
3 messages
OUT
expect "mbox sample.mbox" "$tmp/want" "$ex/mbox" examples/sample.mbox
if "$ex/mbox" examples/sample.eml > /dev/null 2>&1; then
    err "mbox: exit status 0 for a file that is not an mbox"
fi

# ---- extract -----------------------------------------------------------------------------
# Into a folder two levels down, so that a name escaping with ../.. would
# land inside $tmp where it can be seen.
out=$tmp/a/b/out
mkdir -p "$out"
cat > "$tmp/want" <<OUT
$out/naïve résumé.txt: 30 bytes
$out/report.pdf: 14 bytes
$out/part-4.bin: 4 bytes
OUT
expect "extract attachments.eml" "$tmp/want" "$ex/extract" examples/attachments.eml "$out"
printf 'Quarterly figures\nQ1 10\nQ2 12\n' | cmp -s - "$out/naïve résumé.txt" || err "extract: wrong bytes in naïve résumé.txt"
printf '%%PDF-1.4 tiny\n' | cmp -s - "$out/report.pdf" || err "extract: wrong bytes in report.pdf"
printf '\000\001\002\377' | cmp -s - "$out/part-4.bin" || err "extract: wrong bytes in part-4.bin"
found=$(cd "$tmp" && find . -type f | grep -v '^\./a/b/out/' | grep -v '^\./\(out\|err\|want\)$')
[ -z "$found" ] || err "extract: files written outside the folder: $found"
[ "$(ls -A "$out" | wc -l)" -eq 3 ] || err "extract: expected 3 files, got: $(ls -A "$out")"
# A second run must not overwrite: it reports failure and leaves the files.
printf 'mine' > "$out/report.pdf"
if "$ex/extract" examples/attachments.eml "$out" > /dev/null 2>&1; then
    err "extract: exit status 0 although every file existed"
fi
[ "$(cat "$out/report.pdf")" = mine ] || err "extract: overwrote an existing file"

# ---- the README's example ---------------------------------------------------------
# The show() function of the README, with a main() that reads a file, must
# list every leaf: the one part of a single-part message, and the leaves of
# nested multiparts and of an embedded message.
sed -n '/^```c$/,/^```$/p' README | sed '1d;$d' > "$tmp/readme.c"
cat >> "$tmp/readme.c" <<'MAIN'
#include <stdlib.h>
int main(int argc, char **argv)
{
    static char buf[1 << 16];
    FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
    if (!f)
        return 2;
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return show(buf, len) == 0 ? 0 : 1;
}
MAIN
SAN=
nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_\|__ubsan_' && SAN="-fsanitize=address,undefined"
if ${CC:-cc} $SAN -std=c11 -Wall -Wextra -Werror -Iinclude -o "$tmp/readme" "$tmp/readme.c" "$BUILD/libeml.a" -lpthread 2> "$tmp/readme.err"; then
    cat > "$tmp/want" <<'OUT'
Subject: Weekly news
text/html: 67 bytes
OUT
    expect "README example, single part (html.eml)" "$tmp/want" "$tmp/readme" examples/html.eml
    cat > "$tmp/want" <<'OUT'
Subject: Files for the réunion (✔)
  text/plain: 29 bytes
  text/plain: 30 bytes
  application/pdf: 14 bytes
  application/octet-stream: 4 bytes
    text/plain: 20 bytes
OUT
    expect "README example, nested with an embedded message (attachments.eml)" "$tmp/want" "$tmp/readme" examples/attachments.eml
    cat > "$tmp/want" <<'OUT'
Subject: Rapport mensuel – juin
    text/plain: 70 bytes
    text/html: 87 bytes
  image/png: 66 bytes
OUT
    expect "README example, nested multiparts (sample.eml)" "$tmp/want" "$tmp/readme" examples/sample.eml
else
    err "README example does not build:"; sed 's/^/   /' "$tmp/readme.err" | head -n 8
fi

# ---- body ----------------------------------------------------------------------------
cat > "$tmp/want" <<'OUT'
The three files are attached.
attachment: text/plain 30 bytes "naïve résumé.txt"
attachment: application/pdf 14 bytes "../../etc/report.pdf"
attachment: application/octet-stream 4 bytes
inline: text/plain 20 bytes
OUT
expect "body attachments.eml" "$tmp/want" "$ex/body" examples/attachments.eml
printf 'Café opens at 10 – see you there.\n' > "$tmp/want"
expect "body html.eml (HTML rendered as text)" "$tmp/want" "$ex/body" examples/html.eml

# ---- errors ------------------------------------------------------------------------------
for name in summary tree text mbox body; do
    "$ex/$name" "$tmp/no-such-file" > /dev/null 2>&1
    rc=$?
    [ $rc -eq 2 ] || err "$name: exit status $rc for a missing file, expected 2"
done

[ $fail -eq 0 ] && echo "examples: $(ls examples/*.c | wc -l) programs run and checked"
exit $fail
