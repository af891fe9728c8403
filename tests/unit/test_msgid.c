/* Message ids: RFC 5322 section 3.6.4 and the obsolete forms of 4.5.4,
 * with the junk that In-Reply-To and References collect in the wild. */
#include "semantic_test.h"
#include "text/msgid.h"

#define MAXI 4

typedef struct msgid_case {
    const char *in;
    size_t count;
    const char *ids[MAXI];
    int defect; /* 0: none */
} msgid_case;

static const msgid_case cases[] = {
    /* RFC 5322 Appendix A.2, A.3 */
    {"<1234@local.machine.example>", 1, {"1234@local.machine.example"}, 0},
    {"<3456@example.net>", 1, {"3456@example.net"}, 0},
    {"<1234@local.machine.example> <3456@example.net>", 2,
     {"1234@local.machine.example", "3456@example.net"}, 0},
    {"<78910@example.net>", 1, {"78910@example.net"}, 0},
    {"<1234@local.machine.example>\r\n <3456@example.net>", 2,
     {"1234@local.machine.example", "3456@example.net"}, 0},
    /* folding, comments, separators */
    {"  <a@b>  ", 1, {"a@b"}, 0},
    {"<a@b>\r\n\t<c@d>\r\n <e@f>", 3, {"a@b", "c@d", "e@f"}, 0},
    {"<a@b>,<c@d>", 2, {"a@b", "c@d"}, 0},
    {"(comment) <a@b> (another (nested) one) <c@d>", 2, {"a@b", "c@d"}, 0},
    {"<a@b><c@d>", 2, {"a@b", "c@d"}, 0},
    {"<\"quoted id\"@example.com>", 1, {"\"quoted id\"@example.com"}, 0},
    {"<a@[127.0.0.1]>", 1, {"a@[127.0.0.1]"}, 0},
    /* obsolete: CFWS inside the id, removed, which rewrites the id */
    {"<a (c) @ b>", 1, {"a@b"}, EML_DEFECT_MSGID_INVALID},
    {"<a\r\n @b.example>", 1, {"a@b.example"}, EML_DEFECT_MSGID_INVALID},
    /* junk between ids: stepped over, never silently */
    {"Your message of \"Mon, 1 Jan 2024\" <a@b>", 1, {"a@b"}, EML_DEFECT_MSGID_INVALID},
    {"<a@b> from joe (Joe Bloggs)", 1, {"a@b"}, EML_DEFECT_MSGID_INVALID},
    {"Message from Joe Bloggs <joe@example.com> of Mon, 1 Jan <id@x>", 2, {"joe@example.com", "id@x"},
     EML_DEFECT_MSGID_INVALID},
    {"<a@b> \"quoted junk\" <c@d>", 2, {"a@b", "c@d"}, EML_DEFECT_MSGID_INVALID},
    /* a Message-ID that is no id at all is dropped with a defect */
    {"12223", 0, {NULL}, EML_DEFECT_MSGID_INVALID},
    /* without angle brackets */
    {"foo@bar", 1, {"foo@bar"}, EML_DEFECT_MSGID_NO_ANGLE},
    {"foo@bar.example baz@qux", 2, {"foo@bar.example", "baz@qux"}, EML_DEFECT_MSGID_NO_ANGLE},
    {"foo@bar.", 1, {"foo@bar"}, EML_DEFECT_MSGID_NO_ANGLE},
    {"<a@b> c@d", 2, {"a@b", "c@d"}, EML_DEFECT_MSGID_NO_ANGLE},
    /* malformed */
    {"", 0, {NULL}, 0},
    {"   ", 0, {NULL}, 0},
    {"no ids here", 0, {NULL}, EML_DEFECT_MSGID_INVALID},
    {"<>", 0, {NULL}, EML_DEFECT_MSGID_INVALID},
    {"<12345>", 1, {"12345"}, EML_DEFECT_MSGID_INVALID},
    {"<a@b", 1, {"a@b"}, EML_DEFECT_MSGID_INVALID},
    {"<a@b <c@d>", 2, {"a@b", "c@d"}, EML_DEFECT_MSGID_INVALID},
    {"<<a@b>", 1, {"a@b"}, EML_DEFECT_MSGID_INVALID},
    {"@ x@", 0, {NULL}, EML_DEFECT_MSGID_INVALID},
    /* the lexical defects, as in every structured field */
    {"(unterminated <a@b>", 0, {NULL}, EML_DEFECT_UNTERMINATED_COMMENT},
    {"\"unterminated <a@b>", 0, {NULL}, EML_DEFECT_UNTERMINATED_QUOTED_STRING},
    {"\"unterminated <a@b>", 0, {NULL}, EML_DEFECT_MSGID_INVALID},
    {"<a@b> (unterminated", 1, {"a@b"}, EML_DEFECT_UNTERMINATED_COMMENT},
    {"<a(b@c>", 1, {"a"}, EML_DEFECT_UNTERMINATED_COMMENT},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sem_fixture f;
        sem_init(&f);
        eml__msgid_list l;
        assert_int_equal(eml__msgid_parse(&f.ctx, cases[i].in, strlen(cases[i].in), 0, &l), EML_OK);
        if (l.count != cases[i].count) {
            print_error("row %zu: %zu ids\n", i, l.count);
            fail();
        }
        for (size_t k = 0; k < l.count; k++)
            sem_check_string(l.items[k], cases[i].ids[k], i);
        sem_check_defect(&f, cases[i].defect, i);
        eml__arena_release(&f.arena);
    }
}

/* A long References field: linear, every id kept. */
static void test_many(void **state)
{
    (void)state;
    const size_t n = 100000;
    char *in = malloc(n * 8);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++)
        memcpy(in + 8 * i, "<a@b>\r\n ", 8);
    sem_fixture f;
    sem_init(&f);
    eml__msgid_list l;
    assert_int_equal(eml__msgid_parse(&f.ctx, in, n * 8, 0, &l), EML_OK);
    assert_int_equal(l.count, n);
    sem_reset(&f);
    assert_int_equal(eml__msgid_parse(&f.ctx, in, n * 8, 10, &l), EML_OK);
    assert_int_equal(l.count, 10);
    sem_reset(&f);
    memset(in, '<', n * 8);
    assert_int_equal(eml__msgid_parse(&f.ctx, in, n * 8, 0, &l), EML_OK);
    assert_int_equal(l.count, 0);
    eml__arena_release(&f.arena);
    free(in);
}

/* Through the API: the dropped Message-ID leaves a defect on the part. */
static void test_dropped_in_message(void **state)
{
    (void)state;
    const char *in = "Message-ID: 12223\r\nSubject: x\r\n\r\nbody\r\n";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    eml_slice ids[2];
    size_t count = 9;
    assert_int_equal(eml_part_field_msgids(r, 0, ids, 2, &count), EML_OK);
    assert_int_equal(count, 0);
    bool found = false;
    for (size_t i = 0; i < eml_part_defect_count(r); i++) {
        eml_defect d;
        assert_int_equal(eml_part_defect(r, i, &d), EML_OK);
        found |= d.code == EML_DEFECT_MSGID_INVALID && d.offset == 12;
    }
    assert_true(found);
    eml_message_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_dropped_in_message),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
