/*
 * The message view: what a mail reader shows. The text and HTML bodies
 * (RFC 2046 section 5.1: mixed, alternative, digest; RFC 2387: related),
 * the attachments and the inline parts, and parts by Content-ID
 * (RFC 2045 section 7, RFC 2392). The rules are in eml_part_best_text(3).
 *
 * Results are computed on first request for an entity (a message root,
 * an embedded message or any part) and cached in the message arena, one
 * record per entity asked about, so that index loops stay linear.
 */
#include "base/arena.h"
#include "base/ascii.h"
#include "mime/tree.h"
#include "text/html.h"

#include <string.h>

typedef struct bodies {
    const eml_part *text;
    const eml_part *html;
} bodies;

typedef struct view_entry {
    const eml_part *entity;
    bodies best;
    bool lists_done;
    const eml_part **attachments;
    size_t nattachments;
    const eml_part **inlines;
    size_t ninlines;
    bool rendered; /* html_text holds the HTML body as text */
    eml_slice html_text;
    struct view_entry *next;
} view_entry;

struct eml__view_cache {
    view_entry *head;
};

static const eml_slice no_slice = { NULL, 0 };

/* ---- classification ------------------------------------------------------ */

static bool slice_is(const char *p, size_t n, const char *s)
{
    return p && strlen(s) == n && memcmp(p, s, n) == 0;
}

static bool type_is(const eml_part *p, const char *type)
{
    return slice_is(p->content_type, p->type_len, type);
}

static bool subtype_is(const eml_part *p, const char *subtype)
{
    eml_slice s = eml_part_subtype(p);
    return slice_is(s.ptr, s.len, subtype);
}

static bool disposition_is(const eml_part *p, const char *d)
{
    return slice_is(p->disposition, p->disposition_len, d);
}

static bool is_multipart(const eml_part *p)
{
    return type_is(p, "multipart");
}

/* RFC 2183: "attachment" says so. A part that is not text, carries a
 * file name and does not ask to be shown inline is one as well: mailers
 * that omit the field still name the file (the Content-Type name
 * parameter of RFC 1341). */
static bool is_attachment(const eml_part *p)
{
    if (disposition_is(p, "attachment"))
        return true;
    return !disposition_is(p, "inline") && p->filename && !type_is(p, "text") &&
           !is_multipart(p);
}

static bool is_text_subtype(const eml_part *p, const char *subtype)
{
    return type_is(p, "text") && subtype_is(p, subtype);
}

/* ---- Content-ID ----------------------------------------------------------- */

static eml_slice trim(eml_slice s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
        s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}

/* The msg-id between the angle brackets (RFC 2045 section 7, RFC 5322
 * section 3.6.4); a value without them is taken whole. */
static eml_slice strip_angles(eml_slice s)
{
    s = trim(s);
    if (s.len && s.ptr[0] == '<') {
        const char *close = memchr(s.ptr, '>', s.len);
        if (close) {
            eml_slice in = { s.ptr + 1, (size_t)(close - s.ptr - 1) };
            return trim(in);
        }
        s.ptr++, s.len--;
    }
    return s;
}

eml_slice eml_part_content_id(const eml_part *part)
{
    size_t index;
    eml_slice v;
    if (!part || eml_part_field_find(part, "Content-ID", EML_NUL_TERMINATED, 0, &index) != EML_OK ||
        eml_part_field_unfolded(part, index, &v) != EML_OK)
        return no_slice;
    v = strip_angles(v);
    return v.len ? v : no_slice;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = eml__ascii_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* want as given to eml_part_find_content_id, url when it was a cid: URL
 * (RFC 2392 section 2: %hh escapes stand for their byte). */
static bool cid_equal(eml_slice want, bool url, eml_slice have)
{
    size_t i = 0, j = 0;
    while (i < want.len) {
        char c = want.ptr[i++];
        if (url && c == '%' && i + 1 < want.len) {
            int hi = hex_value(want.ptr[i]), lo = hex_value(want.ptr[i + 1]);
            if (hi >= 0 && lo >= 0) {
                c = (char)(hi * 16 + lo);
                i += 2;
            }
        }
        if (j >= have.len || have.ptr[j++] != c)
            return false;
    }
    return j == have.len;
}

const eml_part *eml_part_find_content_id(const eml_part *entity, const char *cid, size_t cid_len)
{
    if (!entity || !cid)
        return NULL;
    eml_slice want = { cid, cid_len == EML_NUL_TERMINATED ? strlen(cid) : cid_len };
    want = trim(want);
    bool url = want.len >= 4 && eml__ascii_ieq(want.ptr, "cid:", 4);
    if (url) {
        want.ptr += 4;
        want.len -= 4;
    } else {
        want = strip_angles(want);
    }
    if (!want.len)
        return NULL;
    for (const eml_part *p = eml_part_walk_next(entity, NULL, NULL); p;
         p = eml_part_walk_next(entity, p, NULL)) {
        eml_slice have = eml_part_content_id(p);
        if (have.ptr && cid_equal(want, url, have))
            return p;
    }
    return NULL;
}

/* ---- the bodies ----------------------------------------------------------- */

/* RFC 2387 section 3.2: the part whose Content-ID the start parameter
 * names, else the first. */
static const eml_part *related_root(const eml_part *p)
{
    eml_slice start = eml_part_param_get(p, "start", EML_NUL_TERMINATED);
    if (start.ptr) {
        start = strip_angles(start);
        for (size_t i = 0; i < p->nchildren; i++) {
            eml_slice id = eml_part_content_id(p->children[i]);
            if (id.ptr && id.len == start.len && memcmp(id.ptr, start.ptr, id.len) == 0)
                return p->children[i];
        }
    }
    return p->nchildren ? p->children[0] : NULL;
}

/* One pass over the tree: each part is visited once. The recursion is
 * bounded by the nesting depth limit (EML_OPT_MAX_DEPTH). */
static bodies select_bodies(const eml_part *p, bool top)
{
    bodies b = { NULL, NULL };
    if (!p || (!top && is_attachment(p)))
        return b;
    if (p->embedded)
        return select_bodies(p->embedded, false);
    if (!p->nchildren) {
        if (is_text_subtype(p, "plain"))
            b.text = p;
        else if (is_text_subtype(p, "html"))
            b.html = p;
        return b;
    }
    if (subtype_is(p, "alternative")) {
        /* RFC 2046 section 5.1.4: alternatives come in increasing
         * faithfulness to the original, so the last one that has a
         * body of the wanted kind wins. */
        for (size_t i = p->nchildren; i-- > 0 && (!b.text || !b.html);) {
            bodies c = select_bodies(p->children[i], false);
            if (!b.text)
                b.text = c.text;
            if (!b.html)
                b.html = c.html;
        }
        return b;
    }
    if (subtype_is(p, "related"))
        return select_bodies(related_root(p), false);
    /* mixed, digest, parallel, signed, report and unknown subtypes
     * (RFC 2046 section 5.1.7: treat as mixed): the first part that has
     * a body is the body. */
    for (size_t i = 0; i < p->nchildren; i++) {
        b = select_bodies(p->children[i], false);
        if (b.text || b.html)
            return b;
    }
    return b;
}

static view_entry *entry_for(const eml_part *entity, bool create)
{
    eml_message *m = entity->message;
    if (!m->view_cache) {
        if (!create)
            return NULL;
        m->view_cache = eml__arena_alloc(&m->arena, sizeof *m->view_cache);
        if (!m->view_cache)
            return NULL;
        m->view_cache->head = NULL;
    }
    view_entry **link = &m->view_cache->head;
    for (view_entry *e = *link; e; link = &e->next, e = e->next) {
        if (e->entity == entity) {
            /* Most recent first: a caller asks about one entity at a time. */
            *link = e->next;
            e->next = m->view_cache->head;
            m->view_cache->head = e;
            return e;
        }
    }
    if (!create)
        return NULL;
    view_entry *e = eml__arena_alloc(&m->arena, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->entity = entity;
    e->best = select_bodies(entity, true);
    e->next = m->view_cache->head;
    m->view_cache->head = e;
    return e;
}

static bodies best_of(const eml_part *entity)
{
    view_entry *e = entry_for(entity, true);
    return e ? e->best : select_bodies(entity, true);
}

const eml_part *eml_part_best_text(const eml_part *entity)
{
    return entity ? best_of(entity).text : NULL;
}

const eml_part *eml_part_best_html(const eml_part *entity)
{
    return entity ? best_of(entity).html : NULL;
}

/* The HTML body as text, into the message: rendered into a block of the
 * bound's size from the message's allocator, then copied at its exact
 * size, so the cache holds no more than the text. */
static eml_error render_html(const eml_part *html, eml_slice *out)
{
    eml_slice src;
    int rc = eml_part_text(html, &src);
    if (rc != EML_OK)
        return (eml_error)rc;
    size_t max = eml_html_to_text_size_max(src.len);
    if (max == SIZE_MAX)
        return EML_ENOMEM;
    const eml_allocator *a = &html->message->allocator;
    char *tmp = eml__mem_alloc(a, max);
    if (!tmp)
        return EML_ENOMEM;
    size_t n = 0;
    rc = eml__html_render(src.ptr ? src.ptr : "", src.len, tmp, max, &n, NULL);
    char *copy = rc == EML_OK ? eml__arena_strndup(eml__part_arena(html), tmp, n) : NULL;
    eml__mem_free(a, tmp, max);
    if (rc != EML_OK)
        return (eml_error)rc;
    if (!copy)
        return EML_ENOMEM;
    out->ptr = copy;
    out->len = n;
    return EML_OK;
}

eml_error eml_part_body_text(const eml_part *entity, eml_slice *out)
{
    if (!entity || !out)
        return EML_EINVAL;
    *out = no_slice;
    view_entry *e = entry_for(entity, true);
    if (!e)
        return EML_ENOMEM;
    if (e->best.text)
        return (eml_error)eml_part_text(e->best.text, out);
    if (!e->best.html)
        return EML_ENOTFOUND;
    if (!e->rendered) {
        eml_error rc = render_html(e->best.html, &e->html_text);
        if (rc != EML_OK)
            return rc;
        e->rendered = true;
    }
    *out = e->html_text;
    return EML_OK;
}

/* ---- attachments and inline parts ---------------------------------------- */

typedef enum part_role { ROLE_NONE, ROLE_ATTACHMENT, ROLE_INLINE } part_role;

typedef struct lists {
    const eml_part *entity;
    bodies best;
    /* Two passes: the first counts (arrays NULL), the second fills. */
    const eml_part **attachments, **inlines;
    size_t nattachments, ninlines;
} lists;

/* The role of a leaf; the rules are in eml_part_attachments(3). */
static part_role leaf_role(const lists *l, const eml_part *p, bool in_alt, bool in_related)
{
    if (p == l->best.text || p == l->best.html || is_multipart(p))
        return ROLE_NONE;
    if (p != l->entity && is_attachment(p))
        return ROLE_ATTACHMENT;
    if (in_alt && type_is(p, "text"))
        return ROLE_NONE; /* another rendering of the body */
    if (disposition_is(p, "inline") || in_related || eml_part_content_id(p).ptr)
        return ROLE_INLINE;
    return type_is(p, "text") ? ROLE_INLINE : ROLE_ATTACHMENT;
}

static void add_role(lists *l, const eml_part *p, part_role role)
{
    if (role == ROLE_ATTACHMENT) {
        if (l->attachments)
            l->attachments[l->nattachments] = p;
        l->nattachments++;
    } else if (role == ROLE_INLINE) {
        if (l->inlines)
            l->inlines[l->ninlines] = p;
        l->ninlines++;
    }
}

/* Document order. Bounded by the nesting depth limit, like the bodies. */
static void collect(lists *l, const eml_part *p, bool in_alt, bool in_related)
{
    if (p->nchildren) {
        bool alt = subtype_is(p, "alternative");
        const eml_part *root = subtype_is(p, "related") ? related_root(p) : NULL;
        for (size_t i = 0; i < p->nchildren; i++) {
            const eml_part *c = p->children[i];
            collect(l, c, in_alt || alt, root ? c != root || in_related : in_related);
        }
        return;
    }
    if (p->embedded) {
        if (p != l->entity && is_attachment(p))
            add_role(l, p, ROLE_ATTACHMENT);
        else
            collect(l, p->embedded, false, false);
        return;
    }
    add_role(l, p, leaf_role(l, p, in_alt, in_related));
}

static eml_error build_lists(view_entry *e)
{
    lists l;
    memset(&l, 0, sizeof l);
    l.entity = e->entity;
    l.best = e->best;
    collect(&l, e->entity, false, false);
    eml__arena *arena = eml__part_arena(e->entity);
    size_t na = l.nattachments, ni = l.ninlines;
    l.attachments = eml__arena_alloc(arena, (na ? na : 1) * sizeof *l.attachments);
    l.inlines = eml__arena_alloc(arena, (ni ? ni : 1) * sizeof *l.inlines);
    if (!l.attachments || !l.inlines)
        return EML_ENOMEM;
    l.nattachments = l.ninlines = 0;
    collect(&l, e->entity, false, false);
    e->attachments = l.attachments;
    e->nattachments = na;
    e->inlines = l.inlines;
    e->ninlines = ni;
    e->lists_done = true;
    return EML_OK;
}

static eml_error get_list(const eml_part *entity, bool attachments, const eml_part *const **parts,
                          size_t *count)
{
    if (!entity || !parts || !count)
        return EML_EINVAL;
    *parts = NULL;
    *count = 0;
    view_entry *e = entry_for(entity, true);
    if (!e)
        return EML_ENOMEM;
    if (!e->lists_done) {
        eml_error rc = build_lists(e);
        if (rc != EML_OK)
            return rc;
    }
    *parts = attachments ? e->attachments : e->inlines;
    *count = attachments ? e->nattachments : e->ninlines;
    return EML_OK;
}

eml_error eml_part_attachments(const eml_part *entity, const eml_part *const **parts,
                               size_t *count)
{
    return get_list(entity, true, parts, count);
}

eml_error eml_part_inline_parts(const eml_part *entity, const eml_part *const **parts,
                                size_t *count)
{
    return get_list(entity, false, parts, count);
}

eml_error eml_part_decoded_size(const eml_part *part, size_t *size)
{
    if (!part || !size)
        return EML_EINVAL;
    *size = 0;
    eml_slice d;
    int rc = eml_part_decoded(part, &d);
    if (rc != EML_OK)
        return (eml_error)rc;
    *size = d.len;
    return EML_OK;
}
