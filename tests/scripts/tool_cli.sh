#!/bin/sh
# The eml tool's command line: --help, --version, usage errors, I/O
# errors, exit statuses, standard input, and the tree/headers/check output.
. tests/lib/prelude.sh
need_eml

printf 'From: a@example.com\nTo: b@example.com\nSubject: hello\n\nbody\n' >"$T/clean.eml"
# Missing close delimiter (RFC 2046 section 5.1.1): a defect, not an error.
printf 'Subject: broken\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\npart one\n' >"$T/defect.eml"
printf 'Subject: =?UTF-8?B?w6l0w6k=?=\nX-Tab: a\tb\nX-Esc: \033[31mred\n\nx\n' >"$T/esc.eml"

# Help and version.
run 0 "$EML" --help; has "$T/out" "usage: eml COMMAND"; has "$T/out" "extract"; has "$T/out" "JSON"
run 0 "$EML" --version; has "$T/out" "eml "; has "$T/out" "libeml"
for c in tree json headers text extract check; do
    run 0 "$EML" "$c" --help; has "$T/out" "usage: eml $c"; has "$T/out" "--jobs"
done
run 0 "$EML" help json; has "$T/out" "JSON Lines"

# Usage errors: status 2 and a message naming the problem.
run 2 "$EML"
run 2 "$EML" frobnicate "$T/clean.eml"; has "$T/err" "unknown command 'frobnicate'"
run 2 "$EML" tree; has "$T/err" "no input"
run 2 "$EML" tree --bogus "$T/clean.eml"; has "$T/err" "unknown option '--bogus'"
run 2 "$EML" tree --force "$T/clean.eml"; has "$T/err" "unknown option '--force'"
run 2 "$EML" tree --jobs "$T/clean.eml"
run 2 "$EML" tree --jobs=-1 "$T/clean.eml"; has "$T/err" "--jobs"
run 2 "$EML" tree --mbox=maybe "$T/clean.eml"; has "$T/err" "--mbox"
run 2 "$EML" extract -o "" "$T/clean.eml"

# I/O errors: status 2 with the file named, other files still processed.
run 2 "$EML" tree "$T/missing.eml"; has "$T/err" "$T/missing.eml"; has "$T/err" "No such file"
run 2 "$EML" headers "$T/missing.eml" "$T/clean.eml"; has "$T/out" "Subject: hello"
mkdir "$T/empty-dir"
run 0 "$EML" tree "$T/empty-dir"

# Defects never change the exit status, except for check.
run 0 "$EML" tree "$T/defect.eml"; has "$T/out" "MULTIPART_NO_CLOSE"
run 0 "$EML" json "$T/defect.eml"
run 0 "$EML" headers "$T/defect.eml"
run 0 "$EML" text "$T/defect.eml"
run 0 "$EML" check "$T/clean.eml"; has "$T/err" "1 message, 0 defects"
run 1 "$EML" check "$T/defect.eml"; has "$T/out" "MULTIPART_NO_CLOSE"; has "$T/out" "$T/defect.eml: offset"
run 1 "$EML" check "$T/clean.eml" "$T/defect.eml"; has "$T/err" "2 messages"
run 2 "$EML" check "$T/defect.eml" "$T/missing.eml"
run 1 "$EML" check -q "$T/defect.eml"
if [ -s "$T/err" ]; then fail "check -q wrote to stderr"; else pass; fi

# Defects are located by IMAP part number; an embedded message's parts
# continue from the message/rfc822 part's number.
printf 'Content-Type: multipart/mixed; boundary=x\n\n--x\n\nfirst\n--x\nContent-Type: message/rfc822\n\nContent-Type: multipart/mixed; boundary=y\n\n--y\n\na\n--y\nContent-Transfer-Encoding: base64\n\nQUJD*\n--y--\n--x--\n' >"$T/nested.eml"
run 1 "$EML" check "$T/nested.eml"; has "$T/out" "$T/nested.eml: part 2.2: offset "; has "$T/out" ": BASE64_INVALID_CHAR: "

# Standard input.
run 0 sh -c "\"$EML\" headers - <\"$T/clean.eml\""; has "$T/out" "Subject: hello"
run 0 sh -c "cat \"$T/clean.eml\" | \"$EML\" tree -"; has "$T/out" "text/plain"

# tree: one line per part, indented; headers: decoded, made safe for a terminal.
printf 'Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nhello\n--x\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="a.bin"\n\n12345\n--x--\n' >"$T/tree.eml"
run 0 "$EML" tree "$T/tree.eml"
has "$T/out" "multipart/mixed, 7bit"
has "$T/out" "  text/plain, 7bit, 5 bytes"
has "$T/out" "  application/octet-stream, 7bit, 5 bytes, attachment, \"a.bin\""
[ "$(wc -l <"$T/out")" -eq 3 ] && pass || fail "tree has $(wc -l <"$T/out") lines, wanted 3"
run 0 "$EML" headers "$T/esc.eml"
has "$T/out" "X-Tab: a b"
has "$T/out" "X-Esc: \\x1B[31mred"
if grep -q "$(printf '\033')" "$T/out"; then fail "headers let ESC through"; else pass; fi
has "$T/out" "Subject: été"
run 0 "$EML" headers --raw "$T/esc.eml"; has "$T/out" "Subject: =?UTF-8?B?w6l0w6k=?="

# Several messages: a heading before each.
run 0 "$EML" tree "$T/clean.eml" "$T/tree.eml"
has "$T/out" "==> $T/clean.eml <=="; has "$T/out" "==> $T/tree.eml <=="
has "$T/err" "2 messages"
run 0 "$EML" tree -q "$T/clean.eml" "$T/tree.eml"
if [ -s "$T/err" ]; then fail "-q wrote to stderr"; else pass; fi

summary tool_cli
