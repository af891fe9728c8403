/* mbox: list the messages of an mbox file (RFC 4155): number, sender, subject,
 * parts, first line of a text body. ">From " lines are unquoted (mboxrd).
 *   cc -o mbox mbox.c $(pkg-config --cflags --libs libeml)
 *   ./mbox inbox.mbox */
#include <eml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file in memory; mapping it with mmap(2) works as well. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) != NULL)
        *len = fread(buf, 1, (size_t)size, f);
    fclose(f);
    return buf;
}

static int is_from_line(const char *p, const char *end)
{ return end - p >= 5 && memcmp(p, "From ", 5) == 0; }

/* Copies a message without its "From " line; ">From ", ">>From "... lose a '>'. */
static size_t unquote(const char *p, const char *end, char *out)
{
    size_t n = 0;
    p = memchr(p, '\n', (size_t)(end - p));
    for (p = p ? p + 1 : end; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *next = eol ? eol + 1 : end, *q = p;
        while (q < next && *q == '>')
            q++;
        if (q > p && is_from_line(q, next))
            p++;
        memcpy(out + n, p, (size_t)(next - p));
        n += (size_t)(next - p);
        p = next;
    }
    return n;
}

static void show(size_t number, const char *buf, size_t len)
{
    eml_message *msg;
    eml_address from[1];
    eml_slice subject = {"", 0}, text;
    size_t i, n = 0;
    if (eml_parse(buf, len, NULL, &msg) != EML_OK) return;
    const eml_part *root = eml_message_root(msg);
    if (eml_part_field_find(root, "Subject", EML_NUL_TERMINATED, 0, &i) == EML_OK)
        eml_part_field_text(root, i, &subject);
    if (eml_part_field_find(root, "From", EML_NUL_TERMINATED, 0, &i) == EML_OK)
        eml_part_field_addresses(root, i, from, 1, &n);
    printf("%zu: %s | %s | parts: %zu\n", number,
           n == 0 ? "?" : from[0].name.ptr ? from[0].name.ptr : from[0].address.ptr,
           subject.ptr, eml_message_part_count(msg));
    if (strncmp(eml_part_content_type(root).ptr, "text/", 5) == 0 &&
        eml_part_text(root, &text) == EML_OK)
        printf("   %.*s\n", (int)strcspn(text.ptr, "\r\n"), text.ptr);
    eml_message_free(msg);
}

int main(int argc, char **argv)
{
    size_t len, count = 0;
    char *buf = argc == 2 ? read_file(argv[1], &len) : NULL;
    char *copy = buf ? malloc(len + 1) : NULL;
    if (!copy || !is_from_line(buf, buf + len)) {
        fprintf(stderr, argc == 2 ? "%s: not an mbox\n" : "usage: mbox FILE\n", argv[1]);
        free(copy);
        free(buf);
        return 2;
    }
    /* A message starts at a "From " line at the start of the file or after
     * an empty line; that empty line separates, it is not content. */
    const char *end = buf + len, *start = buf;
    int prev_empty = 1;
    for (const char *p = buf;;) {
        if (p == end || (prev_empty && p != start && is_from_line(p, end))) {
            const char *stop = p == end ? end : p - (p - start >= 2 && p[-2] == '\r' ? 2 : 1);
            show(++count, copy, unquote(start, stop, copy));
            if (p == end) break;
            start = p;
        }
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *next = eol ? eol + 1 : end;
        prev_empty = next - p == 1 || (next - p == 2 && *p == '\r');
        p = next;
    }
    printf("%zu messages\n", count);
    free(copy);
    free(buf);
    return 0;
}
