'use strict';
// Node.js binding of libeml over its shared library, through koffi (a
// foreign function interface shipped with prebuilt binaries: nothing is
// compiled at install time).
//
// parse() extracts everything a caller can ask for while the native
// message is alive, frees it before returning and hands back plain
// JavaScript data: no native memory outlives the call, whatever the
// garbage collector does. mbox() keeps one native iterator per generator,
// freed when the generator finishes or is closed (for...of with break,
// return()), with a FinalizationRegistry for generators dropped half way.

const fs = require('fs');
const path = require('path');
const koffi = require('koffi');

function candidates() {
    const out = [];
    if (process.env.EML_LIBRARY) out.push(process.env.EML_LIBRARY);
    out.push(path.join(__dirname, 'libeml.so.2'));
    out.push(path.join(__dirname, '..', '..', 'build', 'libeml.so.2'));
    out.push('libeml.so.2');
    return out;
}

function loadLibrary() {
    const errors = [];
    for (const name of candidates()) {
        if (name.includes('/') && !fs.existsSync(name)) {
            errors.push(name + ': not found');
            continue;
        }
        try {
            return { lib: koffi.load(name), file: name };
        } catch (e) {
            errors.push(name + ': ' + e.message);
        }
    }
    throw new Error('libeml: cannot load the shared library (set EML_LIBRARY):\n  ' +
                    errors.join('\n  '));
}

const { lib, file: libraryPath } = loadLibrary();

koffi.struct('eml_slice', { ptr: 'const void *', len: 'size_t' });
koffi.struct('eml_field', { name: 'eml_slice', value: 'eml_slice', offset: 'size_t' });
koffi.struct('eml_defect', { code: 'int', offset: 'size_t' });
koffi.struct('eml_address', { name: 'eml_slice', address: 'eml_slice', group: 'eml_slice' });
koffi.opaque('eml_message');
koffi.opaque('eml_part');
koffi.opaque('eml_mbox');

const C = {
    version_string: lib.func('const char *eml_version_string(void)'),
    error_name: lib.func('const char *eml_error_name(int error)'),
    strerror: lib.func('const char *eml_strerror(int error)'),
    defect_name: lib.func('const char *eml_defect_name(int code)'),
    parse: lib.func('int eml_parse(const void *buf, size_t len, void *options, _Out_ eml_message **out)'),
    message_free: lib.func('void eml_message_free(eml_message *message)'),
    message_root: lib.func('const eml_part *eml_message_root(const eml_message *message)'),
    walk_next: lib.func('const eml_part *eml_part_walk_next(const eml_part *root, const eml_part *part, _Out_ size_t *depth)'),
    field_count: lib.func('size_t eml_part_field_count(const eml_part *part)'),
    field: lib.func('int eml_part_field(const eml_part *part, size_t index, _Out_ eml_field *out)'),
    field_text: lib.func('int eml_part_field_text(const eml_part *part, size_t index, _Out_ eml_slice *out)'),
    field_addresses: lib.func('int eml_part_field_addresses(const eml_part *part, size_t index, void *out, size_t cap, _Out_ size_t *count)'),
    field_date: lib.func('int eml_part_field_date(const eml_part *part, size_t index, _Out_ int64_t *epoch, _Out_ int *zone)'),
    field_msgids: lib.func('int eml_part_field_msgids(const eml_part *part, size_t index, void *out, size_t cap, _Out_ size_t *count)'),
    content_type: lib.func('eml_slice eml_part_content_type(const eml_part *part)'),
    disposition: lib.func('eml_slice eml_part_disposition(const eml_part *part)'),
    filename: lib.func('eml_slice eml_part_filename(const eml_part *part)'),
    encoding_name: lib.func('eml_slice eml_part_encoding_name(const eml_part *part)'),
    content_id: lib.func('eml_slice eml_part_content_id(const eml_part *part)'),
    offset: lib.func('size_t eml_part_offset(const eml_part *part)'),
    child_count: lib.func('size_t eml_part_child_count(const eml_part *part)'),
    embedded: lib.func('const eml_part *eml_part_embedded(const eml_part *part)'),
    decoded: lib.func('int eml_part_decoded(const eml_part *part, _Out_ eml_slice *out)'),
    text: lib.func('int eml_part_text(const eml_part *part, _Out_ eml_slice *out)'),
    defect_count: lib.func('size_t eml_part_defect_count(const eml_part *part)'),
    defect: lib.func('int eml_part_defect(const eml_part *part, size_t index, _Out_ eml_defect *out)'),
    best_html: lib.func('const eml_part *eml_part_best_html(const eml_part *entity)'),
    best_text: lib.func('const eml_part *eml_part_best_text(const eml_part *entity)'),
    body_text: lib.func('int eml_part_body_text(const eml_part *entity, _Out_ eml_slice *out)'),
    attachments: lib.func('int eml_part_attachments(const eml_part *entity, _Out_ void **parts, _Out_ size_t *count)'),
    inline_parts: lib.func('int eml_part_inline_parts(const eml_part *entity, _Out_ void **parts, _Out_ size_t *count)'),
    mbox_create: lib.func('int eml_mbox_create(const void *buf, size_t len, int format, void *options, _Out_ eml_mbox **out)'),
    mbox_free: lib.func('void eml_mbox_free(eml_mbox *mbox)'),
    mbox_next: lib.func('int eml_mbox_next(eml_mbox *mbox, _Out_ eml_slice *message, _Out_ size_t *offset)'),
    mbox_from_line: lib.func('eml_slice eml_mbox_from_line(const eml_mbox *mbox)'),
};

const OK = 0;
const ENOTFOUND = -5;
const ADDRESS_SIZE = koffi.sizeof('eml_address');
const SLICE_SIZE = koffi.sizeof('eml_slice');

class EmlError extends Error {
    constructor(code, what) {
        super(`${what}: ${C.strerror(code)} (${C.error_name(code)})`);
        this.name = 'EmlError';
        this.code = C.error_name(code);
        this.errno = code;
    }
}

function check(rc, what) {
    if (rc !== OK) throw new EmlError(rc, what);
}

// Slices hold UTF-8 (names, texts the library built) or raw bytes.
function str(s) {
    if (s.ptr === null || s.ptr === 0n) return null;
    const n = Number(s.len);
    return n === 0 ? '' : koffi.decode.string(s.ptr, n);
}

function bytes(s) {
    if (s.ptr === null || s.ptr === 0n) return Buffer.alloc(0);
    const n = Number(s.len);
    return n === 0 ? Buffer.alloc(0) : Buffer.from(koffi.view(s.ptr, n).slice(0));
}

// Scratch arrays for list outputs, grown on demand; JavaScript runs one
// call at a time, so one of each serves every call.
let addrCap = 0, addrBuf = null, idCap = 0, idBuf = null;

function scratchAddresses(n) {
    if (n > addrCap) {
        if (addrBuf) koffi.free(addrBuf);
        addrCap = Math.max(16, n);
        addrBuf = koffi.alloc('eml_address', addrCap);
    }
    return addrBuf;
}

function scratchIds(n) {
    if (n > idCap) {
        if (idBuf) koffi.free(idBuf);
        idCap = Math.max(8, n);
        idBuf = koffi.alloc('eml_slice', idCap);
    }
    return idBuf;
}

function addresses(part, index) {
    const count = [0];
    let buf = scratchAddresses(1);
    check(C.field_addresses(part, index, buf, addrCap, count), 'eml_part_field_addresses');
    let n = Number(count[0]);
    if (n > addrCap) {
        buf = scratchAddresses(n);
        check(C.field_addresses(part, index, buf, addrCap, count), 'eml_part_field_addresses');
        n = Number(count[0]);
    }
    if (n === 0) return [];
    const raw = koffi.decode(buf, 'eml_address', n);
    return raw.map((a) => {
        const out = { name: str(a.name), address: str(a.address) ?? '' };
        const group = str(a.group);
        if (group !== null) out.group = group;
        return out;
    });
}

function firstMsgid(part, index) {
    const count = [0];
    let buf = scratchIds(1);
    check(C.field_msgids(part, index, buf, idCap, count), 'eml_part_field_msgids');
    if (Number(count[0]) === 0) return null;
    return str(koffi.decode(buf, 'eml_slice'));
}

function parts(fn, entity, what) {
    const out = [null], count = [0];
    check(fn(entity, out, count), what);
    const n = Number(count[0]);
    if (n === 0) return [];
    return koffi.decode(out[0], 'void *', n);
}

// What a caller asks of a message, all read before the message is freed.
function extract(msg) {
    const root = C.message_root(msg);
    const slice = {};
    const field = {};

    // The header: fields in order, the first of each kind kept by name.
    const headers = [];
    const first = new Map();
    const nfields = Number(C.field_count(root));
    for (let i = 0; i < nfields; i++) {
        check(C.field(root, i, field), 'eml_part_field');
        check(C.field_text(root, i, slice), 'eml_part_field_text');
        const name = str(field.name);
        headers.push({ name, value: str(slice) });
        const key = name.toLowerCase();
        if (!first.has(key)) first.set(key, i);
    }
    const find = (name) => first.get(name);

    let subject = null, date = null, dateOffset = null, messageId = null;
    let i = find('subject');
    if (i !== undefined) subject = headers[i].value;
    const addr = (name) => {
        const k = find(name);
        return k === undefined ? [] : addresses(root, k);
    };
    i = find('date');
    if (i !== undefined) {
        const epoch = [0n], zone = [0];
        const rc = C.field_date(root, i, epoch, zone);
        if (rc !== ENOTFOUND) check(rc, 'eml_part_field_date');
        if (rc === OK) {
            const d = new Date(Number(epoch[0]) * 1000);
            if (!Number.isNaN(d.getTime())) {
                date = d;
                dateOffset = zone[0];
            }
        }
    }
    i = find('message-id');
    if (i !== undefined) messageId = firstMsgid(root, i);

    // Every part, pre-order; all but multiparts carry their decoded bytes
    // (for message/rfc822, the embedded message as it stands).
    const list = [];
    const byPtr = new Map();
    const depth = [0];
    for (let p = C.walk_next(root, null, depth); p; p = C.walk_next(root, p, depth)) {
        const contentType = str(C.content_type(p));
        const part = {
            index: list.length,
            depth: Number(depth[0]),
            contentType,
            disposition: str(C.disposition(p)),
            filename: str(C.filename(p)),
            contentId: str(C.content_id(p)),
            encoding: str(C.encoding_name(p)),
            offset: Number(C.offset(p)),
            size: null,
            content: null,
        };
        if (!contentType.startsWith('multipart/')) {
            check(C.decoded(p, slice), 'eml_part_decoded');
            part.size = Number(slice.len);
            part.content = bytes(slice);
        }
        list.push(part);
        byPtr.set(p, part);
    }

    let text = null, html = null;
    let rc = C.body_text(root, slice);
    if (rc !== ENOTFOUND) {
        check(rc, 'eml_part_body_text');
        text = str(slice);
    }
    const htmlPart = C.best_html(root);
    if (htmlPart) {
        check(C.text(htmlPart, slice), 'eml_part_text');
        html = str(slice);
    }

    // Attachments as mail readers list them: the library's attachments,
    // then the inline parts that are files rather than text to show
    // (pictures of a multipart/related, inline files), in document order.
    const bodies = new Set([C.best_text(root), htmlPart].filter(Boolean));
    const chosen = new Map();
    for (const p of parts(C.attachments, root, 'eml_part_attachments')) chosen.set(p, false);
    for (const p of parts(C.inline_parts, root, 'eml_part_inline_parts')) {
        if (bodies.has(p) || chosen.has(p)) continue;
        const part = byPtr.get(p);
        const shown = part && part.filename === null &&
            (part.contentType === 'text/plain' || part.contentType === 'text/html');
        if (!shown) chosen.set(p, true);
    }
    const attachments = [];
    for (const [p, inline] of chosen) {
        const part = byPtr.get(p);
        if (!part) continue;
        attachments.push({
            filename: part.filename,
            contentType: part.contentType,
            contentId: part.contentId,
            inline,
            size: part.size ?? 0,
            content: part.content ?? Buffer.alloc(0),
            part: part.index,
        });
    }
    attachments.sort((a, b) => a.part - b.part);

    // Defects last: decoding adds some.
    const defects = [];
    const d = {};
    for (const [p, part] of byPtr) {
        const n = Number(C.defect_count(p));
        part.defects = [];
        for (let k = 0; k < n; k++) {
            check(C.defect(p, k, d), 'eml_part_defect');
            const entry = { code: d.code, name: C.defect_name(d.code), offset: Number(d.offset) };
            part.defects.push(entry);
            defects.push(entry);
        }
    }

    return new Message({
        subject,
        from: addr('from'),
        to: addr('to'),
        cc: addr('cc'),
        date,
        dateOffset,
        messageId,
        text,
        html,
        attachments,
        defects,
        headers,
        parts: list,
    });
}

// Content-ID lookup with the library's rules (eml_part_find_content_id):
// "cid:x" with %hh escapes decoded, "<x>" or "x"; the first match in
// pre-order.
function normalizeCid(cid) {
    let s = String(cid).trim();
    if (/^cid:/i.test(s)) {
        s = s.slice(4).replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
        s = Buffer.from(s, 'latin1').toString('utf8');
    }
    s = s.trim();
    if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
    return s;
}

class Message {
    constructor(fields) {
        Object.assign(this, fields);
        Object.defineProperty(this, 'parts', { value: fields.parts, enumerable: false });
    }

    // The first header field called name (case-insensitive), or null.
    header(name) {
        const key = String(name).toLowerCase();
        const f = this.headers.find((h) => h.name.toLowerCase() === key);
        return f ? f.value : null;
    }

    // The part whose Content-ID is cid, or null.
    partByCid(cid) {
        const want = normalizeCid(cid);
        if (want === '') return null;
        return this.parts.find((p) => p.contentId === want) ?? null;
    }

    // Every part in pre-order (a part, its children, then the root of an
    // embedded message), each with its depth below the message (0).
    walk() {
        return this.parts.values();
    }

    get partCount() {
        return this.parts.length;
    }
}

function toBuffer(input, what) {
    if (Buffer.isBuffer(input)) return input;
    if (input instanceof Uint8Array) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (input instanceof ArrayBuffer) return Buffer.from(input);
    throw new TypeError(`${what} takes a Buffer or Uint8Array` +
                        (typeof input === 'string' ? ', not a string' : ''));
}

function parseAt(buf, len) {
    const out = [null];
    check(C.parse(buf, len, null, out), 'eml_parse');
    const msg = out[0];
    try {
        return extract(msg);
    } finally {
        C.message_free(msg);
    }
}

// Parses one message. Malformed input never throws: deviations are
// listed in defects. The input must not change during the call.
function parse(input) {
    const buf = toBuffer(input, 'parse');
    return parseAt(buf, buf.length);
}

const FORMATS = { auto: 0, mboxo: 1, mboxrd: 2, mboxcl2: 3 };
const mboxes = new FinalizationRegistry((handle) => C.mbox_free(handle));

// The messages of an mbox (a path, or its bytes): yields
// { offset, fromLine, message } in order.
function* mbox(source, options = {}) {
    const buf = typeof source === 'string' || source instanceof URL
        ? fs.readFileSync(source) : toBuffer(source, 'mbox');
    const format = FORMATS[options.format ?? 'auto'];
    if (format === undefined) throw new TypeError(`unknown mbox format ${options.format}`);
    const out = [null];
    check(C.mbox_create(buf, buf.length, format, null, out), 'eml_mbox_create');
    const handle = out[0];
    // The registry's token keeps buf reachable with the handle.
    const token = { buf };
    mboxes.register(token, handle, token);
    try {
        const slice = {}, offset = [0];
        for (;;) {
            const rc = C.mbox_next(handle, slice, offset);
            if (rc === ENOTFOUND) return;
            check(rc, 'eml_mbox_next');
            const fromLine = str(C.mbox_from_line(handle));
            const message = slice.ptr ? parseAt(slice.ptr, Number(slice.len)) : parseAt(null, 0);
            yield { offset: Number(offset[0]), fromLine, message };
        }
    } finally {
        mboxes.unregister(token);
        C.mbox_free(handle);
        void token.buf;
    }
}

module.exports = {
    parse,
    mbox,
    Message,
    EmlError,
    version: () => C.version_string(),
    libraryPath,
};
