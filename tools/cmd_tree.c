/* eml tree: an indented outline of each message's MIME tree. */
#include "buf.h"
#include "commands.h"
#include "run.h"
#include "sources.h"
#include "walk.h"


static void tree_line(tbuf *b, const eml_part *p, size_t depth)
{
    for (size_t i = depth; i > 0; i--)
        tbuf_puts(b, "  ");
    eml_slice type = eml_part_content_type(p);
    tbuf_put_display(b, type.ptr ? type.ptr : "", type.len);
    eml_slice charset = eml_part_param_get(p, "charset", EML_NUL_TERMINATED);
    if (charset.ptr && slice_is(eml_part_type(p), "text")) {
        tbuf_puts(b, "; charset=");
        tbuf_put_display(b, charset.ptr, charset.len);
    }
    eml_slice enc = eml_part_encoding_name(p);
    tbuf_puts(b, ", ");
    tbuf_put_display(b, enc.ptr ? enc.ptr : "7bit", enc.ptr ? enc.len : 4);
    if (part_is_leaf(p)) {
        eml_slice body;
        if (eml_part_decoded(p, &body) == EML_OK)
            tbuf_printf(b, ", %zu bytes", body.len);
        else
            tbuf_puts(b, ", ? bytes");
    }
    eml_slice disp = eml_part_disposition(p);
    if (disp.ptr) {
        tbuf_puts(b, ", ");
        tbuf_put_display(b, disp.ptr, disp.len);
    }
    eml_slice name = eml_part_filename(p);
    if (name.ptr) {
        tbuf_puts(b, ", \"");
        tbuf_put_display(b, name.ptr, name.len);
        tbuf_putc(b, '"');
    }
    size_t nd = eml_part_defect_count(p);
    for (size_t i = 0; i < nd; i++) {
        eml_defect d;
        if (eml_part_defect(p, i, &d) == EML_OK)
            tbuf_printf(b, "%s%s", i ? " " : "  [", eml_defect_name(d.code));
    }
    if (nd)
        tbuf_putc(b, ']');
    tbuf_putc(b, '\n');
}

static void render(const eml_message *m, const item *it, result *r, const options *o)
{
    put_heading(r, it, o);
    const eml_part *root = eml_message_root(m);
    size_t depth;
    for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
         p = eml_part_walk_next(root, p, &depth))
        tree_line(&r->out, p, depth);
}

const command cmd_tree = {
    "tree", "an indented outline of the MIME tree",
    "usage: eml tree [OPTIONS] FILE...\n"
    "\n"
    "Prints one line per MIME part, indented by nesting depth:\n"
    "  TYPE[; charset=CHARSET], ENCODING[, SIZE bytes][, DISPOSITION][, \"FILENAME\"]  [DEFECTS]\n"
    "SIZE is the transfer-decoded size of a leaf part. The parts of an embedded\n"
    "message (message/rfc822) follow its line, one level deeper.\n"
    "With several messages, each tree follows a line \"==> NAME <==\".\n",
    render, NULL, NULL};
