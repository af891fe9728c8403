/*
 * Builders of pathological messages, shared by the benchmark
 * (tests/pathological/) and the unit tests that check what the parser
 * makes of them at small sizes (tests/unit/test_hostile.c). Each builder
 * takes a count n and appends one message to a growable buffer.
 */
#ifndef EML_PATHOLOGICAL_GEN_H
#define EML_PATHOLOGICAL_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mime/param_group.h" /* eml__param_name_hash: for names that collide */

typedef struct gen_buf {
    char *ptr;
    size_t len, cap;
} gen_buf;

static inline void gen_reserve(gen_buf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more)
        cap *= 2;
    char *p = realloc(b->ptr, cap);
    if (!p) {
        fprintf(stderr, "gen: out of memory\n");
        abort();
    }
    b->ptr = p;
    b->cap = cap;
}

static inline void gen_put(gen_buf *b, const char *s, size_t n)
{
    gen_reserve(b, n);
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
}

static inline void gen_puts(gen_buf *b, const char *s)
{
    gen_put(b, s, strlen(s));
}

static inline void gen_fill(gen_buf *b, char c, size_t n)
{
    gen_reserve(b, n);
    memset(b->ptr + b->len, c, n);
    b->len += n;
}

static inline void gen_printf(gen_buf *b, const char *fmt, size_t a)
{
    char tmp[512];
    int n = snprintf(tmp, sizeof tmp, fmt, a, a);
    gen_put(b, tmp, (size_t)n);
}

static inline void gen_free(gen_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

/* n multiparts, each the only body part of the one before; the innermost
 * holds the text "leaf". */
static inline void gen_nested_multipart(gen_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gen_printf(b, "Content-Type: multipart/mixed; boundary=\"b%zu\"\r\n\r\n--b%zu\r\n", i);
    gen_puts(b, "\r\nleaf\r\n");
    for (size_t i = n; i-- > 0;)
        gen_printf(b, "--b%zu--\r\n", i);
}

/* One multipart with n body parts "x". */
static inline void gen_many_boundaries(gen_buf *b, size_t n)
{
    gen_puts(b, "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    for (size_t i = 0; i < n; i++)
        gen_puts(b, "--b\r\n\r\nx\r\n");
    gen_puts(b, "--b--\r\n");
}

/* n header fields X-Fi: v, then the body "body". */
static inline void gen_many_fields(gen_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gen_printf(b, "X-F%zu: v\r\n", i);
    gen_puts(b, "\r\nbody\r\n");
}

/* Subject "a" folded n times: unfolds to "a" followed by n times " a". */
static inline void gen_folded(gen_buf *b, size_t n)
{
    gen_puts(b, "Subject: a");
    for (size_t i = 0; i < n; i++)
        gen_puts(b, "\r\n a");
    gen_puts(b, "\r\n\r\nbody\r\n");
}

/* A text body made of one line of n bytes 'a'. */
static inline void gen_long_line(gen_buf *b, size_t n)
{
    gen_puts(b, "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    gen_fill(b, 'a', n);
    gen_puts(b, "\r\n");
}

/* A Subject of n encoded words, one per folded line; decodes to n 'a'. */
static inline void gen_encoded_words(gen_buf *b, size_t n)
{
    gen_puts(b, "Subject:");
    for (size_t i = 0; i < n; i++)
        gen_puts(b, " =?utf-8?q?a?=\r\n");
    gen_puts(b, "\r\nbody\r\n");
}

/* A To field of n addresses u<i>@example.com, one per folded line. */
static inline void gen_addresses(gen_buf *b, size_t n)
{
    gen_puts(b, "To:");
    for (size_t i = 0; i < n; i++)
        gen_printf(b, " u%zu@example.com,\r\n", i);
    gen_puts(b, " last@example.com\r\n\r\nbody\r\n");
}

/* One parameter "name" in n RFC 2231 continuations of "ab" each. */
static inline void gen_rfc2231_continuations(gen_buf *b, size_t n)
{
    gen_puts(b, "Content-Type: application/octet-stream");
    for (size_t i = 0; i < n; i++)
        gen_printf(b, ";\r\n name*%zu=\"ab\"", i);
    gen_puts(b, "\r\n\r\nbody\r\n");
}

/* n distinct parameters p<i>=v<i>. */
static inline void gen_distinct_params(gen_buf *b, size_t n)
{
    gen_puts(b, "Content-Type: application/octet-stream");
    for (size_t i = 0; i < n; i++)
        gen_printf(b, ";\r\n p%zu=v%zu", i);
    gen_puts(b, "\r\n\r\nbody\r\n");
}

/* A quoted-printable body of n '=' in lines of 76. */
static inline void gen_qp_equals(gen_buf *b, size_t n)
{
    gen_puts(b, "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
    for (size_t done = 0; done < n; done += 76) {
        gen_fill(b, '=', n - done < 76 ? n - done : 76);
        gen_puts(b, "\r\n");
    }
}

/* A base64 body of n bytes that are none of the base64 alphabet. */
static inline void gen_base64_junk(gen_buf *b, size_t n)
{
    static const char junk[] = "!#$%&*,.:;<>?@[]^_`{|}~-";
    gen_puts(b, "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    gen_reserve(b, n + n / 76 * 2);
    for (size_t i = 0; i < n; i++) {
        b->ptr[b->len++] = junk[i % (sizeof junk - 1)];
        if (i % 76 == 75) {
            b->ptr[b->len++] = '\r';
            b->ptr[b->len++] = '\n';
        }
    }
}

/* depth nested multiparts whose boundaries share a 60-byte prefix; the
 * innermost body has n lines that start like every boundary but match
 * none ("--<prefix>zz"). */
#define GEN_PREFIX "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
static inline void gen_prefix_boundaries(gen_buf *b, size_t depth, size_t n)
{
    for (size_t i = 0; i < depth; i++)
        gen_printf(b, "Content-Type: multipart/mixed; boundary=\"" GEN_PREFIX "%02zu\"\r\n\r\n--" GEN_PREFIX "%02zu\r\n", i);
    gen_puts(b, "\r\n");
    for (size_t i = 0; i < n; i++)
        gen_puts(b, "--" GEN_PREFIX "zz\r\n");
    for (size_t i = depth; i-- > 0;)
        gen_printf(b, "--" GEN_PREFIX "%02zu--\r\n", i);
}

/* n message/rfc822 parts, each the body of the one before. */
static inline void gen_nested_rfc822(gen_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gen_puts(b, "Content-Type: message/rfc822\r\n\r\n");
    gen_puts(b, "Subject: bottom\r\n\r\nend\r\n");
}

/* A message/rfc822 part in base64 whose content is gen_nested_rfc822(n). */
static inline void gen_base64_rfc822(gen_buf *b, size_t n)
{
    static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    gen_buf inner = { NULL, 0, 0 };
    gen_nested_rfc822(&inner, n);
    gen_puts(b, "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    const unsigned char *s = (const unsigned char *)inner.ptr;
    size_t col = 0;
    for (size_t i = 0; i < inner.len; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        size_t k = inner.len - i;
        if (k > 1)
            v |= (unsigned)s[i + 1] << 8;
        if (k > 2)
            v |= s[i + 2];
        char q[4] = { alpha[v >> 18 & 63], alpha[v >> 12 & 63], k > 1 ? alpha[v >> 6 & 63] : '=',
                      k > 2 ? alpha[v & 63] : '=' };
        gen_put(b, q, 4);
        if ((col += 4) == 76) {
            gen_puts(b, "\r\n");
            col = 0;
        }
    }
    gen_puts(b, "\r\n");
    gen_free(&inner);
}

/* A To field whose one address follows a comment nested n deep. */
static inline void gen_nested_comments(gen_buf *b, size_t n)
{
    gen_puts(b, "To: ");
    gen_fill(b, '(', n);
    gen_puts(b, "c");
    gen_fill(b, ')', n);
    gen_puts(b, " a@example.com\r\n\r\nbody\r\n");
}

/* ---- names that share one hash ------------------------------------------ */

#define GEN_COLLIDE_MAX 24
#define GEN_BLOCK_LEN 7

typedef struct gen_collision {
    char block[GEN_COLLIDE_MAX][2][GEN_BLOCK_LEN + 1];
    int count;
} gen_collision;

/* Block number i: GEN_BLOCK_LEN letters and digits, scattered over the
 * 36^7 possible so that the hashes look random. */
static inline void gen_block(uint32_t i, char *out)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    uint64_t x = (uint64_t)i * 0x9E3779B97F4A7C15u;
    x ^= x >> 29;
    for (int k = 0; k < GEN_BLOCK_LEN; k++, x /= 36)
        out[k] = digits[x % 36];
    out[GEN_BLOCK_LEN] = '\0';
}

/* A multicollision of the parameter-name hash, whose state is FNV-1a's
 * (folded once at the end, which keeps equal states equal): pair k is two
 * blocks that reach one state after any name made of pairs 0 .. k-1, so
 * the 2^count names that take one block of each pair share one hash. Each
 * pair is found by the birthday bound, after about 2^16 tries. */
static inline void gen_collide(gen_collision *c, int count)
{
    enum { SLOTS = 1 << 22 };
    uint32_t *hash = malloc(SLOTS * sizeof *hash);
    uint32_t *which = malloc(SLOTS * sizeof *which);
    char name[(GEN_COLLIDE_MAX + 1) * GEN_BLOCK_LEN + 1];
    if (!hash || !which || count > GEN_COLLIDE_MAX)
        abort();
    for (int k = 0; k < count; k++) {
        char *tail = name + (size_t)k * GEN_BLOCK_LEN;
        if (k)
            memcpy(tail - GEN_BLOCK_LEN, c->block[k - 1][0], GEN_BLOCK_LEN);
        memset(which, 0, SLOTS * sizeof *which);
        for (uint32_t i = 1;; i++) {
            if (i == SLOTS / 2)
                abort(); /* 2^21 tries for a 32-bit hash: never */
            gen_block(i, tail);
            uint32_t h = eml__param_name_hash(name, (size_t)(k + 1) * GEN_BLOCK_LEN);
            uint32_t slot = (h * 2654435761u) >> 10; /* top bits: the best mixed */
            while (which[slot] && hash[slot] != h)
                slot = (slot + 1) & (SLOTS - 1);
            if (which[slot]) {
                gen_block(which[slot], c->block[k][0]);
                if (memcmp(c->block[k][0], tail, GEN_BLOCK_LEN) == 0)
                    continue; /* the same block twice */
                memcpy(c->block[k][1], tail, GEN_BLOCK_LEN + 1);
                break;
            }
            which[slot] = i;
            hash[slot] = h;
        }
    }
    c->count = count;
    free(hash);
    free(which);
}

/* Name number i of a multicollision: block k of pair k chosen by bit k. */
static inline void gen_colliding_name(const gen_collision *c, size_t i, char *out)
{
    for (int k = 0; k < c->count; k++)
        memcpy(out + (size_t)k * GEN_BLOCK_LEN, c->block[k][(i >> k) & 1], GEN_BLOCK_LEN);
}

/* One Content-Type with n distinct parameter names of the multicollision
 * c (n at most 2^c->count) that all share one hash, each with the value
 * "v<i>". */
static inline void gen_colliding_params_of(gen_buf *b, const gen_collision *c, size_t n)
{
    char name[GEN_COLLIDE_MAX * GEN_BLOCK_LEN];
    gen_puts(b, "Content-Type: application/octet-stream");
    for (size_t i = 0; i < n; i++) {
        gen_colliding_name(c, i, name);
        gen_puts(b, ";\r\n ");
        gen_put(b, name, (size_t)c->count * GEN_BLOCK_LEN);
        gen_printf(b, "=v%zu", i);
    }
    gen_puts(b, "\r\n\r\nbody\r\n");
}

/* The same with a multicollision found once for as many names as asked:
 * the grouping is driven onto its slower paths. */
static inline void gen_colliding_params(gen_buf *b, size_t n)
{
    static gen_collision c; /* the search takes a while */
    int bits = 1;
    while (((size_t)1 << bits) < n)
        bits++;
    if (c.count < bits)
        gen_collide(&c, bits);
    gen_colliding_params_of(b, &c, n);
}


/* Hostile header shapes, n bytes of filler each: the accessors must not
 * need memory many times the field's size. */
static inline void gen_at_signs(gen_buf *b, size_t n)
{
    gen_puts(b, "To: ");
    gen_fill(b, '@', n);
    gen_puts(b, "\r\n\r\nbody\r\n");
}

static inline void gen_groups(gen_buf *b, size_t n)
{
    gen_puts(b, "To: ");
    for (size_t i = 0; i < n / 3; i++)
        gen_put(b, "g:", 2);
    gen_puts(b, "x@y");
    gen_fill(b, ';', n / 3);
    gen_puts(b, "\r\n\r\nbody\r\n");
}

static inline void gen_open_angles(gen_buf *b, size_t n)
{
    gen_puts(b, "References: ");
    gen_fill(b, '<', n);
    gen_puts(b, "\r\n\r\nbody\r\n");
}

static inline void gen_ew_starts(gen_buf *b, size_t n)
{
    gen_puts(b, "Subject: ");
    for (size_t i = 0; i < n / 2; i++)
        gen_put(b, "=?", 2);
    gen_puts(b, "\r\n\r\nbody\r\n");
}


/* A References field of n ids written with comments inside, so each id
 * is rebuilt in memory of its own. */
static inline void gen_msgids_cfws(gen_buf *b, size_t n)
{
    gen_puts(b, "References:");
    for (size_t i = 0; i < n; i++)
        gen_printf(b, " <id%zu (c) @example.com>\r\n", i);
    gen_puts(b, "\r\nbody\r\n");
}

#endif /* EML_PATHOLOGICAL_GEN_H */
