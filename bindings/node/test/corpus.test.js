'use strict';
// Agreement with `eml json` over every message of the real-mail corpus:
// subject, From and To addresses, part count and attachment sizes.
// Skipped when the corpus or the tool is absent.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const eml = require('..');

const root = path.resolve(__dirname, '..', '..', '..');
const corpus = process.env.EML_CORPUS || path.resolve(root, '..', 'shared', 'corpus');
const tool = process.env.EML_TOOL || path.join(root, process.env.BUILD || 'build', 'eml');

function files(dir) {
    const out = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'SOURCES.md') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...files(p));
        else if (e.isFile()) out.push(p);
    }
    return out;
}

// The parts of a JSON message in pre-order, as walk() lists them.
function flatten(message, out = []) {
    const visit = (p) => {
        out.push(p);
        if (p.parts) p.parts.forEach(visit);
        else if (p.message) visit(p.message.body);
    };
    visit(message.body);
    return out;
}

// The messages of a file as the tool reads them: an mbox when it starts
// with "From " (a *.eml file is always one message).
function messages(file) {
    const buf = fs.readFileSync(file);
    if (!file.endsWith('.eml') && buf.subarray(0, 5).toString('latin1') === 'From ')
        return [...eml.mbox(buf)].map((e) => ({ offset: e.offset, message: e.message }));
    return [{ offset: 0, message: eml.parse(buf) }];
}

const addrs = (list) => list.map((a) => [a.name, a.address]);

const have = fs.existsSync(corpus) && fs.existsSync(tool);
test('agreement with eml json over the corpus', { skip: have ? false : `no corpus at ${corpus} or no ${tool}` }, (t) => {
    const list = files(corpus).sort();
    assert.ok(list.length > 0, 'corpus is empty');
    const run = spawnSync(tool, ['json', '-q', '--jobs', '2', ...list],
                          { maxBuffer: 1 << 30, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const bySource = new Map();
    for (const line of run.stdout.split('\n')) {
        if (!line) continue;
        const m = JSON.parse(line);
        if (!bySource.has(m.source)) bySource.set(m.source, []);
        bySource.get(m.source).push(m);
    }
    let count = 0, attachments = 0;
    const problems = [];
    const differ = (where, what, got, want) => {
        try {
            assert.deepEqual(got, want);
        } catch {
            problems.push(`${where}: ${what}: got ${JSON.stringify(got)} wanted ${JSON.stringify(want)}`);
        }
    };
    for (const file of list) {
        const want = bySource.get(file) || [];
        const got = messages(file);
        differ(file, 'message count', got.length, want.length);
        for (let i = 0; i < Math.min(got.length, want.length); i++) {
            const where = `${file}@${want[i].offset}`;
            const m = got[i].message, j = want[i];
            count++;
            differ(where, 'offset', got[i].offset, j.offset);
            differ(where, 'subject', m.subject, j.subject);
            differ(where, 'from', addrs(m.from), addrs(j.from));
            differ(where, 'to', addrs(m.to), addrs(j.to));
            const parts = flatten(j);
            differ(where, 'part count', m.partCount, parts.length);
            for (const a of m.attachments) {
                attachments++;
                const p = parts[a.part];
                if (!p) { problems.push(`${where}: attachment at part ${a.part} missing`); continue; }
                differ(where, `attachment ${a.part} type`, a.contentType, p.type);
                if (p.size !== undefined) differ(where, `attachment ${a.part} size`, a.size, p.size);
                if (p.size !== undefined) differ(where, `attachment ${a.part} length`, a.content.length, p.size);
            }
        }
    }
    assert.ok(count > 0, 'no message compared');
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} differences`);
    t.diagnostic(`corpus: ${list.length} files, ${count} messages, ${attachments} attachments agree`);
});
