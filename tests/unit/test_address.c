/* Address lists: RFC 5322 Appendix A (A.1, A.5, A.6.1, A.6.3), groups,
 * comments, obsolete syntax, RFC 6532 UTF-8, and malformed lists that
 * must not stop early. */
#include "semantic_test.h"
#include "text/address.h"

#define MAXA 5

typedef struct expect {
    const char *name;    /* NULL: no display name */
    const char *address;
    const char *group;   /* NULL: outside a group */
} expect;

typedef struct address_case {
    const char *in;
    size_t count;
    expect a[MAXA];
    int defect; /* 0: none */
} address_case;

static const address_case cases[] = {
    /* A.1.1 */
    {"John Doe <jdoe@machine.example>", 1, {{"John Doe", "jdoe@machine.example", NULL}}, 0},
    {"Mary Smith <mary@example.net>", 1, {{"Mary Smith", "mary@example.net", NULL}}, 0},
    /* A.1.2 */
    {"\"Joe Q. Public\" <john.q.public@example.com>", 1,
     {{"Joe Q. Public", "john.q.public@example.com", NULL}}, 0},
    {"Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>", 3,
     {{"Mary Smith", "mary@x.test", NULL}, {NULL, "jdoe@example.org", NULL}, {"Who?", "one@y.test", NULL}}, 0},
    {"<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>", 2,
     {{NULL, "boss@nil.test", NULL}, {"Giant; \"Big\" Box", "sysservices@example.net", NULL}}, 0},
    /* A.1.3 */
    {"A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;", 3,
     {{"Ed Jones", "c@a.test", "A Group"}, {NULL, "joe@where.test", "A Group"}, {"John", "jdoe@one.test", "A Group"}}, 0},
    {"Undisclosed recipients:;", 1, {{NULL, "", "Undisclosed recipients"}}, 0},
    /* A.5 */
    {"Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>", 1,
     {{"Pete", "pete@silly.test", NULL}}, 0},
    {"A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n"
     "         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)", 3,
     {{"Chris Jones", "c@public.example", "A Group"}, {NULL, "joe@example.org", "A Group"},
      {"John", "jdoe@one.test", "A Group"}}, 0},
    {"(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;", 1,
     {{NULL, "", "Hidden recipients"}}, 0},
    /* A.6.1 */
    {"Joe Q. Public <john.q.public@example.com>", 1,
     {{"Joe Q. Public", "john.q.public@example.com", NULL}}, EML_DEFECT_ADDRESS_UNQUOTED_SPECIALS},
    {"Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example", 2,
     {{"Mary Smith", "mary@example.net", NULL}, {NULL, "jdoe@test.example", NULL}}, EML_DEFECT_ADDRESS_OBS_ROUTE},
    /* A.6.3 */
    {"John Doe <jdoe@machine(comment).  example>", 1, {{"John Doe", "jdoe@machine.example", NULL}}, 0},
    {"Mary Smith\r\n  \r\n          <mary@example.net>", 1, {{"Mary Smith", "mary@example.net", NULL}}, 0},
    /* addr-spec forms */
    {"user@example.com", 1, {{NULL, "user@example.com", NULL}}, 0},
    {"  user@example.com  ", 1, {{NULL, "user@example.com", NULL}}, 0},
    {"first.last@sub.example.co.uk", 1, {{NULL, "first.last@sub.example.co.uk", NULL}}, 0},
    {"<user@example.com>", 1, {{NULL, "user@example.com", NULL}}, 0},
    {"\"john doe\"@example.com", 1, {{NULL, "\"john doe\"@example.com", NULL}}, 0},
    {"\"john\"@example.com", 1, {{NULL, "john@example.com", NULL}}, 0},
    {"\"a\\\"b\"@example.com", 1, {{NULL, "\"a\\\"b\"@example.com", NULL}}, 0},
    {"\"@\"@example.com", 1, {{NULL, "\"@\"@example.com", NULL}}, 0},
    {"user@[192.168.0.1]", 1, {{NULL, "user@[192.168.0.1]", NULL}}, 0},
    {"Lit <user@[IPv6:2001:db8::1]>", 1, {{"Lit", "user@[IPv6:2001:db8::1]", NULL}}, 0},
    {"john . q . public @ example . com", 1, {{NULL, "john.q.public@example.com", NULL}}, 0},
    {"\"john\".\"q\"@example.com", 1, {{NULL, "john.q@example.com", NULL}}, 0},
    {"<>", 1, {{NULL, "", NULL}}, 0},
    /* comments as names */
    {"user@host (Real Name)", 1, {{"Real Name", "user@host", NULL}}, 0},
    {"user@host (Real (Nested) Name)", 1, {{"Real (Nested) Name", "user@host", NULL}}, 0},
    {"(Before) user@host", 1, {{"Before", "user@host", NULL}}, 0},
    {"user@host ()", 1, {{NULL, "user@host", NULL}}, 0},
    {"Name <user@host> (comment)", 1, {{"Name", "user@host", NULL}}, 0},
    {"<user@host> (Comment Name)", 1, {{"Comment Name", "user@host", NULL}}, 0},
    {"user@host (=?utf-8?q?J=C3=B6rg?=)", 1, {{"J\xc3\xb6rg", "user@host", NULL}}, 0},
    {"user@host (a\\(b)", 1, {{"a(b", "user@host", NULL}}, 0},
    /* display names */
    {"\"\" <user@host>", 1, {{NULL, "user@host", NULL}}, 0},
    /* display names are trimmed like unstructured text */
    {"\"  spaced  out \" <user@host>", 1, {{"spaced  out", "user@host", NULL}}, 0},
    {"Joe\"Q\"Public <user@host>", 1, {{"JoeQPublic", "user@host", NULL}}, 0},
    {"\"Doe, John\" <john@example.com>", 1, {{"Doe, John", "john@example.com", NULL}}, 0},
    {"Doe, John <john@example.com>", 1, {{"Doe, John", "john@example.com", NULL}}, EML_DEFECT_ADDRESS_UNQUOTED_SPECIALS},
    {"Doe, John, Jr. <john@example.com>, x@y", 2,
     {{"Doe, John, Jr.", "john@example.com", NULL}, {NULL, "x@y", NULL}}, EML_DEFECT_ADDRESS_UNQUOTED_SPECIALS},
    {"user@host <user@host>", 1, {{"user@host", "user@host", NULL}}, EML_DEFECT_ADDRESS_UNQUOTED_SPECIALS},
    {"J.R.R. Tolkien <jrrt@example.org>", 1, {{"J.R.R. Tolkien", "jrrt@example.org", NULL}}, EML_DEFECT_ADDRESS_UNQUOTED_SPECIALS},
    {"\"Quoted \\\\ backslash\" <q@x>", 1, {{"Quoted \\ backslash", "q@x", NULL}}, 0},
    {"\"Folded\r\n name\" <f@x>", 1, {{"Folded name", "f@x", NULL}}, 0},
    /* RFC 2047 in display names */
    {"=?utf-8?q?J=C3=B6rg?= Schmidt <j@x>", 1, {{"J\xc3\xb6rg Schmidt", "j@x", NULL}}, 0},
    {"=?utf-8?b?5pel5pys?= =?utf-8?b?6Kqe?= <j@x>", 1, {{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "j@x", NULL}}, 0},
    {"=?utf-8?q?=E2=82?= =?utf-8?q?=AC?= <e@x>", 1, {{"\xe2\x82\xac", "e@x", NULL}}, 0},
    {"\"=?utf-8?q?J=C3=B6rg?=\" <j@x>", 1, {{"J\xc3\xb6rg", "j@x", NULL}}, EML_DEFECT_ENCODED_WORD_IN_QUOTES},
    {"=?iso-8859-1?q?Andr=E9?= Pirard <pirard@vm1.ulg.ac.be>", 1, {{"Andr\xc3\xa9 Pirard", "pirard@vm1.ulg.ac.be", NULL}}, 0},
    {"=?bogus?q?x?= <b@x>", 1, {{"=?bogus?q?x?=", "b@x", NULL}}, EML_DEFECT_ENCODED_WORD_MALFORMED},
    /* RFC 6532 UTF-8 */
    {"J\xc3\xb6rg <j\xc3\xb6rg@b\xc3\xbc" "cher.example>", 1, {{"J\xc3\xb6rg", "j\xc3\xb6rg@b\xc3\xbc" "cher.example", NULL}}, 0},
    {"\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9\xbf\xe5\x91\x8a", 1,
     {{NULL, "\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9\xbf\xe5\x91\x8a", NULL}}, 0},
    {"J\xf6rg <j@x>", 1, {{"J\xc3\xb6rg", "j@x", NULL}}, EML_DEFECT_UNDECLARED_8BIT},
    {"j\xf6rg@x", 1, {{NULL, "j\xc3\xb6rg@x", NULL}}, EML_DEFECT_UNDECLARED_8BIT},
    /* groups */
    {"undisclosed-recipients:;", 1, {{NULL, "", "undisclosed-recipients"}}, 0},
    {"undisclosed-recipients: ;", 1, {{NULL, "", "undisclosed-recipients"}}, 0},
    {"Team: a@x, B <b@x>;, c@y", 3, {{NULL, "a@x", "Team"}, {"B", "b@x", "Team"}, {NULL, "c@y", NULL}}, 0},
    {"G1: a@x; G2: b@y;", 2, {{NULL, "a@x", "G1"}, {NULL, "b@y", "G2"}}, 0},
    {"Team: a@x, b@y", 2, {{NULL, "a@x", "Team"}, {NULL, "b@y", "Team"}}, 0},
    {"=?utf-8?q?=C3=89quipe?=: a@x;", 1, {{NULL, "a@x", "\xc3\x89quipe"}}, 0},
    {"\"Quoted Group\": ;", 1, {{NULL, "", "Quoted Group"}}, 0},
    /* empty and trailing entries (obs-addr-list) */
    {"", 0, {{0}}, 0},
    {" , ,, ", 0, {{0}}, 0},
    {"a@b,", 1, {{NULL, "a@b", NULL}}, 0},
    {",a@b", 1, {{NULL, "a@b", NULL}}, 0},
    {"a@b,,,c@d", 2, {{NULL, "a@b", NULL}, {NULL, "c@d", NULL}}, 0},
    {"a@b; c@d", 2, {{NULL, "a@b", NULL}, {NULL, "c@d", NULL}}, 0},
    {"a@b (x), (y) c@d", 2, {{"x", "a@b", NULL}, {"y", "c@d", NULL}}, 0},
    /* missing angle brackets */
    {"John Doe <john@example.com", 1, {{"John Doe", "john@example.com", NULL}}, EML_DEFECT_ADDRESS_MISSING_ANGLE},
    {"John <john@example.com, Mary <mary@example.com>", 2,
     {{"John", "john@example.com", NULL}, {"Mary", "mary@example.com", NULL}}, EML_DEFECT_ADDRESS_MISSING_ANGLE},
    {"John Doe john@example.com", 1, {{"John Doe", "john@example.com", NULL}}, EML_DEFECT_ADDRESS_MISSING_ANGLE},
    /* missing commas */
    {"tim@example.com concierge@example.com", 2,
     {{NULL, "tim@example.com", NULL}, {NULL, "concierge@example.com", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"a@b (A) c@d (C), e@f", 3, {{"A", "a@b", NULL}, {"C", "c@d", NULL}, {NULL, "e@f", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"a@b trailing words", 1, {{NULL, "a@b", NULL}}, 0},
    /* invalid entries are skipped, the list goes on */
    {"not an address, ok@x", 1, {{NULL, "ok@x", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"ok@x, garbage", 1, {{NULL, "ok@x", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    /* Text after an angle-addr is never dropped silently. */
    {"Foo <foo@example.com> <bar@example.com>", 1, {{"Foo", "foo@example.com", NULL}},
     EML_DEFECT_ADDRESS_INVALID},
    {"<x@y> junk, Bar <bar@z>", 2, {{NULL, "x@y", NULL}, {"Bar", "bar@z", NULL}},
     EML_DEFECT_ADDRESS_INVALID},
    {"Bar <bar@z> (a comment)", 1, {{"Bar", "bar@z", NULL}}, 0},
    {"a@, b@x", 1, {{NULL, "b@x", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"@x, b@x", 1, {{NULL, "b@x", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"Name <>x, c@d", 2, {{"Name", "", NULL}, {NULL, "c@d", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"<a@>, b@c", 1, {{NULL, "b@c", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"root", 0, {{0}}, EML_DEFECT_ADDRESS_INVALID},
    {"\"unterminated <a@b>", 0, {{0}}, EML_DEFECT_UNTERMINATED_QUOTED_STRING},
    {"a@b (unterminated", 1, {{"unterminated", "a@b", NULL}}, EML_DEFECT_UNTERMINATED_COMMENT},
    {"x@[unterminated, y@z", 1, {{NULL, "y@z", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"one, two, three@x", 1, {{NULL, "three@x", NULL}}, EML_DEFECT_ADDRESS_INVALID},
    {"<a@b> <c@d>, e@f", 2, {{NULL, "a@b", NULL}, {NULL, "e@f", NULL}}, EML_DEFECT_ADDRESS_INVALID},
};

static void check_entry(const eml_address *got, const expect *want, size_t row)
{
    sem_check_string(got->name, want->name, row);
    sem_check_string(got->address, want->address, row);
    sem_check_string(got->group, want->group, row);
}

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sem_fixture f;
        sem_init(&f);
        eml__address_list l;
        assert_int_equal(eml__address_parse(&f.ctx, cases[i].in, strlen(cases[i].in), 0, &l), EML_OK);
        if (l.count != cases[i].count) {
            print_error("row %zu: %zu addresses\n", i, l.count);
            fail();
        }
        for (size_t k = 0; k < l.count; k++)
            check_entry(&l.items[k], &cases[i].a[k], i);
        sem_check_defect(&f, cases[i].defect, i);
        eml__arena_release(&f.arena);
    }
}

/* Offsets of defects point into the value. */
static void test_offsets(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    f.ctx.base = 100;
    eml__address_list l;
    const char *in = "a@b, junk, <@r:c@d>";
    assert_int_equal(eml__address_parse(&f.ctx, in, strlen(in), 0, &l), EML_OK);
    assert_int_equal(l.count, 2);
    assert_int_equal(f.defects.count, 2);
    assert_int_equal(f.defects.items[0].code, EML_DEFECT_ADDRESS_INVALID);
    assert_int_equal(f.defects.items[0].offset, 105);
    assert_int_equal(f.defects.items[1].code, EML_DEFECT_ADDRESS_OBS_ROUTE);
    assert_int_equal(f.defects.items[1].offset, 112);
    eml__arena_release(&f.arena);
}

static void test_limit(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    eml__address_list l;
    const char *in = "a@x, b@x, c@x, d@x";
    assert_int_equal(eml__address_parse(&f.ctx, in, strlen(in), 2, &l), EML_OK);
    assert_int_equal(l.count, 2);
    sem_check_string(l.items[1].address, "b@x", 0);
    eml__arena_release(&f.arena);
}

/* A million addresses and comments nested 100,000 deep: linear work, no
 * recursion (a stack overflow would crash here). */
static void test_large(void **state)
{
    (void)state;
    const size_t n = 1000000;
    char *in = malloc(n * 5);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++)
        memcpy(in + 5 * i, "a@b, ", 5);
    sem_fixture f;
    sem_init(&f);
    eml__address_list l;
    assert_int_equal(eml__address_parse(&f.ctx, in, n * 5, 0, &l), EML_OK);
    assert_int_equal(l.count, n);
    sem_check_string(l.items[n - 1].address, "a@b", 0);
    sem_reset(&f);
    const size_t depth = 100000;
    size_t len = 0;
    memcpy(in, "a@b ", 4);
    len = 4;
    for (size_t i = 0; i < depth; i++)
        in[len++] = '(';
    for (size_t i = 0; i < depth; i++)
        in[len++] = ')';
    memcpy(in + len, ", c@d", 5);
    len += 5;
    assert_int_equal(eml__address_parse(&f.ctx, in, len, 0, &l), EML_OK);
    assert_int_equal(l.count, 2);
    sem_check_string(l.items[1].address, "c@d", 1);
    sem_reset(&f);
    /* unterminated nesting */
    for (size_t i = 0; i < depth; i++)
        in[i] = '(';
    assert_int_equal(eml__address_parse(&f.ctx, in, depth, 0, &l), EML_OK);
    assert_int_equal(l.count, 0);
    eml__arena_release(&f.arena);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
