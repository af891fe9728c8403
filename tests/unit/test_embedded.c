/* Files embedded in text/plain bodies: uuencode and yEnc blocks
 * (eml_part_embedded_file), and the begin line's name as the file name
 * of a uuencoded part. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "eml.h"

static eml_message *parse(const char *s)
{
    eml_message *m = NULL;
    assert_int_equal(eml_parse(s, strlen(s), NULL, &m), EML_OK);
    return m;
}

static int has_defect(const eml_part *p, eml_defect_code code)
{
    for (size_t i = 0; i < eml_part_defect_count(p); i++) {
        eml_defect d;
        eml_part_defect(p, i, &d);
        if (d.code == code)
            return 1;
    }
    return 0;
}

static void assert_slice(eml_slice s, const char *want, size_t n)
{
    assert_int_equal(s.len, n);
    assert_memory_equal(s.ptr, want, n);
}

static void test_uuencode_in_text(void **state)
{
    (void)state;
    const char *msg = "Subject: files\r\n\r\nHere it is:\r\n\r\n"
                      "begin 644 notes.txt\r\n,=74@9&%T82!H97)E\r\n`\r\nend\r\n"
                      "\r\nbegin 0644 second file.bin\r\n#86)C\r\n`\r\nend\r\n"
                      "begin 6 not-a-block\r\nbye\r\n";
    eml_message *m = parse(msg);
    const eml_part *root = eml_message_root(m);
    size_t n = 99;
    assert_int_equal(eml_part_embedded_file_count(root, &n), EML_OK);
    assert_int_equal(n, 2);
    eml_embedded_file f;
    assert_int_equal(eml_part_embedded_file(root, 0, &f), EML_OK);
    assert_int_equal(f.kind, EML_EMBEDDED_UUENCODE);
    assert_slice(f.name, "notes.txt", 9);
    assert_slice(f.data, "uu data here", 12);
    assert_int_equal(f.data.ptr[f.data.len], '\0');
    eml_slice body = eml_part_body_raw(root);
    assert_memory_equal(body.ptr + f.offset, "begin 644", 9);
    assert_memory_equal(body.ptr + f.offset + f.length, "\r\nbegin 0644", 12);
    assert_int_equal(eml_part_embedded_file(root, 1, &f), EML_OK);
    assert_slice(f.name, "second file.bin", 15);
    assert_slice(f.data, "abc", 3);
    assert_int_equal(eml_part_embedded_file(root, 2, &f), EML_ERANGE);
    assert_int_equal(eml_part_defect_count(root), 0);
    eml_message_free(m);

    /* No end line: the block runs to the end, with a defect. */
    m = parse("Subject: x\r\n\r\nbegin 644 a\r\n#86)C\r\n");
    root = eml_message_root(m);
    assert_int_equal(eml_part_embedded_file_count(root, &n), EML_OK);
    assert_int_equal(n, 1);
    assert_int_equal(eml_part_embedded_file(root, 0, &f), EML_OK);
    assert_slice(f.data, "abc", 3);
    assert_true(has_defect(root, EML_DEFECT_UU_NO_BEGIN_OR_END));
    eml_message_free(m);

    /* Not text/plain: not scanned. */
    m = parse("Content-Type: application/octet-stream\r\n\r\nbegin 644 a\r\n#86)C\r\n`\r\nend\r\n");
    assert_int_equal(eml_part_embedded_file_count(eml_message_root(m), &n), EML_OK);
    assert_int_equal(n, 0);
    eml_message_free(m);

    /* Inside a quoted-printable body: found in the decoded text. */
    m = parse("Content-Transfer-Encoding: quoted-printable\r\n\r\n"
              "begin 644 q=3Dp\r\n#86)C\r\n`\r\nend\r\n");
    root = eml_message_root(m);
    assert_int_equal(eml_part_embedded_file(root, 0, &f), EML_OK);
    assert_slice(f.name, "q=p", 3);
    assert_slice(f.data, "abc", 3);
    eml_message_free(m);
}

static void test_uuencode_part_filename(void **state)
{
    (void)state;
    eml_message *m = parse("Content-Type: application/octet-stream\r\n"
                           "Content-Transfer-Encoding: x-uuencode\r\n\r\n"
                           "begin 644 report.pdf\r\n#86)C\r\n`\r\nend\r\n");
    const eml_part *root = eml_message_root(m);
    assert_slice(eml_part_filename(root), "report.pdf", 10);
    size_t n = 9;
    assert_int_equal(eml_part_embedded_file_count(root, &n), EML_OK);
    assert_int_equal(n, 0);
    eml_message_free(m);
    /* A declared name wins. */
    m = parse("Content-Type: application/octet-stream; name=given.pdf\r\n"
              "Content-Transfer-Encoding: x-uuencode\r\n\r\n"
              "begin 644 report.pdf\r\n#86)C\r\n`\r\nend\r\n");
    assert_slice(eml_part_filename(eml_message_root(m)), "given.pdf", 9);
    eml_message_free(m);
    /* Any other encoding: the body is not looked at. */
    m = parse("Subject: x\r\n\r\nbegin 644 report.pdf\r\n#86)C\r\n`\r\nend\r\n");
    assert_null(eml_part_filename(eml_message_root(m)).ptr);
    eml_message_free(m);
}

#define YDATA "r\x8f\x96\x96\x99VJ\xa3o\x98\x8dK*=@=J=}"
#define YPLAIN "Hello, yEnc!\x00\xd6\xe0\x13"

static void test_yenc(void **state)
{
    (void)state;
    const char *msg = "Subject: y\r\nContent-Type: text/plain; charset=x-user-defined\r\n\r\n"
                      "text\r\n=ybegin line=128 size=16 name=hello world.bin\r\n" YDATA "\r\n"
                      "=yend size=16 crc32=ace247df\r\nafter\r\n";
    eml_message *m = parse(msg);
    const eml_part *root = eml_message_root(m);
    size_t n;
    assert_int_equal(eml_part_embedded_file_count(root, &n), EML_OK);
    assert_int_equal(n, 1);
    eml_embedded_file f;
    assert_int_equal(eml_part_embedded_file(root, 0, &f), EML_OK);
    assert_int_equal(f.kind, EML_EMBEDDED_YENC);
    assert_slice(f.name, "hello world.bin", 15);
    assert_slice(f.data, YPLAIN, 16);
    assert_int_equal(f.total_size, 16);
    assert_int_equal(f.part, 0);
    assert_int_equal(eml_part_defect_count(root), 0);
    eml_message_free(m);

    /* A wrong CRC, a wrong size, no =yend: defects, data kept. */
    m = parse("Subject: y\r\n\r\n=ybegin line=128 size=17 name=a\r\n" YDATA "\r\n"
              "=yend size=16 crc32=00000000\r\n");
    root = eml_message_root(m);
    assert_int_equal(eml_part_embedded_file(root, 0, &f), EML_OK);
    assert_slice(f.data, YPLAIN, 16);
    assert_true(has_defect(root, EML_DEFECT_YENC_CRC_MISMATCH));
    assert_true(has_defect(root, EML_DEFECT_YENC_SIZE_MISMATCH));
    assert_false(has_defect(root, EML_DEFECT_YENC_NO_END));
    eml_message_free(m);
    m = parse("Subject: y\r\n\r\n=ybegin line=128 size=16 name=a\r\n" YDATA "\r\n");
    root = eml_message_root(m);
    assert_int_equal(eml_part_embedded_file(root, 0, &f), EML_OK);
    assert_slice(f.data, YPLAIN, 16);
    assert_true(has_defect(root, EML_DEFECT_YENC_NO_END));
    eml_message_free(m);

    /* Two pieces of a multi-part file in one message: one entry each. */
    m = parse("Subject: y\r\n\r\n"
              "=ybegin part=1 line=128 size=17 name=whole.txt\r\n=ypart begin=1 end=9\r\n"
              "\x9a\x8b\x9c\x9eJ\x99\x98\x8f" "e\r\n=yend size=9 part=1 pcrc32=a8e3a136\r\n"
              "=ybegin part=2 line=128 size=17 name=whole.txt\r\n=ypart begin=10 end=17\r\n"
              "\x9a\x8b\x9c\x9eJ\x9e\xa1\x99\r\n=yend size=8 part=2 pcrc32=e0b21f27 crc32=924b207c\r\n");
    root = eml_message_root(m);
    assert_int_equal(eml_part_embedded_file_count(root, &n), EML_OK);
    assert_int_equal(n, 2);
    assert_int_equal(eml_part_embedded_file(root, 0, &f), EML_OK);
    assert_slice(f.data, "part one;", 9);
    assert_int_equal(f.part, 1);
    assert_int_equal(f.part_begin, 1);
    assert_int_equal(f.part_end, 9);
    assert_int_equal(f.total_size, 17);
    assert_int_equal(eml_part_embedded_file(root, 1, &f), EML_OK);
    assert_slice(f.data, "part two", 8);
    assert_int_equal(f.part, 2);
    assert_int_equal(f.part_begin, 10);
    assert_int_equal(eml_part_defect_count(root), 0);
    eml_message_free(m);

    /* Lines that only look like begin lines are text. */
    m = parse("Subject: y\r\n\r\n=ybegin line=128 size=3\r\nbegin 64 x\r\nbegin 644\r\n"
              "begin 64444 x\r\n");
    assert_int_equal(eml_part_embedded_file_count(eml_message_root(m), &n), EML_OK);
    assert_int_equal(n, 0);
    eml_message_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uuencode_in_text),
        cmocka_unit_test(test_uuencode_part_filename),
        cmocka_unit_test(test_yenc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
