/* eml_part_walk_next: pre-order with embedded messages, depths relative
 * to the walk's root, subtree walks that stay inside their root, and
 * agreement with a recursive walk over the shared corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core_tree.h"

#include <dirent.h>
#include <sys/stat.h>

/* "type/subtype@depth" for every part the walker visits from root. */
static void render_walk(const eml_part *root, tree_text *t)
{
    size_t depth = 99;
    for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
         p = eml_part_walk_next(root, p, &depth)) {
        char d[32];
        if (t->len)
            tt_puts(t, " ");
        eml_slice ct = eml_part_content_type(p);
        tt_put(t, ct.ptr, ct.len);
        snprintf(d, sizeof d, "@%zu", depth);
        tt_puts(t, d);
    }
    assert_int_equal(depth, 0); /* set to 0 with the final NULL */
}

static eml_message *parse_text(const char *s)
{
    eml_message *m = NULL;
    assert_int_equal(eml_parse(s, strlen(s), NULL, &m), EML_OK);
    return m;
}

static const char nested[] =
    "Content-Type: multipart/mixed; boundary=a\r\n\r\n"
    "--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
    "--b\r\nContent-Type: text/plain\r\n\r\nplain\r\n"
    "--b\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n"
    "--b--\r\n"
    "--a\r\nContent-Type: message/rfc822\r\n\r\n"
    "Subject: inner\r\nContent-Type: multipart/related; boundary=c\r\n\r\n"
    "--c\r\nContent-Type: text/enriched\r\n\r\nx\r\n"
    "--c\r\nContent-Type: message/rfc822\r\n\r\nSubject: deepest\r\n\r\nbody\r\n"
    "--c--\r\n"
    "--a\r\nContent-Type: image/png\r\n\r\nAAAA\r\n"
    "--a--\r\n";

static void test_order_and_depth(void **state)
{
    (void)state;
    eml_message *m = parse_text(nested);
    tree_text t = { { 0 }, 0 };
    render_walk(eml_message_root(m), &t);
    assert_string_equal(t.buf, "multipart/mixed@0 multipart/alternative@1 text/plain@2 text/html@2 "
                               "message/rfc822@1 multipart/related@2 text/enriched@3 "
                               "message/rfc822@3 text/plain@4 image/png@1");
    eml_message_free(m);
}

/* A walk rooted at an inner part visits that subtree only: it must not
 * climb past its root to the root's siblings or parents. */
static void test_subtree_stays_inside(void **state)
{
    (void)state;
    eml_message *m = parse_text(nested);
    const eml_part *root = eml_message_root(m);
    const eml_part *alt = eml_part_child(root, 0), *msg = eml_part_child(root, 1);

    tree_text t = { { 0 }, 0 };
    render_walk(alt, &t);
    assert_string_equal(t.buf, "multipart/alternative@0 text/plain@1 text/html@1");

    tree_text u = { { 0 }, 0 };
    render_walk(msg, &u);
    assert_string_equal(u.buf, "message/rfc822@0 multipart/related@1 text/enriched@2 "
                               "message/rfc822@2 text/plain@3");

    /* Rooted at an embedded message's root: climbing stops there too. */
    tree_text v = { { 0 }, 0 };
    render_walk(eml_part_embedded(msg), &v);
    assert_string_equal(v.buf, "multipart/related@0 text/enriched@1 message/rfc822@1 text/plain@2");

    /* A leaf as root is a walk of one part. */
    const eml_part *leaf = eml_part_child(alt, 1);
    size_t depth = 7;
    assert_ptr_equal(eml_part_walk_next(leaf, NULL, &depth), leaf);
    assert_int_equal(depth, 0);
    assert_null(eml_part_walk_next(leaf, leaf, &depth));
    assert_int_equal(depth, 0);
    eml_message_free(m);
}

static void test_digest_and_single_part(void **state)
{
    (void)state;
    eml_message *m = parse_text("Content-Type: multipart/digest; boundary=d\r\n\r\n"
                                "--d\r\n\r\nSubject: one\r\n\r\n1\r\n"
                                "--d\r\n\r\nSubject: two\r\n\r\n2\r\n"
                                "--d--\r\n");
    tree_text t = { { 0 }, 0 };
    render_walk(eml_message_root(m), &t);
    assert_string_equal(t.buf, "multipart/digest@0 message/rfc822@1 text/plain@2 "
                               "message/rfc822@1 text/plain@2");
    eml_message_free(m);

    m = parse_text("Subject: plain\r\n\r\nhello\r\n");
    tree_text u = { { 0 }, 0 };
    render_walk(eml_message_root(m), &u);
    assert_string_equal(u.buf, "text/plain@0");
    eml_message_free(m);
}

static void test_null_arguments(void **state)
{
    (void)state;
    size_t depth = 5;
    assert_null(eml_part_walk_next(NULL, NULL, &depth));
    assert_int_equal(depth, 0);
    eml_message *m = parse_text(nested);
    const eml_part *root = eml_message_root(m);
    assert_ptr_equal(eml_part_walk_next(root, NULL, NULL), root);
    assert_ptr_equal(eml_part_walk_next(root, root, NULL), eml_part_child(root, 0));
    eml_message_free(m);
}

/* ---- agreement with a recursive walk ------------------------------------ */

typedef struct visit_list {
    const eml_part **parts;
    size_t *depths;
    size_t count, cap;
} visit_list;

static void list_add(visit_list *l, const eml_part *p, size_t depth)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->parts = realloc(l->parts, l->cap * sizeof *l->parts);
        l->depths = realloc(l->depths, l->cap * sizeof *l->depths);
        assert_non_null(l->parts);
        assert_non_null(l->depths);
    }
    l->parts[l->count] = p;
    l->depths[l->count++] = depth;
}

/* The reference: children in order, then the embedded message. */
static void reference_walk(const eml_part *p, size_t depth, visit_list *l)
{
    list_add(l, p, depth);
    for (size_t i = 0; i < eml_part_child_count(p); i++)
        reference_walk(eml_part_child(p, i), depth + 1, l);
    if (eml_part_embedded(p))
        reference_walk(eml_part_embedded(p), depth + 1, l);
}

/* Compares the walks from root and from each part as a subtree root. */
static void compare_walks(const eml_message *m)
{
    visit_list ref = { 0 };
    reference_walk(eml_message_root(m), 0, &ref);
    assert_int_equal(ref.count, eml_message_part_count(m));
    for (size_t r = 0; r < ref.count; r++) {
        const eml_part *root = ref.parts[r];
        size_t i = r, depth;
        for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
             p = eml_part_walk_next(root, p, &depth), i++) {
            assert_true(i < ref.count);
            assert_ptr_equal(p, ref.parts[i]);
            assert_int_equal(depth, ref.depths[i] - ref.depths[r]);
        }
        /* The subtree ends where the reference leaves root's depth. */
        assert_true(i == ref.count || ref.depths[i] <= ref.depths[r]);
        if (r > 0 && ref.count > 200)
            break; /* the root walk covers large trees; subtrees are quadratic */
    }
    free(ref.parts);
    free(ref.depths);
}

static size_t walk_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "SOURCES.md") == 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            n += walk_files(path);
            continue;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char *buf = malloc((size_t)st.st_size + 1);
        assert_non_null(buf);
        size_t len = fread(buf, 1, (size_t)st.st_size, f);
        fclose(f);
        eml_message *m = NULL;
        if (eml_parse(buf, len, NULL, &m) == EML_OK) {
            compare_walks(m);
            eml_message_free(m);
            n++;
        }
        free(buf);
    }
    closedir(d);
    return n;
}

static void test_corpus_agrees_with_recursion(void **state)
{
    (void)state;
    const char *dir = "../shared/corpus";
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        print_message("skipped: %s not found\n", dir);
        skip();
    }
    size_t n = walk_files(dir);
    print_message("walked %zu corpus messages\n", n);
    assert_true(n > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_depth),
        cmocka_unit_test(test_subtree_stays_inside),
        cmocka_unit_test(test_digest_and_single_part),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_corpus_agrees_with_recursion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
