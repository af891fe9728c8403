/* text: print the body a person would read, as UTF-8: the text/plain
 * version of a multipart/alternative when there is one, else the first
 * text/plain part that is not an attachment, else the first text/html.
 *   cc -o text text.c $(pkg-config --cflags --libs libeml)
 *   ./text message.eml */
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

static int is(const eml_part *p, const char *content_type)
{
    eml_slice d = eml_part_disposition(p);
    return strcmp(eml_part_content_type(p).ptr, content_type) == 0 &&
           !(d.ptr && strcmp(d.ptr, "attachment") == 0);
}

/* The first match in document order. Embedded messages are not entered:
 * a forwarded message's text is not the text of this one. */
static const eml_part *find(const eml_part *root, const char *content_type)
{
    size_t depth, skip_below = (size_t)-1;
    for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
         p = eml_part_walk_next(root, p, &depth)) {
        if (depth > skip_below)
            continue;
        skip_below = (size_t)-1;
        if (eml_part_embedded(p))
            skip_below = depth;
        else if (is(p, content_type))
            return p;
    }
    return NULL;
}

/* An alternative lists versions from plainest to richest (RFC 2046
 * section 5.1.4): looking for text/plain first prefers it everywhere. */
static const eml_part *best_text(const eml_part *root)
{
    const eml_part *p = find(root, "text/plain");
    return p ? p : find(root, "text/html");
}

int main(int argc, char **argv)
{
    size_t len;
    eml_message *msg;
    char *buf = argc == 2 ? read_file(argv[1], &len) : NULL;
    if (!buf || eml_parse(buf, len, NULL, &msg) != EML_OK) {
        fprintf(stderr, argc == 2 ? "cannot read %s\n" : "usage: text FILE\n", argv[1]);
        free(buf);
        return 2;
    }
    const eml_part *part = best_text(eml_message_root(msg));
    eml_slice text;
    int status = 1;
    if (part && eml_part_text(part, &text) == EML_OK) {
        fwrite(text.ptr, 1, text.len, stdout);
        if (text.len && text.ptr[text.len - 1] != '\n')
            putchar('\n');
        status = 0;
    } else {
        fprintf(stderr, "%s: no text body\n", argv[1]);
    }
    eml_message_free(msg);
    free(buf);
    return status;
}
