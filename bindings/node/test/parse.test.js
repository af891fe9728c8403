'use strict';
// Messages written here, through parse() and mbox().
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const eml = require('..');

const crlf = (s) => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');

const MIXED = crlf(`From: =?utf-8?q?J=C3=B6rg?= <jorg@example.com>
To: Ann <ann@example.com>, bob@example.com
Cc: Team:carl@example.com;
Subject: =?iso-8859-1?q?caf=E9?= report
Date: Mon, 8 Mar 2010 21:36:38 +1100
Message-ID: <id1@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BB"

--BB
Content-Type: multipart/alternative; boundary="AA"

--AA
Content-Type: text/plain; charset=utf-8

plain body
--AA
Content-Type: multipart/related; boundary="RR"

--RR
Content-Type: text/html; charset=utf-8

<p>html <b>body</b><img src="cid:logo%40x"></p>
--RR
Content-Type: image/gif
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=
--RR--
--AA--
--BB
Content-Type: application/octet-stream; name="data.bin"
Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.bin
Content-Transfer-Encoding: base64

AAECA/8=
--BB
Content-Type: message/rfc822

Subject: inner
From: x@y.example

inner body
--BB--
`);

test('subject, addresses, date, message id', () => {
    const m = eml.parse(MIXED);
    assert.equal(m.subject, 'café report');
    assert.deepEqual(m.from, [{ name: 'Jörg', address: 'jorg@example.com' }]);
    assert.deepEqual(m.to, [{ name: 'Ann', address: 'ann@example.com' },
                            { name: null, address: 'bob@example.com' }]);
    assert.deepEqual(m.cc, [{ name: null, address: 'carl@example.com', group: 'Team' }]);
    assert.ok(m.date instanceof Date);
    assert.equal(m.date.toISOString(), '2010-03-08T10:36:38.000Z');
    assert.equal(m.dateOffset, 660);
    assert.equal(m.messageId, 'id1@example.com');
    assert.equal(m.header('SUBJECT'), 'café report');
    assert.equal(m.header('X-None'), null);
    assert.equal(m.headers[0].name, 'From');
    assert.equal(m.headers.length, 8);
});

test('best text and HTML', () => {
    const m = eml.parse(MIXED);
    assert.equal(m.text, 'plain body');
    assert.equal(m.html, '<p>html <b>body</b><img src="cid:logo%40x"></p>');
    const only = eml.parse(Buffer.from('Content-Type: text/html\n\n<p>a&amp;b</p><p>c</p>\n'));
    assert.equal(only.html, '<p>a&amp;b</p><p>c</p>\n');
    assert.match(only.text, /^a&b\n+c\n*$/);
    const none = eml.parse(Buffer.from('Content-Type: image/png\n\nxx'));
    assert.equal(none.text, null);
    assert.equal(none.html, null);
});

test('attachments and inline parts', () => {
    const m = eml.parse(MIXED);
    const byType = Object.fromEntries(m.attachments.map((a) => [a.contentType, a]));
    const bin = byType['application/octet-stream'];
    assert.equal(bin.filename, 'résumé.bin');
    assert.equal(bin.inline, false);
    assert.equal(bin.size, 5);
    assert.deepEqual(bin.content, Buffer.from([0, 1, 2, 3, 255]));
    const gif = byType['image/gif'];
    assert.equal(gif.inline, true);
    assert.equal(gif.contentId, 'logo@x');
    assert.equal(gif.size, 35);
    assert.equal(gif.content.subarray(0, 6).toString(), 'GIF89a');
    assert.ok(Buffer.isBuffer(gif.content));
    // Sorted in document order, never the bodies.
    const order = m.attachments.map((a) => a.part);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.ok(!m.attachments.some((a) => a.contentType === 'text/plain' || a.contentType === 'text/html'));
});

test('partByCid', () => {
    const m = eml.parse(MIXED);
    for (const cid of ['cid:logo%40x', 'cid:logo@x', '<logo@x>', 'logo@x']) {
        const p = m.partByCid(cid);
        assert.ok(p, cid);
        assert.equal(p.contentType, 'image/gif');
        assert.equal(p.size, 35);
    }
    assert.equal(m.partByCid('cid:nothing'), null);
    assert.equal(m.partByCid(''), null);
});

test('walk with depth, embedded messages included', () => {
    const m = eml.parse(MIXED);
    const got = [...m.walk()].map((p) => [p.depth, p.contentType]);
    assert.deepEqual(got, [
        [0, 'multipart/mixed'],
        [1, 'multipart/alternative'],
        [2, 'text/plain'],
        [2, 'multipart/related'],
        [3, 'text/html'],
        [3, 'image/gif'],
        [1, 'application/octet-stream'],
        [1, 'message/rfc822'],
        [2, 'text/plain'],
    ]);
    assert.equal(m.partCount, 9);
    const parts = [...m.walk()];
    assert.equal(parts[2].content.toString(), 'plain body');
    assert.equal(parts[0].content, null);
    assert.equal(parts[0].size, null);
    assert.match(parts[7].content.toString(), /^Subject: inner/);
});

test('defects with code, name and offset', () => {
    const input = Buffer.from('Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\n' +
                              'Content-Transfer-Encoding: base64\n\nQUJD*RA\n');
    const m = eml.parse(input);
    const names = m.defects.map((d) => d.name);
    assert.ok(names.includes('MULTIPART_NO_CLOSE'), names.join());
    assert.ok(names.includes('BASE64_INVALID_CHAR'), names.join());
    for (const d of m.defects) {
        assert.equal(typeof d.code, 'number');
        assert.ok(d.offset >= 0 && d.offset <= input.length);
    }
    const part = [...m.walk()][1];
    assert.ok(part.defects.some((d) => d.name === 'BASE64_INVALID_CHAR'));
    assert.equal(part.content.toString(), 'ABCD');
});

test('odd inputs', () => {
    const empty = eml.parse(Buffer.alloc(0));
    assert.equal(empty.subject, null);
    assert.deepEqual(empty.from, []);
    assert.equal(empty.date, null);
    assert.equal(empty.partCount, 1);
    const bad = eml.parse(Buffer.from('Date: not a date\nFrom: <<<\n\n'));
    assert.equal(bad.date, null);
    assert.ok(bad.defects.some((d) => d.name === 'DATE_INVALID'));
    const u8 = eml.parse(new Uint8Array(Buffer.from('Subject: typed\n\nx')));
    assert.equal(u8.subject, 'typed');
    const ab = Buffer.from('Subject: ab\n\nx');
    assert.equal(eml.parse(ab.buffer.slice(ab.byteOffset, ab.byteOffset + ab.length)).subject, 'ab');
    assert.throws(() => eml.parse('Subject: x\n\n'), TypeError);
    assert.throws(() => eml.parse(null), TypeError);
    const nul = eml.parse(Buffer.from('Subject: a\0b\n\nbody\0x'));
    assert.equal(nul.text.length, 6);
});

test('the result is plain data', () => {
    const m = eml.parse(MIXED);
    const copy = JSON.parse(JSON.stringify(m));
    assert.equal(copy.subject, m.subject);
    assert.equal(copy.attachments.length, m.attachments.length);
    assert.equal(copy.parts, undefined);
    assert.match(eml.version(), /^2\.\d+\.\d+$/);
});

const MBOX = 'From a@example.com Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n>From quoted\n\n' +
             'From b@example.com Mon Jan  1 00:00:01 2024\nSubject: two\n\nsecond\n\n' +
             'From c@example.com Mon Jan  1 00:00:02 2024\nSubject: three\n\nthird\n';

test('mbox from bytes and from a path', () => {
    const fromBytes = [...eml.mbox(Buffer.from(MBOX))];
    assert.deepEqual(fromBytes.map((e) => e.message.subject), ['one', 'two', 'three']);
    assert.equal(fromBytes[0].message.text, 'body\nFrom quoted\n');
    assert.equal(fromBytes[0].fromLine, 'From a@example.com Mon Jan  1 00:00:00 2024');
    for (const e of fromBytes) {
        const at = Buffer.from(MBOX).subarray(e.offset);
        assert.ok(at.toString().startsWith('Subject: '), String(e.offset));
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eml-node-'));
    try {
        const file = path.join(dir, 'box.mbox');
        fs.writeFileSync(file, MBOX);
        const fromPath = [...eml.mbox(file)];
        assert.deepEqual(fromPath.map((e) => [e.offset, e.message.subject]),
                         fromBytes.map((e) => [e.offset, e.message.subject]));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test('mbox formats and early exit', () => {
    const rd = 'From a@x Mon Jan  1 00:00:00 2024\nSubject: q\n\n>>From x\n>From y\n';
    assert.equal([...eml.mbox(Buffer.from(rd))][0].message.text, '>From x\nFrom y\n');
    assert.equal([...eml.mbox(Buffer.from(rd), { format: 'mboxo' })][0].message.text, '>>From x\nFrom y\n');
    assert.throws(() => [...eml.mbox(Buffer.from(rd), { format: 'nope' })], TypeError);
    for (let i = 0; i < 200; i++) {
        for (const e of eml.mbox(Buffer.from(MBOX))) {
            assert.equal(e.message.subject, 'one');
            break;
        }
    }
    const it = eml.mbox(Buffer.from(MBOX));
    assert.equal(it.next().value.message.subject, 'one');
    assert.equal(it.return().done, true);
    assert.equal(it.next().done, true);
    assert.deepEqual([...eml.mbox(Buffer.alloc(0))], []);
});

test('examples/summary.js', () => {
    const { spawnSync } = require('node:child_process');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eml-node-'));
    try {
        fs.writeFileSync(path.join(dir, 'm.eml'), MIXED);
        fs.writeFileSync(path.join(dir, 'box'), MBOX);
        const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'examples', 'summary.js'),
                                                 path.join(dir, 'm.eml'), path.join(dir, 'box')],
                              { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /Subject: café report/);
        assert.match(run.stdout, /From: {4}Jörg <jorg@example.com>/);
        assert.match(run.stdout, /Attach: {2}résumé\.bin application\/octet-stream 5 bytes/);
        assert.match(run.stdout, /Attach: {2}cid:logo@x image\/gif 35 bytes \(inline\)/);
        assert.equal(run.stdout.match(/^== /gm).length, 4);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
