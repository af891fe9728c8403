/* body: print the text a reader sees (the HTML version rendered as text
 * when there is no plain one), then list attachments and inline parts.
 *   cc -o body body.c $(pkg-config --cflags --libs libeml)
 *   ./body message.eml */
#include <eml.h>
#include <stdio.h>
#include <stdlib.h>

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

static void list(const char *what, const eml_part *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        eml_slice name = eml_part_filename(parts[i]), id = eml_part_content_id(parts[i]);
        size_t size = 0;
        eml_part_decoded_size(parts[i], &size);
        printf("%s: %s %zu bytes", what, eml_part_content_type(parts[i]).ptr, size);
        if (name.ptr) printf(" \"%.*s\"", (int)name.len, name.ptr);
        if (id.ptr) printf(" <%.*s>", (int)id.len, id.ptr);
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    size_t len = 0, n;
    char *buf = argc == 2 ? read_file(argv[1], &len) : NULL;
    eml_message *msg;
    if (!buf || eml_parse(buf, len, NULL, &msg) != EML_OK) {
        fprintf(stderr, argc == 2 ? "%s: cannot read\n" : "usage: body FILE\n", argv[1]);
        free(buf);
        return 2;
    }
    const eml_part *root = eml_message_root(msg), *const *parts;
    eml_slice text;
    if (eml_part_body_text(root, &text) == EML_OK)
        printf("%s%s", text.ptr, text.len && text.ptr[text.len - 1] == '\n' ? "" : "\n");
    else
        printf("(no text body)\n");
    if (eml_part_attachments(root, &parts, &n) == EML_OK) list("attachment", parts, n);
    if (eml_part_inline_parts(root, &parts, &n) == EML_OK) list("inline", parts, n);
    eml_message_free(msg);
    free(buf);
    return 0;
}
