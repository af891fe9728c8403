/*
 * eml json: each message as one JSON object on one line (JSON Lines), in
 * input order. The schema:
 *
 *   message = { source, offset, headers: [{name, value}], subject, from, sender, reply_to,
 *               to, cc, bcc: [addr], date, message_id, in_reply_to: [id],
 *               references: [id], body: part, defects: [name] }
 *   addr    = { name: str|null, address: str, group: str (in a group) }
 *   part    = { type, params: {name: value}, disposition, filename,
 *               encoding, headers, size, sha256 (leaves), text (text
 *               leaves), parts (multiparts), message (message/rfc822),
 *               defects }
 *
 * A message's defects are those located in its header; the defects of
 * its body (structure, decoding) stay on the body part.
 */
#include "buf.h"
#include "commands.h"
#include "json.h"
#include "sha256.h"
#include "sources.h"
#include "walk.h"
#include "xalloc.h"

#include <stdlib.h>
#include <time.h>

/* Where the message being written comes from: its file and the offset
 * of the message in that file. */
typedef struct origin {
    const char *source;
    size_t base;
} origin;

static void message_object(jwriter *w, const eml_part *root, const origin *from);

static void headers_array(jwriter *w, const eml_part *p)
{
    jw_array_begin(w);
    size_t n = eml_part_field_count(p);
    for (size_t i = 0; i < n; i++) {
        eml_field f;
        eml_slice v;
        if (eml_part_field(p, i, &f) != EML_OK)
            continue;
        if (eml_part_field_unfolded(p, i, &v) != EML_OK)
            v = f.value;
        jw_object_begin(w);
        jw_key(w, "name");
        jw_string(w, f.name.ptr, f.name.len);
        jw_key(w, "value");
        jw_string(w, v.ptr ? v.ptr : "", v.len);
        jw_object_end(w);
    }
    jw_array_end(w);
}

/* The addresses of the first field named name. RFC 5322 section 3.6
 * allows one From, To, Cc...; a repeated one (a defect of the message)
 * is not merged in, or a forged From could hide behind the real one. */
static void addresses_array(jwriter *w, const eml_part *p, const char *name)
{
    jw_array_begin(w);
    size_t idx = 0;
    if (eml_part_field_find(p, name, EML_NUL_TERMINATED, 0, &idx) == EML_OK) {
        eml_address local[16];
        eml_address *a = local;
        size_t count = 0;
        int rc = eml_part_field_addresses(p, idx, a, 16, &count);
        if (rc == EML_OK && count > 16) {
            a = xmalloc(count * sizeof *a);
            size_t again = 0;
            rc = eml_part_field_addresses(p, idx, a, count, &again);
            if (again < count)
                count = again;
        }
        for (size_t i = 0; rc == EML_OK && i < count; i++) {
            jw_object_begin(w);
            jw_key(w, "name");
            jw_slice(w, a[i].name);
            jw_key(w, "address");
            jw_string(w, a[i].address.ptr ? a[i].address.ptr : "", a[i].address.len);
            if (a[i].group.ptr) {
                jw_key(w, "group");
                jw_string(w, a[i].group.ptr, a[i].group.len);
            }
            jw_object_end(w);
        }
        if (a != local)
            free(a);
    }
    jw_array_end(w);
}

/* The ids of the first field named name: all of them into an array, or
 * only the first as a string (or null) when single is set. */
static void msgids(jwriter *w, const eml_part *p, const char *name, int single)
{
    size_t idx, count = 0;
    eml_slice local[16];
    eml_slice *ids = local;
    int rc = EML_ENOTFOUND;
    if (eml_part_field_find(p, name, EML_NUL_TERMINATED, 0, &idx) == EML_OK) {
        rc = eml_part_field_msgids(p, idx, ids, 16, &count);
        if (rc == EML_OK && count > 16 && !single) {
            ids = xmalloc(count * sizeof *ids);
            size_t again = 0;
            rc = eml_part_field_msgids(p, idx, ids, count, &again);
            if (again < count)
                count = again;
        }
    }
    if (rc != EML_OK)
        count = 0;
    if (single) {
        if (count)
            jw_slice(w, ids[0]);
        else
            jw_null(w);
    } else {
        jw_array_begin(w);
        for (size_t i = 0; i < count; i++)
            jw_slice(w, ids[i]);
        jw_array_end(w);
    }
    if (ids != local)
        free(ids);
}

/* RFC 3339 / ISO 8601 with the zone offset the message gave. */
static void date_value(jwriter *w, const eml_part *p)
{
    long idx = field_index(p, "date");
    int64_t epoch;
    int zone;
    if (idx < 0 || eml_part_field_date(p, (size_t)idx, &epoch, &zone) != EML_OK) {
        jw_null(w);
        return;
    }
    time_t local = (time_t)(epoch + (int64_t)zone * 60);
    struct tm tm;
    if (!gmtime_r(&local, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
        jw_null(w);
        return;
    }
    int az = zone < 0 ? -zone : zone;
    tbuf s;
    tbuf_init(&s);
    tbuf_printf(&s, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, zone < 0 ? '-' : '+', az / 60,
                az % 60);
    jw_string(w, s.ptr, s.len);
    tbuf_free(&s);
}

static void subject_value(jwriter *w, const eml_part *p)
{
    long idx = field_index(p, "subject");
    eml_slice v;
    if (idx < 0) {
        jw_null(w);
        return;
    }
    if (eml_part_field_text(p, (size_t)idx, &v) != EML_OK &&
        eml_part_field_unfolded(p, (size_t)idx, &v) != EML_OK)
        v.ptr = NULL;
    jw_slice(w, v);
}

/* which: 0 every defect, 1 those in the header, 2 those in the body. */
static void defects_array(jwriter *w, const eml_part *p, int which)
{
    eml_slice buf = eml_message_buffer(eml_part_message(p));
    eml_slice body = eml_part_body_raw(p);
    size_t body_at = body.ptr ? (size_t)(body.ptr - buf.ptr) : (size_t)-1;
    jw_array_begin(w);
    size_t n = eml_part_defect_count(p);
    for (size_t i = 0; i < n; i++) {
        eml_defect d;
        if (eml_part_defect(p, i, &d) != EML_OK)
            continue;
        if ((which == 1 && d.offset >= body_at) || (which == 2 && d.offset < body_at))
            continue;
        jw_cstring(w, eml_defect_name(d.code));
    }
    jw_array_end(w);
}

/* Content-Type parameters. The library already keeps the first of a
 * repeated name and lists each name once (eml_part_param(3)), so every
 * entry becomes a key as it comes: checking each name against all the
 * earlier ones made a field with many parameters quadratic. */
static void params_object(jwriter *w, const eml_part *p)
{
    jw_object_begin(w);
    size_t n = eml_part_param_count(p);
    for (size_t i = 0; i < n; i++) {
        eml_param q;
        if (eml_part_param(p, i, &q) != EML_OK || !q.name.ptr)
            continue;
        tbuf key;
        tbuf_init(&key);
        tbuf_put(&key, q.name.ptr, q.name.len);
        jw_key(w, key.ptr ? key.ptr : "");
        tbuf_free(&key);
        jw_string(w, q.value.ptr ? q.value.ptr : "", q.value.len);
    }
    jw_object_end(w);
}

/* uuencode and yEnc files inside a text/plain body, when there are any. */
static void embedded_files(jwriter *w, const eml_part *p)
{
    size_t n = 0;
    if (eml_part_embedded_file_count(p, &n) != EML_OK || !n)
        return;
    jw_key(w, "embedded_files");
    jw_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        eml_embedded_file f;
        if (eml_part_embedded_file(p, i, &f) != EML_OK)
            continue;
        char hex[65];
        sha256_hex(f.data.ptr ? f.data.ptr : "", f.data.len, hex);
        jw_object_begin(w);
        jw_key(w, "kind");
        jw_cstring(w, f.kind == EML_EMBEDDED_YENC ? "yenc" : "uuencode");
        jw_key(w, "name");
        jw_string(w, f.name.ptr ? f.name.ptr : "", f.name.len);
        jw_key(w, "offset");
        jw_uint(w, f.offset);
        jw_key(w, "size");
        jw_uint(w, f.data.len);
        jw_key(w, "sha256");
        jw_cstring(w, hex);
        if (f.kind == EML_EMBEDDED_YENC && f.part) {
            jw_key(w, "part");
            jw_uint(w, (size_t)f.part);
            jw_key(w, "part_begin");
            jw_uint(w, (size_t)f.part_begin);
            jw_key(w, "part_end");
            jw_uint(w, (size_t)f.part_end);
        }
        jw_object_end(w);
    }
    jw_array_end(w);
}

static void leaf_members(jwriter *w, const eml_part *p)
{
    eml_slice body;
    jw_key(w, "size");
    if (eml_part_decoded(p, &body) == EML_OK) {
        char hex[65];
        sha256_hex(body.ptr ? body.ptr : "", body.len, hex);
        jw_uint(w, body.len);
        jw_key(w, "sha256");
        jw_cstring(w, hex);
    } else {
        jw_null(w);
        jw_key(w, "sha256");
        jw_null(w);
    }
    embedded_files(w, p);
    if (slice_is(eml_part_type(p), "text")) {
        eml_slice text;
        jw_key(w, "text");
        if (eml_part_text(p, &text) == EML_OK)
            jw_string(w, text.ptr ? text.ptr : "", text.len);
        else
            jw_null(w);
    }
}

static void part_object(jwriter *w, const eml_part *p, int is_root, const origin *from)
{
    jw_object_begin(w);
    jw_key(w, "type");
    jw_slice(w, eml_part_content_type(p));
    jw_key(w, "params");
    params_object(w, p);
    jw_key(w, "disposition");
    jw_slice(w, eml_part_disposition(p));
    jw_key(w, "filename");
    jw_slice(w, eml_part_filename(p));
    jw_key(w, "encoding");
    jw_slice(w, eml_part_encoding_name(p));
    jw_key(w, "headers");
    if (is_root) {
        jw_array_begin(w);
        jw_array_end(w);
    } else {
        headers_array(w, p);
    }
    if (part_is_leaf(p))
        leaf_members(w, p);
    if (slice_is(eml_part_type(p), "multipart")) {
        jw_key(w, "parts");
        jw_array_begin(w);
        size_t n = eml_part_child_count(p);
        for (size_t i = 0; i < n; i++)
            part_object(w, eml_part_child(p, i), 0, from);
        jw_array_end(w);
    }
    if (eml_part_embedded(p)) {
        jw_key(w, "message");
        message_object(w, eml_part_embedded(p), from);
    }
    jw_key(w, "defects");
    defects_array(w, p, is_root ? 2 : 0);
    jw_object_end(w);
}

static void message_object(jwriter *w, const eml_part *root, const origin *from)
{
    static const struct {
        const char *key, *field;
    } lists[] = {{"from", "from"}, {"sender", "sender"}, {"reply_to", "reply-to"},
                 {"to", "to"},     {"cc", "cc"},         {"bcc", "bcc"}};
    jw_object_begin(w);
    jw_key(w, "source");
    jw_cstring(w, from->source);
    jw_key(w, "offset");
    jw_uint(w, from->base + eml_part_offset(root));
    jw_key(w, "headers");
    headers_array(w, root);
    jw_key(w, "subject");
    subject_value(w, root);
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        jw_key(w, lists[i].key);
        addresses_array(w, root, lists[i].field);
    }
    jw_key(w, "date");
    date_value(w, root);
    jw_key(w, "message_id");
    msgids(w, root, "message-id", 1);
    jw_key(w, "in_reply_to");
    msgids(w, root, "in-reply-to", 0);
    jw_key(w, "references");
    msgids(w, root, "references", 0);
    jw_key(w, "body");
    part_object(w, root, 1, from);
    /* Last: parsing the fields and decoding the bodies above adds
     * defects to the parts. */
    jw_key(w, "defects");
    defects_array(w, root, 1);
    jw_object_end(w);
}

static void render(const eml_message *m, const item *it, result *r, const options *o)
{
    (void)o;
    const eml_part *root = eml_message_root(m);
    touch_message(root);
    jwriter w;
    jw_init(&w, &r->out);
    origin from = {it->source ? it->source : it->label, it->offset};
    message_object(&w, root, &from);
    jw_free(&w);
    tbuf_putc(&r->out, '\n');
}

const command cmd_json = {
    "json", "each message as JSON, one object per line (JSON Lines)",
    "usage: eml json [OPTIONS] FILE...\n"
    "\n"
    "Prints each message as one JSON object on its own line (JSON Lines), in\n"
    "input order, so an mbox or a maildir gives one line per message. The\n"
    "output is always valid UTF-8: bytes that are not UTF-8 become U+FFFD.\n"
    "\n"
    "  message = {\"source\": str, \"offset\": int,  (its file, its byte offset there)\n"
    "             \"headers\": [{\"name\": str, \"value\": str}],  (values unfolded)\n"
    "             \"subject\": str|null,\n"
    "             \"from\", \"sender\", \"reply_to\", \"to\", \"cc\", \"bcc\": [addr],\n"
    "             \"date\": str|null,  (ISO 8601 with the message's offset)\n"
    "             \"message_id\": str|null, \"in_reply_to\": [str], \"references\": [str],\n"
    "             \"body\": part, \"defects\": [str]}  (defects in the header)\n"
    "  addr    = {\"name\": str|null, \"address\": str, \"group\": str (in a group only)}\n"
    "  part    = {\"type\": str, \"params\": {str: str}, \"disposition\": str|null,\n"
    "             \"filename\": str|null, \"encoding\": str,\n"
    "             \"headers\": [...],  (the part's own; empty for the message body)\n"
    "             \"size\": int, \"sha256\": str,  (leaves: the transfer-decoded bytes)\n"
    "             \"text\": str,  (text/* leaves, as UTF-8)\n"
    "             \"parts\": [part],  (multipart/*)\n"
    "             \"message\": message,  (message/rfc822, message/global)\n"
    "             \"defects\": [str]}\n"
    "\n"
    "To read one message: eml json FILE | python3 -m json.tool\n",
    render, NULL, NULL};
