/* eml check: every defect of every message; exit status 1 when any. */
#include "buf.h"
#include "commands.h"
#include "sources.h"
#include "walk.h"

#include <string.h>

typedef struct check_ctx {
    const item *it;
    result *r;
} check_ctx;

static int list_defects(const eml_part *p, const char *section, void *arg)
{
    check_ctx *c = arg;
    size_t n = eml_part_defect_count(p);
    for (size_t i = 0; i < n; i++) {
        eml_defect d;
        if (eml_part_defect(p, i, &d) != EML_OK)
            continue;
        tbuf_put_display(&c->r->out, c->it->label, strlen(c->it->label));
        if (*section)
            tbuf_printf(&c->r->out, ": part %s", section);
        tbuf_printf(&c->r->out, ": offset %zu: %s: %s\n", d.offset, eml_defect_name(d.code),
                    eml_defect_description(d.code));
    }
    return 0;
}

static void render(const eml_message *m, const item *it, result *r, const options *o)
{
    (void)o;
    const eml_part *root = eml_message_root(m);
    touch_message(root); /* decoders and header parsers find defects too */
    check_ctx c = {it, r};
    visit_parts(root, list_defects, &c);
}

const command cmd_check = {
    "check", "list defects; exit status 1 when there are any",
    "usage: eml check [OPTIONS] FILE...\n"
    "\n"
    "Parses each message, decodes every body and header that the library\n"
    "understands, and prints one line per defect:\n"
    "  NAME[: part SECTION]: offset OFFSET: DEFECT: description\n"
    "SECTION numbers parts as IMAP does (1, 1.2, ...); OFFSET counts bytes\n"
    "from the start of the message. A summary follows on standard error.\n"
    "Exit status: 0 no defect, 1 some defect, 2 usage or I/O error.\n",
    render, NULL, NULL};
