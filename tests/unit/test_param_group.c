/*
 * Parameter grouping (lib/mime/param_group.c) against a plain quadratic
 * reading of its contract: groups in order of first appearance, names
 * compared without case, each group with its unsectioned values first and
 * then its sections by number, ties in order of appearance, on each of the
 * four paths (direct comparison, unkeyed hash, keyed hash, sort). Names that all share one
 * unkeyed hash, built as a multicollision, must move on to the keyed one.
 * SipHash itself is checked against the published test vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../pathological/gen.h"
#include "codec_util.h"
#include "eml.h"
#include "base/keyed_hash.h"
#include "mime/param_group.h"

static uint64_t rng = 0x2545F4914F6CDD1Du;
static unsigned rnd(void)
{
    return codec_rand(&rng);
}

static void *t_alloc(void *user, size_t size)
{
    (void)user;
    return malloc(size);
}

static void t_free(void *user, void *ptr, size_t size)
{
    (void)user;
    (void)size;
    free(ptr);
}

static const eml_allocator allocator = { t_alloc, t_free, NULL };

static bool same(const eml__raw_param *a, const eml__raw_param *b)
{
    return a->name_len == b->name_len && strncasecmp(a->name, b->name, a->name_len) == 0;
}

static bool before(const eml__raw_param *a, const eml__raw_param *b)
{
    if (a->section != b->section)
        return a->section < b->section;
    return !a->extended && b->extended;
}

/* The contract, quadratically: order[] and end[] as they must come out. */
static size_t reference(const eml__raw_param *r, size_t n, uint32_t *order, uint32_t *end)
{
    bool *taken = calloc(n ? n : 1, sizeof *taken);
    assert_non_null(taken);
    size_t k = 0, groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (taken[i])
            continue;
        size_t begin = k;
        for (size_t j = i; j < n; j++) {
            if (!taken[j] && same(&r[i], &r[j])) {
                taken[j] = true;
                /* Insertion that keeps appearance order among equals. */
                size_t at = k++;
                while (at > begin && before(&r[j], &r[order[at - 1]])) {
                    order[at] = order[at - 1];
                    at--;
                }
                order[at] = (uint32_t)j;
            }
        }
        end[groups++] = (uint32_t)k;
    }
    free(taken);
    return groups;
}

/* Groups r[0 .. n) starting with path first, compares with the
 * reference, and returns the path that did it. */
static eml__group_path check_path(const eml__raw_param *r, size_t n, eml__group_path first)
{
    uint32_t *order = malloc((n + 1) * sizeof *order);
    uint32_t *end = malloc((n + 1) * sizeof *end);
    assert_non_null(order);
    assert_non_null(end);
    size_t groups = reference(r, n, order, end);

    eml__buf work = { 0 };
    eml__param_groups g;
    assert_int_equal(eml__param_group(&allocator, &work, r, n, first, &g), EML_OK);
    assert_int_equal(g.ngroups, groups);
    for (size_t i = 0; i < groups; i++)
        assert_int_equal(g.end[i], end[i]);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(g.order[i], order[i]);
    eml__group_path path = g.path;
    eml__buf_release(&allocator, &work);
    free(order);
    free(end);
    return path;
}

/* Every path must group alike; an honest field takes none but the first,
 * and the direct comparison only up to eight names. */
static void check_grouping(const eml__raw_param *r, size_t n)
{
    assert_int_equal(check_path(r, n, EML__GROUP_SCAN), n <= 8 ? EML__GROUP_SCAN : EML__GROUP_FNV);
    assert_int_equal(check_path(r, n, EML__GROUP_FNV), EML__GROUP_FNV);
    assert_int_equal(check_path(r, n, EML__GROUP_KEYED), EML__GROUP_KEYED);
    assert_int_equal(check_path(r, n, EML__GROUP_SORT), EML__GROUP_SORT);
}

static void fill(eml__raw_param *p, const char *name, size_t len, long section, bool extended)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    p->name_len = len;
    p->section = section;
    p->extended = extended;
}

/* Names that are prefixes of each other and differ only in case, so that
 * length and case folding both matter. */
static const char *const pool[] = { "a", "A", "ab", "aB", "abc", "b", "name", "NAME", "Name",
                                    "filename", "fileName", "charset", "x-long-parameter-name",
                                    "X-Long-Parameter-Name", "" };

static void test_random_fields(void **state)
{
    (void)state;
    eml__raw_param r[400];
    for (int round = 0; round < 3000; round++) {
        size_t n = rnd() % (round < 100 ? 8 : 400);
        size_t names = 1 + rnd() % (sizeof pool / sizeof *pool);
        for (size_t i = 0; i < n; i++) {
            const char *name = pool[rnd() % names];
            long section = rnd() % 3 ? -1 : (long)(rnd() % 6);
            fill(&r[i], name, strlen(name), section, rnd() % 2);
        }
        check_grouping(r, n);
    }
}

/* Sections given in reverse and shuffled, many per group. */
static void test_sections_out_of_order(void **state)
{
    (void)state;
    enum { N = 3000 };
    eml__raw_param *r = malloc(N * sizeof *r);
    assert_non_null(r);
    for (size_t i = 0; i < N; i++)
        fill(&r[i], i % 3 ? "t" : "T", 1, (long)(N - i) / 2, i % 5 == 0);
    check_grouping(r, N);
    for (size_t i = 0; i < N; i++)
        fill(&r[i], i % 2 ? "u" : "t", 1, (long)(rnd() % 50) - 1, rnd() % 2);
    check_grouping(r, N);
    free(r);
}

static gen_collision collision; /* 11 pairs: 2048 names with one hash */

static int find_collision(void **state)
{
    (void)state;
    gen_collide(&collision, 11);
    return 0;
}

/* Names of the multicollision, and repeats of them as sections spelt
 * with other case (the hash folds case, so they still collide): the
 * sorting path must group exactly like the hash path. */
static void test_colliding_names(void **state)
{
    (void)state;
    enum { NAMES = 2048, N = NAMES + NAMES / 2 };
    const size_t len = (size_t)collision.count * GEN_BLOCK_LEN;
    char *text = malloc((size_t)N * len);
    eml__raw_param *r = malloc(N * sizeof *r);
    assert_non_null(text);
    assert_non_null(r);
    uint32_t h0 = 0;
    for (size_t i = 0; i < NAMES; i++) {
        char *name = text + i * len;
        gen_colliding_name(&collision, (i * 1103) % NAMES, name); /* not in counting order */
        uint32_t h = eml__param_name_hash(name, len);
        if (i == 0)
            h0 = h;
        assert_int_equal(h, h0);
        fill(&r[i], name, len, -1, false);
    }
    for (size_t i = NAMES; i < N; i++) {
        const eml__raw_param *of = &r[rnd() % NAMES];
        char *name = text + i * len;
        for (size_t k = 0; k < len; k++)
            name[k] = k % 3 == i % 3 && of->name[k] >= 'a' ? (char)(of->name[k] - 32) : of->name[k];
        assert_int_equal(eml__param_name_hash(name, len), h0);
        fill(&r[i], name, len, (long)(rnd() % 4), rnd() % 2);
    }
    /* The unkeyed hash gives up; the keyed one does not. */
    assert_int_equal(check_path(r, N, EML__GROUP_SCAN), EML__GROUP_KEYED);
    assert_int_equal(check_path(r, N, EML__GROUP_FNV), EML__GROUP_KEYED);
    assert_int_equal(check_path(r, N, EML__GROUP_SORT), EML__GROUP_SORT);
    free(text);
    free(r);
}

/* Through the public API: a Content-Type whose names all collide keeps
 * every parameter, in order, with its value. */
static void test_colliding_names_parsed(void **state)
{
    (void)state;
    enum { NAMES = 2048 }; /* as many as the 11 pairs give */
    gen_buf b = { 0 };
    gen_colliding_params_of(&b, &collision, NAMES);
    eml_message *m = NULL;
    assert_int_equal(eml_parse(b.ptr, b.len, NULL, &m), EML_OK);
    const eml_part *root = eml_message_root(m);
    assert_int_equal(eml_part_param_count(root), NAMES);
    char name[GEN_COLLIDE_MAX * GEN_BLOCK_LEN];
    for (size_t i = 0; i < NAMES; i++) {
        eml_param p;
        char want[32];
        assert_int_equal(eml_part_param(root, i, &p), EML_OK);
        int n = snprintf(want, sizeof want, "v%zu", i);
        assert_int_equal(p.value.len, (size_t)n);
        assert_memory_equal(p.value.ptr, want, (size_t)n);
        gen_colliding_name(&collision, i, name);
        assert_int_equal(p.name.len, (size_t)collision.count * GEN_BLOCK_LEN);
        assert_memory_equal(p.name.ptr, name, p.name.len);
    }
    assert_int_equal(eml_part_defect_count(root), 0);
    eml_message_free(m);
    gen_free(&b);
}

/* SipHash-2-4 test vectors from the SipHash paper's reference set: key
 * 00 01 .. 0f, message 00 01 .. (len - 1). Bytes below 'A' are untouched
 * by case folding, so the folding hash must give them exactly. */
static void test_siphash_vectors(void **state)
{
    (void)state;
    eml__hash_key key = { 0x0706050403020100u, 0x0f0e0d0c0b0a0908u };
    char msg[15];
    for (int i = 0; i < 15; i++)
        msg[i] = (char)i;
    assert_int_equal(eml__siphash_casefold(&key, msg, 0, 2, 4), 0x726fdb47dd0e0e31u);
    assert_int_equal(eml__siphash_casefold(&key, msg, 15, 2, 4), 0xa129ca6149be45e5u);
    /* Folding: letters only, in every position of both word paths. */
    const char *lower = "content-type-x-parameter", *upper = "CONTENT-TYPE-X-PARAMETER";
    for (size_t len = 0; len <= strlen(lower); len++) {
        assert_int_equal(eml__keyed_hash_casefold(&key, lower, len),
                         eml__keyed_hash_casefold(&key, upper, len));
    }
    /* Bytes that differ from letters' counterparts only in bit 0x20 but
     * are not letters stay apart. */
    assert_int_not_equal(eml__keyed_hash_casefold(&key, "@[\\]^_", 6),
                         eml__keyed_hash_casefold(&key, "`{|}~\x7f", 6));
    eml__hash_key other = key;
    other.k1 ^= 1;
    assert_int_not_equal(eml__keyed_hash_casefold(&key, lower, 8),
                         eml__keyed_hash_casefold(&other, lower, 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_siphash_vectors),
        cmocka_unit_test(test_random_fields),
        cmocka_unit_test(test_sections_out_of_order),
        cmocka_unit_test(test_colliding_names),
        cmocka_unit_test(test_colliding_names_parsed),
    };
    return cmocka_run_group_tests(tests, find_collision, NULL);
}
