/* eml headers: the top-level header fields of each message. */
#include "buf.h"
#include "commands.h"
#include "run.h"
#include "sources.h"


static void render(const eml_message *m, const item *it, result *r, const options *o)
{
    put_heading(r, it, o);
    const eml_part *root = eml_message_root(m);
    size_t n = eml_part_field_count(root);
    for (size_t i = 0; i < n; i++) {
        eml_field f;
        if (eml_part_field(root, i, &f) != EML_OK)
            continue;
        eml_slice v = {NULL, 0};
        if (o->raw || eml_part_field_text(root, i, &v) != EML_OK)
            eml_part_field_unfolded(root, i, &v);
        tbuf_put_display(&r->out, f.name.ptr, f.name.len);
        tbuf_puts(&r->out, ": ");
        if (v.ptr)
            tbuf_put_display(&r->out, v.ptr, v.len);
        tbuf_putc(&r->out, '\n');
    }
}

const command cmd_headers = {
    "headers", "the top-level header fields",
    "usage: eml headers [OPTIONS] FILE...\n"
    "\n"
    "Prints each top-level header field as \"Name: value\", unfolded, with\n"
    "RFC 2047 encoded words decoded to UTF-8. Control characters and bytes\n"
    "that are not UTF-8 are shown as \\xNN.\n"
    "\n"
    "  --raw    show values unfolded but not decoded\n",
    render, NULL, NULL};
