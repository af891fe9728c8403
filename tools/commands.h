/* The commands of the eml tool, and what each is given and gives back. */
#ifndef EML_TOOL_COMMANDS_H
#define EML_TOOL_COMMANDS_H

#include <stddef.h>

#include "buf.h"
#include "eml.h"
#include "mbox.h"
#include "sources.h"

typedef struct options {
    int jobs;
    int quiet;
    int force;
    int raw;
    const char *outdir;
    mbox_format mbox;
    size_t total; /* messages in the run */
} options;

/* What a worker produces for one message; written out in input order. */
typedef struct result {
    tbuf out;        /* for standard output */
    tbuf err;        /* for standard error */
    int failed;      /* an I/O error: exit status 2 */
    size_t defects;  /* defects in the whole message tree */
    eml_message *message; /* kept for a main-thread step, else NULL */
    loaded ld;
    void *extra;
} result;

typedef struct command {
    const char *name;
    const char *summary;
    const char *help;
    /* Worker: renders one parsed message into r (may keep it in r). */
    void (*render)(const eml_message *m, const item *it, result *r, const options *o);
    /* Main thread, in input order, before the output is written; may be
     * NULL. */
    void (*emit)(result *r, const item *it, const options *o);
    /* Main thread, after all messages; may be NULL. */
    void (*finish)(const options *o);
} command;

extern const command cmd_tree, cmd_json, cmd_headers, cmd_text, cmd_extract, cmd_check;

#endif /* EML_TOOL_COMMANDS_H */
