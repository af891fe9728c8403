/*
 * make bench: codec and whole-message throughput of libeml beside memcpy,
 * GMime and Python's email package, on a corpus generated here from a
 * fixed seed so that every run measures the same bytes.
 */
#ifndef EML_BENCH_H
#define EML_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct buf {
    char *ptr;
    size_t len, cap;
} buf;

void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Deterministic generator. */
uint64_t bench_rand(void);
void bench_seed(uint64_t seed);

/* Codec inputs of about size bytes of encoded text. */
void gen_base64(buf *out, size_t size, size_t line_len, const char *eol);
void gen_qp(buf *out, size_t size, int escaped_percent);
/* Valid UTF-8 text of at most size bytes (see gen.c). */
void gen_utf8(buf *out, size_t size, int dense);

/* Message sets: each message is [ptr, len) inside one buffer. */
typedef struct msgset {
    buf data;
    size_t *offsets; /* n + 1 entries */
    size_t n;
} msgset;
void gen_mix(msgset *set, size_t total);
void gen_header_heavy(msgset *set, size_t total);

/* One measured row: throughput in bytes per second of the runs. */
typedef struct stats {
    double median, min, max;
} stats;

double now_seconds(void);
stats stats_of(double *rates, int n);

/* Whole-message work; each returns 0 when the engine is not available. */
typedef struct msg_totals {
    size_t messages, leaves, decoded, text, subjects, from_addresses;
} msg_totals;
int work_libeml(const msgset *set, msg_totals *t);
int work_gmime(const msgset *set, msg_totals *t);
/* Bytes libeml holds through its allocator hooks, summed over a set's
 * messages: the tree once eml_parse returns, the peak during eml_parse,
 * the highest per-message peak relative to its size, and what is held
 * after every leaf is decoded and every text part converted. */
typedef struct mem_totals {
    size_t input, tree, parse_peak, after_decode;
    double worst_peak_ratio;
    size_t worst_len;
} mem_totals;
void memory_libeml(const msgset *set, mem_totals *m);
/* Python runs its own timing; rates[] gets runs entries. */
int work_python(const msgset *set, int runs, double *rates, msg_totals *t);

/* GMime's codec steps; return 0 without GMime. */
int gmime_available(void);
size_t gmime_base64(const char *src, size_t len, unsigned char *dst);
size_t gmime_qp(const char *src, size_t len, unsigned char *dst);

#endif
