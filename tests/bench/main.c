/*
 * make bench [BENCH_ARGS=--quick]
 *
 * Codecs: every implementation of this CPU, memcpy of the same input and
 * GMime's decoder, on cache-resident (256 KiB) and 64 MiB inputs.
 * Messages: libeml, GMime and Python's email (policy.default) doing the
 * same work (see engines.c). Every figure is the median, min and max of 5
 * runs after a warm-up; rates are decoded output per second for codecs
 * and input per second for messages, per second of processor time.
 */
#include "bench.h"
#include "codec/codec.h"
#include "eml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quick;
static int runs = 5;

/* ---- codecs ---------------------------------------------------------------- */

typedef size_t (*decode_fn)(int impl, const char *src, size_t len, unsigned char *dst);

static size_t eml_b64(int impl, const char *src, size_t len, unsigned char *dst)
{
    size_t w = 0;
    eml_base64_decode(impl, src, len, dst, &w, NULL, 0, NULL);
    return w;
}

static size_t eml_qp(int impl, const char *src, size_t len, unsigned char *dst)
{
    size_t w = 0;
    eml_qp_decode(impl, src, len, dst, &w, NULL, 0, NULL);
    return w;
}

static size_t gm_b64(int impl, const char *src, size_t len, unsigned char *dst)
{
    (void)impl;
    return gmime_base64(src, len, dst);
}

static size_t gm_qp(int impl, const char *src, size_t len, unsigned char *dst)
{
    (void)impl;
    return gmime_qp(src, len, dst);
}

/* "Output" of validation: the bytes found valid, so a row that disagrees
 * with the others shows in its byte count. */
static size_t eml_utf8(int impl, const char *src, size_t len, unsigned char *dst)
{
    (void)dst;
    return eml__utf8_valid(impl, src, len) ? len : 0;
}

static size_t copy(int impl, const char *src, size_t len, unsigned char *dst)
{
    (void)impl;
    memcpy(dst, src, len);
    return len;
}

/* Times fn; rate = bytes_out / second. Each run repeats the call until it
 * lasts 20 ms, so small inputs are not timer noise. Returns out size. */
static stats measure(decode_fn fn, int impl, const buf *in, unsigned char *dst, size_t *out,
                     double *seconds_per_call)
{
    double rates[16];
    size_t produced = fn(impl, in->ptr, in->len, dst); /* warm-up */
    size_t reps = 1;
    for (;;) {
        double t0 = now_seconds();
        for (size_t r = 0; r < reps; r++)
            fn(impl, in->ptr, in->len, dst);
        double dt = now_seconds() - t0;
        if (dt > 0.02 || reps > (1u << 20))
            break;
        reps *= 2;
    }
    double total = 0;
    for (int i = 0; i < runs; i++) {
        double t0 = now_seconds();
        for (size_t r = 0; r < reps; r++)
            fn(impl, in->ptr, in->len, dst);
        double dt = now_seconds() - t0;
        total += dt;
        rates[i] = (double)produced * (double)reps / dt;
    }
    *out = produced;
    *seconds_per_call = total / (double)runs / (double)reps;
    return stats_of(rates, runs);
}

static void codec_rows(const char *work, decode_fn eml_fn, decode_fn gm_fn, const buf *in)
{
    size_t cap = in->len + 64;
    unsigned char *dst = malloc(cap);
    memset(dst, 0, cap);
    size_t out;
    double t_copy, t_gm = 0, t;
    stats copy_s = measure(copy, 0, in, dst, &out, &t_copy);
    stats gm_s = { 0, 0, 0 };
    size_t gm_out = 0;
    int with_gmime = gm_fn && gmime_available();
    if (with_gmime)
        gm_s = measure(gm_fn, 0, in, dst, &gm_out, &t_gm);
    printf("| %s | memcpy | %.2f | %.2f | %.2f | | 1.00 |\n", work, copy_s.median / 1e9,
           copy_s.min / 1e9, copy_s.max / 1e9);
    if (with_gmime)
        printf("| %s | GMime (%zu B) | %.2f | %.2f | %.2f | 1.00 | %.2f |\n", work, gm_out,
               gm_s.median / 1e9, gm_s.min / 1e9, gm_s.max / 1e9, t_copy / t_gm);
    for (int impl = EML_IMPL_SCALAR; impl <= EML_IMPL_NEON; impl++) {
        if (!eml_impl_available(impl))
            continue;
        stats s = measure(eml_fn, impl, in, dst, &out, &t);
        printf("| %s | libeml %s (%zu B) | %.2f | %.2f | %.2f | ", work, eml_impl_name(impl), out,
               s.median / 1e9, s.min / 1e9, s.max / 1e9);
        if (with_gmime)
            printf("%.2f", t_gm / t);
        printf(" | %.2f |\n", t_copy / t);
    }
    free(dst);
}

static void bench_codecs(void)
{
    printf("\n### Codecs (GB/s of decoded output; ratios are time ratios on the same input)\n\n");
    printf("| work | decoder (output) | median | min | max | vs GMime | vs memcpy |\n");
    printf("|---|---|---|---|---|---|---|\n");
    size_t sizes[2] = { 256u << 10, 64u << 20 };
    int nsizes = quick ? 1 : 2;
    for (int si = 0; si < nsizes; si++) {
        size_t size = sizes[si];
        const char *tag = si == 0 ? "256 KiB" : "64 MiB";
        char work[96];
        buf in = { 0 };
        bench_seed(1);
        gen_base64(&in, size, 0, "");
        snprintf(work, sizeof work, "base64 unbroken, %s", tag);
        codec_rows(work, eml_b64, gm_b64, &in);
        in.len = 0;
        gen_base64(&in, size, 76, "\r\n");
        snprintf(work, sizeof work, "base64 76+CRLF, %s", tag);
        codec_rows(work, eml_b64, gm_b64, &in);
        in.len = 0;
        gen_qp(&in, size, 2);
        snprintf(work, sizeof work, "QP mostly ASCII, %s", tag);
        codec_rows(work, eml_qp, gm_qp, &in);
        in.len = 0;
        gen_qp(&in, size, 30);
        snprintf(work, sizeof work, "QP ~30%% escaped, %s", tag);
        codec_rows(work, eml_qp, gm_qp, &in);
        /* UTF-8 validation (no GMime counterpart): what decides whether
         * text reaches the caller without a charset conversion. */
        in.len = 0;
        gen_utf8(&in, size, 0);
        snprintf(work, sizeof work, "UTF-8 validation mostly ASCII, %s", tag);
        codec_rows(work, eml_utf8, NULL, &in);
        in.len = 0;
        gen_utf8(&in, size, 1);
        snprintf(work, sizeof work, "UTF-8 validation Cyrillic/CJK, %s", tag);
        codec_rows(work, eml_utf8, NULL, &in);
        free(in.ptr);
    }
}

/* ---- whole messages ---------------------------------------------------------- */

typedef int (*work_fn)(const msgset *set, msg_totals *t);

static int time_work(work_fn fn, const msgset *set, stats *s, msg_totals *t)
{
    double rates[16];
    if (!fn(set, t)) /* warm-up, and availability */
        return 0;
    for (int i = 0; i < runs; i++) {
        double t0 = now_seconds();
        fn(set, t);
        rates[i] = (double)set->data.len / (now_seconds() - t0);
    }
    *s = stats_of(rates, runs);
    return 1;
}

static void totals_row(const char *set, const char *engine, stats s, double gmime_median,
                       const msg_totals *t)
{
    printf("| %s | %s | %.0f | %.0f | %.0f | ", set, engine, s.median / 1e6, s.min / 1e6,
           s.max / 1e6);
    if (gmime_median > 0)
        printf("%.2f", s.median / gmime_median);
    printf(" | %zu | %zu | %zu | %zu | %zu | %zu |\n", t->messages, t->leaves, t->decoded, t->text,
           t->subjects, t->from_addresses);
}

static double percent(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void memory_row(const char *set_name, const mem_totals *m)
{
    printf("| %s | %.1f%% | %.1f%% | %.0f%% (%zu B) | %.1f%% |\n", set_name,
           percent(m->tree, m->input), percent(m->parse_peak, m->input),
           100.0 * m->worst_peak_ratio, m->worst_len, percent(m->after_decode, m->input));
}

static void bench_messages(void)
{
    printf("\n### Whole messages (MB/s of input: parse, walk, decode every leaf, text to UTF-8,"
           " Subject and From)\n\n");
    printf("| set | engine | median | min | max | vs GMime | messages | leaves | decoded bytes |"
           " UTF-8 text bytes | subjects | From addresses |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    /* Memory rows are printed after the throughput table. */
    mem_totals mem[2];
    char names[2][64];
    for (int which = 0; which < 2; which++) {
        msgset set;
        bench_seed(2 + (uint64_t)which);
        size_t total = which == 0 ? (quick ? 2u << 20 : 16u << 20) : (quick ? 1u << 20 : 8u << 20);
        if (which == 0)
            gen_mix(&set, total);
        else
            gen_header_heavy(&set, total);
        char name[64];
        snprintf(name, sizeof name, "%s (%zu msgs, %.1f MiB)", which ? "header-heavy" : "mix",
                 set.n, (double)set.data.len / (1 << 20));
        stats s, g = { 0, 0, 0 };
        msg_totals t;
        int have_gmime = time_work(work_gmime, &set, &g, &t);
        if (have_gmime)
            totals_row(name, "GMime 3", g, g.median, &t);
        time_work(work_libeml, &set, &s, &t);
        totals_row(name, "libeml", s, g.median, &t);
        double rates[16];
        if (work_python(&set, runs, rates, &t))
            totals_row(name, "Python email", stats_of(rates, runs), g.median, &t);
        snprintf(names[which], sizeof names[which], "%s", name);
        memory_libeml(&set, &mem[which]);
        free(set.data.ptr);
        free(set.offsets);
    }
    printf("\n### libeml memory (bytes held through the allocator hooks, summed over the"
           " messages, as %% of their input)\n\n");
    printf("| set | tree after eml_parse | peak during eml_parse | worst message peak |"
           " after decoding every leaf |\n");
    printf("|---|---|---|---|---|\n");
    for (int which = 0; which < 2; which++)
        memory_row(names[which], &mem[which]);
}

int main(int argc, char **argv)
{
    int codecs = 1, messages = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
            runs = 3;
        } else if (strcmp(argv[i], "--codecs") == 0) {
            messages = 0;
        } else if (strcmp(argv[i], "--messages") == 0) {
            codecs = 0;
        } else {
            fprintf(stderr, "usage: eml-bench [--quick] [--codecs | --messages]\n");
            return 2;
        }
    }
    printf("libeml %s bench%s: best implementation %s, GMime %s; %d runs after a warm-up\n",
           eml_version_string(), quick ? " (quick)" : "", eml_impl_name(eml_impl_best()),
           gmime_available() ? "linked" : "absent", runs);
    if (codecs)
        bench_codecs();
    if (messages)
        bench_messages();
    return 0;
}
