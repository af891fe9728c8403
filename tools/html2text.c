/*
 * A small HTML to plain text renderer for reading mail: not a browser.
 * It never fetches anything, never runs anything, and emits no control
 * characters but '\n', so hostile markup can neither reach out nor drive
 * the terminal. Markup it does not understand is dropped.
 */
#include "html2text.h"
#include "buf.h"
#include "xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct html_state {
    tbuf *out;
    size_t base;        /* where this rendering started in out */
    int space;          /* whitespace seen since the last text */
    int breaks;         /* line breaks wanted before the next text: 0-2 */
    int pre;            /* inside <pre>: whitespace is kept */
    char *href;         /* the open link's target */
    size_t link_start;  /* where its text starts in out */
} html_state;

/* ---- output ------------------------------------------------------------ */

/* The line feeds that end the output so far, counted up to max only: a
 * <pre> can leave any number of them, and counting them all before each
 * piece of text made such input quadratic. */
static size_t trailing_newlines(const html_state *st, size_t max)
{
    size_t n = 0, i = st->out->len;
    while (n < max && i > st->base && st->out->ptr[i - 1] == '\n') {
        n++;
        i--;
    }
    return n;
}

static void want_breaks(html_state *st, int n)
{
    if (st->breaks < n)
        st->breaks = n;
}

/* Writes pending breaks or a pending space before a piece of text. */
static void flush_pending(html_state *st)
{
    int at_start = st->out->len == st->base;
    if (st->breaks && !at_start) {
        size_t have = trailing_newlines(st, (size_t)st->breaks);
        for (size_t i = have; i < (size_t)st->breaks; i++)
            tbuf_putc(st->out, '\n');
    } else if (st->space && !at_start && st->out->ptr[st->out->len - 1] != '\n') {
        tbuf_putc(st->out, ' ');
    }
    st->breaks = 0;
    st->space = 0;
}

static int is_html_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* One character of text content. */
static void put_char(html_state *st, uint32_t cp)
{
    if (st->pre && cp == '\r')
        return;
    if (st->pre && (cp == '\n' || cp == '\t' || cp == ' ')) {
        flush_pending(st);
        tbuf_putc(st->out, (char)cp);
        return;
    }
    if (is_html_space(cp)) {
        st->space = 1;
        return;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD)
        return; /* controls and soft hyphens: nothing to show */
    flush_pending(st);
    tbuf_put_utf8(st->out, cp == 0xA0 ? ' ' : cp);
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
 * read them. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

/* Decodes the reference at s[0] == '&'. Returns the bytes consumed, or 0
 * when it is not a reference (the '&' is then literal). */
static size_t char_reference(const char *s, size_t n, uint32_t *cp)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        i++;
        int hex = i < n && (s[i] == 'x' || s[i] == 'X');
        i += (size_t)hex;
        size_t digits = 0;
        uint32_t v = 0;
        for (; i < n && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])); i++) {
            unsigned d = isdigit((unsigned char)s[i]) ? (unsigned)(s[i] - '0')
                                                      : (unsigned)(tolower((unsigned char)s[i]) - 'a' + 10);
            if (v <= 0x10FFFF)
                v = v * (hex ? 16 : 10) + d;
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
    size_t name = 0;
    while (i + name < n && name < 10 && isalnum((unsigned char)s[i + name]))
        name++;
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        if (strlen(entities[k].name) == name && memcmp(entities[k].name, s + i, name) == 0) {
            *cp = entities[k].cp;
            i += name;
            if (i < n && s[i] == ';')
                i++;
            return i;
        }
    }
    return 0;
}

/* ---- tags --------------------------------------------------------------- */

typedef struct tag {
    char name[16];
    int closing;
    int self_closing;
    const char *attrs; /* the bytes between the name and '>' */
    size_t attrs_len;
} tag;

static int name_is(const tag *t, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(t->name, *list) == 0)
            return 1;
    return 0;
}

/* Finds attribute attr in a tag's attribute text; its value in *v. */
static int attribute(const tag *t, const char *attr, const char **v, size_t *vlen)
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
        if (p < end && *p == '=') {
            p++;
            while (p < end && is_html_space((unsigned char)*p))
                p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                char q = *p++;
                val = p;
                while (p < end && *p != q)
                    p++;
                len = (size_t)(p - val);
                if (p < end)
                    p++;
            } else {
                val = p;
                while (p < end && !is_html_space((unsigned char)*p))
                    p++;
                len = (size_t)(p - val);
            }
        }
        if (nlen == alen && strncasecmp(name, attr, alen) == 0) {
            *v = val;
            *vlen = len;
            return 1;
        }
        if (nlen == 0 && p < end)
            p++;
    }
    return 0;
}

/* Parses a tag at s[0] == '<'. Returns its length, or 0 when the '<'
 * does not open a tag. */
static size_t parse_tag(const char *s, size_t n, tag *t)
{
    size_t i = 1;
    t->closing = i < n && s[i] == '/';
    i += (size_t)t->closing;
    size_t k = 0;
    if (i >= n || !isalpha((unsigned char)s[i]))
        return 0;
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == ':')) {
        if (k + 1 < sizeof t->name)
            t->name[k++] = (char)tolower((unsigned char)s[i]);
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

/* Skips the content of a raw-text element up to its end tag. */
static size_t skip_element(const char *s, size_t n, size_t at, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = at; i + 2 + len <= n; i++) {
        if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, len) == 0) {
            const char *gt = memchr(s + i, '>', n - i);
            return gt ? (size_t)(gt - s) + 1 : n;
        }
    }
    return n;
}

static void put_ascii(html_state *st, const char *s)
{
    for (; *s; s++)
        put_char(st, (unsigned char)*s);
}

/* Text taken from an attribute, character by character as content is;
 * bytes that are not UTF-8 become U+FFFD. */
static void put_utf8(html_state *st, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        put_char(st, k ? cp : 0xFFFD);
        i += k ? k : 1;
    }
}

/* Appends " <target>" after a link whose text is not already its target. */
static void close_link(html_state *st)
{
    if (!st->href)
        return;
    const char *target = st->href;
    if (strncasecmp(target, "mailto:", 7) == 0)
        target += 7;
    size_t tlen = strlen(target);
    const char *text = st->out->ptr ? st->out->ptr + st->link_start : "";
    size_t text_len = st->out->len - st->link_start;
    int web = strncasecmp(st->href, "http:", 5) == 0 || strncasecmp(st->href, "https:", 6) == 0 ||
              strncasecmp(st->href, "mailto:", 7) == 0;
    if (web && tlen && !(text_len == tlen && memcmp(text, target, tlen) == 0)) {
        put_char(st, ' ');
        put_char(st, '<');
        put_utf8(st, target, tlen);
        put_char(st, '>');
    }
    free(st->href);
    st->href = NULL;
}

static void open_link(html_state *st, const tag *t)
{
    const char *v;
    size_t vlen;
    close_link(st);
    if (!attribute(t, "href", &v, &vlen))
        return;
    /* Entities in the target (&amp; in query strings) are decoded. */
    tbuf target;
    tbuf_init(&target);
    for (size_t i = 0; i < vlen;) {
        uint32_t cp;
        size_t k = v[i] == '&' ? char_reference(v + i, vlen - i, &cp) : 0;
        if (k) {
            tbuf_put_utf8(&target, cp);
            i += k;
        } else {
            if (!is_html_space((unsigned char)v[i]))
                tbuf_putc(&target, v[i]);
            i++;
        }
    }
    st->href = target.ptr ? target.ptr : xstrdup("");
    flush_pending(st);
    st->link_start = st->out->len;
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
        tbuf_putc(st->out, '\n');
        return;
    }
    if (strcmp(t->name, "a") == 0) {
        if (t->closing)
            close_link(st);
        else
            open_link(st, t);
        return;
    }
    if (strcmp(t->name, "pre") == 0)
        st->pre = !t->closing;
    if (name_is(t, paragraph)) {
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
        const char *v;
        size_t vlen;
        if (attribute(t, "alt", &v, &vlen) && vlen) {
            st->space = 1;
            put_char(st, '[');
            put_utf8(st, v, vlen);
            put_char(st, ']');
            st->space = 1;
        }
    }
}

void html_to_text(const char *html, size_t len, tbuf *out)
{
    static const char *const raw_text[] = {"script", "style", "head", "title", "template",
                                           "noscript", "textarea", "xml", NULL};
    html_state st = {out, out->len, 0, 0, 0, NULL, 0};
    size_t i = 0;
    while (i < len) {
        char c = html[i];
        if (c == '<') {
            if (len - i >= 4 && memcmp(html + i, "<!--", 4) == 0) {
                const char *end = memmem(html + i + 4, len - i - 4, "-->", 3);
                i = end ? (size_t)(end - html) + 3 : len;
                continue;
            }
            if (len - i >= 2 && (html[i + 1] == '!' || html[i + 1] == '?')) {
                const char *gt = memchr(html + i, '>', len - i);
                i = gt ? (size_t)(gt - html) + 1 : len;
                continue;
            }
            tag t;
            size_t k = parse_tag(html + i, len - i, &t);
            if (k) {
                i += k;
                if (!t.closing && !t.self_closing && name_is(&t, raw_text))
                    i = skip_element(html, len, i, t.name);
                else
                    handle_tag(&st, &t);
                continue;
            }
        }
        uint32_t cp;
        size_t k = c == '&' ? char_reference(html + i, len - i, &cp) : 0;
        if (!k) {
            k = utf8_decode((const unsigned char *)html + i, len - i, &cp);
            if (!k) {
                cp = 0xFFFD;
                k = 1;
            }
        }
        put_char(&st, cp);
        i += k;
    }
    close_link(&st);
    if (out->len > st.base && out->ptr[out->len - 1] != '\n')
        tbuf_putc(out, '\n');
}
