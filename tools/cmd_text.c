/*
 * eml text: the body a person would read. From a multipart/alternative
 * the text/plain version is taken when there is one, else the HTML one is
 * rendered to plain text; other multiparts give their first readable
 * part. Attachments are never shown.
 */
#include "buf.h"
#include "commands.h"
#include "run.h"
#include "html2text.h"
#include "sources.h"


static int is_attachment(const eml_part *p)
{
    return slice_is(eml_part_disposition(p), "attachment");
}

static int is_text(const eml_part *p, const char *subtype)
{
    return slice_is(eml_part_type(p), "text") && slice_is(eml_part_subtype(p), subtype);
}

/* Depth is bounded by the library's nesting limit. */
static const eml_part *best_text(const eml_part *p, int is_root)
{
    if (!is_root && is_attachment(p))
        return NULL;
    if (eml_part_embedded(p))
        return best_text(eml_part_embedded(p), 0);
    size_t n = eml_part_child_count(p);
    if (n == 0)
        return is_text(p, "plain") || is_text(p, "html") ? p : NULL;
    if (slice_is(eml_part_subtype(p), "alternative")) {
        const eml_part *html = NULL;
        for (size_t i = 0; i < n; i++) {
            const eml_part *found = best_text(eml_part_child(p, i), 0);
            if (found && is_text(found, "plain"))
                return found;
            if (found && !html)
                html = found;
        }
        return html;
    }
    for (size_t i = 0; i < n; i++) {
        const eml_part *found = best_text(eml_part_child(p, i), 0);
        if (found)
            return found;
    }
    return NULL;
}

static void render(const eml_message *m, const item *it, result *r, const options *o)
{
    put_heading(r, it, o);
    const eml_part *p = best_text(eml_message_root(m), 1);
    eml_slice text;
    if (!p || eml_part_text(p, &text) != EML_OK) {
        if (!o->quiet)
            tbuf_printf(&r->err, "eml: %s: no text body\n", it->label);
        return;
    }
    size_t start = r->out.len;
    if (is_text(p, "html"))
        html_to_text(text.ptr ? text.ptr : "", text.len, &r->out);
    else
        tbuf_put_text(&r->out, text.ptr ? text.ptr : "", text.len, "\n\t");
    if (r->out.len > start && r->out.ptr[r->out.len - 1] != '\n')
        tbuf_putc(&r->out, '\n');
}

const command cmd_text = {
    "text", "the best text body, as UTF-8",
    "usage: eml text [OPTIONS] FILE...\n"
    "\n"
    "Prints the body a person would read, converted to UTF-8: the text/plain\n"
    "version of a multipart/alternative when there is one, else its HTML\n"
    "version rendered as plain text (no scripts, styles, images or remote\n"
    "content; links shown as \"text <url>\"). Other multiparts give their\n"
    "first readable part; attachments are skipped. Control characters other\n"
    "than tab and line feed are removed. With several messages, each text\n"
    "follows a line \"==> NAME <==\".\n",
    render, NULL, NULL};
