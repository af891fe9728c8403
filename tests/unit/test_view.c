/* The message view: bodies of alternative, related, mixed, nested and
 * digest messages; attachments against inline parts; Content-ID lookup
 * in its three spellings; exact decoded sizes; agreement with the old
 * selection of the eml tool over the corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "eml.h"

static eml_message *parse(const char *s)
{
    eml_message *m = NULL;
    assert_int_equal(eml_parse(s, strlen(s), NULL, &m), EML_OK);
    return m;
}

/* The body of a part as a C string (static storage, for comparisons). */
static const char *body_of(const eml_part *p)
{
    static char buf[256];
    eml_slice t;
    if (!p || eml_part_text(p, &t) != EML_OK)
        return "(none)";
    snprintf(buf, sizeof buf, "%.*s", (int)t.len, t.ptr);
    return buf;
}

static const char alternative[] =
    "Content-Type: multipart/alternative; boundary=a\n\n"
    "--a\nContent-Type: text/plain\n\nplain one\n"
    "--a\nContent-Type: text/html\n\n<p>html one</p>\n"
    "--a\nContent-Type: text/plain\n\nplain two\n"
    "--a\nContent-Type: text/enriched\n\nenriched\n--a--\n";

static void test_alternative(void **state)
{
    (void)state;
    eml_message *m = parse(alternative);
    const eml_part *root = eml_message_root(m);
    /* RFC 2046 5.1.4: the last acceptable alternative. */
    assert_string_equal(body_of(eml_part_best_text(root)), "plain two");
    assert_string_equal(body_of(eml_part_best_html(root)), "<p>html one</p>");
    const eml_part *const *list;
    size_t n;
    assert_int_equal(eml_part_attachments(root, &list, &n), EML_OK);
    assert_int_equal(n, 0);
    assert_int_equal(eml_part_inline_parts(root, &list, &n), EML_OK);
    assert_int_equal(n, 0);
    eml_message_free(m);
}

static const char related[] =
    "Content-Type: multipart/mixed; boundary=m\n\n"
    "--m\nContent-Type: multipart/related; boundary=r; start=\"<root@x>\"\n\n"
    "--r\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n"
    "--r\nContent-Type: text/html\nContent-ID: <root@x>\n\n<p>Hi &amp; <img src=\"cid:logo@x\" alt=logo></p>\n"
    "--r--\n"
    "--m\nContent-Type: application/pdf; name=a.pdf\n\n%PDF\n"
    "--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename=n.txt\n\nnote\n"
    "--m\nContent-Type: text/plain\n\nfooter\n"
    "--m--\n";

static void test_related_mixed(void **state)
{
    (void)state;
    eml_message *m = parse(related);
    const eml_part *root = eml_message_root(m);
    assert_null(eml_part_best_text(root));
    const eml_part *html = eml_part_best_html(root);
    assert_string_equal(body_of(html), "<p>Hi &amp; <img src=\"cid:logo@x\" alt=logo></p>");
    eml_slice text;
    assert_int_equal(eml_part_body_text(root, &text), EML_OK);
    assert_string_equal(text.ptr, "Hi & [logo]\n");
    eml_slice again;
    assert_int_equal(eml_part_body_text(root, &again), EML_OK);
    assert_ptr_equal(again.ptr, text.ptr);

    const eml_part *const *list;
    size_t n;
    assert_int_equal(eml_part_attachments(root, &list, &n), EML_OK);
    assert_int_equal(n, 2);
    assert_string_equal(eml_part_content_type(list[0]).ptr, "application/pdf");
    assert_string_equal(eml_part_filename(list[1]).ptr, "n.txt");
    assert_int_equal(eml_part_inline_parts(root, &list, &n), EML_OK);
    assert_int_equal(n, 2);
    assert_string_equal(eml_part_content_type(list[0]).ptr, "image/png");
    assert_string_equal(body_of(list[1]), "footer");

    /* Content-ID in its three spellings. */
    const eml_part *logo = list[0];
    eml_slice id = eml_part_content_id(logo);
    assert_int_equal(id.len, 6);
    assert_memory_equal(id.ptr, "logo@x", 6);
    assert_ptr_equal(eml_part_find_content_id(root, "cid:logo@x", EML_NUL_TERMINATED), logo);
    assert_ptr_equal(eml_part_find_content_id(root, "CID:logo%40x", EML_NUL_TERMINATED), logo);
    assert_ptr_equal(eml_part_find_content_id(root, "<logo@x>", EML_NUL_TERMINATED), logo);
    assert_ptr_equal(eml_part_find_content_id(root, "logo@x", 6), logo);
    assert_ptr_equal(eml_part_find_content_id(root, "root@x", EML_NUL_TERMINATED), html);
    assert_null(eml_part_find_content_id(root, "logo", EML_NUL_TERMINATED));
    assert_null(eml_part_find_content_id(root, "", EML_NUL_TERMINATED));
    assert_null(eml_part_content_id(root).ptr);

    size_t size;
    assert_int_equal(eml_part_decoded_size(logo, &size), EML_OK);
    assert_int_equal(size, 5);
    eml_message_free(m);
}

/* Without a start parameter the first part is the root. */
static void test_related_first(void **state)
{
    (void)state;
    eml_message *m = parse("Content-Type: multipart/related; boundary=r\n\n"
                           "--r\nContent-Type: text/plain\n\nroot\n"
                           "--r\nContent-Type: text/html\n\n<p>resource</p>\n--r--\n");
    const eml_part *root = eml_message_root(m);
    assert_string_equal(body_of(eml_part_best_text(root)), "root");
    assert_null(eml_part_best_html(root));
    eml_message_free(m);
}

static void test_nested_and_digest(void **state)
{
    (void)state;
    eml_message *m = parse("Content-Type: multipart/mixed; boundary=o\n\n"
                           "--o\nContent-Type: image/gif\nContent-Disposition: attachment\n\nGIF\n"
                           "--o\nContent-Type: multipart/digest; boundary=d\n\n"
                           "--d\n\nSubject: first\n\nfirst body\n"
                           "--d\n\nSubject: second\n\nsecond body\n--d--\n--o--\n");
    const eml_part *root = eml_message_root(m);
    assert_string_equal(body_of(eml_part_best_text(root)), "first body");
    const eml_part *const *list;
    size_t n;
    assert_int_equal(eml_part_attachments(root, &list, &n), EML_OK);
    assert_int_equal(n, 1);
    assert_int_equal(eml_part_inline_parts(root, &list, &n), EML_OK);
    assert_int_equal(n, 1);
    assert_string_equal(body_of(list[0]), "second body");
    eml_slice t;
    /* A message with no text at all. */
    eml_message *bin = parse("Content-Type: application/octet-stream\n\nxx\n");
    assert_int_equal(eml_part_body_text(eml_message_root(bin), &t), EML_ENOTFOUND);
    assert_int_equal(eml_part_attachments(eml_message_root(bin), &list, &n), EML_OK);
    assert_int_equal(n, 1);
    eml_message_free(bin);
    /* An attached message is an attachment, not a body. */
    eml_message *att = parse("Content-Type: multipart/mixed; boundary=b\n\n"
                             "--b\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n"
                             "Subject: x\n\nhidden\n--b--\n");
    assert_null(eml_part_best_text(eml_message_root(att)));
    assert_int_equal(eml_part_attachments(eml_message_root(att), &list, &n), EML_OK);
    assert_int_equal(n, 1);
    eml_message_free(att);
    assert_null(eml_part_best_text(NULL));
    assert_int_equal(eml_part_body_text(NULL, &t), EML_EINVAL);
    eml_message_free(m);
}

/* Many parts: the lists are built once and indexed in constant time. */
static void test_many_parts(void **state)
{
    (void)state;
    size_t n = 5000, cap = 64 + n * 64, len = 0;
    char *s = malloc(cap);
    len += (size_t)sprintf(s + len, "Content-Type: multipart/mixed; boundary=b\n\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(s + len, "--b\nContent-Type: image/png; name=%zu.png\n\nx\n", i);
    len += (size_t)sprintf(s + len, "--b--\n");
    eml_message *m;
    assert_int_equal(eml_parse(s, len, NULL, &m), EML_OK);
    const eml_part *const *list;
    size_t count;
    assert_int_equal(eml_part_attachments(eml_message_root(m), &list, &count), EML_OK);
    assert_int_equal(count, n);
    eml_message_free(m);
    free(s);
}

/* ---- agreement with the eml tool's former selection --------------------- */

static int slice_eq(eml_slice v, const char *s)
{
    return v.ptr && v.len == strlen(s) && memcmp(v.ptr, s, v.len) == 0;
}

static const eml_part *old_best(const eml_part *p, int is_root)
{
    if (!is_root && slice_eq(eml_part_disposition(p), "attachment"))
        return NULL;
    if (eml_part_embedded(p))
        return old_best(eml_part_embedded(p), 0);
    size_t n = eml_part_child_count(p);
    int text = slice_eq(eml_part_type(p), "text");
    if (n == 0)
        return text && (slice_eq(eml_part_subtype(p), "plain") || slice_eq(eml_part_subtype(p), "html")) ? p : NULL;
    if (slice_eq(eml_part_subtype(p), "alternative")) {
        const eml_part *html = NULL;
        for (size_t i = 0; i < n; i++) {
            const eml_part *f = old_best(eml_part_child(p, i), 0);
            if (f && slice_eq(eml_part_subtype(f), "plain"))
                return f;
            if (f && !html)
                html = f;
        }
        return html;
    }
    for (size_t i = 0; i < n; i++) {
        const eml_part *f = old_best(eml_part_child(p, i), 0);
        if (f)
            return f;
    }
    return NULL;
}

static size_t agreed, compared;

static void compare_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    static char buf[1 << 22];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    eml_message *m;
    if (eml_parse(buf, len, NULL, &m) != EML_OK)
        return;
    const eml_part *root = eml_message_root(m);
    const eml_part *old = old_best(root, 1);
    const eml_part *now = eml_part_best_text(root);
    if (!now)
        now = eml_part_best_html(root);
    compared++;
    agreed += old == now;
    eml_message_free(m);
}

static void walk(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 6) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk(path, depth + 1);
        else if (S_ISREG(st.st_mode) && st.st_size < (1 << 22))
            compare_file(path);
    }
    closedir(d);
}

static void test_corpus_agreement(void **state)
{
    (void)state;
    const char *dir = getenv("EML_CORPUS") ? getenv("EML_CORPUS") : "../shared/corpus";
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        skip();
    walk(dir, 0);
    if (!compared)
        skip();
    /* The rules differ on purpose only where a message has two text/plain
     * alternatives or a related start part that is not first. */
    print_message("corpus: %zu of %zu messages give the same body part\n", agreed, compared);
    assert_true(agreed * 100 >= compared * 98);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alternative),
        cmocka_unit_test(test_related_mixed),
        cmocka_unit_test(test_related_first),
        cmocka_unit_test(test_nested_and_digest),
        cmocka_unit_test(test_many_parts),
        cmocka_unit_test(test_corpus_agreement),
    };
    return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
