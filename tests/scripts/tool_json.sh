#!/bin/sh
# eml json: the schema, JSON Lines for several messages, valid UTF-8 and
# escaping whatever the input bytes, sizes and SHA-256 of decoded bodies.
. tests/lib/prelude.sh
need_eml
command -v python3 >/dev/null 2>&1 || { echo "skipped: no python3"; exit 77; }

# A multipart with a nested message, folded and 8-bit headers, control bytes.
printf 'From: Ann <ann@example.com>\r\nTo: bob@example.com, carl@example.com\r\nSubject: folded\r\n subject line\r\nDate: Mon, 8 Mar 2010 21:36:38 +1100\r\nMessage-ID: <id1@example.com>\r\nReferences: <r1@x> <r2@x>\r\nX-Bytes: caf\351 \377 \001 "q" \\\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="BB"; charset=x\r\n\r\npreamble\r\n--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello world\r\n--BB\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nFrom: x@y\r\n\r\ninner body\r\n--BB\r\nContent-Type: application/octet-stream; name="data.bin"\r\nContent-Transfer-Encoding: 8bit\r\nX-Part: yes\r\n\r\n\200\201\202\r\n--BB--\r\n' >"$T/m1.eml"
printf 'Subject: second\n\nplain body\n' >"$T/m2.eml"
printf 'Subject: broken\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nno close\n' >"$T/m3.eml"
printf 'Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=\n' >"$T/m4.eml"
printf 'Subject: =?iso-8859-1?q?caf=E9?= =?utf-8?b?b2zDqQ==?=\nTo: Team:;\nCc: =?utf-8?q?J=C3=B6rg?= <x@y.example>\nDate: Fri, 21 Nov 1997 09:55:06 -0600\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\ncaf\351\n' >"$T/m5.eml"

printf 'Subject: files\n\nhi\nbegin 644 a.txt\n#86)C\n`\nend\n=ybegin part=1 line=128 size=6 name=y.bin\n=ypart begin=1 end=3\n\213\214\215\n=yend size=3 part=1 pcrc32=352441c2\n' >"$T/m6.eml"
"$EML" json "$T/m6.eml" >"$T/six.json" 2>"$T/err6" || { echo "eml json failed: $(cat "$T/err6")"; exit 1; }
"$EML" json "$T/m1.eml" "$T/m2.eml" "$T/m3.eml" "$T/m4.eml" "$T/m5.eml" >"$T/out.jsonl" 2>"$T/err" || { echo "eml json failed: $(cat "$T/err")"; exit 1; }
"$EML" json "$T/m1.eml" >"$T/one.json" 2>"$T/err1" || { echo "eml json failed"; exit 1; }

python3 - "$T/out.jsonl" "$T/one.json" "$T/six.json" <<'PY'
import base64, hashlib, json, sys
failures = []
def check(cond, what):
    if not cond:
        failures.append(what)

raw = open(sys.argv[1], 'rb').read()
raw.decode('utf-8')  # raises on invalid UTF-8
lines = raw.split(b'\n')
check(lines[-1] == b'', 'output ends with a newline')
lines = lines[:-1]
check(len(lines) == 5, 'one line per message, got %d' % len(lines))
msgs = [json.loads(l) for l in lines]
check(open(sys.argv[2], 'rb').read() == lines[0] + b'\n', 'single-file output equals the first line')

MESSAGE_KEYS = {'source', 'offset', 'headers', 'subject', 'from', 'sender', 'reply_to', 'to', 'cc', 'bcc', 'date',
                'message_id', 'in_reply_to', 'references', 'defects', 'body'}
PART_KEYS = {'type', 'params', 'disposition', 'filename', 'encoding', 'headers', 'defects'}

def check_part(p, root):
    check(PART_KEYS <= set(p), 'part keys: %s' % sorted(p))
    check(isinstance(p['params'], dict), 'params is an object')
    check(isinstance(p['headers'], list), 'part headers is a list')
    if root:
        check(p['headers'] == [], 'root part headers are empty')
    check(all(isinstance(d, str) for d in p['defects']), 'defects are strings')
    leaf = 'parts' not in p and 'message' not in p
    if leaf:
        check(isinstance(p.get('size'), int) and len(p.get('sha256', '')) == 64, 'leaf has size and sha256')
    if p['type'].startswith('text/') and leaf:
        check(isinstance(p.get('text'), str), 'text leaf has text')
    for c in p.get('parts', []):
        check_part(c, False)
    if 'message' in p:
        check_message(p['message'])

def check_message(m):
    check(set(m) == MESSAGE_KEYS, 'message keys: %s' % sorted(m))
    check(isinstance(m['source'], str) and isinstance(m['offset'], int) and m['offset'] >= 0,
          'source and offset: %r %r' % (m['source'], m['offset']))
    for k in ('from', 'sender', 'reply_to', 'to', 'cc', 'bcc', 'in_reply_to', 'references', 'defects'):
        check(isinstance(m[k], list), '%s is a list' % k)
    for k in ('from', 'sender', 'reply_to', 'to', 'cc', 'bcc'):
        for a in m[k]:
            check(set(a) <= {'name', 'address', 'group'} and 'address' in a and 'name' in a, 'address keys %s' % a)
    for h in m['headers']:
        check(set(h) == {'name', 'value'}, 'header keys')
    check_part(m['body'], True)

for m in msgs:
    check_message(m)

m1, m2, m3, m4, m5 = msgs
hdr = {h['name']: h['value'] for h in m1['headers']}
check(hdr.get('Subject') == 'folded subject line', 'header value unfolded: %r' % hdr.get('Subject'))
check(hdr.get('X-Bytes') == 'caf\ufffd \ufffd \x01 "q" \\', 'invalid bytes become U+FFFD: %r' % hdr.get('X-Bytes'))
check(m1['subject'] in ('folded subject line',), 'subject: %r' % m1['subject'])
body = m1['body']
check(body['type'] == 'multipart/mixed', 'root type')
check(body['params'].get('boundary') == 'BB', 'boundary param')
check(body['encoding'] == '7bit', 'encoding 7bit when absent')
check(len(body['parts']) == 3, 'three parts')
t, msg, data = body['parts']
check(t['type'] == 'text/plain' and t['text'] == 'hello world', 'text part: %r' % t.get('text'))
check(t['size'] == 11 and t['sha256'] == hashlib.sha256(b'hello world').hexdigest(), 'text size/sha256')
check(t['headers'] == [{'name': 'Content-Type', 'value': 'text/plain; charset=utf-8'}], 'part headers')
check(msg['type'] == 'message/rfc822' and 'message' in msg, 'embedded message')
inner = msg['message']
check(inner['subject'] == 'inner', 'inner subject %r' % inner['subject'])
check(inner['body']['text'] == 'inner body', 'inner body text %r' % inner['body'].get('text'))
check(data['filename'] == 'data.bin' and data['encoding'] == '8bit', 'attachment name/encoding')
check(data['size'] == 3 and data['sha256'] == hashlib.sha256(b'\x80\x81\x82').hexdigest(), 'binary sha256')
check('text' not in data, 'no text for a non-text part')
check(m2['body']['type'] == 'text/plain' and m2['body']['text'] == 'plain body\n', 'default type text/plain')
check(m2['body']['size'] == 11, 'size of plain body')
check('MULTIPART_NO_CLOSE' in m3['body']['defects'], 'body defect on the body part: %r' % m3['body']['defects'])
check('MULTIPART_NO_CLOSE' not in m3['defects'], 'body defect not on the message')

gif = base64.b64decode('R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=')
check(m4['body']['encoding'] == 'base64' and m4['body']['size'] == len(gif), 'base64 size %r' % m4['body'].get('size'))
check(m4['body']['sha256'] == hashlib.sha256(gif).hexdigest(), 'sha256 of the decoded bytes')

# Header semantics.
check(m1['from'] == [{'name': 'Ann', 'address': 'ann@example.com'}], 'from %r' % m1['from'])
check(m1['to'] == [{'name': None, 'address': 'bob@example.com'}, {'name': None, 'address': 'carl@example.com'}], 'to %r' % m1['to'])
check(m1['cc'] == [] and m1['sender'] == [], 'absent address fields are empty lists')
check(m1['date'] == '2010-03-08T21:36:38+11:00', 'date %r' % m1['date'])
check(m1['message_id'] == 'id1@example.com', 'message_id %r' % m1['message_id'])
check(m1['references'] == ['r1@x', 'r2@x'], 'references %r' % m1['references'])
check(m1['in_reply_to'] == [], 'in_reply_to %r' % m1['in_reply_to'])
check(m2['date'] is None and m2['message_id'] is None and m2['from'] == [], 'absent fields')
check(m5['subject'] == 'caf\u00e9ol\u00e9', 'adjacent encoded words joined (RFC 2047 section 6.2): %r' % m5['subject'])
check(m5['to'] == [{'name': None, 'address': '', 'group': 'Team'}], 'empty group %r' % m5['to'])
check(any(a['address'] == 'x@y.example' and a['name'] == 'J\u00f6rg' for a in m5['cc']), 'encoded display name %r' % m5['cc'])
check(m5['date'] == '1997-11-21T09:55:06-06:00', 'negative offset %r' % m5['date'])
check(m5['body']['text'] == 'caf\u00e9\n', 'latin-1 text to UTF-8: %r' % m5['body']['text'])

# Files inside a text body: uuencode and yEnc, one entry each.
m6 = json.loads(open(sys.argv[3], 'rb').read())
ef = m6['body'].get('embedded_files') or []
abc = hashlib.sha256(b'abc').hexdigest()
check(len(ef) == 2, 'two embedded files: %r' % ef)
if len(ef) == 2:
    check(ef[0]['kind'] == 'uuencode' and ef[0]['name'] == 'a.txt' and ef[0]['size'] == 3
          and ef[0]['sha256'] == abc and ef[0]['offset'] == 3, 'uuencode entry %r' % ef[0])
    check(ef[1]['kind'] == 'yenc' and ef[1]['name'] == 'y.bin' and ef[1]['sha256'] == abc
          and ef[1]['part'] == 1 and ef[1]['part_begin'] == 1 and ef[1]['part_end'] == 3,
          'yEnc entry %r' % ef[1])
check(m6['body']['defects'] == [] or 'YENC' not in ' '.join(m6['body']['defects']),
      'no yEnc defects %r' % m6['body']['defects'])
check('embedded_files' not in m1['body'], 'no embedded_files key without files')

for f in failures:
    print('FAIL:', f)
print('tool_json: %d failed' % len(failures))
sys.exit(1 if failures else 0)
PY
