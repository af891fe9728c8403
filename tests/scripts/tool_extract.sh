#!/bin/sh
# eml extract: hostile file names stay inside the output folder and are
# cleaned; duplicates get suffixes; existing files and symbolic links are
# never overwritten or followed without --force.
. tests/lib/prelude.sh
need_eml
exists() { if [ -f "$1" ] && [ ! -L "$1" ]; then pass; else fail "missing file $1"; fi; }
absent() { if [ -e "$1" ] || [ -L "$1" ]; then fail "unexpected $1"; else pass; fi; }

att() { # att NAME-PARAMS BODY: one attachment part
    printf -- '--B\nContent-Type: application/octet-stream\nContent-Disposition: attachment; %s\n\n%s\n' "$1" "$2"
}
{
    printf 'Subject: hostile names\nContent-Type: multipart/mixed; boundary=B\n\n'
    printf -- '--B\nContent-Type: text/plain\n\nthe body, not a file\n'
    att 'filename="../../evil.txt"' 'evil'
    att 'filename="/tmp/abs.txt"' 'abs'
    att 'filename="..\\..\\win.txt"' 'win'
    att 'filename=".."' 'dotdot'
    att 'filename=".profile"' 'hidden'
    att 'filename="-rf"' 'dash'
    att "filename*=utf-8''%2e%2e%2fesc%1b%5b31m%0aname.txt" 'escaped'
    att 'filename="dup.txt"' 'dup one'
    att 'filename="dup.txt"' 'dup two'
    printf -- '--B\nContent-Type: image/png\n\nnot really a png\n'
    printf -- '--B\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\nSubject: inner\nContent-Type: multipart/mixed; boundary=I\n\n--I\nContent-Disposition: attachment; filename=inner.txt\n\ninner\n--I--\n'
    printf -- '--B--\n'
} >"$T/hostile.eml"

mkdir "$T/work"
cd "$T/work" || exit 1
"$EML" extract -o out/nested "$T/hostile.eml" >"$T/out" 2>"$T/err"
same "status" "$?" 0
O=out/nested
exists "$O/evil.txt"; same "evil content" "$(cat "$O/evil.txt")" "evil"
absent "$T/evil.txt"; absent "$T/work/evil.txt"; absent "$T/work/out/evil.txt"
exists "$O/abs.txt"
exists "$O/win.txt"
exists "$O/part-5.bin"; same "dotdot content" "$(cat "$O/part-5.bin")" "dotdot"
exists "$O/_profile"
exists "$O/_rf"
exists "$O/dup.txt"; exists "$O/dup-2.txt"
same "dup contents" "$(cat "$O/dup.txt"; printf "|"; cat "$O/dup-2.txt")" "dup one|dup two"
exists "$O/part-11.png"
exists "$O/part-12.eml"
if grep -q "^Subject: inner" "$O/part-12.eml"; then pass; else fail "attached message not saved whole"; fi
absent "$O/inner.txt"
absent "$O/part-1.txt"
# The body part's last line break belongs to the next delimiter
# (RFC 2046 section 5.1.1), so "evil" is 4 bytes.
# Nothing with a control character, separator or leading dot was made.
bad=$(ls -A "$O" | LC_ALL=C grep -c '[[:cntrl:]]\|^\.\|\\')
same "clean names" "$bad" 0
same "files written" "$(ls -A "$O" | wc -l | tr -d ' ')" 11
same "listed" "$(wc -l <"$T/out" | tr -d ' ')" 11
if grep -q "^$O/evil.txt	4 bytes$" "$T/out"; then pass; else fail "listing: $(head -3 "$T/out")"; fi
if grep -q "11 attachments written to $O" "$T/err"; then pass; else fail "summary: $(cat "$T/err")"; fi
if ls "$O" | grep -q 'esc.*name\.txt'; then pass; else fail "RFC 2231 name: $(ls "$O")"; fi

# No overwriting without --force; the existing file is left as it was.
printf 'Content-Type: text/plain\nContent-Disposition: attachment; filename="keep.txt"\n\nnew\n' >"$T/keep.eml"
printf 'old\n' >"$T/work/keep.txt"
"$EML" extract "$T/keep.eml" >"$T/out" 2>"$T/err"
same "exists status" "$?" 2
same "kept" "$(cat "$T/work/keep.txt")" "old"
if grep -q "keep.txt: exists; use --force" "$T/err"; then pass; else fail "message: $(cat "$T/err")"; fi
"$EML" extract --force "$T/keep.eml" >"$T/out" 2>"$T/err"
same "force status" "$?" 0
same "replaced" "$(cat "$T/work/keep.txt")" "new"

# A symbolic link planted under the name is never followed.
printf 'precious\n' >"$T/target"
mkdir "$T/links"
ln -s "$T/target" "$T/links/keep.txt"
"$EML" extract -o "$T/links" "$T/keep.eml" >/dev/null 2>&1
same "link status" "$?" 2
same "target untouched" "$(cat "$T/target")" "precious"
"$EML" extract --force -o "$T/links" "$T/keep.eml" >/dev/null 2>&1
same "link force status" "$?" 0
same "target still untouched" "$(cat "$T/target")" "precious"
exists "$T/links/keep.txt"
same "link replaced" "$(cat "$T/links/keep.txt")" "new"
absent "$T/links/.eml-extract-"*

# Bodies are written transfer-decoded (base64, quoted-printable).
printf 'Content-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: application/octet-stream; name=b64.bin\nContent-Transfer-Encoding: base64\n\nSGVsbG8sIGJp\nbmFyeQD/AQ==\n--z\nContent-Type: text/csv\nContent-Disposition: attachment; filename=qp.csv\nContent-Transfer-Encoding: quoted-printable\n\na=3Db,=\nc\n--z--\n' >"$T/enc.eml"
"$EML" extract -q -o "$T/enc" "$T/enc.eml" >/dev/null 2>&1
printf 'Hello, binary\000\377\001' >"$T/b64.expect"
if cmp -s "$T/enc/b64.bin" "$T/b64.expect"; then pass; else fail "base64 attachment not decoded"; fi
same "qp attachment" "$(cat "$T/enc/qp.csv")" "a=b,c"

# uuencode and yEnc blocks inside a text body are files too, named by their
# begin line (made safe); an x-uuencode part is named by its begin line.
printf 'Content-Type: multipart/mixed; boundary=z\n\n--z\n\nsee below\nbegin 644 ../up.txt\n#86)C\n`\nend\n=ybegin line=128 size=3 name=y.bin\n\213\214\215\n=yend size=3 crc32=352441c2\n--z\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n\nbegin 600 named.dat\n#86)C\n`\nend\n--z--\n' >"$T/uu.eml"
"$EML" extract -q -o "$T/uu" "$T/uu.eml" >/dev/null 2>&1
same "uu extract status" "$?" 0
exists "$T/uu/up.txt"; same "uuencode block" "$(cat "$T/uu/up.txt")" "abc"
exists "$T/uu/y.bin"; same "yEnc block" "$(cat "$T/uu/y.bin")" "abc"
exists "$T/uu/named.dat"; same "x-uuencode part" "$(cat "$T/uu/named.dat")" "abc"
absent "$T/up.txt"

# An output folder that cannot be made: status 2.
printf 'x' >"$T/afile"
"$EML" extract -o "$T/afile/sub" "$T/keep.eml" >/dev/null 2>&1
same "bad folder" "$?" 2

# Several messages: generated names carry the message number.
printf 'From a\nContent-Type: image/gif\n\nG1\n\nFrom b\nContent-Type: image/gif\n\nG2\n' >"$T/two.mbox"
"$EML" extract -q -o "$T/many" "$T/two.mbox" >/dev/null 2>&1
same "mbox extract" "$(ls "$T/many" | tr '\n' ' ')" "msg1-part-1.gif msg2-part-1.gif "

summary tool_extract
