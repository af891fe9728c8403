#!/bin/sh
# eml text: which body is chosen, HTML rendered safely, control
# characters removed, attachments never shown.
. tests/lib/prelude.sh
need_eml
# text NAME WANT: eml text of $T/NAME.eml, lines joined with '|'
text() {
    got=$("$EML" text "$T/$1.eml" 2>"$T/err" | tr '\n' '|')
    if [ "$got" = "$2" ]; then pass; else fail "$1: got [$got] wanted [$2]"; fi
}

printf 'Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/html\n\n<p>html version</p>\n--a\nContent-Type: text/plain\n\nplain version\n--a--\n' >"$T/alt.eml"
text alt "plain version|"

printf 'Content-Type: text/html; charset=utf-8\n\n<html><head><title>t</title><script>evil()</script></head><body><h1>Title</h1><p>Para &amp; more</p><a href="https://example.com/">link</a></body></html>\n' >"$T/html.eml"
text html "Title||Para & more||link <https://example.com/>|"

# multipart/mixed > multipart/related > multipart/alternative > html only.
printf 'Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: multipart/related; boundary=r\n\n--r\nContent-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/html\n\n<div>deep</div>\n--a--\n--r\nContent-Type: image/png\n\nPNG\n--r--\n--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename=notes.txt\n\nattached text\n--m--\n' >"$T/nested.eml"
text nested "deep|"

# The first readable part of a mixed; an attached text is not it.
printf 'Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nattachment\n--m\nContent-Type: text/plain\n\nthe body\n--m--\n' >"$T/mixed.eml"
text mixed "the body|"

# Terminal controls are removed; CRLF becomes LF; tabs stay.
printf 'Subject: c\r\n\r\nline\033[2J one\r\nline\ttwo\a\r\n' >"$T/ctl.eml"
text ctl "line[2J one|line	two|"
if "$EML" text "$T/ctl.eml" | grep -q "$(printf '\033')"; then fail "ESC reached the output"; else pass; fi

# A message/rfc822 body: its text.
printf 'Content-Type: message/rfc822\n\nSubject: inner\n\ninner text\n' >"$T/fwd.eml"
text fwd "inner text|"

# No readable body: nothing on stdout, a note on stderr, status 0.
printf 'Content-Type: application/pdf\n\n%%PDF\n' >"$T/none.eml"
text none ""
if grep -q "no text body" "$T/err"; then pass; else fail "no note for a message without text"; fi
"$EML" text "$T/none.eml" >/dev/null 2>&1 && pass || fail "no text body changed the status"

# Charsets are converted to UTF-8.
printf 'Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9 cr=E8me\n' >"$T/latin1.eml"
text latin1 "café crème|"
printf 'Content-Type: text/html; charset=windows-1252\n\n<p>\223quoted\224 &eacute;</p>\n' >"$T/cp1252.eml"
text cp1252 "“quoted” é|"

# Output is valid UTF-8 whatever the input bytes.
printf 'Content-Type: text/plain; charset=utf-8\n\nbad \377\376 bytes\n' >"$T/bad.eml"
"$EML" text "$T/bad.eml" >"$T/bad.out" 2>/dev/null
if command -v python3 >/dev/null 2>&1; then
    if python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/bad.out"; then pass; else fail "invalid UTF-8 in text output"; fi
fi

summary tool_text
