/* One message through a command: load, parse, render; then its output
 * written in input order. */
#include "run.h"
#include "buf.h"
#include "commands.h"
#include "sources.h"
#include "walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void process_item(const command *cmd, const item *it, const options *o, result *r)
{
    memset(r, 0, sizeof *r);
    tbuf_init(&r->out);
    tbuf_init(&r->err);
    char *error = NULL;
    if (item_load(it, &r->ld, &error) != 0) {
        tbuf_printf(&r->err, "eml: %s\n", error);
        free(error);
        r->failed = 1;
        return;
    }
    eml_message *m = NULL;
    int rc = eml_parse(r->ld.data, r->ld.len, NULL, &m);
    if (rc != EML_OK) {
        tbuf_printf(&r->err, "eml: %s: cannot parse: %s\n", it->label, eml_strerror(rc));
        r->failed = 1;
        item_unload(&r->ld);
        return;
    }
    cmd->render(m, it, r, o);
    r->defects = count_defects(eml_message_root(m));
    if (cmd->emit) {
        r->message = m; /* the main thread still needs it */
        return;
    }
    eml_message_free(m);
    item_unload(&r->ld);
}

static int write_all(FILE *f, const tbuf *b)
{
    return b->len == 0 || fwrite(b->ptr, 1, b->len, f) == b->len;
}

void write_result(const command *cmd, const item *it, const options *o, result *r,
                  run_stats *stats)
{
    if (cmd->emit && r->message)
        cmd->emit(r, it, o);
    if (r->message) {
        eml_message_free(r->message);
        r->message = NULL;
        item_unload(&r->ld);
    }
    write_all(stderr, &r->err);
    if (!write_all(stdout, &r->out))
        stats->write_error = 1;
    stats->messages++;
    stats->failed += r->failed != 0;
    stats->defects += r->defects;
    stats->with_defects += r->defects != 0;
    tbuf_free(&r->out);
    tbuf_free(&r->err);
}

void put_heading(result *r, const item *it, const options *o)
{
    if (o->total > 1) {
        tbuf_puts(&r->out, it->number > 1 ? "\n==> " : "==> ");
        tbuf_put_display(&r->out, it->label, strlen(it->label));
        tbuf_puts(&r->out, " <==\n");
    }
}
