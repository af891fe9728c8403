/* tree: walk the MIME tree of a message without recursion and print one
 * line per part: type, transfer encoding, decoded size, file name, defects.
 *   cc -o tree tree.c $(pkg-config --cflags --libs libeml)
 *   ./tree message.eml */
#include <eml.h>
#include <stdio.h>
#include <stdlib.h>

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

static void print_part(const eml_part *part, size_t depth)
{
    eml_slice type = eml_part_content_type(part);
    eml_slice name = eml_part_filename(part);
    eml_slice enc = eml_part_encoding_name(part);
    printf("%*s%s", (int)(2 * depth), "", type.ptr);
    if (eml_part_child_count(part) == 0 && !eml_part_embedded(part)) {
        eml_slice body;
        if (eml_part_decoded(part, &body) == EML_OK) /* decoding may add defects */
            printf(" %.*s %zu bytes", (int)enc.len, enc.ptr, body.len);
    }
    if (name.ptr)
        printf(" \"%s\"", name.ptr);
    eml_defect d;
    for (size_t i = 0; eml_part_defect(part, i, &d) == EML_OK; i++)
        printf(" [%s]", eml_defect_name(d.code));
    printf("\n");
}

int main(int argc, char **argv)
{
    size_t len;
    eml_message *msg;
    if (argc != 2) {
        fprintf(stderr, "usage: tree FILE\n");
        return 2;
    }
    char *buf = read_file(argv[1], &len);
    if (!buf) {
        perror(argv[1]);
        return 2;
    }
    int rc = eml_parse(buf, len, NULL, &msg);
    if (rc != EML_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], eml_strerror(rc));
        free(buf);
        return 2;
    }
    /* Pre-order, embedded messages included; the part is the cursor. */
    const eml_part *root = eml_message_root(msg);
    size_t depth;
    for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
         p = eml_part_walk_next(root, p, &depth))
        print_part(p, depth);
    printf("%zu parts\n", eml_message_part_count(msg));
    eml_message_free(msg);
    free(buf);
    return 0;
}
