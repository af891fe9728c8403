/*
 * eml text: the body a person would read, as the library's message view
 * selects it (eml_part_body_text): the text/plain body, else the HTML
 * one rendered to plain text. Attachments are never shown.
 */
#include "buf.h"
#include "commands.h"
#include "run.h"
#include "sources.h"


static void render(const eml_message *m, const item *it, result *r, const options *o)
{
    put_heading(r, it, o);
    eml_slice text;
    if (eml_part_body_text(eml_message_root(m), &text) != EML_OK) {
        if (!o->quiet)
            tbuf_printf(&r->err, "eml: %s: no text body\n", it->label);
        return;
    }
    size_t start = r->out.len;
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
