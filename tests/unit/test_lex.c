/*
 * The RFC 5322 lexer (section 3.2): every lexeme on its own, quoted-pairs,
 * nesting, unterminated input at every position, input that ends right
 * after a backslash, and the one defect rule seen through every structured
 * field parser of the public API.
 */
#include "semantic_test.h"

#include "guard.h"
#include "text/lex.h"

/* ---- defect capture ---------------------------------------------------- */

#define MAX_SEEN 8

typedef struct seen {
    size_t count;
    int code[MAX_SEEN];
    size_t at[MAX_SEEN];
} seen;

static void record(void *user, int code, size_t at)
{
    seen *s = user;
    if (s->count < MAX_SEEN) {
        s->code[s->count] = code;
        s->at[s->count] = at;
    }
    s->count++;
}

/* A lexer over a guard-page copy of text, so any read past it crashes. */
static char *lexer_over(eml__lex *lx, seen *s, const char *text, size_t len)
{
    char *copy = guard_copy(text, len);
    memset(s, 0, sizeof *s);
    lx->s = copy;
    lx->len = len;
    lx->defect = record;
    lx->user = s;
    return copy;
}

/* ---- one lexeme at a time ------------------------------------------------ */

enum lexeme { FWS, CFWS, COMMENT, QUOTED, ATOM, DOT_ATOM, TOKEN };

static size_t run(enum lexeme k, const eml__lex *lx, size_t i)
{
    switch (k) {
    case FWS: return eml__lex_fws(lx, i);
    case CFWS: return eml__lex_cfws(lx, i);
    case COMMENT: return eml__lex_comment(lx, i);
    case QUOTED: return eml__lex_quoted_string(lx, i);
    case ATOM: return eml__lex_atom(lx, i);
    case DOT_ATOM: return eml__lex_dot_atom(lx, i);
    case TOKEN: return eml__lex_token(lx, i);
    }
    return i;
}

typedef struct lexeme_case {
    enum lexeme kind;
    const char *in;
    size_t start, end;
    int defect; /* 0: none; otherwise reported at start */
} lexeme_case;

#define UC EML_DEFECT_UNTERMINATED_COMMENT
#define UQ EML_DEFECT_UNTERMINATED_QUOTED_STRING

static const lexeme_case lexemes[] = {
    /* FWS: WSP and the CR LF of folding, nothing else */
    {FWS, "", 0, 0, 0},
    {FWS, " \t\r\n x", 0, 5, 0},
    {FWS, "x ", 0, 0, 0},
    {FWS, "\v\f", 0, 0, 0},
    /* comments (section 3.2.2) */
    {COMMENT, "()", 0, 2, 0},
    {COMMENT, "(a) b", 0, 3, 0},
    {COMMENT, "(a (b (c)) d) e", 0, 13, 0},
    {COMMENT, "(a \\) b) c", 0, 8, 0},
    {COMMENT, "(a \\( b) c", 0, 8, 0},
    {COMMENT, "(\\\\) x", 0, 4, 0},
    {COMMENT, "(\"x)\" y", 0, 4, 0}, /* a quote is ctext in a comment */
    {COMMENT, "(a\r\n b)", 0, 7, 0},
    {COMMENT, "x (a)", 2, 5, 0},
    {COMMENT, "x", 0, 0, 0},          /* not a comment: nothing taken */
    {COMMENT, ")", 0, 0, 0},
    {COMMENT, "(", 0, 1, UC},
    {COMMENT, "(a", 0, 2, UC},
    {COMMENT, "((a)", 0, 4, UC},
    {COMMENT, "(a\\)", 0, 4, UC},
    {COMMENT, "(a\\", 0, 3, UC},      /* ends right after a backslash */
    {COMMENT, "x (a", 2, 4, UC},
    /* CFWS: any mix of FWS and comments */
    {CFWS, " (a) (b)\r\n\t(c (d)) x", 0, 19, 0},
    {CFWS, "x", 0, 0, 0},
    {CFWS, "(a (b", 0, 5, UC},
    /* quoted strings (section 3.2.4) */
    {QUOTED, "\"\"", 0, 2, 0},
    {QUOTED, "\"a b\" c", 0, 5, 0},
    {QUOTED, "\"a \\\" b\" c", 0, 8, 0},
    {QUOTED, "\"a \\\\\" b", 0, 6, 0},
    {QUOTED, "\"(\" x", 0, 3, 0},     /* a parenthesis is qtext */
    {QUOTED, "\"a\r\n b\"", 0, 7, 0},
    {QUOTED, "x", 0, 0, 0},
    {QUOTED, "\"", 0, 1, UQ},
    {QUOTED, "\"abc", 0, 4, UQ},
    {QUOTED, "\"abc\\\"", 0, 6, UQ},
    {QUOTED, "\"abc\\", 0, 5, UQ},    /* ends right after a backslash */
    {QUOTED, "x \"abc", 2, 6, UQ},
    /* atoms (section 3.2.3), leniently: controls and 8-bit bytes count */
    {ATOM, "abc def", 0, 3, 0},
    {ATOM, "a!#$%&'*+-/=?^_`{|}~z@", 0, 21, 0},
    {ATOM, "a.b", 0, 1, 0},
    {ATOM, "\xc3\xa9t\xc3\xa9 x", 0, 5, 0},
    {ATOM, "a\x01" "b c", 0, 3, 0},
    {ATOM, "(a)", 0, 0, 0},
    {DOT_ATOM, "a.b.c d", 0, 5, 0},
    {DOT_ATOM, ".a..b. x", 0, 6, 0}, /* obs-local-part, obs-phrase */
    {DOT_ATOM, "a.b@c", 0, 3, 0},
    {DOT_ATOM, "a.b(c)", 0, 3, 0},
    /* RFC 2045 token: tspecials end it, '.' does not, 8-bit bytes do */
    {TOKEN, "text/plain", 0, 4, 0},
    {TOKEN, "name*0*=x", 0, 7, 0},
    {TOKEN, "a.b;c", 0, 3, 0},
    {TOKEN, "a\xc3\xa9", 0, 1, 0},
    {TOKEN, "a?b", 0, 1, 0},
};

static void test_lexemes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lexemes / sizeof lexemes[0]; i++) {
        const lexeme_case *c = &lexemes[i];
        eml__lex lx;
        seen s;
        char *copy = lexer_over(&lx, &s, c->in, strlen(c->in));
        size_t end = run(c->kind, &lx, c->start);
        if (end != c->end) {
            print_error("row %zu (%s): end %zu, want %zu\n", i, c->in, end, c->end);
            fail();
        }
        if (c->defect) {
            assert_int_equal(s.count, 1);
            assert_int_equal(s.code[0], c->defect);
            assert_int_equal(s.at[0], c->start);
        } else if (s.count) {
            print_error("row %zu (%s): unexpected %s\n", i, c->in, eml_defect_name(s.code[0]));
            fail();
        }
        guard_free(copy);
    }
}

/* ---- character classes ---------------------------------------------------- */

static void test_classes(void **state)
{
    (void)state;
    /* RFC 5322 section 3.2.3 and RFC 2045 section 5.1, written out. */
    const char *specials = "()<>[]:;@\\,.\"";
    const char *tspecials = "()<>@,;:\\\"/[]?=";
    for (unsigned c = 0; c < 256; c++) {
        bool vchar = c > 0x20 && c < 0x7F;
        bool special = c && strchr(specials, (int)c);
        bool tspecial = c && strchr(tspecials, (int)c);
        assert_int_equal(eml__lex_is_special((unsigned char)c), special);
        assert_int_equal(eml__lex_is_atext((unsigned char)c), (vchar && !special) || c >= 0x80);
        assert_int_equal(eml__lex_is_token((unsigned char)c), vchar && !tspecial);
        assert_int_equal(eml__lex_is((unsigned char)c, EML__LEX_TSPECIAL), tspecial);
        assert_int_equal(eml__lex_is((unsigned char)c, EML__LEX_FWS), eml__is_fws((unsigned char)c));
        assert_int_equal(eml__is_wsp((unsigned char)c), c == ' ' || c == '\t');
        assert_int_equal(eml__is_digit((unsigned char)c), c >= '0' && c <= '9');
        assert_int_equal(eml__is_alpha((unsigned char)c),
                         (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
        const char *hex = "0123456789abcdef";
        const char *at = c ? strchr(hex, (int)(c >= 'A' && c <= 'F' ? c + 32 : c)) : NULL;
        assert_int_equal(eml__hex_value((unsigned char)c), at ? (int)(at - hex) : -1);
    }
}

/* ---- the text of comments and quoted strings ----------------------------- */

typedef struct text_case {
    const char *in; /* one comment or quoted string, lexed from 0 */
    const char *text;
} text_case;

static const text_case texts[] = {
    {"\"\"", ""},
    {"\"a b\"", "a b"},
    {"\"a\\\"b\\\\c\"", "a\"b\\c"},
    {"\"a\r\n b\"", "a b"},
    {"\"a\\\r\n b\"", "a\r b"},     /* obs-qp: a quoted CR is kept */
    {"\"abc", "abc"},
    {"\"abc\\\"", "abc\""},          /* the escaped quote is text */
    {"\"abc\\", "abc"},              /* a backslash that quotes nothing */
    {"\"a\" trailing", "a"},
    {"()", ""},
    {"(a (b) c)", "a (b) c"},
    {"(a \\) b)", "a ) b"},
    {"(a\r\n\tb)", "a\tb"},
    {"((a)", "(a)"},                 /* unterminated: the ')' closed (a) */
    {"(a\\", "a"},
};

static void test_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const text_case *c = &texts[i];
        eml__lex lx;
        seen s;
        size_t len = strlen(c->in);
        char *copy = lexer_over(&lx, &s, c->in, len);
        size_t end = copy[0] == '(' ? eml__lex_comment(&lx, 0) : eml__lex_quoted_string(&lx, 0);
        char buf[64];
        size_t n = eml__lex_text(copy, 0, end, buf);
        assert_true(n <= end);
        if (n != strlen(c->text) || memcmp(buf, c->text, n) != 0) {
            print_error("row %zu (%s): \"%.*s\"\n", i, c->in, (int)n, buf);
            fail();
        }
        guard_free(copy);
    }
}

/* ---- unterminated at every position ------------------------------------ */

/* Every proper prefix of a comment or quoted string is unterminated: it
 * runs to the end and is reported once, at the opening delimiter, without
 * a byte read past the prefix (the guard page sees to that). */
static void check_prefixes(const char *whole, enum lexeme kind, int code)
{
    size_t len = strlen(whole);
    for (size_t n = 1; n <= len; n++) {
        eml__lex lx;
        seen s;
        char *copy = lexer_over(&lx, &s, whole, n);
        size_t end = run(kind, &lx, 0);
        assert_int_equal(end, n);
        if (n < len) {
            assert_int_equal(s.count, 1);
            assert_int_equal(s.code[0], code);
            assert_int_equal(s.at[0], 0);
        } else {
            assert_int_equal(s.count, 0);
        }
        char *buf = malloc(n);
        assert_true(eml__lex_text(copy, 0, end, buf) <= n);
        free(buf);
        guard_free(copy);
    }
}

static void test_unterminated_everywhere(void **state)
{
    (void)state;
    check_prefixes("(a (b \\) c) \\( \"d\r\n e\" (f))", COMMENT, UC);
    check_prefixes("\"a \\\" (b) \\\\ c\r\n d\"", QUOTED, UQ);
    /* the same through CFWS, from before the comment */
    const char *cfws = " \t(a (b) \\))";
    for (size_t n = 3; n < strlen(cfws); n++) {
        eml__lex lx;
        seen s;
        char *copy = lexer_over(&lx, &s, cfws, n);
        assert_int_equal(eml__lex_cfws(&lx, 0), n);
        assert_int_equal(s.count, 1);
        assert_int_equal(s.code[0], UC);
        assert_int_equal(s.at[0], 2);
        guard_free(copy);
    }
}

/* ---- deep nesting ---------------------------------------------------------- */

/* 100,000 levels: a counter, not the stack, and linear work. */
static void test_deep_nesting(void **state)
{
    (void)state;
    const size_t depth = 100000;
    size_t len = 2 * depth + 1;
    char *in = malloc(len);
    memset(in, '(', depth);
    memset(in + depth, ')', depth);
    in[2 * depth] = 'x';
    eml__lex lx;
    seen s;
    char *copy = lexer_over(&lx, &s, in, len);
    assert_int_equal(eml__lex_comment(&lx, 0), 2 * depth);
    assert_int_equal(eml__lex_cfws(&lx, 0), 2 * depth);
    assert_int_equal(s.count, 0);
    char *buf = malloc(len);
    assert_int_equal(eml__lex_text(copy, 0, 2 * depth, buf), 2 * depth - 2);
    guard_free(copy);

    /* one ')' short: unterminated, reported at the outermost '(' */
    copy = lexer_over(&lx, &s, in, 2 * depth - 1);
    assert_int_equal(eml__lex_comment(&lx, 0), 2 * depth - 1);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.code[0], UC);
    assert_int_equal(s.at[0], 0);
    guard_free(copy);
    free(buf);
    free(in);
}

/* ---- reporting through a text context ------------------------------------- */

static void test_text_ctx(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    f.ctx.base = 1000;
    const char *in = "a (b \"c";
    eml__lex lx;
    eml__lex_init(&lx, &f.ctx, in, strlen(in));
    assert_int_equal(eml__lex_cfws(&lx, 1), strlen(in));
    assert_int_equal(eml__lex_quoted_string(&lx, 5), strlen(in));
    assert_int_equal(f.defects.count, 2);
    assert_int_equal(f.defects.items[0].code, UC);
    assert_int_equal(f.defects.items[0].offset, 1002);
    assert_int_equal(f.defects.items[1].code, UQ);
    assert_int_equal(f.defects.items[1].offset, 1005);
    /* no defect list, or no context: nothing reported, same lexing */
    eml__lex_init(&lx, NULL, in, strlen(in));
    assert_int_equal(eml__lex_cfws(&lx, 1), strlen(in));
    eml__arena_release(&f.arena);
}

/* ---- one rule in every field ------------------------------------------------ */

/* Each value is put in a Content-Type, a To, a Date and a Message-ID
 * field, always at the same offset of the message, and must give the
 * same lexical defect at the same offset whichever parser reads it. */
typedef struct field_case {
    const char *value;
    int code;
    size_t at; /* in the value */
} field_case;

static const field_case field_cases[] = {
    {"(open", UC, 0},
    {"text/plain (open (nested) \\)", UC, 11},
    {"text/plain; a=(open\\", UC, 14},
    {"text/plain; a=\"open", UQ, 14},
    {"text/plain; a=\"open \\\" (x)", UQ, 14},
    {"text/plain; a=\"open\\", UQ, 14},
};

#define VALUE_COLUMN 16

enum field_kind { F_CTYPE, F_ADDRESS, F_DATE, F_MSGID };

static const char *const field_names[] = {"Content-Type", "To", "Date", "Message-ID"};

static void parse_field(enum field_kind kind, const eml_part *root)
{
    size_t count;
    eml_address addresses[4];
    eml_slice ids[4];
    int64_t epoch;
    int zone;
    switch (kind) {
    case F_CTYPE: /* parsed with the message */
        break;
    case F_ADDRESS:
        assert_int_equal(eml_part_field_addresses(root, 0, addresses, 4, &count), EML_OK);
        break;
    case F_DATE:
        (void)eml_part_field_date(root, 0, &epoch, &zone);
        break;
    case F_MSGID:
        assert_int_equal(eml_part_field_msgids(root, 0, ids, 4, &count), EML_OK);
        break;
    }
}

static void test_same_rule_in_every_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof field_cases / sizeof field_cases[0]; i++) {
        const field_case *c = &field_cases[i];
        for (int kind = F_CTYPE; kind <= F_MSGID; kind++) {
            char msg[256];
            int n = snprintf(msg, sizeof msg, "%s:%*s%s\r\n\r\nbody\r\n", field_names[kind],
                             (int)(VALUE_COLUMN - strlen(field_names[kind]) - 1), "", c->value);
            assert_true(n > 0 && (size_t)n < sizeof msg);
            assert_memory_equal(msg + VALUE_COLUMN, c->value, strlen(c->value));
            eml_message *m;
            assert_int_equal(eml_parse(msg, (size_t)n, NULL, &m), EML_OK);
            const eml_part *root = eml_message_root(m);
            parse_field((enum field_kind)kind, root);
            size_t lexical = 0;
            for (size_t k = 0; k < eml_part_defect_count(root); k++) {
                eml_defect d;
                assert_int_equal(eml_part_defect(root, k, &d), EML_OK);
                if (d.code != UC && d.code != UQ)
                    continue;
                lexical++;
                if ((int)d.code != c->code || d.offset != VALUE_COLUMN + c->at) {
                    print_error("row %zu, %s: %s at %zu\n", i, field_names[kind],
                                eml_defect_name(d.code), d.offset);
                    fail();
                }
            }
            if (lexical != 1) {
                print_error("row %zu, %s: %zu lexical defects\n", i, field_names[kind], lexical);
                fail();
            }
            eml_message_free(m);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexemes),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_unterminated_everywhere),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_text_ctx),
        cmocka_unit_test(test_same_rule_in_every_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
