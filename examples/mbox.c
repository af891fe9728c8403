/* mbox: list the messages of an mbox file (RFC 4155): number, sender, subject,
 * parts, first line of a text body. eml_mbox_next unquotes ">From " lines.
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
    size_t len = 0, count = 0, offset;
    char *buf = argc == 2 ? read_file(argv[1], &len) : NULL;
    eml_mbox *box;
    eml_slice m;
    if (!buf || len < 5 || memcmp(buf, "From ", 5) != 0 ||
        eml_mbox_create(buf, len, EML_MBOX_AUTO, NULL, &box) != EML_OK) {
        fprintf(stderr, argc == 2 ? "%s: not an mbox\n" : "usage: mbox FILE\n", argv[1]);
        free(buf);
        return 2;
    }
    /* Each message is a slice of buf, or an unquoted copy that lives until
     * the next call: parse it before asking for the next one. */
    while (eml_mbox_next(box, &m, &offset) == EML_OK)
        show(++count, m.ptr, m.len);
    printf("%zu messages\n", count);
    eml_mbox_free(box);
    free(buf);
    return 0;
}
