/* Content-Type, Content-Disposition, parameters and RFC 2231. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core_tree.h"

typedef struct ctype_case {
    const char *field;   /* a Content-Type value, or NULL for no field */
    const char *type;    /* expected content type */
    const char *params;  /* "name=value;..." in order */
    const char *defects; /* root defects */
} ctype_case;

static const ctype_case cases[] = {
    { NULL, "text/plain", "charset=us-ascii;", "" },
    { "text/plain", "text/plain", "", "" },
    { "TEXT/HTML; CharSet=\"UTF-8\"", "text/html", "charset=UTF-8;", "" },
    { " text / plain ; charset = utf-8 ", "text/plain", "charset=utf-8;", "" },
    { "text/plain (comment (nested)); charset=\"a\\\"b\" (c)", "text/plain", "charset=a\"b;", "" },
    { "text/plain; a=1; b=\"two words\"", "text/plain", "a=1;b=two words;", "" },
    { "text", "text/plain", "charset=us-ascii;", "INVALID_CONTENT_TYPE" },
    { "", "text/plain", "charset=us-ascii;", "INVALID_CONTENT_TYPE" },
    { "text/; charset=koi8-r", "text/plain", "charset=koi8-r;", "INVALID_CONTENT_TYPE" },
    { "text/plain garbage", "text/plain", "", "INVALID_PARAMETER" },
    { "application/pdf name=\"a.pdf\"", "application/pdf", "name=a.pdf;", "INVALID_PARAMETER" },
    { "text/plain>", "text/plain", "", "INVALID_PARAMETER" },
    { "text/plain/html", "text/plain", "", "INVALID_PARAMETER" },
    { "text/plain; charset=\"unterminated", "text/plain", "charset=unterminated;",
      "UNTERMINATED_QUOTED_STRING" },
    { "text/plain (open comment", "text/plain", "", "UNTERMINATED_COMMENT" },
    { "text/plain; a=1; a=2", "text/plain", "a=1;", "DUPLICATE_PARAMETER" },
    { "text/plain; A=1; a=2", "text/plain", "a=1;", "DUPLICATE_PARAMETER" },
    { "text/plain; =x; b=2", "text/plain", "b=2;", "INVALID_PARAMETER" },
    { "text/plain; novalue; b=2", "text/plain", "b=2;", "INVALID_PARAMETER" },
    { "text/plain; name=My File.pdf", "text/plain", "name=My File.pdf;", "INVALID_PARAMETER" },
    { "multipart/related; type=text/html; boundary=x", "multipart/related",
      "type=text/html;boundary=x;", "INVALID_PARAMETER,MULTIPART_NO_DELIMITER" },
    { "text/plain;; ;charset=x;", "text/plain", "charset=x;", "" },
    /* RFC 2231 section 3: continuations, out of order, mixed quoting. */
    { "text/plain; t*0=\"ab\"; t*1=cd; t*2=\"ef\"", "text/plain", "t=abcdef;", "" },
    { "text/plain; t*2=\"ef\"; t*0=ab; t*1=cd", "text/plain", "t=abcdef;", "" },
    { "text/plain; t*0=ab; t*2=ef", "text/plain", "t=abef;", "RFC2231_BAD_CONTINUATION" },
    { "text/plain; t*1=ab", "text/plain", "t=ab;", "RFC2231_BAD_CONTINUATION" },
    { "text/plain; t*0=a; t*0=b", "text/plain", "t=a;", "DUPLICATE_PARAMETER" },
    /* RFC 2231 section 4: charset'lang'%XX. */
    { "text/plain; t*=us-ascii'en'a%20b", "text/plain", "t=a b;", "" },
    { "text/plain; t*0*=us-ascii''a%2; t*1*=0b", "text/plain", "t=a%20b;",
      "RFC2231_BAD_ENCODING" },
    { "text/plain; t*0*=us-ascii''a%20; t*1=%20", "text/plain", "t=a %20;", "" },
    { "text/plain; t*=noquotes%41", "text/plain", "t=noquotesA;", "RFC2231_BAD_ENCODING" },
    { "text/plain; t*=''%zz", "text/plain", "t=%zz;", "RFC2231_BAD_ENCODING" },
    /* RFC 6266 section 4.3: the extended form wins over the plain one. */
    { "text/plain; name=\"plain\"; name*=utf-8''ext", "text/plain", "name=ext;", "" },
    { "text/plain; b=2; a*1=y; a*0=x; c=3", "text/plain", "b=2;a=xy;c=3;", "" },
    { "message/rfc822; x=1", "message/rfc822", "x=1;", "" },
    /* A folded unquoted value is unfolded: the break and the blanks
     * around it become one space. No value keeps a CR or LF. */
    { "text/plain; name=my\r\n file.pdf", "text/plain", "name=my file.pdf;", "INVALID_PARAMETER" },
    { "text/plain; name=my \r\n\t file.pdf; a=1", "text/plain", "name=my file.pdf;a=1;",
      "INVALID_PARAMETER" },
    { "text/plain; name=\"my\r\n file.pdf\"", "text/plain", "name=my file.pdf;", "" },
    { "text/plain; name*=utf-8''a%0D%0Ab", "text/plain", "name=a b;", "INVALID_PARAMETER" },
    { "text/plain; name=\"=?utf-8?q?a=0D=0Ab?=\"", "text/plain", "name=a b;",
      "ENCODED_WORD_IN_PARAMETER,INVALID_PARAMETER" },
};

static void test_ctype_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ctype_case *cc = &cases[i];
        char in[1024];
        if (cc->field)
            snprintf(in, sizeof in, "Content-Type: %s\r\n\r\n", cc->field);
        else
            snprintf(in, sizeof in, "Subject: x\r\n\r\n");
        eml_message *m;
        assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
        const eml_part *r = eml_message_root(m);
        print_message("case: %s\n", cc->field ? cc->field : "(none)");
        eml_slice ct = eml_part_content_type(r);
        assert_int_equal(ct.len, strlen(cc->type));
        assert_memory_equal(ct.ptr, cc->type, ct.len);
        assert_int_equal(ct.ptr[ct.len], '\0');
        eml_slice t = eml_part_type(r), s = eml_part_subtype(r);
        assert_int_equal(t.len + 1 + s.len, ct.len);
        assert_memory_equal(t.ptr, cc->type, t.len);
        assert_memory_equal(s.ptr, cc->type + t.len + 1, s.len);
        tree_text p = { { 0 }, 0 };
        for (size_t k = 0; k < eml_part_param_count(r); k++) {
            eml_param pr;
            assert_int_equal(eml_part_param(r, k, &pr), EML_OK);
            tt_put(&p, pr.name.ptr, pr.name.len);
            tt_puts(&p, "=");
            tt_put(&p, pr.value.ptr, pr.value.len);
            tt_puts(&p, ";");
            eml_slice v = eml_part_param_get(r, pr.name.ptr, pr.name.len);
            assert_ptr_equal(v.ptr, pr.value.ptr);
        }
        assert_string_equal(p.buf, cc->params);
        tree_text d = { { 0 }, 0 };
        render_defects(r, &d);
        assert_string_equal(d.buf, cc->defects);
        eml_message_free(m);
    }
}

/* A field with very many continuations must parse (in linear-ish time:
 * the bench checks speed; here the result). */
static void test_many_continuations(void **state)
{
    (void)state;
    size_t n = 100000;
    char *buf = malloc(n * 24 + 64);
    size_t len = (size_t)sprintf(buf, "Content-Type: text/plain");
    /* Reverse order, so any quadratic join would show in the bench. */
    for (size_t i = n; i-- > 0;)
        len += (size_t)sprintf(buf + len, ";\r\n t*%zu=%c", i, (char)('a' + i % 26));
    len += (size_t)sprintf(buf + len, "\r\n\r\n");
    /* Larger than the default header limit, which counts every line. */
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_HEADER_BYTES, 8 << 20), EML_OK);
    eml_message *m;
    assert_int_equal(eml_parse(buf, len, o, &m), EML_OK);
    eml_options_free(o);
    eml_slice v = eml_part_param_get(eml_message_root(m), "t", EML_NUL_TERMINATED);
    assert_int_equal(v.len, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v.ptr[i], 'a' + i % 26);
    eml_message_free(m);
    free(buf);
}

typedef struct disp_case {
    const char *fields;
    const char *disposition; /* NULL when absent */
    const char *filename;    /* NULL when absent */
    const char *defects;
} disp_case;

static const disp_case disp_cases[] = {
    { "Content-Disposition: attachment; filename=\"a.pdf\"\r\n", "attachment", "a.pdf", "" },
    { "Content-Disposition: INLINE\r\n", "inline", NULL, "" },
    { "Content-Type: image/png; name=\"n.png\"\r\n", NULL, "n.png", "" },
    { "Content-Type: image/png; name=n.png\r\nContent-Disposition: attachment; filename=d.png\r\n",
      "attachment", "d.png", "" },
    { "Content-Disposition: attachment;\r\n filename*0*=utf-8''r%C3%A9; filename*1=sum%C3.txt\r\n",
      "attachment", "r\xc3\xa9sum%C3.txt", "" },
    { "Content-Disposition: ; filename=x\r\n", NULL, "x", "INVALID_DISPOSITION" },
    { "Content-Disposition: attachment; size=12; creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"\r\n",
      "attachment", NULL, "" },
    { "Content-Disposition: attachment; filename=my\r\n file.pdf\r\n", "attachment", "my file.pdf",
      "INVALID_PARAMETER" },
};

static void test_disposition(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof disp_cases / sizeof disp_cases[0]; i++) {
        const disp_case *dc = &disp_cases[i];
        char in[1024];
        snprintf(in, sizeof in, "%s\r\n", dc->fields);
        eml_message *m;
        assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
        const eml_part *r = eml_message_root(m);
        print_message("case: %s", dc->fields);
        eml_slice d = eml_part_disposition(r), f = eml_part_filename(r);
        if (dc->disposition) {
            assert_non_null(d.ptr);
            assert_int_equal(d.len, strlen(dc->disposition));
            assert_memory_equal(d.ptr, dc->disposition, d.len);
        } else {
            assert_null(d.ptr);
        }
        if (dc->filename) {
            assert_int_equal(f.len, strlen(dc->filename));
            assert_memory_equal(f.ptr, dc->filename, f.len);
        } else {
            assert_null(f.ptr);
        }
        tree_text t = { { 0 }, 0 };
        render_defects(r, &t);
        assert_string_equal(t.buf, dc->defects);
        eml_message_free(m);
    }
    const char *in = "Content-Disposition: attachment; size=12; filename=a\r\n\r\n";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    assert_int_equal(eml_part_disposition_param_count(r), 2);
    eml_param p;
    assert_int_equal(eml_part_disposition_param(r, 1, &p), EML_OK);
    assert_memory_equal(p.name.ptr, "filename", 8);
    assert_int_equal(eml_part_disposition_param(r, 2, &p), EML_ERANGE);
    eml_slice v = eml_part_disposition_param_get(r, "SIZE", EML_NUL_TERMINATED);
    assert_int_equal(v.len, 2);
    assert_memory_equal(v.ptr, "12", 2);
    assert_null(eml_part_disposition_param_get(r, "nope", EML_NUL_TERMINATED).ptr);
    eml_message_free(m);
}

/* No parameter value holds a CR or LF, whatever the field: random
 * parameters built from the bytes that matter to folding, quoting,
 * RFC 2231 and RFC 2047, a fixed seed so a failure repeats. */
static bool has_line_break(eml_slice v)
{
    return v.len && (memchr(v.ptr, '\r', v.len) || memchr(v.ptr, '\n', v.len));
}

static void test_no_line_break_in_values(void **state)
{
    (void)state;
    static const char *const pieces[] = { "a", "b", " ", "\t", "\r\n ", "\r\n\t", "\n ", "\r",
                                          "\"", "\\", ";", "=", "*", "*0*", "'", "%0D", "%0A",
                                          "=?utf-8?q?", "=0D=0A", "?=", "(", ")", "x.pdf" };
    uint32_t seed = 12345;
    for (int round = 0; round < 5000; round++) {
        char value[256], in[640];
        size_t n = 0;
        for (int k = 0; k < 12; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            n += (size_t)snprintf(value + n, sizeof value - n, "%s", p);
        }
        size_t len = (size_t)snprintf(in, sizeof in,
                                      "Content-Type: text/plain; name%s%s\r\n"
                                      "Content-Disposition: attachment; filename=%s\r\n\r\n",
                                      round % 2 ? "*=" : "=", value, value);
        eml_message *m;
        assert_int_equal(eml_parse(in, len, NULL, &m), EML_OK);
        const eml_part *r = eml_message_root(m);
        for (size_t i = 0; i < eml_part_param_count(r); i++) {
            eml_param pr;
            assert_int_equal(eml_part_param(r, i, &pr), EML_OK);
            assert_false(has_line_break(pr.value));
        }
        for (size_t i = 0; i < eml_part_disposition_param_count(r); i++) {
            eml_param pr;
            assert_int_equal(eml_part_disposition_param(r, i, &pr), EML_OK);
            assert_false(has_line_break(pr.value));
        }
        assert_false(has_line_break(eml_part_filename(r)));
        eml_message_free(m);
    }
}

typedef struct enc_case {
    const char *field; /* NULL: absent */
    eml_encoding encoding;
    const char *name;
    const char *defects;
} enc_case;

static const enc_case enc_cases[] = {
    { NULL, EML_ENCODING_7BIT, "7bit", "" },
    { "7bit", EML_ENCODING_7BIT, "7bit", "" },
    { " 8BIT ", EML_ENCODING_8BIT, "8bit", "" },
    { "Binary", EML_ENCODING_BINARY, "binary", "" },
    { "BASE64 (comment)", EML_ENCODING_BASE64, "base64", "" },
    { "Quoted-Printable", EML_ENCODING_QUOTED_PRINTABLE, "quoted-printable", "" },
    { "x-uuencode", EML_ENCODING_UUENCODE, "x-uuencode", "" },
    { "X-UUE", EML_ENCODING_UUENCODE, "x-uue", "" },
    { "x-gzip64", EML_ENCODING_UNKNOWN, "x-gzip64", "UNKNOWN_ENCODING" },
};

static void test_encoding(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof enc_cases / sizeof enc_cases[0]; i++) {
        const enc_case *ec = &enc_cases[i];
        char in[256];
        if (ec->field)
            snprintf(in, sizeof in, "Content-Transfer-Encoding: %s\r\n\r\nbody", ec->field);
        else
            snprintf(in, sizeof in, "\r\nbody");
        eml_message *m;
        assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
        const eml_part *r = eml_message_root(m);
        assert_int_equal(eml_part_encoding(r), ec->encoding);
        eml_slice n = eml_part_encoding_name(r);
        assert_int_equal(n.len, strlen(ec->name));
        assert_memory_equal(n.ptr, ec->name, n.len);
        tree_text t = { { 0 }, 0 };
        render_defects(r, &t);
        assert_string_equal(t.buf, ec->defects);
        eml_message_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctype_cases),
        cmocka_unit_test(test_many_continuations),
        cmocka_unit_test(test_disposition),
        cmocka_unit_test(test_no_line_break_in_values),
        cmocka_unit_test(test_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
