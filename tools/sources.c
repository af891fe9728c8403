/*
 * Turning command-line arguments into a list of messages: a file holds
 * one message or is an mbox; a directory is a maildir (messages in cur/
 * and new/, tmp/ skipped) or a folder walked recursively.
 */
#include "eml.h"
#include "sources.h"
#include "input.h"
#include "mbox.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

void itemlist_init(itemlist *l)
{
    memset(l, 0, sizeof *l);
}

void itemlist_free(itemlist *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].label);
        free(l->items[i].path);
        free(l->items[i].source);
    }
    for (size_t i = 0; i < l->nmaps; i++)
        input_unmap(&l->maps[i]);
    free(l->items);
    free(l->maps);
    itemlist_init(l);
}

static item *add_item(itemlist *l, char *label)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    item *it = &l->items[l->count++];
    memset(it, 0, sizeof *it);
    it->label = label;
    it->number = l->count;
    return it;
}

static void keep_map(itemlist *l, const mapped *m)
{
    if (l->nmaps == l->cap_maps) {
        l->cap_maps = l->cap_maps ? l->cap_maps * 2 : 8;
        l->maps = xrealloc(l->maps, l->cap_maps * sizeof *l->maps);
    }
    l->maps[l->nmaps++] = *m;
}

static void report(itemlist *l, char *error)
{
    fprintf(stderr, "eml: %s\n", error);
    free(error);
    l->errors++;
}

static int ends_with_eml(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcasecmp(path + n - 4, ".eml") == 0;
}

static eml_mbox_format library_format(mbox_format f)
{
    return f == MBOX_MBOXRD ? EML_MBOX_MBOXRD : f == MBOX_MBOXO ? EML_MBOX_MBOXO : EML_MBOX_AUTO;
}

/* Adds the messages of an mbox kept in memory. Splitting reads nothing
 * quoted (mboxcl2), so each item is a range of the file: its From_ line
 * to the next one. The unquoting waits for item_load, so that only the
 * message being worked on is ever copied. */
static void add_mbox(itemlist *l, const char *label, const char *data, size_t len,
                     mbox_format format)
{
    eml_mbox *box;
    if (eml_mbox_create(data, len, library_format(format), NULL, &box) != EML_OK)
        return;
    mbox_format quoting =
        eml_mbox_resolved_format(box) == EML_MBOX_MBOXRD ? MBOX_MBOXRD : MBOX_MBOXO;
    eml_mbox_free(box);
    if (eml_mbox_create(data, len, EML_MBOX_MBOXCL2, NULL, &box) != EML_OK)
        return;
    size_t first = l->count, n = 0, offset;
    eml_slice msg;
    while (eml_mbox_next(box, &msg, &offset) == EML_OK) {
        item *it = add_item(l, NULL);
        eml_slice from = eml_mbox_from_line(box);
        size_t begin = from.ptr ? (size_t)(from.ptr - data) : offset;
        it->data = data + begin;
        it->len = offset + msg.len - begin;
        it->offset = offset;
        it->unescape = quoting;
        it->source = xstrdup(label);
        n++;
    }
    eml_mbox_free(box);
    for (size_t i = 0; i < n; i++)
        l->items[first + i].label = n == 1 ? xstrdup(label) : xasprintf("%s:%zu", label, i + 1);
}

/* A file that starts with a From_ line, after a byte order mark that an
 * editor may have put there (the library's mbox reader skips it too). */
static int mbox_is_mbox(const char *data, size_t len)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    return len >= 5 && memcmp(data, "From ", 5) == 0;
}

/* A file given by name or found in a plain folder: mapped here only to
 * see whether it is an mbox; a single message is loaded again when its
 * turn comes, so that a large folder is never all mapped at once. Input
 * that was read rather than mapped (standard input, a pipe such as
 * /dev/stdin or <(cmd), a FIFO, a device) cannot be read a second time:
 * a second open would find it drained or wait for a writer forever. It
 * is read exactly once and the message parsed from that buffer. */
static void add_file(itemlist *l, const char *path, mbox_format format, int allow_mbox)
{
    mapped m;
    char *error;
    if (input_map(path, &m, &error) != 0) {
        report(l, error);
        return;
    }
    int is_stdin = strcmp(path, "-") == 0;
    if (allow_mbox && format >= MBOX_AUTO && mbox_is_mbox(m.data, m.len) &&
        !(format == MBOX_AUTO && ends_with_eml(path))) {
        keep_map(l, &m);
        add_mbox(l, is_stdin ? "-" : path, m.data, m.len, format);
        return;
    }
    if (is_stdin || m.heap) {
        keep_map(l, &m);
        item *it = add_item(l, xstrdup(is_stdin ? "-" : path));
        it->source = xstrdup(is_stdin ? "-" : path);
        it->data = m.data;
        it->len = m.len;
        return;
    }
    input_unmap(&m);
    item *it = add_item(l, xstrdup(path));
    it->path = xstrdup(path);
    it->source = xstrdup(path);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_maildir(const char *dir)
{
    char *cur = xasprintf("%s/cur", dir), *new_ = xasprintf("%s/new", dir);
    int yes = is_dir(cur) || is_dir(new_);
    free(cur);
    free(new_);
    return yes;
}

/* Sorted entry names of a folder, so that output order never depends on
 * the file system. */
static char **list_folder(itemlist *l, const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        report(l, xasprintf("%s: %s", dir, strerror(errno)));
        return NULL;
    }
    size_t n = 0, cap = 64;
    char **names = xmalloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap *= 2;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    *count = n;
    return names;
}

/* kind: 0 a plain folder, 1 a maildir (its own files are metadata such
 * as dovecot-uidlist), 2 a maildir's cur/ or new/ (one message a file). */
static void walk(itemlist *l, const char *dir, int kind, mbox_format format)
{
    size_t n;
    char **names = list_folder(l, dir, &n);
    if (!names)
        return;
    const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s%s%s", dir, sep, names[i]);
        struct stat st;
        if (lstat(path, &st) != 0) {
            report(l, xasprintf("%s: %s", path, strerror(errno)));
        } else if (S_ISDIR(st.st_mode)) {
            if (kind == 1 && strcmp(names[i], "tmp") == 0)
                ; /* messages still being delivered */
            else if (kind == 1 && (strcmp(names[i], "cur") == 0 || strcmp(names[i], "new") == 0))
                walk(l, path, 2, format);
            else
                walk(l, path, is_maildir(path) ? 1 : 0, format);
        } else if (names[i][0] == '.' || kind == 1) {
            ; /* hidden files and maildir metadata */
        } else if (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
                                           S_ISREG(st.st_mode))) {
            if (kind == 2) {
                item *it = add_item(l, xstrdup(path));
                it->path = xstrdup(path);
                it->source = xstrdup(path);
            } else {
                add_file(l, path, format, 1);
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

void sources_add(itemlist *l, const char *arg, mbox_format format)
{
    struct stat st;
    if (strcmp(arg, "-") != 0 && stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        walk(l, arg, is_maildir(arg) ? 1 : 0, format);
        return;
    }
    add_file(l, arg, format, 1);
}

int item_load(const item *it, loaded *ld, char **error)
{
    memset(ld, 0, sizeof *ld);
    if (it->path) {
        if (input_map(it->path, &ld->file, error) != 0)
            return -1;
        ld->data = ld->file.data;
        ld->len = ld->file.len;
        return 0;
    }
    ld->data = it->data;
    ld->len = it->len;
    if (it->unescape != MBOX_AUTO) {
        /* The item is one message with its From_ line: read it again
         * with the file's quoting. */
        eml_mbox *box;
        eml_slice msg;
        size_t off;
        eml_mbox_format f = it->unescape == MBOX_MBOXRD ? EML_MBOX_MBOXRD : EML_MBOX_MBOXO;
        if (eml_mbox_create(it->data, it->len, f, NULL, &box) == EML_OK) {
            if (eml_mbox_next(box, &msg, &off) == EML_OK) {
                ld->data = it->data + off;
                ld->len = msg.len;
                if (msg.ptr != it->data + off) {
                    ld->copy = xmalloc(msg.len ? msg.len : 1);
                    memcpy(ld->copy, msg.ptr, msg.len);
                    ld->data = ld->copy;
                }
            } else {
                ld->len = 0;
            }
            eml_mbox_free(box);
        }
    }
    return 0;
}

void item_unload(loaded *ld)
{
    input_unmap(&ld->file);
    free(ld->copy);
    memset(ld, 0, sizeof *ld);
}
