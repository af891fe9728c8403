#!/usr/bin/env node
'use strict';
// Prints a summary of each message of the files given: a message, or an
// mbox (a file that starts with "From ").
//
//   node examples/summary.js message.eml mailbox.mbox
const fs = require('fs');
const eml = require('..');

function summarize(message, where) {
    const who = (list) => list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
    console.log(`== ${where}`);
    console.log(`Subject: ${message.subject ?? '(none)'}`);
    console.log(`From:    ${who(message.from)}`);
    if (message.to.length) console.log(`To:      ${who(message.to)}`);
    console.log(`Date:    ${message.date ? message.date.toISOString() : '(none)'}`);
    const text = (message.text ?? '').trim().split('\n').slice(0, 3).join('\n         ');
    console.log(`Text:    ${text || '(no text)'}`);
    if (message.html !== null) console.log(`HTML:    ${message.html.length} characters`);
    for (const a of message.attachments) {
        const name = a.filename ?? (a.contentId ? `cid:${a.contentId}` : '(unnamed)');
        console.log(`Attach:  ${name} ${a.contentType} ${a.size} bytes${a.inline ? ' (inline)' : ''}`);
    }
    if (message.defects.length)
        console.log(`Defects: ${[...new Set(message.defects.map((d) => d.name))].join(', ')}`);
}

const files = process.argv.slice(2);
if (files.length === 0) {
    console.error('usage: node examples/summary.js FILE...');
    process.exit(2);
}
for (const file of files) {
    const buf = fs.readFileSync(file);
    if (buf.subarray(0, 5).toString('latin1') === 'From ') {
        for (const { offset, message } of eml.mbox(buf)) summarize(message, `${file} at byte ${offset}`);
    } else {
        summarize(eml.parse(buf), file);
    }
}
