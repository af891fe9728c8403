/*
 * Mail as it really arrives: inputs that break an RFC in ways mailers and
 * mail stores really produce, and what libeml makes of them. Each repair
 * must record a defect and keep every byte reachable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "codec/codec.h"
#include "core_tree.h"

static eml_message *parse(const char *s)
{
    eml_message *m = NULL;
    assert_int_equal(eml_parse(s, strlen(s), NULL, &m), EML_OK);
    return m;
}

static void assert_shape(const eml_message *m, const char *shape)
{
    tree_text t = { { 0 }, 0 };
    render_part(eml_message_root(m), &t);
    assert_string_equal(t.buf, shape);
}

static void assert_defects(const eml_message *m, const char *defects)
{
    tree_text t = { { 0 }, 0 };
    render_defects(eml_message_root(m), &t);
    assert_string_equal(t.buf, defects);
}

/* The offset of the n-th defect with code on part, or (size_t)-1. */
static size_t defect_offset(const eml_part *p, eml_defect_code code, size_t n)
{
    for (size_t i = 0; i < eml_part_defect_count(p); i++) {
        eml_defect d;
        assert_int_equal(eml_part_defect(p, i, &d), EML_OK);
        if (d.code == code && n-- == 0)
            return d.offset;
    }
    return (size_t)-1;
}

static void assert_slice(eml_slice s, const char *want)
{
    assert_non_null(s.ptr);
    assert_int_equal(s.len, strlen(want));
    assert_memory_equal(s.ptr, want, s.len);
}

static size_t offset_of(const char *buf, const char *needle)
{
    const char *p = strstr(buf, needle);
    assert_non_null(p);
    return (size_t)(p - buf);
}

#define MPHEAD "Content-Type: multipart/mixed; boundary=b\r\n\r\n"

/* ---- RFC 5322 section 3.6: fields that may appear once ----------------- */

static void test_duplicate_singletons(void **state)
{
    (void)state;
    const char *msg = "From: boss@example.com\r\n"
                      "Subject: first\r\n"
                      "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
                      "From: attacker@example.net\r\n"
                      "Subject: second\r\n"
                      "Date: Tue, 2 Jan 2024 10:00:00 +0000\r\n"
                      "Received: a\r\nReceived: b\r\nComments: one\r\nComments: two\r\n"
                      "\r\nbody\r\n";
    eml_message *m = parse(msg);
    const eml_part *r = eml_message_root(m);
    /* Received and Comments may repeat; the three singletons may not. */
    assert_defects(m, "DUPLICATE_SINGLETON_FIELD,DUPLICATE_SINGLETON_FIELD,"
                      "DUPLICATE_SINGLETON_FIELD");
    int code = EML_DEFECT_DUPLICATE_SINGLETON_FIELD;
    assert_int_equal(defect_offset(r, code, 0), offset_of(msg, "From: attacker"));
    assert_int_equal(defect_offset(r, code, 1), offset_of(msg, "Subject: second"));
    assert_int_equal(defect_offset(r, code, 2), offset_of(msg, "Date: Tue"));

    /* All fields stay visible; the first of each name is what a lookup
     * finds. */
    assert_int_equal(eml_part_field_count(r), 10);
    size_t i;
    assert_int_equal(eml_part_field_find(r, "from", (size_t)-1, 0, &i), EML_OK);
    eml_address a;
    size_t count;
    assert_int_equal(eml_part_field_addresses(r, i, &a, 1, &count), EML_OK);
    assert_int_equal(count, 1);
    assert_slice(a.address, "boss@example.com");
    assert_int_equal(eml_part_field_find(r, "from", (size_t)-1, i + 1, &i), EML_OK);
    assert_int_equal(eml_part_field_find(r, "subject", (size_t)-1, 0, &i), EML_OK);
    eml_slice s;
    assert_int_equal(eml_part_field_text(r, i, &s), EML_OK);
    assert_slice(s, "first");
    eml_message_free(m);

    /* Case does not make a field another one; body parts are not messages. */
    m = parse("FROM: a@x\r\nfrom: b@x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
              "--b\r\nSubject: p\r\nSubject: q\r\n\r\nx\r\n--b--\r\n");
    assert_defects(m, "DUPLICATE_SINGLETON_FIELD");
    eml_message_free(m);

    /* An embedded message is a message: its header is checked too. */
    m = parse("Content-Type: message/rfc822\r\n\r\nTo: a@x\r\nTo: b@x\r\n\r\nx\r\n");
    assert_defects(m, "DUPLICATE_SINGLETON_FIELD");
    eml_message_free(m);
}

/* ---- a UTF-8 byte order mark before the header ------------------------ */

#define BOM "\xEF\xBB\xBF"

static void test_bom_before_header(void **state)
{
    (void)state;
    const char *msg = BOM "Content-Type: multipart/mixed; boundary=b\r\nSubject: s\r\n\r\n"
                          "--b\r\n\r\none\r\n--b--\r\n";
    eml_message *m = parse(msg);
    const eml_part *r = eml_message_root(m);
    assert_shape(m, "multipart/mixed{text/plain}");
    assert_defects(m, "BYTE_ORDER_MARK");
    assert_int_equal(defect_offset(r, EML_DEFECT_BYTE_ORDER_MARK, 0), 0);
    eml_field f;
    assert_int_equal(eml_part_field(r, 0, &f), EML_OK);
    assert_slice(f.name, "Content-Type");
    assert_int_equal(f.offset, 3);
    /* The mark is still in the raw header. */
    assert_int_equal(eml_part_offset(r), 0);
    assert_memory_equal(eml_part_header_raw(r).ptr, BOM "Content-Type", 15);
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);

    /* After an mbox From_ line, and before it. */
    m = parse("From a@b Mon Jan  1 00:00:00 2024\n" BOM "Subject: s\n\nx\n");
    assert_defects(m, "MBOX_FROM_LINE,BYTE_ORDER_MARK");
    assert_int_equal(eml_part_field_count(eml_message_root(m)), 1);
    eml_message_free(m);
    m = parse(BOM "From a@b Mon Jan  1 00:00:00 2024\nSubject: s\n\nx\n");
    assert_defects(m, "BYTE_ORDER_MARK,MBOX_FROM_LINE");
    assert_int_equal(eml_part_field_count(eml_message_root(m)), 1);
    eml_message_free(m);

    /* A mark before text that is no field is body text like any other. */
    m = parse(BOM "hello\r\nworld\r\n");
    assert_int_equal(eml_part_field_count(eml_message_root(m)), 0);
    assert_slice(eml_part_body_raw(eml_message_root(m)), BOM "hello\r\nworld\r\n");
    eml_message_free(m);

    /* Only before the first field: a later one is an 8-bit byte. */
    m = parse("Subject: s\r\n" BOM "To: a@b\r\nCc: c@d\r\n\r\nx");
    assert_defects(m, "FIELD_WITHOUT_COLON,EIGHT_BIT_IN_HEADER");
    eml_message_free(m);
}

/* ---- header lines without a colon ---------------------------------------- */

static void test_colonless_line_skipped(void **state)
{
    (void)state;
    const char *msg = "From: a@example.com\r\n"
                      "this line lost its fold\r\n"
                      "  and goes on\r\n"
                      "Content-Type: multipart/mixed; boundary=b\r\n"
                      "\r\n--b\r\n\r\none\r\n--b--\r\n";
    eml_message *m = parse(msg);
    const eml_part *r = eml_message_root(m);
    assert_shape(m, "multipart/mixed{text/plain}");
    assert_defects(m, "FIELD_WITHOUT_COLON");
    assert_int_equal(defect_offset(r, EML_DEFECT_FIELD_WITHOUT_COLON, 0),
                     offset_of(msg, "this line"));
    assert_int_equal(eml_part_field_count(r), 2);
    eml_field f;
    assert_int_equal(eml_part_field(r, 0, &f), EML_OK);
    assert_slice(f.value, " a@example.com");
    /* The skipped lines are in the raw header. */
    eml_slice h = eml_part_header_raw(r);
    assert_int_equal(h.len, offset_of(msg, "\r\n\r\n--b") + 2);
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);

    /* At the start (a stray line before the first field). */
    m = parse(">From a@b Mon Jan  1 00:00:00 2024\r\nSubject: s\r\n\r\nbody");
    assert_defects(m, "FIELD_WITHOUT_COLON");
    assert_int_equal(eml_part_field_count(eml_message_root(m)), 1);
    assert_slice(eml_part_body_raw(eml_message_root(m)), "body");
    eml_message_free(m);

    /* Only the empty line after it: body text under a header that lacks
     * its separator line, so the body starts there. */
    m = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n"
              "--b\r\nContent-Type: text/plain\r\nbar\r\n\r\n--b--\r\n");
    assert_defects(m, "FIELD_WITHOUT_COLON");
    assert_slice(eml_part_body_raw(eml_part_child(eml_message_root(m), 0)), "bar\r\n");
    eml_message_free(m);
    m = parse("Hello\r\n\r\nsecond paragraph\r\n");
    assert_int_equal(eml_part_field_count(eml_message_root(m)), 0);
    assert_slice(eml_part_body_raw(eml_message_root(m)), "Hello\r\n\r\nsecond paragraph\r\n");
    eml_message_free(m);
    m = parse("Subject: s\r\nDear John,\r\nI write\r\n\r\nx");
    assert_defects(m, "FIELD_WITHOUT_COLON");
    assert_int_equal(eml_part_field_count(eml_message_root(m)), 1);
    assert_slice(eml_part_body_raw(eml_message_root(m)), "Dear John,\r\nI write\r\n\r\nx");
    eml_message_free(m);

    /* In a body part: a delimiter after the line ends the header. */
    m = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n"
              "--b\r\nno colon\r\n--b\r\n\r\ntwo\r\n--b--\r\n");
    assert_shape(m, "multipart/mixed{text/plain,text/plain}");
    assert_slice(eml_part_body_raw(eml_part_child(eml_message_root(m), 0)), "no colon");
    eml_message_free(m);
}

/* Many lines without a colon in a row cost linear time: each one looks
 * ahead only to the next line. */
static void test_colonless_lines_linear(void **state)
{
    (void)state;
    size_t lines = 200000;
    char *buf = malloc(lines * 12 + 64);
    size_t n = (size_t)sprintf(buf, "Subject: s\r\n");
    for (size_t i = 0; i < lines; i++)
        n += (size_t)sprintf(buf + n, i % 2 ? "X-A: v\r\n" : "junk\r\n");
    n += (size_t)sprintf(buf + n, "\r\nbody");
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_FIELDS, 1000000), EML_OK);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_HEADER_BYTES, 1 << 30), EML_OK);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_DEFECTS, 1000000), EML_OK);
    eml_message *m;
    assert_int_equal(eml_parse(buf, n, o, &m), EML_OK);
    eml_options_free(o);
    const eml_part *r = eml_message_root(m);
    assert_int_equal(eml_part_field_count(r), 1 + lines / 2);
    assert_int_equal(eml_part_defect_count(r), lines / 2);
    assert_slice(eml_part_body_raw(r), "body");
    eml_message_free(m);
    free(buf);
}

/* ---- the line break at the end of the input ----------------------------- */

static void test_eof_line_break(void **state)
{
    (void)state;
    /* Top level: the body keeps its last line break. */
    eml_message *m = parse("Subject: x\r\n\r\nlast\r\n");
    assert_slice(eml_part_body_raw(eml_message_root(m)), "last\r\n");
    eml_message_free(m);
    m = parse("Content-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nlast\r\n");
    assert_slice(eml_part_body_raw(eml_part_embedded(eml_message_root(m))), "last\r\n");
    eml_message_free(m);

    /* In an unclosed multipart it belongs to the missing delimiter: the
     * same for a leaf and for a leaf inside an embedded message. */
    m = parse(MPHEAD "--b\r\n\r\nlast\r\n");
    const eml_part *leaf = eml_part_child(eml_message_root(m), 0);
    assert_slice(eml_part_body_raw(leaf), "last");
    eml_message_free(m);
    m = parse(MPHEAD "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nlast\r\n");
    const eml_part *rfc822 = eml_part_child(eml_message_root(m), 0);
    assert_slice(eml_part_body_raw(eml_part_embedded(rfc822)), "last");
    assert_slice(eml_part_body_raw(rfc822), "Subject: in\r\n\r\nlast");
    assert_defects(m, "MULTIPART_NO_CLOSE");
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);
}

/* ---- delimiter lines followed by text (RFC 2046 section 5.1.1) --------- */

static void test_delimiter_with_text(void **state)
{
    (void)state;
    const char *msg = MPHEAD "--b some mailer's note\r\n\r\none\r\n--b\r\n\r\ntwo\r\n"
                             "--b-- end of message\r\nepilogue\r\n";
    eml_message *m = parse(msg);
    const eml_part *r = eml_message_root(m);
    assert_shape(m, "multipart/mixed{text/plain,text/plain}");
    assert_defects(m, "DELIMITER_TRAILING_TEXT,DELIMITER_TRAILING_TEXT");
    int code = EML_DEFECT_DELIMITER_TRAILING_TEXT;
    assert_int_equal(defect_offset(r, code, 0), offset_of(msg, "some mailer"));
    assert_int_equal(defect_offset(r, code, 1), offset_of(msg, "end of message"));
    assert_slice(eml_part_body_raw(eml_part_child(r, 0)), "one");
    assert_slice(eml_part_body_raw(eml_part_child(r, 1)), "two");
    assert_slice(eml_part_epilogue(r), "epilogue\r\n");
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);

    /* Without a blank the line is content: "b" must not cut "bb". */
    m = parse(MPHEAD "--b\r\n\r\nx\r\n--bb\r\n--b--x\r\n--b--\r\n");
    assert_shape(m, "multipart/mixed{text/plain}");
    assert_slice(eml_part_body_raw(eml_part_child(eml_message_root(m), 0)),
                 "x\r\n--bb\r\n--b--x");
    eml_message_free(m);

    /* Nested boundaries where one is a prefix of the other and has a
     * blank in it: the innermost match wins. */
    m = parse("Content-Type: multipart/mixed; boundary=\"a\"\r\n\r\n--a\r\n"
              "Content-Type: multipart/mixed; boundary=\"a b\"\r\n\r\n--a b x\r\n\r\nin\r\n"
              "--a b--\r\n--a\r\n\r\nout\r\n--a--\r\n");
    assert_shape(m, "multipart/mixed{multipart/mixed{text/plain},text/plain}");
    assert_defects(m, "DELIMITER_TRAILING_TEXT");
    eml_message_free(m);

    /* A delimiter with text in a body part's header ends that header. */
    m = parse(MPHEAD "--b\r\nSubject: p\r\n--b next\r\n\r\ntwo\r\n--b--\r\n");
    assert_shape(m, "multipart/mixed{text/plain,text/plain}");
    eml_message_free(m);
}

/* ---- uuencode as a transfer encoding ----------------------------------- */

typedef struct uu_case {
    const char *name, *in, *out;
    size_t out_len;
    int defect; /* the first defect, 0 for none */
} uu_case;

static const uu_case uu_cases[] = {
    /* "Cat" and "hello world\n" as uuencode(1) writes them. */
    { "cat", "begin 644 cat.txt\n#0V%T\n`\nend\n", "Cat", 3, 0 },
    { "crlf", "begin 644 h\r\n,:&5L;&\\@=V]R;&0*\r\n`\r\nend\r\n", "hello world\n", 12, 0 },
    { "text before begin", "see below\nbegin 600 x\n#0V%T\n \nend\n", "Cat", 3, 0 },
    { "trailing padding", "begin 644 x\n#0V%T```  \n`\nend\n", "Cat", 3, 0 },
    { "trailing junk", "begin 644 x\n#0V%TQQ\n`\nend\n", "Cat", 3, EML_DEFECT_UU_BAD_LINE },
    /* Length says 3 bytes, only 3 characters: the blank that was lost
     * counts as 0. */
    { "length mismatch", "begin 644 x\n#0V%\nend\n", "Ca@", 3, EML_DEFECT_UU_BAD_LINE },
    { "bad character", "begin 644 x\n#0V\x7fT\nend\n", "C`4", 3, EML_DEFECT_UU_BAD_LINE },
    { "missing end", "begin 644 x\n#0V%T\n", "Cat", 3, EML_DEFECT_UU_NO_BEGIN_OR_END },
    { "no begin", "#0V%T\n", "#0V%T\n", 6, EML_DEFECT_UU_NO_BEGIN_OR_END },
    { "begin needs a mode", "begin here\n#0V%T\nend\n", "begin here\n#0V%T\nend\n", 21,
      EML_DEFECT_UU_NO_BEGIN_OR_END },
};

static void test_uu_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof uu_cases / sizeof uu_cases[0]; i++) {
        const uu_case *c = &uu_cases[i];
        size_t len = strlen(c->in);
        size_t size = eml__uu_decoded_size(c->in, len);
        unsigned char *dst = malloc(size + 1);
        eml__codec_report r;
        size_t n = eml__uu_decode(c->in, len, dst, &r);
        if (n != c->out_len || memcmp(dst, c->out, n))
            print_error("uu case '%s': %zu bytes '%.*s'\n", c->name, n, (int)n, dst);
        assert_int_equal(n, size);
        assert_int_equal(n, c->out_len);
        assert_memory_equal(dst, c->out, n);
        assert_int_equal(r.count ? r.items[0].code : 0, c->defect);
        free(dst);
    }
}

static void test_uu_part(void **state)
{
    (void)state;
    const char *msg = "Content-Type: application/octet-stream\r\n"
                      "Content-Transfer-Encoding: x-uuencode\r\n\r\n"
                      "begin 644 cat.txt\r\n#0V%T\r\n`\r\nend\r\n";
    eml_message *m = parse(msg);
    const eml_part *r = eml_message_root(m);
    assert_int_equal(eml_part_encoding(r), EML_ENCODING_UUENCODE);
    assert_slice(eml_part_encoding_name(r), "x-uuencode");
    assert_defects(m, "");
    size_t max;
    assert_int_equal(eml_part_decoded_size_max(r, &max), EML_OK);
    assert_int_equal(max, 3);
    eml_slice d;
    assert_int_equal(eml_part_decoded(r, &d), EML_OK);
    assert_slice(d, "Cat");
    char buf[8];
    size_t w;
    assert_int_equal(eml_part_decode(r, buf, sizeof buf, &w), EML_OK);
    assert_int_equal(w, 3);
    assert_memory_equal(buf, "Cat", 3);
    eml_message_free(m);

    m = parse("Content-Transfer-Encoding: uuencode\r\n\r\nbegin 644 x\r\n#0V%\r\n");
    r = eml_message_root(m);
    assert_int_equal(eml_part_encoding(r), EML_ENCODING_UUENCODE);
    assert_int_equal(eml_part_decode(r, buf, 2, &w), EML_EBUFSIZE);
    assert_int_equal(eml_part_decoded(r, &d), EML_OK);
    assert_int_equal(d.len, 3);
    const char *msg2 = eml_message_buffer(m).ptr;
    assert_int_equal(defect_offset(r, EML_DEFECT_UU_BAD_LINE, 0), offset_of(msg2, "#0V%"));
    assert_true(defect_offset(r, EML_DEFECT_UU_NO_BEGIN_OR_END, 0) != (size_t)-1);
    eml_message_free(m);

    m = parse("Content-Transfer-Encoding: x-uue\r\n\r\nx");
    assert_int_equal(eml_part_encoding(eml_message_root(m)), EML_ENCODING_UUENCODE);
    eml_message_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duplicate_singletons),
        cmocka_unit_test(test_bom_before_header),
        cmocka_unit_test(test_colonless_line_skipped),
        cmocka_unit_test(test_colonless_lines_linear),
        cmocka_unit_test(test_eof_line_break),
        cmocka_unit_test(test_delimiter_with_text),
        cmocka_unit_test(test_uu_vectors),
        cmocka_unit_test(test_uu_part),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
