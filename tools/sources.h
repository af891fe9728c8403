/* The messages named on the command line: files, mboxes, standard
 * input, maildirs and folders, as one list in input order. */
#ifndef EML_TOOL_SOURCES_H
#define EML_TOOL_SOURCES_H

#include <stddef.h>

#include "input.h"
#include "mbox.h"

/* One message to process. */
typedef struct item {
    char *label;      /* how it is named in output: path or path:N */
    char *path;       /* load this file when data is NULL (maildir files) */
    const char *data; /* or the bytes, already in memory (mbox, stdin) */
    size_t len;
    mbox_format unescape; /* MBOX_AUTO: none; else the quoting to remove */
    char *source;         /* the file it is in ("-": standard input) */
    size_t offset;        /* the message's first byte in that file */
    size_t number;        /* 1-based number in the whole run */
} item;

typedef struct itemlist {
    item *items;
    size_t count;
    size_t cap;
    mapped *maps; /* files kept mapped for the whole run (mbox, stdin) */
    size_t nmaps;
    size_t cap_maps;
    size_t errors; /* arguments that could not be read */
} itemlist;

void itemlist_init(itemlist *l);
void itemlist_free(itemlist *l);
/* Adds the messages of one argument: a file (a single message or an
 * mbox), "-" (standard input), or a directory (a maildir, or any folder
 * walked recursively). Prints a message and counts an error on failure. */
void sources_add(itemlist *l, const char *arg, mbox_format format);

/* The bytes of one item, loaded (maildir file) or unescaped (mbox). */
typedef struct loaded {
    const char *data;
    size_t len;
    mapped file;
    char *copy;
} loaded;

/* Returns 0, or -1 with a malloc'd message in *error. */
int item_load(const item *it, loaded *ld, char **error);
void item_unload(loaded *ld);

#endif /* EML_TOOL_SOURCES_H */
