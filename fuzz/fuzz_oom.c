/*
 * Out of memory is never success: for one message, every accessor's
 * result is recorded with memory to spare; then the message is parsed
 * again with an allocator that refuses exactly one allocation, and each
 * accessor must give either EML_ENOMEM or the very same result. Asked a
 * second time, when memory is there again, it must give the same result:
 * a partial answer cached after a failure would show here.
 *
 * Input: two bytes (big-endian) then the message. The number picks the
 * allocation to refuse, counted from the start of eml_parse, modulo the
 * number the normal run made; with its top bit set every allocation is
 * refused in turn (for small seeds replayed in make check).
 */
#include "common.h"
#include "failing_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The results, as bytes: each accessor call appends one record. */
typedef struct record {
    int rc;
    size_t off, len; /* in the log's bytes */
} record;

typedef struct log {
    char *bytes;
    size_t len, cap;
    record *recs;
    size_t nrecs, rcap;
} log_t;

static void put(log_t *l, const void *p, size_t n)
{
    if (l->len + n > l->cap) {
        l->cap = (l->len + n) * 2 + 64;
        l->bytes = realloc(l->bytes, l->cap);
        FUZZ_ASSERT(l->bytes != NULL);
    }
    if (n)
        memcpy(l->bytes + l->len, p, n);
    l->len += n;
}

static void put_slice(log_t *l, eml_slice s)
{
    size_t n = s.ptr ? s.len : SIZE_MAX; /* absent differs from empty */
    put(l, &n, sizeof n);
    if (s.ptr)
        put(l, s.ptr, s.len);
}

/* Opens a record; the bytes put until the next one belong to it. */
static void begin(log_t *l, int rc)
{
    if (l->nrecs == l->rcap) {
        l->rcap = l->rcap * 2 + 64;
        l->recs = realloc(l->recs, l->rcap * sizeof *l->recs);
        FUZZ_ASSERT(l->recs != NULL);
    }
    record *r = &l->recs[l->nrecs++];
    r->rc = rc;
    r->off = l->len;
    r->len = 0;
}

static void end(log_t *l)
{
    record *r = &l->recs[l->nrecs - 1];
    r->len = l->len - r->off;
}

static void log_slice(log_t *l, int rc, eml_slice s)
{
    begin(l, rc);
    if (rc == EML_OK)
        put_slice(l, s);
    end(l);
}

static void log_field(log_t *l, const eml_part *p, size_t i)
{
    eml_slice s = { NULL, 0 };
    log_slice(l, eml_part_field_unfolded(p, i, &s), s);
    log_slice(l, eml_part_field_text(p, i, &s), s);

    size_t n = 0;
    int rc = eml_part_field_addresses(p, i, NULL, 0, &n);
    eml_address *a = n ? calloc(n, sizeof *a) : NULL;
    if (rc == EML_OK && n) {
        FUZZ_ASSERT(a != NULL);
        rc = eml_part_field_addresses(p, i, a, n, &n);
    }
    begin(l, rc);
    if (rc == EML_OK) {
        put(l, &n, sizeof n);
        for (size_t k = 0; k < n; k++) {
            put_slice(l, a[k].name);
            put_slice(l, a[k].address);
            put_slice(l, a[k].group);
        }
    }
    end(l);
    free(a);

    n = 0;
    rc = eml_part_field_msgids(p, i, NULL, 0, &n);
    eml_slice *ids = n ? calloc(n, sizeof *ids) : NULL;
    if (rc == EML_OK && n) {
        FUZZ_ASSERT(ids != NULL);
        rc = eml_part_field_msgids(p, i, ids, n, &n);
    }
    begin(l, rc);
    if (rc == EML_OK) {
        put(l, &n, sizeof n);
        for (size_t k = 0; k < n; k++)
            put_slice(l, ids[k]);
    }
    end(l);
    free(ids);

    int64_t epoch = 0;
    int zone = 0;
    rc = eml_part_field_date(p, i, &epoch, &zone);
    begin(l, rc);
    if (rc == EML_OK) {
        put(l, &epoch, sizeof epoch);
        put(l, &zone, sizeof zone);
    }
    end(l);
}

static void log_params(log_t *l, const eml_part *p)
{
    begin(l, EML_OK);
    eml_param prm;
    for (size_t i = 0; eml_part_param(p, i, &prm) == EML_OK; i++) {
        put_slice(l, prm.name);
        put_slice(l, prm.value);
    }
    for (size_t i = 0; eml_part_disposition_param(p, i, &prm) == EML_OK; i++) {
        put_slice(l, prm.name);
        put_slice(l, prm.value);
    }
    put_slice(l, eml_part_filename(p));
    put_slice(l, eml_part_content_type(p));
    end(l);
}

static void log_part(log_t *l, const eml_part *p)
{
    for (size_t i = 0; i < eml_part_field_count(p); i++)
        log_field(l, p, i);
    log_params(l, p);
    eml_slice s = { NULL, 0 };
    log_slice(l, eml_part_decoded(p, &s), s);
    int rc = eml_part_text(p, &s);
    log_slice(l, rc == EML_EINVAL ? EML_OK : rc, rc == EML_EINVAL ? (eml_slice){ NULL, 0 } : s);
}

/* Every part, in one fixed order. */
static void log_message(log_t *l, const eml_message *m)
{
    size_t cap = 64, top = 0;
    const eml_part **stack = malloc(cap * sizeof *stack);
    FUZZ_ASSERT(stack != NULL);
    stack[top++] = eml_message_root(m);
    while (top) {
        const eml_part *p = stack[--top];
        log_part(l, p);
        size_t nc = eml_part_child_count(p);
        if (top + nc + 1 > cap) {
            cap = (top + nc + 1) * 2;
            stack = realloc(stack, cap * sizeof *stack);
            FUZZ_ASSERT(stack != NULL);
        }
        for (size_t i = nc; i-- > 0;)
            stack[top++] = eml_part_child(p, i);
        if (eml_part_embedded(p))
            stack[top++] = eml_part_embedded(p);
    }
    free(stack);
}

static int same(const log_t *a, size_t i, const log_t *b, size_t j)
{
    const record *x = &a->recs[i], *y = &b->recs[j];
    return x->rc == y->rc && x->len == y->len &&
           (x->len == 0 || memcmp(a->bytes + x->off, b->bytes + y->off, x->len) == 0);
}

/* One run that refuses allocation fail_at (1-based, from eml_parse on).
 * Returns 1 when the refusal happened. */
static int run_failing(const char *msg, size_t len, size_t fail_at, const log_t *normal)
{
    failing_alloc st;
    memset(&st, 0, sizeof st);
    eml_allocator a;
    failing_alloc_init(&a, &st);
    eml_options *o = eml_options_create(&a);
    FUZZ_ASSERT(o != NULL);
    st.fail_at = st.calls + fail_at;
    eml_message *m = NULL;
    int rc = eml_parse(msg, len, o, &m);
    if (rc != EML_OK) {
        FUZZ_ASSERT(rc == EML_ENOMEM && st.refused && m == NULL);
    } else {
        log_t first = { 0 }, again = { 0 };
        log_message(&first, m);
        log_message(&again, m); /* memory is there again now */
        FUZZ_ASSERT(first.nrecs == normal->nrecs && again.nrecs == normal->nrecs);
        for (size_t i = 0; i < normal->nrecs; i++) {
            FUZZ_ASSERT(first.recs[i].rc == EML_ENOMEM || same(&first, i, normal, i));
            FUZZ_ASSERT(same(&again, i, normal, i));
        }
        free(first.bytes);
        free(first.recs);
        free(again.bytes);
        free(again.recs);
        eml_message_free(m);
    }
    eml_options_free(o);
    FUZZ_ASSERT(st.live_bytes == 0 && st.live_blocks == 0);
    return st.refused;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = { data, size };
    uint16_t pick = fuzz_take_u16(&r);
    const char *msg = (const char *)r.p;

    failing_alloc st;
    memset(&st, 0, sizeof st);
    eml_allocator a;
    failing_alloc_init(&a, &st);
    eml_options *o = eml_options_create(&a);
    FUZZ_ASSERT(o != NULL);
    size_t before = st.calls;
    eml_message *m = NULL;
    FUZZ_ASSERT(eml_parse(msg, r.n, o, &m) == EML_OK);
    log_t normal = { 0 };
    log_message(&normal, m);
    size_t total = st.calls - before;
    eml_message_free(m);
    eml_options_free(o);

    if (total) {
        if (pick & 0x8000) {
            /* Every allocation in turn costs a parse each, so the sweep is
             * quadratic in the input: whole only for small inputs; a large
             * one gets 32 failure points spread over its run, which keeps
             * each input within the fuzzer's time limit. */
            size_t step = r.n <= 2048 ? 1 : total / 32 + 1;
            for (size_t n = 1; n <= total && n <= 4000 * step; n += step)
                run_failing(msg, r.n, n, &normal);
        } else {
            run_failing(msg, r.n, 1 + pick % total, &normal);
        }
    }
    free(normal.bytes);
    free(normal.recs);
    return 0;
}
