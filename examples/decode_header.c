/* decode_header: print a header field as written and decoded: RFC 2047
 * encoded words ("=?UTF-8?B?...?=") decoded and converted to UTF-8.
 *   cc -o decode_header decode_header.c $(pkg-config --cflags --libs libeml)
 *   ./decode_header message.eml Subject */
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

int main(int argc, char **argv)
{
    size_t len, i = 0, found = 0;
    eml_message *msg;
    char *buf = argc == 3 ? read_file(argv[1], &len) : NULL;
    if (!buf || eml_parse(buf, len, NULL, &msg) != EML_OK) {
        fprintf(stderr, argc == 3 ? "cannot read %s\n" : "usage: decode_header FILE FIELD\n",
                argv[1]);
        free(buf);
        return 2;
    }
    const eml_part *root = eml_message_root(msg);
    /* A field may occur more than once: visit each. */
    while (eml_part_field_find(root, argv[2], EML_NUL_TERMINATED, i, &i) == EML_OK) {
        eml_slice raw, text;
        if (eml_part_field_unfolded(root, i, &raw) == EML_OK &&
            eml_part_field_text(root, i, &text) == EML_OK) {
            printf("raw:     %s\n", raw.ptr);
            printf("decoded: %s\n", text.ptr);
        }
        found++;
        i++;
    }
    /* Problems in encoded words (bad base64, unknown charset) become
     * defects of the part; the decoded text is still usable. */
    eml_defect d;
    for (size_t k = 0; eml_part_defect(root, k, &d) == EML_OK; k++)
        printf("defect:  %s\n", eml_defect_name(d.code));
    eml_message_free(msg);
    free(buf);
    if (!found)
        fprintf(stderr, "%s: no %s field\n", argv[1], argv[2]);
    return found ? 0 : 1;
}
