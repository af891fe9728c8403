#!/bin/sh
# Inputs: mbox splitting (mboxrd, mboxo, CRLF, detection, --mbox), *.eml
# files, maildir folders (cur/new, tmp and metadata skipped, maildir++
# subfolders), plain folders, and standard input.
. tests/lib/prelude.sh
need_eml
lines() { "$EML" json -q "$@" 2>/dev/null | wc -l | tr -d ' '; }
# text FILE...: the text bodies, without headings
text() { "$EML" text -q "$@" 2>/dev/null | grep -v '^==> ' ; }

# mboxrd: a line quoted twice means the writer quotes quoted lines.
cat >"$T/rd.mbox" <<'M'
From alice@example.com Mon Jan  1 00:00:00 2024
Subject: one

first
>From the start
>>From quoted

From bob@example.com Tue Jan  2 00:00:00 2024
Subject: two

second

From - 
Subject: three

third
M
same "mboxrd count" "$(lines "$T/rd.mbox")" 3
same "mboxrd first text" "$(text "$T/rd.mbox" | head -3 | tr '\n' '|')" "first|From the start|>From quoted|"
same "forced mboxo" "$(text --mbox=mboxo "$T/rd.mbox" | head -3 | tr '\n' '|')" "first|From the start|>>From quoted|"
same "mboxrd labels" "$("$EML" tree "$T/rd.mbox" 2>/dev/null | grep '^==>' | tr '\n' '|')" \
    "==> $T/rd.mbox:1 <==|==> $T/rd.mbox:2 <==|==> $T/rd.mbox:3 <==|"
same "no mbox" "$(lines --mbox=no "$T/rd.mbox")" 1
same "summary" "$("$EML" json "$T/rd.mbox" 2>&1 >/dev/null)" "eml: 3 messages, 0 defects in 0 messages"

# Each message names its file and where it starts in it.
off=$("$EML" json -q "$T/rd.mbox" | sed -n 2p | sed 's/.*"offset":\([0-9]*\).*/\1/')
same "mbox offset" "$(tail -c +$((off + 1)) "$T/rd.mbox" | head -n 1)" "Subject: two"
same "mbox source" "$("$EML" json -q "$T/rd.mbox" | sed -n 3p | grep -c "\"source\":\"$T/rd.mbox\"")" 1

# mboxo (no line quoted twice): ">From " loses its '>'.
printf 'From a\nSubject: o\n\n>From here\n> >From not this\n' >"$T/o.mbox"
same "mboxo text" "$(text "$T/o.mbox" | tr '\n' '|')" "From here|> >From not this|"

# CRLF line endings; no empty line before a From_ line; "From :" header.
printf 'From a\r\nSubject: c1\r\n\r\nx\r\n\r\nFrom b\r\nSubject: c2\r\n\r\ny\r\nFrom c\r\nFrom  : odd@example.com\r\nSubject: c3\r\n\r\nz\r\n' >"$T/crlf.mbox"
same "crlf count" "$(lines "$T/crlf.mbox")" 3
same "crlf subjects" "$("$EML" headers -q "$T/crlf.mbox" | grep '^Subject' | tr '\n' '|')" "Subject: c1|Subject: c2|Subject: c3|"
same "crlf bodies" "$(text "$T/crlf.mbox" | grep -v "^$" | tr '\n' '|')" "x|y|z|"

# A *.eml file that starts with a From_ line is one message.
printf 'From a Mon Jan  1 00:00:00 2024\nSubject: e\n\nbody\n\nFrom here on, text\n' >"$T/one.eml"
same "eml file" "$(lines "$T/one.eml")" 1
cp "$T/one.eml" "$T/one.mbox"
same "same bytes as mbox" "$(lines "$T/one.mbox")" 2

# Standard input.
same "stdin mbox" "$(cat "$T/rd.mbox" | lines -)" 3
same "stdin message" "$(printf 'Subject: s\n\nb\n' | lines -)" 1

# check names the message inside the mbox.
printf 'From a\nSubject: ok\n\nfine\n\nFrom b\nContent-Type: multipart/mixed; boundary=q\n\n--q\n\nunclosed\n' >"$T/defect.mbox"
"$EML" check -q "$T/defect.mbox" >"$T/check.out"
same "check status" "$?" 1
if grep -q "^$T/defect.mbox:2: " "$T/check.out" && ! grep -q "defect.mbox:1" "$T/check.out"; then pass; else fail "check labels: $(cat "$T/check.out")"; fi

# Maildir: cur/ and new/ (sorted), tmp/ and metadata skipped, maildir++.
M="$T/Maildir"
mkdir -p "$M/cur" "$M/new" "$M/tmp" "$M/.Sent/cur" "$M/.Sent/new" "$M/.Sent/tmp"
printf 'Subject: cur-b\n\nb\n' >"$M/cur/2.host:2,S"
printf 'Subject: cur-a\n\na\n' >"$M/cur/1.host:2,S"
printf 'Subject: new-c\n\nc\n' >"$M/new/3.host"
printf 'Subject: tmp\n\nt\n' >"$M/tmp/4.host"
printf 'Subject: hidden\n\nh\n' >"$M/cur/.hidden"
printf '3 V1 N5\n' >"$M/dovecot-uidlist"
printf '' >"$M/maildirfolder"
printf 'Subject: sent\n\ns\n' >"$M/.Sent/cur/5.host:2,S"
printf 'From x\nSubject: from-line\n\nf\n\nFrom y\nSubject: kept-whole\n\ng\n' >"$M/new/6.host"
same "maildir subjects" "$("$EML" headers -q "$M" | grep '^Subject' | tr '\n' '|')" \
    "Subject: sent|Subject: cur-a|Subject: cur-b|Subject: new-c|Subject: from-line|"
same "maildir count" "$(lines "$M")" 5
same "maildir cur only" "$(lines "$M/cur")" 2

# UTF-8 byte order marks: before the first From_ line of the file and
# before the header of each message; every message keeps its header.
printf '\357\273\277From a Mon Jan  1 00:00:00 2024\nSubject: bom-one\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b--\n\nFrom b Mon Jan  1 00:00:00 2024\n\357\273\277Subject: bom-two\n\ntwo\n' >"$T/bom.mbox"
same "bom mbox count" "$(lines "$T/bom.mbox")" 2
same "bom mbox subjects" "$("$EML" json -q "$T/bom.mbox" | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    print(m["subject"], m["body"]["type"], ",".join(m["defects"]))' | tr '\n' '|')" \
    "bom-one multipart/mixed |bom-two text/plain BYTE_ORDER_MARK|"

# A plain folder: every file, recursively, mbox files split.
mkdir -p "$T/plain/sub"
cp "$T/rd.mbox" "$T/plain/sub/box"
printf 'Subject: p\n\np\n' >"$T/plain/a.eml"
printf 'x\n' >"$T/plain/.dotfile"
same "plain folder" "$(lines "$T/plain")" 4
same "several arguments" "$(lines "$T/plain/a.eml" "$T/rd.mbox" "$M")" 9

# Unreadable entries are reported, the rest processed.
if [ "$(id -u)" != 0 ]; then
    printf 'Subject: locked\n\nx\n' >"$T/plain/locked"
    chmod 000 "$T/plain/locked"
    "$EML" json -q "$T/plain" >/dev/null 2>&1
    same "unreadable status" "$?" 2
    chmod 600 "$T/plain/locked"
fi

summary tool_mbox
