'use strict';
// Throughput of the Node binding on the real-mail corpus, side by side
// with mailparser and postal-mime doing the same work per message: the
// subject, the first From address, the body as text (HTML rendered when
// there is no plain text) and the bytes of every attachment.
//
//   node bench/corpus.js [--rounds N] [CORPUS]
//
// Every message is read into memory first (mbox files split by the
// binding). Each round times one pass of each engine over all messages,
// the engines in a rotating order; the figures are the median, minimum
// and maximum over the rounds, in MB/s of input per second of processor
// time of this process (process.cpuUsage: the machine is shared, and
// wall-clock time would charge other processes' work to the engines).
const fs = require('fs');
const path = require('path');
const eml = require('..');

const args = process.argv.slice(2);
let rounds = 5;
let corpus = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
for (let i = 0; i < args.length; i++) {
    if (args[i] === '--rounds') rounds = Math.max(1, parseInt(args[++i], 10));
    else corpus = args[i];
}
if (!fs.existsSync(corpus)) {
    console.log(`node bench: no corpus at ${corpus}, skipped`);
    process.exit(0);
}

function files(dir) {
    const out = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'SOURCES.md') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...files(p));
        else if (e.isFile()) out.push(p);
    }
    return out.sort();
}

// The start of the From_ line that precedes offset.
function fromLineStart(buf, offset) {
    const i = buf.lastIndexOf('\nFrom ', offset - 1);
    return i < 0 ? offset : i + 1;
}

// Every message as bytes: an mbox (a file that starts with "From ", not
// *.eml) is cut where the library's iterator says its messages start.
const inputs = [];
for (const file of files(corpus)) {
    const buf = fs.readFileSync(file);
    if (file.endsWith('.eml') || buf.subarray(0, 5).toString('latin1') !== 'From ') {
        inputs.push(buf);
        continue;
    }
    const starts = [...eml.mbox(buf)].map((e) => e.offset);
    starts.forEach((start, k) => {
        const end = k + 1 < starts.length ? fromLineStart(buf, starts[k + 1]) : buf.length;
        inputs.push(buf.subarray(start, end));
    });
}
const totalBytes = inputs.reduce((n, b) => n + b.length, 0);

function tally() {
    return { subjects: 0, from: 0, text: 0, attachments: 0, attachmentBytes: 0, errors: 0 };
}

const engines = [];
engines.push({
    name: `libeml ${eml.version()} (koffi)`,
    async run(t) {
        for (const b of inputs) {
            const m = eml.parse(b);
            if (m.subject !== null) t.subjects++;
            if (m.from.length && m.from[0].address) t.from++;
            if (m.text !== null) t.text += m.text.length;
            for (const a of m.attachments) { t.attachments++; t.attachmentBytes += a.content.length; }
        }
    },
});

function optional(name) {
    try { return require(name); } catch { return null; }
}
const mailparser = optional('mailparser');
if (mailparser) {
    const version = require('mailparser/package.json').version;
    const options = { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true };
    engines.push({
        name: `mailparser ${version}`,
        async run(t) {
            for (const b of inputs) {
                let m;
                try { m = await mailparser.simpleParser(b, options); } catch { t.errors++; continue; }
                if (m.subject !== undefined) t.subjects++;
                if (m.from && m.from.value.length && m.from.value[0].address) t.from++;
                if (typeof m.text === 'string') t.text += m.text.length;
                for (const a of m.attachments) { t.attachments++; t.attachmentBytes += a.content.length; }
            }
        },
    });
}
const postal = optional('postal-mime');
if (postal) {
    const PostalMime = postal.default || postal;
    const version = require('postal-mime/package.json').version;
    engines.push({
        name: `postal-mime ${version}`,
        async run(t) {
            for (const b of inputs) {
                let m;
                try { m = await PostalMime.parse(b); } catch { t.errors++; continue; }
                if (m.subject !== undefined) t.subjects++;
                if (m.from && m.from.address) t.from++;
                if (typeof m.text === 'string') t.text += m.text.length;
                for (const a of m.attachments) {
                    t.attachments++;
                    t.attachmentBytes += a.content.byteLength ?? a.content.length;
                }
            }
        },
    });
}

function cpuSeconds() {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
}

function stats(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

(async () => {
    const tallies = new Map();
    for (const e of engines) {
        // Warm-up pass, which also gives the cross-check counts.
        const t = tally();
        await e.run(t);
        tallies.set(e, t);
        e.rates = [];
    }
    for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < engines.length; k++) {
            const e = engines[(r + k) % engines.length];
            if (global.gc) global.gc();
            const t0 = cpuSeconds();
            await e.run(tally());
            e.rates.push(totalBytes / 1e6 / (cpuSeconds() - t0));
        }
    }
    const base = engines.find((e) => e.name.startsWith('mailparser'));
    const baseMedian = base ? stats(base.rates).median : 0;
    const set = `corpus (${inputs.length} msgs, ${(totalBytes / 1048576).toFixed(1)} MiB)`;
    console.log(`\n### Node.js, real-mail corpus (MB/s of input: subject, From, body text,` +
                ` attachment bytes; median, min, max of ${rounds} interleaved rounds, node ${process.version})\n`);
    console.log('| set | engine | median | min | max | vs mailparser | subjects | from | text chars | attachments | attachment bytes | errors |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const e of engines) {
        const s = stats(e.rates);
        const t = tallies.get(e);
        const ratio = baseMedian ? (s.median / baseMedian).toFixed(2) : '';
        console.log(`| ${set} | ${e.name} | ${s.median.toFixed(1)} | ${s.min.toFixed(1)} | ${s.max.toFixed(1)} | ${ratio} |` +
                    ` ${t.subjects} | ${t.from} | ${t.text} | ${t.attachments} | ${t.attachmentBytes} | ${t.errors} |`);
    }
})().catch((err) => {
    console.error(err);
    process.exit(1);
});
