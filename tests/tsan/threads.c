/*
 * ThreadSanitizer check of the "no global mutable state" promise in
 * eml.h: several threads start together (so the first calls that pick
 * the SIMD implementation race with each other), then each parses and
 * reads messages of its own, all with one shared options object and one
 * shared input buffer, and uses the standalone decoders. Run by make tsan.
 */
#include "eml.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 20

static const char message[] =
    "From: =?utf-8?q?J=C3=B6rg?= <j@example.com>\r\nTo: \"B, C\" <b@example.com>, d@e\r\n"
    "Subject: =?iso-8859-1?q?caf=E9?=\r\nDate: Mon, 2 Jan 2006 15:04:05 -0700\r\n"
    "Message-ID: <a@b>\r\nContent-Type: multipart/mixed; boundary=\"xyz\"\r\n\r\n--xyz\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "caf=E9 au lait, a line long enough for the vector paths of the decoder =\r\nto run\r\n"
    "--xyz\r\nContent-Type: text/plain; charset=shift_jis\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "gqCCooKkgqaCqIKggqKCpIKmgqiCoIKigqSCpoKogqCCooKkgqaCqIKggqKCpIKmgqg=\r\n"
    "--xyz\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--xyz--\r\n";

static pthread_barrier_t start;
static const eml_options *shared_options;

static size_t read_part(const eml_part *p)
{
    size_t sum = 0;
    for (size_t i = 0; i < eml_part_field_count(p); i++) {
        eml_slice s;
        eml_address a[4];
        size_t n = 0;
        int64_t e;
        int z;
        if (eml_part_field_text(p, i, &s) == EML_OK)
            sum += s.len;
        if (eml_part_field_addresses(p, i, a, 4, &n) == EML_OK)
            sum += n;
        if (eml_part_field_date(p, i, &e, &z) == EML_OK)
            sum += (size_t)z;
    }
    eml_slice d;
    if (eml_part_decoded(p, &d) == EML_OK)
        sum += d.len;
    if (eml_part_text(p, &d) == EML_OK)
        sum += d.len;
    for (size_t i = 0; i < eml_part_child_count(p); i++)
        sum += read_part(eml_part_child(p, i));
    if (eml_part_embedded(p))
        sum += read_part(eml_part_embedded(p));
    return sum;
}

static void *worker(void *arg)
{
    size_t id = (size_t)(uintptr_t)arg, total = 0;
    pthread_barrier_wait(&start);
    /* The first calls of every thread at once: each resolves "auto". */
    char out[256];
    size_t w = 0;
    eml_base64_decode(EML_IMPL_AUTO, "SGVsbG8gd29ybGQ=", 16, out, &w, NULL, 0, NULL);
    total += w + (size_t)eml_impl_best();
    for (int r = 0; r < ROUNDS; r++) {
        eml_message *m = NULL;
        const eml_options *o = (id + (size_t)r) % 2 ? shared_options : NULL;
        if (eml_parse(message, sizeof message - 1, o, &m) != EML_OK) {
            fprintf(stderr, "threads: eml_parse failed\n");
            exit(1);
        }
        total += read_part(eml_message_root(m));
        eml_message_free(m);
        eml_qp_decode(EML_IMPL_AUTO, "caf=E9=\r\nx", 11, out, &w, NULL, 0, NULL);
        total += w;
        eml_charset_to_utf8("shift_jis", 9, "\x82\xa0\x82\xa2", 4, out, &w, NULL, 0, NULL);
        total += w;
        int64_t e;
        int z;
        eml_date_parse("2 Jan 2006 15:04 +0100", 22, &e, &z, NULL, 0, NULL);
    }
    return (void *)(uintptr_t)total;
}

int main(void)
{
    eml_options *o = eml_options_create(NULL);
    if (!o)
        return 1;
    eml_options_set(o, EML_OPT_MAX_DEPTH, 10);
    shared_options = o;
    pthread_t t[THREADS];
    pthread_barrier_init(&start, NULL, THREADS);
    for (size_t i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i) != 0)
            return 1;
    uintptr_t first = 0;
    int differ = 0;
    for (size_t i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        if (i == 0)
            first = (uintptr_t)r;
        else if ((uintptr_t)r != first)
            differ = 1;
    }
    pthread_barrier_destroy(&start);
    eml_options_free(o);
    /* Every thread did the same work: the same sums. */
    if (differ) {
        fprintf(stderr, "threads: threads disagree\n");
        return 1;
    }
    printf("threads: %d threads x %d rounds agree\n", THREADS, ROUNDS);
    return 0;
}
