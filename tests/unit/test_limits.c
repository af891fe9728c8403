/* Limits that cut a result say so: a defect, or EML_ELIMIT with
 * EML_OPT_LIMIT_FAILS; and the defect list itself is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eml.h"

#include <stdlib.h>
#include <string.h>

static eml_message *parse_with(const char *msg, eml_option opt, int64_t v, int fails)
{
    eml_options *o = eml_options_create(NULL);
    assert_non_null(o);
    assert_int_equal(eml_options_set(o, opt, v), EML_OK);
    assert_int_equal(eml_options_set(o, EML_OPT_LIMIT_FAILS, fails), EML_OK);
    eml_message *m = NULL;
    assert_int_equal(eml_parse(msg, strlen(msg), o, &m), EML_OK);
    eml_options_free(o);
    return m;
}

static size_t defects_of(const eml_part *p, eml_defect_code code, size_t *offset)
{
    size_t n = 0;
    eml_defect d;
    for (size_t i = 0; eml_part_defect(p, i, &d) == EML_OK; i++) {
        if (d.code == code) {
            if (offset)
                *offset = d.offset;
            n++;
        }
    }
    return n;
}

static const char ten_addresses[] = "To: a0@x, a1@x, a2@x, a3@x, a4@x, a5@x, a6@x, a7@x, a8@x, a9@x\r\n\r\n";

static void test_address_limit(void **state)
{
    (void)state;
    eml_message *m = parse_with(ten_addresses, EML_OPT_MAX_ADDRESSES, 3, 0);
    const eml_part *r = eml_message_root(m);
    eml_address a[10];
    size_t n = 99, off = 0;
    assert_int_equal(eml_part_field_addresses(r, 0, a, 10, &n), EML_OK);
    assert_int_equal(n, 3); /* the number kept */
    assert_string_equal(a[2].address.ptr, "a2@x");
    assert_int_equal(defects_of(r, EML_DEFECT_ADDRESS_LIMIT, &off), 1);
    assert_int_equal(off, strstr(ten_addresses, "a3@x") - ten_addresses);
    /* Cached: no second defect, the same answer. */
    assert_int_equal(eml_part_field_addresses(r, 0, a, 10, &n), EML_OK);
    assert_int_equal(n, 3);
    assert_int_equal(defects_of(r, EML_DEFECT_ADDRESS_LIMIT, NULL), 1);
    eml_message_free(m);

    m = parse_with(ten_addresses, EML_OPT_MAX_ADDRESSES, 3, 1);
    n = 99;
    assert_int_equal(eml_part_field_addresses(eml_message_root(m), 0, a, 10, &n), EML_ELIMIT);
    assert_int_equal(n, 0);
    assert_int_equal(eml_part_field_addresses(eml_message_root(m), 0, a, 10, &n), EML_ELIMIT);
    eml_message_free(m);

    /* Exactly at the limit: nothing is cut. */
    m = parse_with(ten_addresses, EML_OPT_MAX_ADDRESSES, 10, 1);
    assert_int_equal(eml_part_field_addresses(eml_message_root(m), 0, a, 10, &n), EML_OK);
    assert_int_equal(n, 10);
    assert_int_equal(defects_of(eml_message_root(m), EML_DEFECT_ADDRESS_LIMIT, NULL), 0);
    eml_message_free(m);
}

static const char five_ids[] = "References: <1@x> <2@x> <3@x> <4@x> <5@x>\r\n\r\n";

static void test_msgid_limit(void **state)
{
    (void)state;
    int64_t min, max, def;
    assert_int_equal(eml_option_bounds(EML_OPT_MAX_MSGIDS, &min, &max, &def), EML_OK);
    assert_int_equal(min, 1);
    assert_int_equal(def, 100000);
    eml_message *m = parse_with(five_ids, EML_OPT_MAX_MSGIDS, 2, 0);
    const eml_part *r = eml_message_root(m);
    eml_slice ids[5];
    size_t n = 0, off = 0;
    assert_int_equal(eml_part_field_msgids(r, 0, ids, 5, &n), EML_OK);
    assert_int_equal(n, 2);
    assert_int_equal(defects_of(r, EML_DEFECT_MSGID_LIMIT, &off), 1);
    assert_int_equal(off, strstr(five_ids, "3@x") - five_ids);
    eml_message_free(m);

    m = parse_with(five_ids, EML_OPT_MAX_MSGIDS, 2, 1);
    assert_int_equal(eml_part_field_msgids(eml_message_root(m), 0, ids, 5, &n), EML_ELIMIT);
    eml_message_free(m);

    m = parse_with(five_ids, EML_OPT_MAX_MSGIDS, 5, 1);
    assert_int_equal(eml_part_field_msgids(eml_message_root(m), 0, ids, 5, &n), EML_OK);
    assert_int_equal(n, 5);
    eml_message_free(m);
}

/* Every '<' without its '>' is a defect: the list stops at the limit, one
 * DEFECT_LIMIT entry marks the cut, and the rest are counted. */
static void test_defect_limit(void **state)
{
    (void)state;
    int64_t def;
    assert_int_equal(eml_option_bounds(EML_OPT_MAX_DEFECTS, NULL, NULL, &def), EML_OK);
    assert_int_equal(def, 1000);
    size_t n = 5000;
    char *msg = malloc(n + 64);
    strcpy(msg, "References: ");
    memset(msg + 12, '<', n);
    strcpy(msg + 12 + n, "\r\n\r\n");
    eml_message *m = parse_with(msg, EML_OPT_MAX_DEFECTS, 10, 1);
    const eml_part *r = eml_message_root(m);
    size_t count;
    assert_int_equal(eml_part_field_msgids(r, 0, NULL, 0, &count), EML_OK);
    assert_int_equal(eml_part_defect_count(r), 11);
    eml_defect d;
    assert_int_equal(eml_part_defect(r, 10, &d), EML_OK);
    assert_int_equal(d.code, EML_DEFECT_DEFECT_LIMIT);
    assert_true(eml_part_defects_dropped(r) >= n - 10);
    assert_int_equal(eml_part_defects_dropped(NULL), 0);
    eml_message_free(m);

    m = parse_with(msg, EML_OPT_MAX_DEFECTS, 1000, 0);
    r = eml_message_root(m);
    assert_int_equal(eml_part_field_msgids(r, 0, NULL, 0, &count), EML_OK);
    assert_int_equal(eml_part_defect_count(r), 1001);
    eml_message_free(m);
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_limit),
        cmocka_unit_test(test_msgid_limit),
        cmocka_unit_test(test_defect_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
