/* Dates: RFC 5322 section 3.3, the obsolete forms of 4.3 (Appendix A.6.2
 * and A.6.3), broken forms seen in the wild, and values that are not
 * dates. Expected epochs were computed independently (Python datetime). */
#include "semantic_test.h"
#include "text/date.h"

typedef struct date_case {
    const char *text;
    int rc;
    int64_t epoch;
    int zone;
    int defect; /* 0: none */
} date_case;

#define BAD(text) {text, EML_ENOTFOUND, 0, 0, EML_DEFECT_DATE_INVALID}
/* A day without a time of day, or a time without a zone: no instant is
 * named, so no date rather than midnight or UT filled in. */
#define INCOMPLETE(text) {text, EML_ENOTFOUND, 0, 0, EML_DEFECT_DATE_INCOMPLETE}

static const date_case dates[] = {
    /* RFC 5322 Appendix A.1.1, A.1.2, A.3 */
    {"Fri, 21 Nov 1997 09:55:06 -0600", EML_OK, 880127706, -360, 0},
    {"Tue, 1 Jul 2003 10:52:37 +0200", EML_OK, 1057049557, 120, 0},
    {"Fri, 21 Nov 1997 10:01:10 -0600", EML_OK, 880128070, -360, 0},
    {"Fri, 21 Nov 1997 11:00:00 -0600", EML_OK, 880131600, -360, 0},
    {"Mon, 24 Nov 1997 14:22:01 -0800", EML_OK, 880410121, -480, 0},
    /* A.5: folding and a comment */
    {"Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n               -0330 (Newfoundland Time)",
     EML_OK, -27723480, -210, 0},
    /* A.6.2: two-digit year, obsolete zone */
    {"21 Nov 97 09:55:06 GMT", EML_OK, 880106106, 0, EML_DEFECT_DATE_OBSOLETE},
    /* A.6.3: comments and whitespace everywhere */
    {"Fri, 21 Nov 1997 09(comment):   55  :  06 -0600", EML_OK, 880127706, -360, 0},
    /* optional parts */
    {"21 Nov 1997 09:55:06 -0600", EML_OK, 880127706, -360, 0},
    {"Tue, 1 Jul 2003 10:52 +0200", EML_OK, 1057049520, 120, 0},
    {"tue, 01 JUL 2003 10:52:37 +0200", EML_OK, 1057049557, 120, 0},
    {"  Tue,  1  Jul  2003  10:52:37  +0200  ", EML_OK, 1057049557, 120, 0},
    {"Thu, 01 Jan 1970 00:00:00 +0000", EML_OK, 0, 0, 0},
    {"Thu, 01 Jan 1970 00:00:00 -0000", EML_OK, 0, 0, 0},
    {"Tue, 29 Feb 2000 00:00:00 +0000", EML_OK, 951782400, 0, 0},
    {"Thu, 29 Feb 2024 12:00:00 +0000", EML_OK, 1709208000, 0, 0},
    {"Tue, 19 Jan 2038 03:14:08 +0000", EML_OK, 2147483648LL, 0, 0},
    {"Fri, 31 Dec 9999 23:59:59 +0000", EML_OK, 253402300799LL, 0, 0},
    {"Mon, 1 Jan 1900 00:00:00 +0000", EML_OK, -2208988800LL, 0, 0},
    {"Sat, 31 Dec 2016 23:59:60 +0000", EML_OK, 1483228800, 0, 0},
    {"Mon, 15 Jan 2024 10:30:00 +0530", EML_OK, 1705294800, 330, 0},
    {"Mon, 15 Jan 2024 10:30:00 +0100 (CET)", EML_OK, 1705311000, 60, 0},
    /* an unterminated comment or quoted string is reported as in every
     * structured field; the date before it still counts */
    {"Mon, 15 Jan 2024 10:30:00 +0100 (CET", EML_OK, 1705311000, 60,
     EML_DEFECT_UNTERMINATED_COMMENT},
    {"Mon, 15 Jan 2024 10:30:00 +0100 (C\\)ET", EML_OK, 1705311000, 60,
     EML_DEFECT_UNTERMINATED_COMMENT},
    {"Mon, 15 Jan 2024 10:30:00 +0100 \"CET", EML_OK, 1705311000, 60,
     EML_DEFECT_UNTERMINATED_QUOTED_STRING},
    /* two- and three-digit years (section 4.3) */
    {"Fri, 31 Dec 49 23:59:59 +0000", EML_OK, 2524607999LL, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Sun, 1 Jan 50 00:00:00 +0000", EML_OK, -631152000, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Fri, 31 Dec 99 23:59:59 +0000", EML_OK, 946684799, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 00 00:00:00 +0000", EML_OK, 947894400, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Fri, 31 Dec 099 23:59:59 +0000", EML_OK, 946684799, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 124 10:30:00 +0000", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    /* obsolete zones with their offsets */
    {"Mon, 15 Jan 2024 10:30:00 UT", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 GMT", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 EST", EML_OK, 1705332600, -300, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 EDT", EML_OK, 1705329000, -240, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 CST", EML_OK, 1705336200, -360, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 CDT", EML_OK, 1705332600, -300, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 MST", EML_OK, 1705339800, -420, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 MDT", EML_OK, 1705336200, -360, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 PST", EML_OK, 1705343400, -480, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 pdt", EML_OK, 1705339800, -420, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 CEST", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    /* military zones: -0000 whatever the letter (section 4.3) */
    {"Mon, 15 Jan 2024 10:30:00 Z", EML_OK, 1705314600, 0, EML_DEFECT_DATE_MILITARY_ZONE},
    {"Mon, 15 Jan 2024 10:30:00 A", EML_OK, 1705314600, 0, EML_DEFECT_DATE_MILITARY_ZONE},
    {"Mon, 15 Jan 2024 10:30:00 n", EML_OK, 1705314600, 0, EML_DEFECT_DATE_MILITARY_ZONE},
    {"Mon, 15 Jan 2024 10:30:00 Y", EML_OK, 1705314600, 0, EML_DEFECT_DATE_MILITARY_ZONE},
    /* broken forms */
    {"Mon 15 Jan 2024 10:30:00 +0000", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Monday, 15 January 2024 10:30:00 +0000", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"15-Jan-2024 10:30:00 +0000", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    INCOMPLETE("Mon, 15 Jan 2024 10:30:00"),
    INCOMPLETE("Mon, 15 Jan 2024"),
    INCOMPLETE("Tue, 1 Jul 2003"),
    INCOMPLETE("1 Jul 2003 (no time)"),
    {"Mon, 15 Jan 2024 10:30:00 +01:00", EML_OK, 1705311000, 60, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 GMT+0100", EML_OK, 1705311000, 60, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 10:30:00 -0800 PST", EML_OK, 1705343400, -480, 0},
    {"Mon, 15 Jan 2024 10:30:00.123 +0000", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"2024-01-15T10:30:00Z", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"2024-01-15T10:30:00+05:30", EML_OK, 1705294800, 330, EML_DEFECT_DATE_OBSOLETE},
    {"2024-01-15 10:30:00 -0800", EML_OK, 1705343400, -480, EML_DEFECT_DATE_OBSOLETE},
    {"2024-01-15T10:30:00.5Z", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    INCOMPLETE("2024-01-15"),
    INCOMPLETE("2024-01-15T10:30"),
    INCOMPLETE("Mon Jan 15 10:30:00 2024"),
    INCOMPLETE("Mon Jan 15 2024"),
    {"Mon Jan 15 10:30:00 2024 -0800", EML_OK, 1705343400, -480, EML_DEFECT_DATE_OBSOLETE},
    {"Jan 15, 2024 10:30:00 +0000", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Fri May 24 10:35:57 EDT 1991", EML_OK, 675095757, -240, EML_DEFECT_DATE_OBSOLETE},
    {"Mon Jan 15 10:30:00 +0100 2024", EML_OK, 1705311000, 60, EML_DEFECT_DATE_OBSOLETE},
    INCOMPLETE("18 Feb 01 12:29:13 AM"),
    /* An unknown zone name is -0000 by RFC 5322 section 4.3 (UT, local
     * zone unknown); seconds are optional (section 3.3). */
    {"Mon, 15 Jan 2024 10:30 XYZ", EML_OK, 1705314600, 0, EML_DEFECT_DATE_OBSOLETE},
    {"Wed 29 May 2019 06:09:22 PM EDT", EML_OK, 1559167762, -240, EML_DEFECT_DATE_OBSOLETE},
    {"Mon, 15 Jan 2024 12:30 pm +0000", EML_OK, 1705321800, 0, EML_DEFECT_DATE_OBSOLETE},
    /* not dates: no made-up value */
    BAD(""),
    BAD("   "),
    BAD("(just a comment)"),
    BAD("garbage"),
    BAD("yesterday at noon"),
    BAD("Mon, 32 Jan 2024 10:30:00 +0000"),
    BAD("Thu, 29 Feb 2023 10:30:00 +0000"),
    BAD("Mon, 15 Foo 2024 10:30:00 +0000"),
    BAD("Mon, 15 Jan 2024 24:30:00 +0000"),
    BAD("Mon, 15 Jan 2024 10:60:00 +0000"),
    BAD("Mon, 15 Jan 2024 10:30:61 +0000"),
    BAD("Mon, 15 Jan 2024 10:30:00 +0099"),
    BAD("Mon, 0 Jan 2024 10:30:00 +0000"),
    BAD("Mon, 15 Jan 12345 10:30:00 +0000"),
    BAD("Mon, 15 Jan 2024 10:30:00 +12345"),
    BAD("Mon, 15 Jan 2024 junk:00 +0000"),
    BAD("2024-13-15T10:30:00Z"),
    BAD("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26"),
    BAD("Mon, 15 Jan"),
    BAD("15 2024 Jan 10:30"),
    BAD("Mon, 15 Jan 2024 13:30 PM +0000"),
    BAD("Thu Jan 01 00:00:10 +0000"),
    BAD("Wed, 15 Dec 2010    59:10 -0500"),
};

static void test_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        sem_fixture f;
        sem_init(&f);
        int64_t epoch = 12345;
        int zone = 777;
        int rc = eml__date_parse(&f.ctx, dates[i].text, strlen(dates[i].text), &epoch, &zone);
        if (rc != dates[i].rc) {
            print_error("row %zu (%s): rc %d\n", i, dates[i].text, rc);
            fail();
        }
        if (rc == EML_OK) {
            if (epoch != dates[i].epoch || zone != dates[i].zone) {
                print_error("row %zu (%s): %lld %d\n", i, dates[i].text, (long long)epoch, zone);
                fail();
            }
        } else {
            /* untouched: never "now" or any other made-up date */
            assert_int_equal(epoch, 12345);
            assert_int_equal(zone, 777);
        }
        sem_check_defect(&f, dates[i].defect, i);
        eml__arena_release(&f.arena);
    }
}

/* Through the API, from a message: no date and the defect on the part. */
static void test_incomplete_in_message(void **state)
{
    (void)state;
    static const char *const fields[] = { "Tue, 1 Jul 2003", "Thu, 10 Aug 2000 02:53:01",
                                          "Thu, 16 Jun 2016 00:41:19 (UTC)" };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char in[256];
        snprintf(in, sizeof in, "Date: %s\r\nSubject: x\r\n\r\nbody\r\n", fields[i]);
        eml_message *m;
        assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
        const eml_part *r = eml_message_root(m);
        int64_t epoch = 1;
        int zone = 2;
        assert_int_equal(eml_part_field_date(r, 0, &epoch, &zone), EML_ENOTFOUND);
        assert_int_equal(epoch, 1);
        assert_int_equal(zone, 2);
        bool found = false;
        for (size_t k = 0; k < eml_part_defect_count(r); k++) {
            eml_defect d;
            assert_int_equal(eml_part_defect(r, k, &d), EML_OK);
            found |= d.code == EML_DEFECT_DATE_INCOMPLETE;
            assert_int_not_equal(d.code, EML_DEFECT_DATE_OBSOLETE);
        }
        assert_true(found);
        eml_message_free(m);
    }
}

typedef struct civil_case {
    int64_t y;
    unsigned m, d;
    int64_t days;
} civil_case;

static const civil_case civil[] = {
    {1970, 1, 1, 0},      {1969, 12, 31, -1},    {2000, 3, 1, 11017},
    {2000, 2, 29, 11016}, {1900, 3, 1, -25508},  {1601, 1, 1, -134774},
    {2400, 2, 29, 157113}, {1, 1, 1, -719162},
};

static void test_days_from_civil(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof civil / sizeof civil[0]; i++) {
        if (eml__days_from_civil(civil[i].y, civil[i].m, civil[i].d) != civil[i].days) {
            print_error("row %zu\n", i);
            fail();
        }
    }
}

static void test_public(void **state)
{
    (void)state;
    int64_t epoch;
    int zone;
    eml_defect d[4];
    size_t nd = 99;
    assert_int_equal(eml_date_parse("Fri, 21 Nov 1997 09:55:06 -0600", 31, &epoch, &zone, d, 4, &nd), EML_OK);
    assert_int_equal(epoch, 880127706);
    assert_int_equal(zone, -360);
    assert_int_equal(nd, 0);
    assert_int_equal(eml_date_parse("21 Nov 97 09:55:06 J", 20, &epoch, &zone, d, 4, &nd), EML_ENOTFOUND);
    assert_int_equal(nd, 1);
    assert_int_equal(d[0].code, EML_DEFECT_DATE_INVALID);
    assert_int_equal(eml_date_parse("21 Nov 97 09:55:06 M", 20, &epoch, &zone, d, 1, &nd), EML_OK);
    assert_int_equal(nd, 1); /* capped at cap */
    assert_int_equal(eml_date_parse("21 Nov 97 09:55:06 M", 20, &epoch, &zone, NULL, 0, NULL), EML_OK);
    assert_int_equal(eml_date_parse(NULL, 3, &epoch, &zone, NULL, 0, NULL), EML_EINVAL);
    assert_int_equal(eml_date_parse(NULL, 0, &epoch, &zone, NULL, 0, NULL), EML_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_incomplete_in_message),
        cmocka_unit_test(test_days_from_civil),
        cmocka_unit_test(test_public),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
