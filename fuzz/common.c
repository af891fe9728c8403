/* Shared helpers of the fuzz harnesses; see common.h. */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    fflush(stderr);
    abort();
}

uint8_t fuzz_take_u8(fuzz_reader *r)
{
    if (r->n == 0)
        return 0;
    uint8_t v = r->p[0];
    r->p++;
    r->n--;
    return v;
}

uint16_t fuzz_take_u16(fuzz_reader *r)
{
    uint16_t hi = fuzz_take_u8(r);
    return (uint16_t)(hi << 8 | fuzz_take_u8(r));
}

/* ---- slices -------------------------------------------------------------- */

int fuzz_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return 0;
        }
        if (len - i - 1 < n)
            return 0;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return 0;
        for (size_t k = 2; k <= n; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
        i += n + 1;
    }
    return 1;
}

static volatile unsigned fuzz_sink;

#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_ASAN 1
#endif
#endif

#ifdef FUZZ_ASAN
#include <sanitizer/asan_interface.h>
#endif

void fuzz_touch(eml_slice s)
{
    FUZZ_ASSERT(s.len == 0 || s.ptr != NULL);
    if (!s.len)
        return;
#ifdef FUZZ_ASAN
    /* One check of the whole range instead of a traced loop per byte:
     * the fuzzer spends its time in the library, not here. */
    FUZZ_ASSERT(__asan_region_is_poisoned((void *)(uintptr_t)s.ptr, s.len) == NULL);
    fuzz_sink += (unsigned char)s.ptr[0] + (unsigned char)s.ptr[s.len - 1];
#else
    unsigned h = 0;
    for (size_t i = 0; i < s.len; i++)
        h = h * 31 + (unsigned char)s.ptr[i];
    fuzz_sink += h;
#endif
}

void fuzz_check_in_buffer(eml_slice s, const char *buf, size_t len)
{
    fuzz_touch(s);
    if (!s.ptr)
        return;
    FUZZ_ASSERT(s.ptr >= buf && s.ptr <= buf + len);
    FUZZ_ASSERT(s.len <= (size_t)(buf + len - s.ptr));
}

void fuzz_check_built(eml_slice s)
{
    fuzz_touch(s);
    FUZZ_ASSERT(s.ptr != NULL);
    FUZZ_ASSERT(s.ptr[s.len] == '\0');
}

static int known_defect(int code)
{
    return strcmp(eml_defect_name(code), "UNKNOWN") != 0;
}

void fuzz_check_defects(const eml_defect *d, size_t n, size_t cap, size_t input_len)
{
    size_t stored = n < cap ? n : cap;
    for (size_t i = 0; i < stored; i++) {
        FUZZ_ASSERT(known_defect(d[i].code));
        FUZZ_ASSERT(d[i].offset <= input_len);
    }
}

/* ---- the message walk ---------------------------------------------------- */

typedef struct walk {
    const eml_message *m;
    eml_slice buf;
    unsigned what;
    int oom_ok;
} walk;

static int is_lower(eml_slice s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] >= 'A' && s.ptr[i] <= 'Z')
            return 0;
    return 1;
}

static int same_ci(eml_slice a, eml_slice b)
{
    if (a.len != b.len)
        return 0;
    for (size_t i = 0; i < a.len; i++) {
        unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)b.ptr[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return 0;
    }
    return 1;
}

/* On-demand calls may fail only with out-of-memory while allocations are
 * being refused; a limit (ELIMIT) is a documented answer. */
static void check_rc(const walk *w, int rc)
{
    if (rc == EML_ENOMEM && w->oom_ok)
        return;
    FUZZ_ASSERT(rc == EML_OK || rc == EML_ELIMIT);
}

static void check_unfolded(eml_slice s)
{
    fuzz_check_built(s);
    for (size_t i = 0; i + 1 < s.len; i++)
        FUZZ_ASSERT(!(s.ptr[i] == '\n' && (s.ptr[i + 1] == ' ' || s.ptr[i + 1] == '\t')));
    if (s.len) {
        FUZZ_ASSERT(s.ptr[0] != ' ' && s.ptr[0] != '\t');
        FUZZ_ASSERT(s.ptr[s.len - 1] != ' ' && s.ptr[s.len - 1] != '\t');
    }
}

static void check_utf8_slice(eml_slice s)
{
    fuzz_touch(s);
    FUZZ_ASSERT(fuzz_utf8_valid(s.ptr, s.len));
}

static int slice_eq(eml_slice a, eml_slice b)
{
    if (a.len != b.len || (a.ptr == NULL) != (b.ptr == NULL))
        return 0;
    return a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0;
}

static void walk_addresses(const walk *w, const eml_part *p, size_t i)
{
    size_t count = 0;
    int rc = eml_part_field_addresses(p, i, NULL, 0, &count);
    if (rc == EML_ENOTFOUND)
        return;
    check_rc(w, rc);
    if (rc != EML_OK || count == 0)
        return;
    int64_t max = 0;
    (void)max;
    eml_address *all = calloc(count, sizeof *all);
    FUZZ_ASSERT(all != NULL);
    size_t again = 0;
    rc = eml_part_field_addresses(p, i, all, count, &again);
    check_rc(w, rc);
    if (rc == EML_OK) {
        FUZZ_ASSERT(again == count);
        for (size_t k = 0; k < count; k++) {
            if (all[k].name.ptr)
                check_utf8_slice(all[k].name);
            check_utf8_slice(all[k].address);
            if (all[k].group.ptr)
                check_utf8_slice(all[k].group);
        }
        /* A smaller array gets the same leading entries. */
        size_t half = count / 2;
        if (half) {
            eml_address *some = calloc(half, sizeof *some);
            FUZZ_ASSERT(some != NULL);
            size_t n2 = 0;
            rc = eml_part_field_addresses(p, i, some, half, &n2);
            check_rc(w, rc);
            if (rc == EML_OK) {
                FUZZ_ASSERT(n2 == count);
                for (size_t k = 0; k < half; k++) {
                    FUZZ_ASSERT(slice_eq(some[k].name, all[k].name));
                    FUZZ_ASSERT(slice_eq(some[k].address, all[k].address));
                    FUZZ_ASSERT(slice_eq(some[k].group, all[k].group));
                }
            }
            free(some);
        }
    }
    free(all);
}

static void walk_msgids(const walk *w, const eml_part *p, size_t i)
{
    size_t count = 0;
    int rc = eml_part_field_msgids(p, i, NULL, 0, &count);
    if (rc == EML_ENOTFOUND)
        return;
    check_rc(w, rc);
    if (rc != EML_OK || count == 0)
        return;
    eml_slice *ids = calloc(count, sizeof *ids);
    FUZZ_ASSERT(ids != NULL);
    size_t again = 0;
    rc = eml_part_field_msgids(p, i, ids, count, &again);
    check_rc(w, rc);
    if (rc == EML_OK) {
        FUZZ_ASSERT(again == count);
        for (size_t k = 0; k < count; k++)
            fuzz_touch(ids[k]);
    }
    free(ids);
}

static void walk_date(const walk *w, const eml_part *p, size_t i)
{
    int64_t epoch = 0;
    int zone = 0;
    int rc = eml_part_field_date(p, i, &epoch, &zone);
    if (rc == EML_ENOTFOUND)
        return;
    check_rc(w, rc);
    /* RFC 5322 section 3.3: a zone is +/-HHMM, at most 99:59. */
    if (rc == EML_OK)
        FUZZ_ASSERT(zone >= -(99 * 60 + 59) && zone <= 99 * 60 + 59);
}

static void walk_fields(const walk *w, const eml_part *p)
{
    size_t n = eml_part_field_count(p);
    eml_slice header = eml_part_header_raw(p);
    eml_slice buf = eml_part_buffer(p);
    size_t last_offset = 0;
    eml_field f;
    (void)w;
    for (size_t i = 0; i < n; i++) {
        FUZZ_ASSERT(eml_part_field(p, i, &f) == EML_OK);
        fuzz_check_in_buffer(f.name, buf.ptr, buf.len);
        fuzz_check_in_buffer(f.value, buf.ptr, buf.len);
        fuzz_check_in_buffer(f.name, header.ptr, header.len);
        FUZZ_ASSERT(f.offset < buf.len);
        FUZZ_ASSERT(f.offset >= last_offset);
        last_offset = f.offset;
        if (f.name.len) {
            size_t at = n;
            FUZZ_ASSERT(eml_part_field_find(p, f.name.ptr, f.name.len, 0, &at) == EML_OK);
            FUZZ_ASSERT(at <= i);
            eml_field g;
            FUZZ_ASSERT(eml_part_field(p, at, &g) == EML_OK);
            FUZZ_ASSERT(same_ci(f.name, g.name));
            FUZZ_ASSERT(eml_part_field_find(p, f.name.ptr, f.name.len, i, &at) == EML_OK);
            FUZZ_ASSERT(at == i);
        }
        if (w->what & FUZZ_WALK_FIELDS) {
            eml_slice s;
            int rc = eml_part_field_unfolded(p, i, &s);
            check_rc(w, rc);
            if (rc == EML_OK)
                check_unfolded(s);
        }
        if (w->what & FUZZ_WALK_FIELDS_TEXT) {
            eml_slice s;
            int rc = eml_part_field_text(p, i, &s);
            check_rc(w, rc);
            if (rc == EML_OK) {
                fuzz_check_built(s);
                FUZZ_ASSERT(fuzz_utf8_valid(s.ptr, s.len));
            }
        }
        if (w->what & FUZZ_WALK_SEMANTIC) {
            walk_addresses(w, p, i);
            walk_date(w, p, i);
            walk_msgids(w, p, i);
        }
    }
    FUZZ_ASSERT(eml_part_field(p, n, &f) == EML_ERANGE);
    eml_slice s;
    FUZZ_ASSERT(eml_part_field_unfolded(p, n, &s) == EML_ERANGE);
    if (w->what & FUZZ_WALK_FIELDS_TEXT)
        FUZZ_ASSERT(eml_part_field_text(p, n, &s) == EML_ERANGE);
}

typedef size_t (*param_count_fn)(const eml_part *);
typedef eml_error (*param_fn)(const eml_part *, size_t, eml_param *);
typedef eml_slice (*param_get_fn)(const eml_part *, const char *, size_t);

static void walk_params(const eml_part *p, param_count_fn count, param_fn get, param_get_fn by_name)
{
    size_t n = count(p);
    eml_param prm;
    for (size_t i = 0; i < n; i++) {
        FUZZ_ASSERT(get(p, i, &prm) == EML_OK);
        fuzz_touch(prm.name);
        fuzz_touch(prm.value);
        FUZZ_ASSERT(is_lower(prm.name));
        eml_slice by_len = by_name(p, prm.name.ptr, prm.name.len);
        FUZZ_ASSERT(by_len.ptr != NULL);
        if (prm.name.len && !memchr(prm.name.ptr, '\0', prm.name.len)) {
            char *z = malloc(prm.name.len + 1);
            FUZZ_ASSERT(z != NULL);
            memcpy(z, prm.name.ptr, prm.name.len);
            z[prm.name.len] = '\0';
            eml_slice v = by_name(p, z, EML_NUL_TERMINATED);
            FUZZ_ASSERT(v.ptr != NULL);
            fuzz_touch(v);
            free(z);
        }
    }
    FUZZ_ASSERT(get(p, n, &prm) == EML_ERANGE);
    fuzz_touch(by_name(p, "charset", EML_NUL_TERMINATED));
    fuzz_touch(by_name(p, "boundary", 8));
}

static void walk_content_type(const eml_part *p)
{
    eml_slice type = eml_part_type(p), sub = eml_part_subtype(p);
    eml_slice ct = eml_part_content_type(p);
    fuzz_touch(type);
    fuzz_touch(sub);
    fuzz_check_built(ct);
    FUZZ_ASSERT(type.len > 0 && sub.len > 0);
    FUZZ_ASSERT(is_lower(type) && is_lower(sub) && is_lower(ct));
    FUZZ_ASSERT(ct.len == type.len + 1 + sub.len);
    FUZZ_ASSERT(memcmp(ct.ptr, type.ptr, type.len) == 0 && ct.ptr[type.len] == '/');
    FUZZ_ASSERT(memcmp(ct.ptr + type.len + 1, sub.ptr, sub.len) == 0);
    walk_params(p, eml_part_param_count, eml_part_param, eml_part_param_get);

    eml_slice disp = eml_part_disposition(p);
    fuzz_touch(disp);
    FUZZ_ASSERT(is_lower(disp));
    walk_params(p, eml_part_disposition_param_count, eml_part_disposition_param,
                eml_part_disposition_param_get);
    /* Parameters of an invalid disposition may be kept (a file name is
     * worth keeping), but without the field there are none. */
    size_t at;
    if (eml_part_field_find(p, "Content-Disposition", EML_NUL_TERMINATED, 0, &at) != EML_OK) {
        FUZZ_ASSERT(!disp.ptr);
        FUZZ_ASSERT(eml_part_disposition_param_count(p) == 0);
    }
    fuzz_touch(eml_part_filename(p));

    eml_encoding e = eml_part_encoding(p);
    FUZZ_ASSERT(e >= EML_ENCODING_7BIT && e <= EML_ENCODING_UUENCODE);
    eml_slice en = eml_part_encoding_name(p);
    FUZZ_ASSERT(en.ptr != NULL && en.len > 0);
    fuzz_touch(en);
    FUZZ_ASSERT(is_lower(en));
}

static int is_identity(eml_encoding e)
{
    return e != EML_ENCODING_BASE64 && e != EML_ENCODING_QUOTED_PRINTABLE && e != EML_ENCODING_UUENCODE;
}

static void walk_decode(const walk *w, const eml_part *p)
{
    size_t max = 0;
    FUZZ_ASSERT(eml_part_decoded_size_max(p, &max) == EML_OK);
    eml_slice body = eml_part_body_raw(p);
    if (is_identity(eml_part_encoding(p)))
        FUZZ_ASSERT(max == body.len);
    /* Exactly max bytes: a write past the bound is a heap overflow. */
    unsigned char *dst = malloc(max ? max : 1);
    FUZZ_ASSERT(dst != NULL);
    size_t written = (size_t)-1;
    int rc = eml_part_decode(p, dst, max, &written);
    check_rc(w, rc);
    if (rc == EML_OK) {
        FUZZ_ASSERT(written <= max);
        if (is_identity(eml_part_encoding(p)))
            FUZZ_ASSERT(written == body.len && (!written || !memcmp(dst, body.ptr, written)));
        /* One byte short of the decoded size must be refused. */
        if (written) {
            size_t w2 = 0;
            int rc2 = eml_part_decode(p, dst, written - 1, &w2);
            FUZZ_ASSERT(rc2 == EML_EBUFSIZE || (rc2 == EML_ENOMEM && w->oom_ok));
        }
    }
    eml_slice d;
    int rc3 = eml_part_decoded(p, &d);
    check_rc(w, rc3);
    if (rc3 == EML_OK) {
        fuzz_touch(d);
        if (rc == EML_OK)
            FUZZ_ASSERT(d.len == written && (!written || !memcmp(d.ptr, dst, written)));
        eml_slice again;
        FUZZ_ASSERT(eml_part_decoded(p, &again) == EML_OK);
        FUZZ_ASSERT(again.ptr == d.ptr && again.len == d.len);
    }
    free(dst);
}

static void walk_text(const walk *w, const eml_part *p)
{
    eml_slice t;
    int rc = eml_part_text(p, &t);
    if (rc == EML_ENOTFOUND || rc == EML_EINVAL)
        return; /* not a text part */
    check_rc(w, rc);
    if (rc == EML_OK) {
        fuzz_touch(t);
        FUZZ_ASSERT(fuzz_utf8_valid(t.ptr, t.len));
        eml_slice again;
        FUZZ_ASSERT(eml_part_text(p, &again) == EML_OK);
        FUZZ_ASSERT(again.ptr == t.ptr && again.len == t.len);
    }
}

static void walk_defects(const walk *w, const eml_part *p)
{
    size_t n = eml_part_defect_count(p);
    eml_defect d;
    (void)w;
    for (size_t i = 0; i < n; i++) {
        FUZZ_ASSERT(eml_part_defect(p, i, &d) == EML_OK);
        FUZZ_ASSERT(known_defect(d.code));
        FUZZ_ASSERT(d.offset <= eml_part_buffer(p).len);
        fuzz_touch((eml_slice){ eml_defect_name(d.code), strlen(eml_defect_name(d.code)) });
    }
    FUZZ_ASSERT(eml_part_defect(p, n, &d) == EML_ERANGE);
}

/* uuencode and yEnc files in a text body: data built by the library,
 * names inside the decoded body. */
static void walk_embedded_files(const walk *w, const eml_part *p)
{
    size_t n = 0;
    int rc = eml_part_embedded_file_count(p, &n);
    check_rc(w, rc);
    if (rc != EML_OK)
        return;
    eml_slice body;
    if (n)
        FUZZ_ASSERT(eml_part_decoded(p, &body) == EML_OK);
    for (size_t i = 0; i < n; i++) {
        eml_embedded_file f;
        FUZZ_ASSERT(eml_part_embedded_file(p, i, &f) == EML_OK);
        fuzz_check_built(f.data);
        fuzz_check_in_buffer(f.name, body.ptr, body.len);
        FUZZ_ASSERT(f.offset + f.length <= body.len);
    }
}

static void walk_part(const walk *w, const eml_part *p)
{
    /* The input, or the decoded bytes of an encoded embedded message. */
    eml_slice pb = eml_part_buffer(p);
    const char *b = pb.ptr;
    size_t len = pb.len;
    if (b != w->buf.ptr) {
        const eml_part *up = eml_part_parent(p);
        FUZZ_ASSERT(up != NULL);
        if (eml_part_embedded(up) != p)
            FUZZ_ASSERT(eml_part_buffer(up).ptr == b);
    }
    FUZZ_ASSERT(eml_part_message(p) == w->m);
    FUZZ_ASSERT(eml_part_offset(p) <= len);
    fuzz_check_in_buffer(eml_part_header_raw(p), b, len);
    fuzz_check_in_buffer(eml_part_body_raw(p), b, len);
    fuzz_check_in_buffer(eml_part_preamble(p), b, len);
    fuzz_check_in_buffer(eml_part_epilogue(p), b, len);
    walk_content_type(p);
    walk_fields(w, p);
    if (w->what & FUZZ_WALK_DECODE) {
        walk_decode(w, p);
        walk_embedded_files(w, p);
    }
    if (w->what & FUZZ_WALK_TEXT)
        walk_text(w, p);
    walk_defects(w, p);
}

/* Checks how the children and the embedded root of p link back to it. */
static void check_links(const eml_part *p)
{
    size_t nc = eml_part_child_count(p);
    const eml_part *emb = eml_part_embedded(p);
    eml_slice type = eml_part_type(p);
    FUZZ_ASSERT(!(nc && emb));
    if (nc)
        FUZZ_ASSERT(type.len == 9 && !memcmp(type.ptr, "multipart", 9));
    if (emb)
        FUZZ_ASSERT(type.len == 7 && !memcmp(type.ptr, "message", 7));
    FUZZ_ASSERT(eml_part_child(p, nc) == NULL);
    for (size_t i = 0; i < nc; i++) {
        const eml_part *c = eml_part_child(p, i);
        FUZZ_ASSERT(c != NULL);
        FUZZ_ASSERT(eml_part_parent(c) == p);
        FUZZ_ASSERT(eml_part_depth(c) == eml_part_depth(p) + 1);
        FUZZ_ASSERT(eml_part_next(c) == (i + 1 < nc ? eml_part_child(p, i + 1) : NULL));
    }
    if (emb) {
        FUZZ_ASSERT(eml_part_parent(emb) == p);
        FUZZ_ASSERT(eml_part_depth(emb) > eml_part_depth(p));
        FUZZ_ASSERT(eml_part_next(emb) == NULL);
    }
}

/* The walk from a subtree's root ends where the subtree does: the next
 * part of the whole walk, when there is one, is no deeper than root. */
static void check_subtree_walk(const eml_part *top, const eml_part *root, size_t root_depth)
{
    const eml_part *last = root, *p = root;
    size_t depth, steps = 0;
    while ((p = eml_part_walk_next(root, p, &depth)) != NULL && steps++ < 64) {
        FUZZ_ASSERT(depth > 0);
        last = p;
    }
    if (p)
        return; /* a large subtree: its first steps were checked */
    size_t after_depth;
    const eml_part *after = eml_part_walk_next(top, last, &after_depth);
    FUZZ_ASSERT(after == NULL || after_depth <= root_depth);
}

size_t fuzz_walk_message(const eml_message *m, unsigned what, int oom_ok)
{
    walk w = { m, eml_message_buffer(m), what, oom_ok };
    const eml_part *root = eml_message_root(m);
    FUZZ_ASSERT(root != NULL);
    FUZZ_ASSERT(eml_part_parent(root) == NULL);
    FUZZ_ASSERT(eml_part_depth(root) == 0);
    FUZZ_ASSERT(eml_part_next(root) == NULL);

    size_t visited = 0, depth;
    for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
         p = eml_part_walk_next(root, p, &depth)) {
        visited++;
        FUZZ_ASSERT(depth == eml_part_depth(p));
        walk_part(&w, p);
        check_links(p);
        check_subtree_walk(root, p, depth);
    }
    FUZZ_ASSERT(visited == eml_message_part_count(m));
    return visited;
}

/* ---- building inputs ----------------------------------------------------- */

char *fuzz_make_field_message(const char *name, const uint8_t *value, size_t value_len,
                              const char *extra, const char *body, size_t *len)
{
    size_t nl = strlen(name), el = strlen(extra), bl = strlen(body);
    size_t total = nl + 2 + value_len + 2 + el + 2 + bl;
    char *m = malloc(total ? total : 1);
    FUZZ_ASSERT(m != NULL);
    char *o = m;
    memcpy(o, name, nl);
    o += nl;
    *o++ = ':';
    *o++ = ' ';
    for (size_t i = 0; i < value_len; i++) {
        char c = (char)value[i];
        /* A line break not followed by whitespace would end the field. */
        if (c == '\r' || c == '\n') {
            char next = i + 1 < value_len ? (char)value[i + 1] : 'x';
            if (c == '\r' && next == '\n')
                next = i + 2 < value_len ? (char)value[i + 2] : 'x';
            if (next != ' ' && next != '\t')
                c = ' ';
        }
        *o++ = c;
    }
    *o++ = '\r';
    *o++ = '\n';
    memcpy(o, extra, el);
    o += el;
    *o++ = '\r';
    *o++ = '\n';
    memcpy(o, body, bl);
    o += bl;
    *len = (size_t)(o - m);
    return m;
}
