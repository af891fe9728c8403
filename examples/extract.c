/* extract: write the attachments of a message into a folder, under names
 * made safe (the sender chooses them), never overwriting a file.
 *   cc -o extract extract.c $(pkg-config --cflags --libs libeml)
 *   ./extract message.eml DIR */
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

/* Only the last path component, without control characters or leading
 * dots, so that "../../.bashrc" cannot leave the folder or hide. */
static void safe_name(eml_slice name, size_t index, char *out, size_t cap)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; name.ptr && i < name.len; i++)
        if (name.ptr[i] == '/' || name.ptr[i] == '\\')
            start = i + 1;
    for (size_t i = start; name.ptr && i < name.len && n + 1 < cap; i++) {
        unsigned char c = (unsigned char)name.ptr[i];
        if (c >= 0x20 && c != 0x7f && !(n == 0 && c == '.'))
            out[n++] = (char)c;
    }
    out[n] = '\0';
    if (n == 0)
        snprintf(out, cap, "part-%zu.bin", index);
}

static int is_attachment(const eml_part *p)
{
    eml_slice d = eml_part_disposition(p);
    if (eml_part_child_count(p) > 0 || eml_part_embedded(p))
        return 0; /* containers: their leaves are visited */
    return eml_part_filename(p).ptr || (d.ptr && strcmp(d.ptr, "attachment") == 0);
}

int main(int argc, char **argv)
{
    size_t len, index = 0;
    eml_message *msg;
    int status = 0;
    char *buf = argc == 3 ? read_file(argv[1], &len) : NULL;
    if (!buf || eml_parse(buf, len, NULL, &msg) != EML_OK) {
        fprintf(stderr, argc == 3 ? "cannot read %s\n" : "usage: extract FILE DIR\n", argv[1]);
        free(buf);
        return 2;
    }
    const eml_part *root = eml_message_root(msg);
    for (const eml_part *p = root; p; p = eml_part_walk_next(root, p, NULL), index++) {
        char name[256], path[4096];
        eml_slice data;
        if (!is_attachment(p) || eml_part_decoded(p, &data) != EML_OK)
            continue;
        safe_name(eml_part_filename(p), index, name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", argv[2], name);
        FILE *f = fopen(path, "wbx"); /* "x": fail if it exists (C11) */
        if (!f || fwrite(data.ptr, 1, data.len, f) != data.len) {
            fprintf(stderr, "%s: not written\n", path);
            status = 1;
        } else {
            printf("%s: %zu bytes\n", path, data.len);
        }
        if (f && fclose(f) != 0) status = 1;
    }
    eml_message_free(msg);
    free(buf);
    return status;
}
