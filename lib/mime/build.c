/*
 * MIME tree builder (RFC 2045, RFC 2046 section 5.1.1, RFC 2183).
 *
 * One forward pass over the buffer with an explicit stack of open parts
 * (no recursion on the C stack). In a body, eml__find_dashdash_line jumps
 * from one candidate delimiter line ("--" at a line start) to the next and
 * each candidate is checked against the open boundaries, innermost first,
 * by length before any byte comparison. Every byte is thus scanned a
 * bounded number of times whatever the nesting depth, and the line break
 * before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
 */
#include "codec/codec.h"
#include "mime/build.h"

#include "base/ascii.h"
#include "mime/ctype.h"
#include "mime/header.h"

#include <string.h>

enum frame_kind { FRAME_LEAF, FRAME_MULTIPART, FRAME_MESSAGE };
enum frame_state { IN_PREAMBLE, IN_PART, IN_EPILOGUE };

/* One open part. */
typedef struct frame {
    eml_part *part;
    const char *boundary; /* multiparts: trailing whitespace trimmed */
    size_t blen;
    uint32_t bhash; /* hash_bytes of the boundary */
    uint32_t hnext; /* next active multipart frame in the same bucket */
    size_t body_start;
    size_t epilogue_start;
    eml_part *first_child, *last_child;
    uint8_t kind;
    uint8_t state;
    bool saturated; /* part limit reached: further delimiters are content */
} frame;

typedef struct builder {
    eml_message *m;
    const char *buf;
    size_t len;
    eml__scratch scratch;
    eml__buf stack;
    size_t nframes;
    size_t pos; /* where body scanning continues */
    size_t max_blen; /* longest boundary ever opened: longer lines never match */
    eml__buf buckets; /* active multipart frames by boundary hash, innermost first */
    uint32_t nbuckets;
    size_t max_depth, max_parts;
    bool limit_fails;
    int err;
    eml__buf queue; /* encoded message/rfc822 parts, built after the input */
    size_t nqueued;
    size_t decoded_budget; /* bytes such parts may still decode to */
} builder;

static frame *frames(builder *b)
{
    return b->stack.ptr;
}

static void part_defect(builder *b, eml_part *part, int code, size_t offset)
{
    if (eml__part_defect(part, code, offset) != EML_OK && !b->err)
        b->err = EML_ENOMEM;
}

static void limit_defect(builder *b, eml_part *part, int code, size_t offset)
{
    part_defect(b, part, code, offset);
    if (b->limit_fails && !b->err)
        b->err = EML_ELIMIT;
}

/* FNV-1a: with a hash per open boundary, a candidate line is compared
 * with each one by two integer tests, so deep nesting full of near-miss
 * lines stays cheap. */
static uint32_t hash_bytes(uint32_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

#define HASH_SEED 2166136261u

#define NO_FRAME UINT32_MAX

/*
 * The active boundaries (multiparts not yet closed) sit in a hash table
 * of stack indexes, chained through the frames. Frames open and close in
 * stack order, so a new frame always heads its chain and is always the
 * head when it leaves: chains list frames innermost first, and finding
 * the delimiter a line belongs to costs O(1) whatever the nesting depth.
 */
static uint32_t *bucket_heads(const builder *b)
{
    return b->buckets.ptr;
}

static int table_init(builder *b)
{
    size_t want = b->max_depth < 32768 ? (b->max_depth + 1) * 2 : 65536;
    uint32_t n = 64;
    while (n < want)
        n *= 2;
    if (eml__buf_reserve(b->scratch.allocator, &b->buckets, n * sizeof(uint32_t)) != EML_OK)
        return EML_ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        bucket_heads(b)[i] = NO_FRAME;
    b->nbuckets = n;
    return EML_OK;
}

static void table_insert(builder *b, size_t index)
{
    frame *f = &frames(b)[index];
    uint32_t *head = &bucket_heads(b)[f->bhash & (b->nbuckets - 1)];
    f->hnext = *head;
    *head = (uint32_t)index;
}

static void table_remove(builder *b, size_t index)
{
    frame *f = &frames(b)[index];
    uint32_t *head = &bucket_heads(b)[f->bhash & (b->nbuckets - 1)];
    if (*head == index)
        *head = f->hnext;
}

/* The innermost active frame whose boundary is tok[0..len) (hash h);
 * saturated frames are skipped when an open delimiter is sought. */
static uint32_t table_find(const builder *b, uint32_t h, const char *tok, size_t len, bool open)
{
    if (!b->nbuckets)
        return NO_FRAME;
    const frame *f = b->stack.ptr;
    for (uint32_t i = bucket_heads(b)[h & (b->nbuckets - 1)]; i != NO_FRAME; i = f[i].hnext)
        if (f[i].bhash == h && f[i].blen == len && !(open && f[i].saturated) &&
            memcmp(tok, f[i].boundary, len) == 0)
            return i;
    return NO_FRAME;
}

/* Is [line, eol) ("--" at a line start) a delimiter of an open multipart?
 * Sets *which (stack index) and *close ("--boundary--"). Transport padding
 * (RFC 2046 section 5.1.1) and a CR before the LF are ignored. */
static bool match_delimiter(const builder *b, const char *line, const char *eol, size_t *which,
                            bool *close)
{
    const char *tok = line + 2;
    if ((size_t)(eol - tok) > b->max_blen + 2) {
        /* Only padding may follow the longest boundary's close mark. */
        const char *q = tok + b->max_blen + 2;
        while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < eol)
            return false;
    }
    const char *t = eol;
    while (t > tok && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
        t--;
    size_t tlen = (size_t)(t - tok);
    if (tlen > b->max_blen + 2 || !b->nbuckets)
        return false;
    size_t short_len = tlen >= 2 ? tlen - 2 : 0;
    uint32_t h_short = hash_bytes(HASH_SEED, tok, short_len);
    uint32_t h_full = hash_bytes(h_short, tok + short_len, tlen - short_len);
    bool dashes = tlen >= 2 && tok[tlen - 2] == '-' && tok[tlen - 1] == '-';
    uint32_t open = table_find(b, h_full, tok, tlen, true);
    uint32_t closing = dashes ? table_find(b, h_short, tok, short_len, false) : NO_FRAME;
    /* Both may match ("--b--" with boundaries "b--" and "b"): the
     * innermost wins. */
    if (open != NO_FRAME && (closing == NO_FRAME || open > closing)) {
        *which = open;
        *close = false;
        return true;
    }
    if (closing != NO_FRAME) {
        *which = closing;
        *close = true;
        return true;
    }
    return false;
}

/*
 * RFC 2046 section 5.1.1, note to implementors: "an exact match of the
 * entire candidate line is not required; it is sufficient that the
 * boundary appear in its entirety following the CRLF". Mailers do write
 * "--b some text" lines, and a delimiter missed there swallows the next
 * part. A line that is no exact delimiter is therefore one when a
 * boundary (or a boundary and "--") is followed by a space or tab and
 * then other text; the text is ignored (the caller records it as
 * DELIMITER_TRAILING_TEXT). The blank is required: "--bb" stays content
 * of boundary "b", so an open boundary that is a prefix of another one
 * cannot cut it. Only the first max_blen + 3 bytes are read, one hash
 * step and one table probe per byte.
 */
static bool match_with_text(const builder *b, const char *line, const char *eol, size_t *which,
                            bool *close, const char **text)
{
    const char *tok = line + 2;
    size_t n = (size_t)(eol - tok);
    if (n > b->max_blen + 3)
        n = b->max_blen + 3;
    uint32_t cur = HASH_SEED, prev1 = HASH_SEED, prev2 = HASH_SEED; /* tok[0..i), i-1, i-2 */
    uint32_t best = NO_FRAME;
    size_t best_end = 0;
    bool best_close = false;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (tok[i] == ' ' || tok[i] == '\t')) {
            uint32_t k = table_find(b, cur, tok, i, true);
            if (k != NO_FRAME && (best == NO_FRAME || k > best)) {
                best = k;
                best_close = false;
                best_end = i;
            }
            if (i >= 3 && tok[i - 1] == '-' && tok[i - 2] == '-') {
                k = table_find(b, prev2, tok, i - 2, false);
                if (k != NO_FRAME && (best == NO_FRAME || k > best)) {
                    best = k;
                    best_close = true;
                    best_end = i;
                }
            }
        }
        prev2 = prev1;
        prev1 = cur;
        cur = hash_bytes(cur, tok + i, 1);
    }
    if (best == NO_FRAME)
        return false;
    const char *q = tok + best_end;
    while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
        q++;
    if (q == eol)
        return false; /* only padding: the exact match would have found it */
    *which = best;
    *close = best_close;
    *text = q;
    return true;
}

/* A delimiter line, exact or followed by text (*text, else NULL). */
static bool find_delimiter(const builder *b, const char *line, const char *eol, size_t *which,
                           bool *close, const char **text)
{
    *text = NULL;
    if (match_delimiter(b, line, eol, which, close))
        return true;
    return b->nbuckets && match_with_text(b, line, eol, which, close, text);
}

static bool header_stop(void *user, const char *line, const char *eol)
{
    size_t which;
    bool close;
    const char *text;
    return find_delimiter(user, line, eol, &which, &close, &text);
}

static int push_frame(builder *b, const frame *f)
{
    if (b->nframes > SIZE_MAX / sizeof(frame) - 1)
        return EML_ENOMEM;
    if (eml__buf_reserve(b->scratch.allocator, &b->stack, (b->nframes + 1) * sizeof(frame)) !=
        EML_OK)
        return EML_ENOMEM;
    frames(b)[b->nframes++] = *f;
    if (f->kind == FRAME_MULTIPART) {
        if (!b->nbuckets && table_init(b) != EML_OK)
            return EML_ENOMEM;
        table_insert(b, b->nframes - 1);
    }
    return EML_OK;
}

/* Closes and pops the innermost frame. */
static void close_frame(builder *b, frame *f, size_t cut, bool by_outer);
static void pop_frame(builder *b, size_t cut, bool by_outer)
{
    size_t i = b->nframes - 1;
    frame *f = &frames(b)[i];
    if (f->kind == FRAME_MULTIPART && f->state != IN_EPILOGUE)
        table_remove(b, i);
    close_frame(b, f, cut, by_outer);
    b->nframes--;
}

/* First field named name (ASCII case-insensitive), counting others. */
static const eml__field *find_field(const eml_part *part, const char *name, size_t len,
                                    size_t *count)
{
    const eml__field *first = NULL;
    *count = 0;
    for (size_t i = 0; i < part->nfields; i++) {
        const eml__field *f = &part->fields[i];
        if (f->name_len == len && eml__ascii_ieq(part->base + f->offset, name, len)) {
            if (!first)
                first = f;
            (*count)++;
        }
    }
    return first;
}

static const char *field_value(const eml_part *part, const eml__field *f)
{
    return part->base + f->offset + f->value_off;
}

/* RFC 2046 section 5.1.1: 1 to 70 bchars, not ending with a space. */
static bool boundary_valid(const char *s, size_t n)
{
    if (n == 0 || n > 70 || s[n - 1] == ' ')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  strchr("'()+_,-./:=? ", c) != NULL;
        if (!ok || c == '\0')
            return false;
    }
    return true;
}

static bool is_identity(eml_encoding e)
{
    return e == EML_ENCODING_7BIT || e == EML_ENCODING_8BIT || e == EML_ENCODING_BINARY;
}

/* Reads the MIME fields of a freshly tokenized part. */
static int describe_part(builder *b, eml_part *part, bool in_digest, eml_slice *boundary)
{
    size_t count;
    const eml__field *ct = find_field(part, "Content-Type", 12, &count);
    if (count > 1) {
        /* The first one counts, as in most readers. */
        size_t seen = 0;
        for (size_t i = 0; i < part->nfields; i++) {
            const eml__field *f = &part->fields[i];
            if (f->name_len == 12 && eml__ascii_ieq(b->buf + f->offset, "Content-Type", 12) &&
                seen++ == 1)
                part_defect(b, part, EML_DEFECT_DUPLICATE_CONTENT_TYPE, f->offset);
        }
    }
    int rc = eml__content_type_parse(part, &b->scratch, ct ? field_value(part, ct) : NULL,
                                     ct ? ct->value_len : 0,
                                     ct ? ct->offset + ct->value_off : 0, in_digest, boundary);
    if (rc != EML_OK)
        return rc;
    const eml__field *cd = find_field(part, "Content-Disposition", 19, &count);
    if (cd) {
        rc = eml__disposition_parse(part, &b->scratch, field_value(part, cd), cd->value_len,
                                    cd->offset + cd->value_off);
        if (rc != EML_OK)
            return rc;
    }
    const eml__field *te = find_field(part, "Content-Transfer-Encoding", 25, &count);
    rc = eml__encoding_parse(part, te ? field_value(part, te) : NULL, te ? te->value_len : 0,
                             te ? te->offset + te->value_off : 0);
    if (rc != EML_OK)
        return rc;
    eml__filename_pick(part);
    return EML_OK;
}

/*
 * RFC 5322 section 3.6 (the table of field counts): Date, From, Sender,
 * Reply-To, To, Cc, Bcc, Message-ID, In-Reply-To, References and Subject
 * appear at most once in a message header. A second From is how a forged
 * sender hides behind the real one, so every field after the first of a
 * name gets a defect at its offset; the first is the one that counts
 * wherever a single value is chosen, and all stay in the field list.
 */
static void check_singletons(builder *b, eml_part *part)
{
    static const struct {
        const char *name;
        size_t len;
    } once[] = {
        { "Date", 4 },        { "From", 4 },         { "Sender", 6 },
        { "Reply-To", 8 },    { "To", 2 },           { "Cc", 2 },
        { "Bcc", 3 },         { "Message-ID", 10 },  { "In-Reply-To", 11 },
        { "References", 10 }, { "Subject", 7 },
    };
    unsigned seen = 0; /* bit i: once[i] met */
    for (size_t i = 0; i < part->nfields; i++) {
        const eml__field *f = &part->fields[i];
        const char *name = part->base + f->offset;
        for (unsigned k = 0; k < sizeof once / sizeof once[0]; k++) {
            if (f->name_len != once[k].len || !eml__ascii_ieq(name, once[k].name, once[k].len))
                continue;
            if (seen & (1u << k))
                part_defect(b, part, EML_DEFECT_DUPLICATE_SINGLETON_FIELD, f->offset);
            seen |= 1u << k;
            break;
        }
    }
}

static bool type_is(const eml_part *part, const char *lit, size_t n)
{
    return part->type_len == n && memcmp(part->content_type, lit, n) == 0;
}

static bool content_type_is(const eml_part *part, const char *lit, size_t n)
{
    return part->content_type_len == n && memcmp(part->content_type, lit, n) == 0;
}

/* Preamble and epilogue live in a record only multiparts that have one
 * get. */
static eml__multipart *multipart_record(builder *b, eml_part *part)
{
    if (!part->multipart) {
        part->multipart = eml__arena_alloc(&b->m->arena, sizeof *part->multipart);
        if (!part->multipart) {
            if (!b->err)
                b->err = EML_ENOMEM;
            return NULL;
        }
        memset(part->multipart, 0, sizeof *part->multipart);
    }
    return part->multipart;
}

static eml_part **queued(const builder *b)
{
    return b->queue.ptr;
}

static int enqueue(builder *b, eml_part *part)
{
    if (b->nqueued > SIZE_MAX / sizeof part - 1)
        return EML_ENOMEM;
    if (eml__buf_reserve(b->scratch.allocator, &b->queue, (b->nqueued + 1) * sizeof part) !=
        EML_OK)
        return EML_ENOMEM;
    queued(b)[b->nqueued++] = part;
    return EML_OK;
}

/*
 * Opens the part whose header starts at start: tokenizes its header,
 * reads its MIME fields and pushes it. A message/rfc822 part pushes its
 * embedded message's root too, and so on (a loop, not recursion).
 */
static int open_part(builder *b, size_t start, eml_part *parent, bool in_digest, bool embedded)
{
    eml__arena *arena = &b->m->arena;
    for (;;) {
        /* One block for the part and its state: one allocation, and the
         * state sits next to the record that points to it. */
        struct part_block {
            eml_part part;
            eml__part_state state;
        } *block = eml__arena_alloc(arena, sizeof *block);
        if (!block)
            return EML_ENOMEM;
        memset(block, 0, sizeof *block);
        eml_part *part = &block->part;
        part->state = &block->state;
        part->state->defects.max = (uint32_t)b->m->options[EML_OPT_MAX_DEFECTS];
        part->message = b->m;
        part->base = b->buf;
        part->parent = parent;
        part->depth = parent ? parent->depth + 1 : 0;
        part->offset = start;
        b->m->nparts++;
        if (!parent) {
            b->m->root = part;
        } else if (embedded) {
            parent->embedded = part;
        } else {
            frame *pf = &frames(b)[b->nframes - 1];
            if (pf->last_child)
                pf->last_child->next = part;
            else
                pf->first_child = part;
            pf->last_child = part;
            parent->nchildren++;
        }

        eml__header_ctx hctx = {
            arena, &b->scratch, &part->state->defects,
            (size_t)b->m->options[EML_OPT_MAX_FIELDS],
            (size_t)b->m->options[EML_OPT_MAX_HEADER_BYTES],
            header_stop, b,
        };
        eml__header h;
        int rc = eml__header_parse(&hctx, b->buf, start, b->len, &h);
        if (rc != EML_OK)
            return rc;
        part->fields = h.fields;
        part->nfields = h.nfields;
        part->header_len = h.end - start;
        part->body_off = h.body;
        part->body_len = 0;
        if (h.limit && b->limit_fails)
            return EML_ELIMIT;

        eml_slice boundary;
        rc = describe_part(b, part, in_digest, &boundary);
        if (rc != EML_OK)
            return rc;
        if (!parent || embedded)
            check_singletons(b, part);

        frame f;
        memset(&f, 0, sizeof f);
        f.part = part;
        f.kind = FRAME_LEAF;
        f.body_start = h.body;
        b->pos = h.body;

        bool multipart = type_is(part, "multipart", 9);
        bool message = content_type_is(part, "message/rfc822", 14) ||
                       content_type_is(part, "message/global", 14);
        if (h.limit || (!multipart && !message))
            return push_frame(b, &f);

        if (part->depth + 1 > b->max_depth) {
            limit_defect(b, part, EML_DEFECT_DEPTH_LIMIT, h.body);
            return b->err ? b->err : push_frame(b, &f);
        }
        if (multipart) {
            const char *bs = boundary.ptr;
            size_t bl = boundary.len;
            while (bl && (bs[bl - 1] == ' ' || bs[bl - 1] == '\t'))
                bl--;
            if (!bs) {
                part_defect(b, part, EML_DEFECT_MULTIPART_NO_BOUNDARY, part->offset);
                return b->err ? b->err : push_frame(b, &f);
            }
            if (!boundary_valid(boundary.ptr, boundary.len))
                part_defect(b, part, EML_DEFECT_INVALID_BOUNDARY, part->offset);
            if (!is_identity(part->encoding))
                part_defect(b, part, EML_DEFECT_COMPOSITE_ENCODING, part->offset);
            f.kind = FRAME_MULTIPART;
            f.state = IN_PREAMBLE;
            f.boundary = bs;
            f.blen = bl;
            f.bhash = hash_bytes(HASH_SEED, bs, bl);
            if (bl > b->max_blen)
                b->max_blen = bl;
            return b->err ? b->err : push_frame(b, &f);
        }
        /* message/rfc822, message/global: RFC 2046 section 5.2.1 allows only
         * 7bit, 8bit and binary. Mailers still send base64 and
         * quoted-printable: such a part is a leaf for now, queued to be
         * decoded and its message built once this buffer is done. Other
         * encodings keep it a leaf. */
        if (!is_identity(part->encoding)) {
            part_defect(b, part, EML_DEFECT_COMPOSITE_ENCODING, part->offset);
            if (!b->err && (part->encoding == EML_ENCODING_BASE64 ||
                            part->encoding == EML_ENCODING_QUOTED_PRINTABLE))
                rc = enqueue(b, part);
            if (rc != EML_OK)
                return rc;
            return b->err ? b->err : push_frame(b, &f);
        }
        if (b->m->nparts >= b->max_parts) {
            limit_defect(b, part, EML_DEFECT_PART_LIMIT, h.body);
            return b->err ? b->err : push_frame(b, &f);
        }
        f.kind = FRAME_MESSAGE;
        rc = push_frame(b, &f);
        if (rc != EML_OK)
            return rc;
        parent = part;
        start = h.body;
        embedded = true;
        in_digest = false;
    }
}

/* Fills a multipart's O(1)-indexable child array from its sibling list. */
static int finish_children(builder *b, const frame *f)
{
    eml_part *part = f->part;
    if (!part->nchildren)
        return EML_OK;
    eml_part **c = eml__arena_alloc(&b->m->arena, part->nchildren * sizeof *c);
    if (!c)
        return EML_ENOMEM;
    size_t i = 0;
    for (eml_part *p = f->first_child; p && i < part->nchildren; p = p->next)
        c[i++] = p;
    part->children = c;
    return EML_OK;
}

/* Ends the part of frame f at cut (exclusive). by_outer: an enclosing
 * delimiter ended it, not the end of the input. */
static void close_frame(builder *b, frame *f, size_t cut, bool by_outer)
{
    eml_part *part = f->part;
    if (cut < part->offset)
        cut = part->offset;
    size_t header_end = part->offset + part->header_len;
    if (cut < header_end)
        part->header_len = cut - part->offset;
    if (cut >= f->body_start) {
        part->body_off = f->body_start;
        part->body_len = cut - f->body_start;
    }
    if (f->kind != FRAME_MULTIPART)
        return;
    switch (f->state) {
    case IN_PREAMBLE:
        /* No delimiter at all: the multipart is kept as a leaf. */
        part_defect(b, part, EML_DEFECT_MULTIPART_NO_DELIMITER, f->body_start);
        return;
    case IN_PART:
        part_defect(b, part,
                    by_outer ? EML_DEFECT_MULTIPART_CLOSED_BY_OUTER : EML_DEFECT_MULTIPART_NO_CLOSE,
                    cut);
        break;
    case IN_EPILOGUE:
        if (cut > f->epilogue_start) {
            eml__multipart *mp = multipart_record(b, part);
            if (mp) {
                mp->epilogue.ptr = b->buf + f->epilogue_start;
                mp->epilogue.len = cut - f->epilogue_start;
            }
        }
        break;
    }
    int rc = finish_children(b, f);
    if (rc != EML_OK && !b->err)
        b->err = rc;
}

/* The line break before a delimiter line belongs to the delimiter. */
static size_t cut_before(const builder *b, size_t line)
{
    if (line > 0 && b->buf[line - 1] == '\n') {
        line--;
        if (line > 0 && b->buf[line - 1] == '\r')
            line--;
    }
    return line;
}

/* Skips delimiter lines of frame k that follow each other directly:
 * they enclose no body part (RFC 2046's grammar needs a CRLF before each
 * delimiter; Python's email package skips them the same way). */
static size_t skip_repeated_delimiters(builder *b, size_t k, size_t next)
{
    const char *end = b->buf + b->len;
    while (next + 2 <= b->len && b->buf[next] == '-' && b->buf[next + 1] == '-') {
        const char *line = b->buf + next;
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t which;
        bool close;
        const char *text;
        if (!find_delimiter(b, line, nl ? nl : end, &which, &close, &text) || which != k || close)
            break;
        if (text)
            part_defect(b, frames(b)[k].part, EML_DEFECT_DELIMITER_TRAILING_TEXT,
                        (size_t)(text - b->buf));
        next = nl ? (size_t)(nl + 1 - b->buf) : b->len;
    }
    return next;
}

static int on_delimiter(builder *b, size_t k, bool close, size_t line, size_t next)
{
    size_t cut = cut_before(b, line);
    while (b->nframes > k + 1)
        pop_frame(b, cut, true);
    if (b->err)
        return b->err;
    frame *f = &frames(b)[k];
    eml_part *part = f->part;
    if (f->state == IN_PREAMBLE && line > f->body_start) {
        size_t end = cut > f->body_start ? cut : f->body_start;
        eml__multipart *mp = multipart_record(b, part);
        if (!mp)
            return b->err;
        mp->preamble.ptr = b->buf + f->body_start;
        mp->preamble.len = end - f->body_start;
    }
    if (close) {
        if (!part->nchildren)
            part_defect(b, part, EML_DEFECT_MULTIPART_EMPTY, line);
        table_remove(b, k);
        f->state = IN_EPILOGUE;
        f->epilogue_start = next;
        b->pos = next;
        return b->err;
    }
    f->state = IN_PART;
    next = skip_repeated_delimiters(b, k, next);
    bool digest = content_type_is(part, "multipart/digest", 16);
    int rc = open_part(b, next, part, digest, false);
    return rc ? rc : b->err;
}

static void builder_init(builder *b, eml_message *m)
{
    memset(b, 0, sizeof *b);
    b->m = m;
    b->buf = m->buf;
    b->len = m->len;
    b->scratch.allocator = &m->allocator;
    b->max_depth = (size_t)m->options[EML_OPT_MAX_DEPTH];
    b->max_parts = (size_t)m->options[EML_OPT_MAX_PARTS];
    b->limit_fails = m->options[EML_OPT_LIMIT_FAILS] != 0;
    b->decoded_budget = m->len > SIZE_MAX / 4 ? SIZE_MAX : m->len * 4;
}

static void builder_release(builder *b)
{
    eml__scratch_release(&b->scratch);
    eml__buf_release(b->scratch.allocator, &b->stack);
    eml__buf_release(b->scratch.allocator, &b->buckets);
    eml__buf_release(b->scratch.allocator, &b->queue);
}

/* Scans the body of the buffer being built from b->pos to its end and
 * closes every part still open there. */
static int scan(builder *b)
{
    int rc;
    const char *end = b->buf + b->len;
    while (b->pos < b->len) {
        /* Candidates need a line break before them; position 0 never holds
         * a delimiter because no multipart is open there. */
        size_t from = b->pos ? b->pos : 1;
        const char *c = from < b->len ? eml__find_dashdash_line(b->m->impl, b->buf + from, end)
                                      : end;
        if (c >= end)
            break;
        const char *nl = memchr(c, '\n', (size_t)(end - c));
        const char *eol = nl ? nl : end;
        size_t next = nl ? (size_t)(nl + 1 - b->buf) : b->len;
        size_t k;
        bool close;
        const char *text;
        if (!find_delimiter(b, c, eol, &k, &close, &text)) {
            b->pos = next;
            continue;
        }
        frame *f = &frames(b)[k];
        if (text)
            part_defect(b, f->part, EML_DEFECT_DELIMITER_TRAILING_TEXT, (size_t)(text - b->buf));
        if (!close && b->m->nparts >= b->max_parts) {
            /* No room for another part: this and later delimiters of the
             * multipart stay in the current part's body. */
            f->saturated = true;
            limit_defect(b, f->part, EML_DEFECT_PART_LIMIT, (size_t)(c - b->buf));
            if (b->err)
                return b->err;
            b->pos = next;
            continue;
        }
        rc = on_delimiter(b, k, close, (size_t)(c - b->buf), next);
        if (rc != EML_OK)
            return rc;
    }
    /* The end of the input cuts the parts inside the innermost unclosed
     * multipart's current body part as if the missing delimiter followed:
     * the last line break belongs to that delimiter and goes from every
     * part ending there, leaves and embedded messages alike (Python's
     * email package reads it the same way). A part outside any unclosed
     * multipart (the top-level message, an embedded message read to the
     * end) keeps it. */
    size_t open_mp = SIZE_MAX;
    for (size_t i = b->nframes; i-- > 0;) {
        const frame *f = &frames(b)[i];
        if (f->kind == FRAME_MULTIPART && f->state == IN_PART) {
            open_mp = i;
            break;
        }
    }
    while (b->nframes) {
        size_t i = b->nframes - 1;
        frame *f = &frames(b)[i];
        size_t cut = b->len;
        if (open_mp != SIZE_MAX && i > open_mp && f->body_start < b->len)
            cut = cut_before(b, b->len);
        pop_frame(b, cut, false);
    }
    return b->err;
}

/*
 * Decodes the body of an encoded message/rfc822 part into the message's
 * arena (its cached decoded body from then on) and builds the embedded
 * message from those bytes: its parts' offsets and defects count from
 * the decoded buffer (their base). Codec defects go to the part itself,
 * at offsets in the input. The depth and part limits keep applying.
 */
static int build_encoded(builder *b, eml_part *part)
{
    eml_slice body = eml__part_body(part);
    size_t max = part->encoding == EML_ENCODING_BASE64 ? eml_base64_decoded_size_max(body.len)
                                                        : eml_qp_decoded_size_max(body.len);
    if (max == SIZE_MAX || (uint64_t)max > (uint64_t)b->m->options[EML_OPT_MAX_DECODED_BYTES])
        return EML_OK; /* stays a leaf; decoding it on demand reports the limit */
    /* Quoted-printable barely shrinks: without a budget, nested levels
     * would each cost about the input's size again. */
    if (max > b->decoded_budget) {
        limit_defect(b, part, EML_DEFECT_DECODED_MESSAGE_LIMIT, part->body_off);
        return b->err;
    }
    unsigned char *dst = eml__arena_alloc(&b->m->arena, max + 1);
    if (!dst)
        return EML_ENOMEM;
    eml__codec_report report;
    report.count = 0;
    size_t n = part->encoding == EML_ENCODING_BASE64
                   ? eml__base64_decode(b->m->impl, body.ptr, body.len, dst, &report)
                   : eml__qp_decode(b->m->impl, body.ptr, body.len, dst, &report);
    dst[n] = '\0';
    for (size_t i = 0; i < report.count && i < EML__CODEC_REPORT_MAX; i++)
        part_defect(b, part, report.items[i].code, part->body_off + report.items[i].offset);
    b->decoded_budget -= n;
    part->state->decoded.ptr = (const char *)dst;
    part->state->decoded.len = n;
    part->state->decoded_done = true;
    part->state->decode_reported = true;
    if (b->err)
        return b->err;
    if (b->m->nparts >= b->max_parts) {
        limit_defect(b, part, EML_DEFECT_PART_LIMIT, part->body_off);
        return b->err;
    }
    b->buf = (const char *)dst;
    b->len = n;
    b->pos = 0;
    b->nframes = 0;
    b->max_blen = 0;
    for (uint32_t i = 0; i < b->nbuckets; i++)
        bucket_heads(b)[i] = NO_FRAME;
    int rc = open_part(b, 0, part, false, true);
    if (rc != EML_OK)
        return rc;
    return scan(b);
}

/* The input, then each decoded embedded message in the order found (a
 * queue, so that nesting costs no C stack). */
static int build(builder *b)
{
    int rc = open_part(b, 0, NULL, false, false);
    if (rc == EML_OK)
        rc = scan(b);
    for (size_t i = 0; rc == EML_OK && i < b->nqueued; i++)
        rc = build_encoded(b, queued(b)[i]);
    return rc;
}

/* First storage for the scratch vectors, on the C stack of one parse:
 * enough for the headers, parameters and nesting of ordinary mail, so
 * that parsing it takes no heap memory beyond the tree (a header of up to
 * 85 fields, 8 open parts, the boundary table of the default depth). */
typedef struct scratch_storage {
    _Alignas(16) unsigned char fields[85 * sizeof(eml__field)];
    _Alignas(16) unsigned char params[512];
    _Alignas(16) unsigned char bytes[512];
    _Alignas(16) unsigned char order[256];
    _Alignas(16) unsigned char stack[8 * sizeof(frame)];
    _Alignas(16) unsigned char buckets[256 * sizeof(uint32_t)];
} scratch_storage;

static void builder_lend(builder *b, scratch_storage *st)
{
    eml__buf_lend(&b->scratch.fields, st->fields, sizeof st->fields);
    eml__buf_lend(&b->scratch.params, st->params, sizeof st->params);
    eml__buf_lend(&b->scratch.bytes, st->bytes, sizeof st->bytes);
    eml__buf_lend(&b->scratch.order, st->order, sizeof st->order);
    eml__buf_lend(&b->stack, st->stack, sizeof st->stack);
    eml__buf_lend(&b->buckets, st->buckets, sizeof st->buckets);
}

int eml__mime_build(eml_message *m)
{
    builder b;
    scratch_storage storage;
    builder_init(&b, m);
    builder_lend(&b, &storage);
    int rc = build(&b);
    builder_release(&b);
    return rc;
}
