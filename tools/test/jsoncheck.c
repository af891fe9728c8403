/*
 * Validates JSON Lines on standard input: every line one JSON value per
 * RFC 8259 and valid UTF-8 (RFC 3629). Prints the number of lines; exits
 * 1 at the first invalid one. Used by tests/scripts/corpus.sh where
 * python3 is missing. Standalone on purpose: it shares no code with the
 * writer it checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cursor {
    const unsigned char *p;
    const unsigned char *end;
    int depth;
} cursor;

static int value(cursor *c);

static void skip_ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
        c->p++;
}

static int literal(cursor *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
        return 0;
    c->p += n;
    return 1;
}

/* One UTF-8 sequence of two to four bytes, strictly (no overlongs, no
 * surrogates, nothing past U+10FFFF). */
static int utf8_seq(cursor *c)
{
    unsigned char b = *c->p;
    int n;
    unsigned long v, min;
    if (b >= 0xC2 && b <= 0xDF) { n = 2; v = b & 0x1F; min = 0x80; }
    else if (b >= 0xE0 && b <= 0xEF) { n = 3; v = b & 0x0F; min = 0x800; }
    else if (b >= 0xF0 && b <= 0xF4) { n = 4; v = b & 0x07; min = 0x10000; }
    else return 0;
    if (c->end - c->p < n)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((c->p[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (c->p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    c->p += n;
    return 1;
}

static int string(cursor *c)
{
    if (c->p >= c->end || *c->p != '"')
        return 0;
    c->p++;
    while (c->p < c->end) {
        unsigned char b = *c->p;
        if (b == '"') {
            c->p++;
            return 1;
        }
        if (b < 0x20)
            return 0;
        if (b == '\\') {
            c->p++;
            if (c->p >= c->end)
                return 0;
            if (*c->p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (c->p + i >= c->end || !strchr("0123456789abcdefABCDEF", c->p[i]) || !c->p[i])
                        return 0;
                c->p += 5;
            } else if (strchr("\"\\/bfnrt", *c->p) && *c->p) {
                c->p++;
            } else {
                return 0;
            }
        } else if (b < 0x80) {
            c->p++;
        } else if (!utf8_seq(c)) {
            return 0;
        }
    }
    return 0;
}

static int digits(cursor *c)
{
    const unsigned char *s = c->p;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
        c->p++;
    return c->p > s;
}

static int number(cursor *c)
{
    if (c->p < c->end && *c->p == '-')
        c->p++;
    if (c->p < c->end && *c->p == '0')
        c->p++;
    else if (!digits(c))
        return 0;
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (!digits(c))
            return 0;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
            c->p++;
        if (!digits(c))
            return 0;
    }
    return 1;
}

static int container(cursor *c, char close, int object)
{
    if (++c->depth > 10000)
        return 0;
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == close) {
        c->p++;
        c->depth--;
        return 1;
    }
    for (;;) {
        skip_ws(c);
        if (object) {
            if (!string(c))
                return 0;
            skip_ws(c);
            if (c->p >= c->end || *c->p != ':')
                return 0;
            c->p++;
        }
        if (!value(c))
            return 0;
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == close) {
            c->p++;
            c->depth--;
            return 1;
        }
        return 0;
    }
}

static int value(cursor *c)
{
    skip_ws(c);
    if (c->p >= c->end)
        return 0;
    switch (*c->p) {
    case '{': return container(c, '}', 1);
    case '[': return container(c, ']', 0);
    case '"': return string(c);
    case 't': return literal(c, "true");
    case 'f': return literal(c, "false");
    case 'n': return literal(c, "null");
    default: return number(c);
    }
}

int main(void)
{
    size_t cap = 1 << 20, len = 0, n;
    unsigned char *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, stdin)) > 0) {
        len += n;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (!buf)
        return 2;
    size_t lines = 0;
    const unsigned char *p = buf, *end = buf + len;
    while (p < end) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
        cursor c = {p, nl ? nl : end, 0};
        lines++;
        if (!value(&c) || (skip_ws(&c), c.p != c.end)) {
            fprintf(stderr, "line %zu: invalid JSON or UTF-8 at byte %zu\n", lines,
                    (size_t)(c.p - p));
            free(buf);
            return 1;
        }
        p = nl ? nl + 1 : end;
    }
    printf("%zu\n", lines);
    free(buf);
    return 0;
}
