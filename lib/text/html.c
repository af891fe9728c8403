/*
 * A small HTML to plain text renderer for reading mail: not a browser.
 * It never fetches anything, never runs anything, and emits no control
 * characters but '\n' (and '\t' inside <pre>), so hostile markup can
 * neither reach out nor drive a terminal. Markup it does not understand
 * is dropped.
 *
 * One pass over the input, writing into the caller's buffer: each input
 * byte is looked at a bounded number of times (a tag's bytes by the tag
 * parser and once more by the attribute reader; a raw-text element's
 * content by the search for its end tag, which resumes past it), so the
 * time is linear. Output never exceeds 3 bytes per input byte plus one:
 * an invalid byte becomes U+FFFD (3 bytes), every other construct writes
 * no more than that per byte it consumed (see eml_html_to_text_size_max).
 */
#include "text/html.h"

#include <string.h>

typedef struct html_state {
    char *dst;
    size_t cap;
    size_t len;
    bool full;          /* the caller's buffer was too small */
    int space;          /* whitespace seen since the last text */
    int breaks;         /* line breaks wanted before the next text: 0-2 */
    bool pre;           /* inside <pre>: whitespace is kept */
    const char *href;   /* the open link's target, raw (in the input) */
    size_t href_len;
    bool link_open;
    size_t link_start;  /* where its text starts in dst */
    size_t *steps;
} html_state;

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool is_alpha(int c)
{
    return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_xdigit(int c)
{
    return is_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

static bool ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return false;
    return true;
}

static bool is_html_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* One UTF-8 sequence (RFC 3629): its length, or 0 when invalid. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- output ------------------------------------------------------------ */

static void emit(html_state *st, const char *p, size_t n)
{
    if (st->full || n > st->cap - st->len) {
        st->full = true;
        return;
    }
    memcpy(st->dst + st->len, p, n);
    st->len += n;
}

static void emit_byte(html_state *st, char c)
{
    emit(st, &c, 1);
}

static char last_byte(const html_state *st)
{
    return st->len ? st->dst[st->len - 1] : '\0';
}

/* Up to two trailing line breaks already written: a wanted break that
 * is already there is not written again. Counting stops at two so that
 * a long run of newlines is never rescanned. */
static int trailing_newlines(const html_state *st)
{
    int n = 0;
    while (n < 2 && (size_t)n < st->len && st->dst[st->len - 1 - (size_t)n] == '\n')
        n++;
    return n;
}

/* Writes pending breaks or a pending space before a piece of text. */
static void flush_pending(html_state *st)
{
    if (st->breaks && st->len) {
        for (int i = trailing_newlines(st); i < st->breaks; i++)
            emit_byte(st, '\n');
    } else if (st->space && st->len && last_byte(st) != '\n') {
        emit_byte(st, ' ');
    }
    st->breaks = 0;
    st->space = 0;
}

static void want_breaks(html_state *st, int n)
{
    if (st->breaks < n)
        st->breaks = n;
}

/* One character of text content. */
static void put_char(html_state *st, uint32_t cp)
{
    if (st->pre && cp == '\r')
        return;
    if (st->pre && (cp == '\n' || cp == '\t' || cp == ' ')) {
        flush_pending(st);
        emit_byte(st, (char)cp);
        return;
    }
    if (is_html_space(cp)) {
        st->space = 1;
        return;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD)
        return; /* controls and soft hyphens: nothing to show */
    flush_pending(st);
    char u[4];
    emit(st, u, utf8_encode(cp == 0xA0 ? ' ' : cp, u));
}

static void put_ascii(html_state *st, const char *s)
{
    for (; *s; s++)
        put_char(st, (unsigned char)*s);
}

/* ---- character references (HTML Living Standard, 13.2.5.72) ------------- */

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},
    {"apos", '\''},    {"nbsp", 0xA0},     {"copy", 0xA9},    {"reg", 0xAE},
    {"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013},
    {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"sbquo", 0x201A}, {"bdquo", 0x201E},  {"bull", 0x2022},  {"middot", 0xB7},
    {"laquo", 0xAB},   {"raquo", 0xBB},    {"euro", 0x20AC},  {"pound", 0xA3},
    {"yen", 0xA5},     {"cent", 0xA2},     {"sect", 0xA7},    {"para", 0xB6},
    {"deg", 0xB0},     {"plusmn", 0xB1},   {"times", 0xD7},   {"divide", 0xF7},
    {"frac12", 0xBD},  {"frac14", 0xBC},   {"frac34", 0xBE},  {"shy", 0xAD},
    {"ensp", 0x2002},  {"emsp", 0x2003},   {"thinsp", 0x2009}, {"zwnj", 0x200C},
    {"zwj", 0x200D},   {"iexcl", 0xA1},    {"iquest", 0xBF},  {"uuml", 0xFC},
    {"ouml", 0xF6},    {"auml", 0xE4},     {"Uuml", 0xDC},    {"Ouml", 0xD6},
    {"Auml", 0xC4},    {"szlig", 0xDF},    {"eacute", 0xE9},  {"egrave", 0xE8},
    {"Eacute", 0xC9},  {"agrave", 0xE0},   {"aacute", 0xE1},  {"ccedil", 0xE7},
    {"ntilde", 0xF1},  {"oacute", 0xF3},   {"iacute", 0xED},  {"uacute", 0xFA},
};

/* Numeric references 0x80-0x9F name windows-1252 characters, as browsers
 * read them (HTML Living Standard, numeric character reference end state). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static unsigned digit_value(char c)
{
    return is_digit(c) ? (unsigned)(c - '0') : (unsigned)(lower((unsigned char)c) - 'a' + 10);
}

static size_t numeric_reference(const char *s, size_t n, uint32_t *cp)
{
    size_t i = 2;
    bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
    i += hex;
    size_t digits = 0;
    uint32_t v = 0;
    for (; i < n && (hex ? is_xdigit((unsigned char)s[i]) : is_digit(s[i])); i++) {
        if (v <= 0x10FFFF)
            v = v * (hex ? 16 : 10) + digit_value(s[i]);
        digits++;
    }
    if (!digits)
        return 0;
    if (i < n && s[i] == ';')
        i++;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        v = 0xFFFD;
    else if (v >= 0x80 && v <= 0x9F)
        v = cp1252_c1[v - 0x80];
    *cp = v;
    return i;
}

/* Decodes the reference at s[0] == '&'. Returns the bytes consumed, or 0
 * when it is not a reference (the '&' is then literal). Names are at
 * most 10 characters, so the table lookup is bounded. */
static size_t char_reference(const char *s, size_t n, uint32_t *cp)
{
    if (n > 1 && s[1] == '#')
        return numeric_reference(s, n, cp);
    size_t name = 0;
    while (1 + name < n && name < 10 &&
           (is_alpha((unsigned char)s[1 + name]) || is_digit(s[1 + name])))
        name++;
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        if (strlen(entities[k].name) == name && memcmp(entities[k].name, s + 1, name) == 0) {
            size_t i = 1 + name;
            *cp = entities[k].cp;
            return i < n && s[i] == ';' ? i + 1 : i;
        }
    }
    return 0;
}

/* ---- tags --------------------------------------------------------------- */

typedef struct tag {
    char name[16];
    bool closing;
    bool self_closing;
    const char *attrs; /* the bytes between the name and '>' */
    size_t attrs_len;
} tag;

static bool name_is(const tag *t, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(t->name, *list) == 0)
            return true;
    return false;
}

/* Reads one attribute value at p (after '='); returns where it ends. */
static const char *attribute_value(const char *p, const char *end, const char **v, size_t *vlen)
{
    while (p < end && is_html_space((unsigned char)*p))
        p++;
    if (p < end && (*p == '"' || *p == '\'')) {
        char q = *p++;
        const char *close = memchr(p, q, (size_t)(end - p));
        *v = p;
        *vlen = (size_t)((close ? close : end) - p);
        return close ? close + 1 : end;
    }
    *v = p;
    while (p < end && !is_html_space((unsigned char)*p))
        p++;
    *vlen = (size_t)(p - *v);
    return p;
}

/* Finds attribute attr in a tag's attribute text; its value in *v. */
static bool attribute(const tag *t, const char *attr, const char **v, size_t *vlen)
{
    const char *p = t->attrs, *end = t->attrs + t->attrs_len;
    size_t alen = strlen(attr);
    while (p < end) {
        while (p < end && (is_html_space((unsigned char)*p) || *p == '/'))
            p++;
        const char *name = p;
        while (p < end && *p != '=' && !is_html_space((unsigned char)*p) && *p != '/')
            p++;
        size_t nlen = (size_t)(p - name);
        while (p < end && is_html_space((unsigned char)*p))
            p++;
        const char *val = p;
        size_t len = 0;
        if (p < end && *p == '=')
            p = attribute_value(p + 1, end, &val, &len);
        if (nlen == alen && ieq(name, attr, alen)) {
            *v = val;
            *vlen = len;
            return true;
        }
        if (nlen == 0 && p < end)
            p++;
    }
    return false;
}

/* Parses a tag at s[0] == '<'. Returns its length, or 0 when the '<'
 * does not open a tag. */
static size_t parse_tag(const char *s, size_t n, tag *t)
{
    size_t i = 1;
    t->closing = i < n && s[i] == '/';
    i += t->closing;
    if (i >= n || !is_alpha((unsigned char)s[i]))
        return 0;
    size_t k = 0;
    while (i < n && (is_alpha((unsigned char)s[i]) || is_digit(s[i]) || s[i] == '-' ||
                     s[i] == ':')) {
        if (k + 1 < sizeof t->name)
            t->name[k++] = (char)lower((unsigned char)s[i]);
        i++;
    }
    t->name[k] = '\0';
    t->attrs = s + i;
    char quote = 0;
    for (; i < n; i++) {
        if (quote) {
            if (s[i] == quote)
                quote = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            quote = s[i];
        } else if (s[i] == '>') {
            break;
        }
    }
    t->attrs_len = (size_t)(s + i - t->attrs);
    t->self_closing = t->attrs_len && t->attrs[t->attrs_len - 1] == '/';
    return i < n ? i + 1 : n;
}

/* Skips the content of a raw-text element up to its end tag (or the end
 * of the input when it is never closed). */
static size_t skip_element(const char *s, size_t n, size_t at, const char *name, size_t *steps)
{
    size_t len = strlen(name);
    for (size_t i = at; i + 2 + len <= n; i++) {
        (*steps)++;
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (i + 2 + len <= n && s[i + 1] == '/' && ieq(s + i + 2, name, len)) {
            const char *gt = memchr(s + i, '>', n - i);
            return gt ? (size_t)(gt - s) + 1 : n;
        }
    }
    return n;
}

/* The next character of a link target: entities decoded (&amp; in query
 * strings), whitespace dropped, invalid bytes as U+FFFD. 0 at the end. */
static size_t target_next(const char *v, size_t n, size_t *i, uint32_t *cp)
{
    while (*i < n) {
        size_t k = v[*i] == '&' ? char_reference(v + *i, n - *i, cp) : 0;
        if (!k) {
            if (is_html_space((unsigned char)v[*i])) {
                (*i)++;
                continue;
            }
            k = utf8_next((const unsigned char *)v + *i, n - *i, cp);
            if (!k) {
                *cp = 0xFFFD;
                k = 1;
            }
        }
        *i += k;
        return k;
    }
    return 0;
}

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && ieq(s, prefix, k);
}

/* True when the link's text already is its target. */
static bool text_is_target(html_state *st, const char *v, size_t n, size_t from)
{
    const char *text = st->dst + st->link_start;
    size_t text_len = st->len - st->link_start, at = 0, i = from;
    uint32_t cp;
    while (target_next(v, n, &i, &cp)) {
        (*st->steps)++;
        char u[4];
        size_t k = utf8_encode(cp, u);
        if (k > text_len - at || memcmp(text + at, u, k) != 0)
            return false;
        at += k;
    }
    return at == text_len;
}

/* Appends " <target>" after a web or mail link whose text is not already
 * its target, so that the reader sees where it leads. */
static void close_link(html_state *st)
{
    if (!st->link_open)
        return;
    st->link_open = false;
    const char *v = st->href;
    size_t n = st->href_len, start = 0;
    while (start < n && is_html_space((unsigned char)v[start]))
        start++;
    bool mail = has_prefix(v + start, n - start, "mailto:");
    bool web = mail || has_prefix(v + start, n - start, "http:") ||
               has_prefix(v + start, n - start, "https:");
    if (mail)
        start += 7;
    uint32_t cp;
    size_t probe = start;
    if (!web || !target_next(v, n, &probe, &cp) || st->full || text_is_target(st, v, n, start))
        return;
    put_char(st, ' ');
    put_char(st, '<');
    for (size_t i = start; target_next(v, n, &i, &cp);)
        put_char(st, cp);
    put_char(st, '>');
}

static void open_link(html_state *st, const tag *t)
{
    const char *v;
    size_t vlen;
    close_link(st);
    if (!attribute(t, "href", &v, &vlen))
        return;
    st->href = v;
    st->href_len = vlen;
    st->link_open = true;
    flush_pending(st);
    st->link_start = st->len;
}

static void image(html_state *st, const tag *t)
{
    const char *v;
    size_t vlen;
    if (!attribute(t, "alt", &v, &vlen) || !vlen)
        return;
    st->space = 1;
    put_char(st, '[');
    for (size_t i = 0; i < vlen;) {
        uint32_t cp;
        size_t k = utf8_next((const unsigned char *)v + i, vlen - i, &cp);
        put_char(st, k ? cp : 0xFFFD);
        i += k ? k : 1;
    }
    put_char(st, ']');
    st->space = 1;
}

static void handle_tag(html_state *st, const tag *t)
{
    static const char *const paragraph[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
                                            "table", "blockquote", "dl", "pre", "hr", NULL};
    static const char *const line[] = {"div", "tr", "li", "dt", "dd", "section", "article",
                                       "header", "footer", "address", "form", "fieldset",
                                       "center", "caption", "figure", "nav", "main", "aside",
                                       "body", "html", NULL};
    static const char *const cell[] = {"td", "th", NULL};

    if (strcmp(t->name, "br") == 0) {
        flush_pending(st);
        emit_byte(st, '\n');
    } else if (strcmp(t->name, "a") == 0) {
        if (t->closing)
            close_link(st);
        else
            open_link(st, t);
    } else if (name_is(t, paragraph)) {
        if (strcmp(t->name, "pre") == 0)
            st->pre = !t->closing;
        want_breaks(st, 2);
        if (strcmp(t->name, "hr") == 0 && !t->closing) {
            put_ascii(st, "----");
            want_breaks(st, 2);
        }
    } else if (name_is(t, line)) {
        want_breaks(st, 1);
        if (strcmp(t->name, "li") == 0 && !t->closing)
            put_ascii(st, "* ");
    } else if (name_is(t, cell) && !t->closing) {
        st->space = 1;
    } else if (strcmp(t->name, "img") == 0) {
        image(st, t);
    }
}

/* Comments, doctypes and processing instructions at html[i] == '<':
 * the bytes they take, or 0. */
static size_t markup_declaration(const char *html, size_t len, size_t i)
{
    if (len - i >= 4 && memcmp(html + i, "<!--", 4) == 0) {
        const char *end = memmem(html + i + 4, len - i - 4, "-->", 3);
        return (end ? (size_t)(end - html) + 3 : len) - i;
    }
    if (len - i >= 2 && (html[i + 1] == '!' || html[i + 1] == '?')) {
        const char *gt = memchr(html + i, '>', len - i);
        return (gt ? (size_t)(gt - html) + 1 : len) - i;
    }
    return 0;
}

/* Elements whose content is not text to show (HTML Living Standard
 * 13.1.2: raw text and escapable raw text elements, plus the head). */
static const char *const raw_text[] = {"script", "style", "head", "title", "template",
                                       "noscript", "textarea", "xml", NULL};

/* One construct at html[i]: a tag, a declaration, a reference or a
 * character. Returns the bytes consumed (at least 1). */
static size_t step(html_state *st, const char *html, size_t len, size_t i)
{
    if (html[i] == '<') {
        size_t k = markup_declaration(html, len, i);
        if (k)
            return k;
        tag t;
        k = parse_tag(html + i, len - i, &t);
        if (k) {
            if (!t.closing && !t.self_closing && name_is(&t, raw_text))
                return skip_element(html, len, i + k, t.name, st->steps) - i;
            handle_tag(st, &t);
            return k;
        }
    }
    uint32_t cp;
    size_t k = html[i] == '&' ? char_reference(html + i, len - i, &cp) : 0;
    if (!k) {
        k = utf8_next((const unsigned char *)html + i, len - i, &cp);
        if (!k) {
            cp = 0xFFFD;
            k = 1;
        }
    }
    put_char(st, cp);
    return k;
}

int eml__html_render(const char *html, size_t len, char *dst, size_t cap, size_t *written,
                     eml__html_stats *stats)
{
    if (!written || (!html && len) || (!dst && cap))
        return EML_EINVAL;
    *written = 0;
    if (len == EML_NUL_TERMINATED)
        len = html ? strlen(html) : 0;
    size_t steps = 0;
    html_state st;
    memset(&st, 0, sizeof st);
    st.dst = dst;
    st.cap = cap;
    st.steps = &steps;
    for (size_t i = 0; i < len;) {
        steps++;
        i += step(&st, html, len, i);
    }
    close_link(&st);
    if (st.len && last_byte(&st) != '\n')
        emit_byte(&st, '\n');
    if (stats)
        stats->steps = steps;
    if (st.full)
        return EML_EBUFSIZE;
    *written = st.len;
    return EML_OK;
}

size_t eml_html_to_text_size_max(size_t html_len)
{
    if (html_len > (SIZE_MAX - 1) / 3)
        return SIZE_MAX;
    return 3 * html_len + 1;
}

eml_error eml_html_to_text(const char *html, size_t html_len, char *dst, size_t dst_size,
                           size_t *written)
{
    return (eml_error)eml__html_render(html, html_len, dst, dst_size, written, NULL);
}
