/*
 * eml extract: writes attachments into a folder. Workers find and decode
 * the attachments; the main thread names and writes them in input order,
 * so names chosen for duplicates are the same with any --jobs.
 *
 * A file that already exists is never replaced unless --force is given,
 * and even then it is replaced by rename(), so a symbolic link planted
 * under the name is replaced rather than followed.
 */
#include "buf.h"
#include "commands.h"
#include "nameset.h"
#include "safename.h"
#include "sources.h"
#include "walk.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct attachment {
    char *name;    /* safe name, before making it unique */
    eml_slice data; /* decoded body, owned by the message */
} attachment;

typedef struct attachment_list {
    attachment *items;
    size_t count;
} attachment_list;

/* ---- which parts are files ------------------------------------------------ */

/* The files of a message are what the library's message view lists as
 * attachments, and those of its inline parts that are not text or that
 * carry a name (pictures of an HTML body, named inline files): a sorted
 * set of parts, looked up while the parts are numbered. */
typedef struct part_set {
    const eml_part **items;
    size_t count;
} part_set;

static int compare_parts(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(const eml_part *const *)a, y = (uintptr_t)*(const eml_part *const *)b;
    return x < y ? -1 : x > y;
}

static int is_listed(const part_set *set, const eml_part *p)
{
    for (size_t i = 0; i < set->count; i++)
        if (set->items[i] == p)
            return 1;
    return 0;
}

static void files_of(const eml_part *root, part_set *set)
{
    const eml_part *const *att = NULL, *const *inl = NULL;
    size_t na = 0, ni = 0;
    if (eml_part_attachments(root, &att, &na) != EML_OK)
        na = 0;
    if (eml_part_inline_parts(root, &inl, &ni) != EML_OK)
        ni = 0;
    set->items = xmalloc((na + ni + 2) * sizeof *set->items);
    set->count = 0;
    for (size_t i = 0; i < na; i++)
        set->items[set->count++] = att[i];
    for (size_t i = 0; i < ni; i++)
        if (!slice_is(eml_part_type(inl[i]), "text") || eml_part_filename(inl[i]).ptr)
            set->items[set->count++] = inl[i];
    /* A message that is nothing but a file: the view reads its only part
     * as the body, but it says it is an attachment or names itself. */
    if (part_is_leaf(root) && (slice_is(eml_part_disposition(root), "attachment") ||
                               eml_part_filename(root).ptr) && !is_listed(set, root))
        set->items[set->count++] = root;
    qsort(set->items, set->count, sizeof *set->items, compare_parts);
}

static int is_file(const part_set *set, const eml_part *p)
{
    return bsearch(&p, set->items, set->count, sizeof *set->items, compare_parts) != NULL;
}

static char *generated_name(const eml_part *p, const char *section, const item *it,
                            const options *o)
{
    eml_slice ct = eml_part_content_type(p);
    char *type = xstrndup(ct.ptr ? ct.ptr : "", ct.len);
    const char *ext = safename_extension(type);
    const char *sec = *section ? section : "1";
    char *name = o->total > 1 ? xasprintf("msg%zu-part-%s.%s", it->number, sec, ext)
                              : xasprintf("part-%s.%s", sec, ext);
    free(type);
    return name;
}

typedef struct find_ctx {
    const eml_part *root;
    const item *it;
    const options *o;
    result *r;
    attachment_list *list;
    size_t cap;
    part_set files;
} find_ctx;

static void add_attachment(find_ctx *c, char *name, eml_slice data)
{
    attachment_list *l = c->list;
    if (l->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        l->items = xrealloc(l->items, c->cap * sizeof *l->items);
    }
    l->items[l->count].name = name;
    l->items[l->count].data = data;
    l->count++;
}

/* uuencode and yEnc files inside a text/plain body, named by their begin
 * line (made safe), else part-SECTION-N.bin. */
static void find_embedded(find_ctx *c, const eml_part *p, const char *section)
{
    size_t n = 0;
    if (eml_part_embedded_file_count(p, &n) != EML_OK) {
        tbuf_printf(&c->r->err, "eml: %s: part %s: cannot decode embedded files\n",
                    c->it->label, section);
        c->r->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        eml_embedded_file f;
        if (eml_part_embedded_file(p, i, &f) != EML_OK)
            continue;
        char *name = safename(f.name.ptr, f.name.len);
        if (!name)
            name = xasprintf("part-%s-%zu.bin", *section ? section : "1", i + 1);
        add_attachment(c, name, f.data);
    }
}

static int find_attachment(const eml_part *p, const char *section, void *arg)
{
    find_ctx *c = arg;
    if (part_is_leaf(p))
        find_embedded(c, p, section);
    /* An attached message is saved whole, not opened up. */
    int whole = eml_part_embedded(p) && p != c->root && is_file(&c->files, p);
    if (!(part_is_leaf(p) || whole) || !is_file(&c->files, p))
        return 0;
    eml_slice data;
    if (eml_part_decoded(p, &data) != EML_OK) {
        tbuf_printf(&c->r->err, "eml: %s: part %s: cannot decode\n", c->it->label, section);
        c->r->failed = 1;
        return whole;
    }
    eml_slice fn = eml_part_filename(p);
    char *name = safename(fn.ptr, fn.len);
    add_attachment(c, name ? name : generated_name(p, section, c->it, c->o), data);
    return whole;
}

static void render(const eml_message *m, const item *it, result *r, const options *o)
{
    attachment_list *list = xmalloc(sizeof *list);
    list->items = NULL;
    list->count = 0;
    find_ctx c = {eml_message_root(m), it, o, r, list, 0, {NULL, 0}};
    files_of(c.root, &c.files);
    visit_parts(c.root, find_attachment, &c);
    free(c.files.items);
    r->extra = list;
}

/* ---- names used in this run ---------------------------------------------- */

static nameset used; /* every name written or tried in this run */
static int outdir_fd = -1;
static int outdir_failed;
static size_t files_written;
static size_t write_seq;

/* name, or "stem-N.ext" for the first N from 2 not yet used in this run.
 * The number kept with a used name is the N to try next for it: every
 * smaller one was taken, and stays taken as the set only grows, so each
 * N is tried once for a name however many times the name comes back
 * (starting from 2 each time made many equal names quadratic). */
static char *unique_name(const char *name)
{
    size_t *next = nameset_find(&used, name);
    if (!next)
        return xstrdup(name);
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name || strlen(dot) > 17)
        dot = name + strlen(name);
    for (size_t n = *next ? *next : 2;; n++) {
        char *candidate = xasprintf("%.*s-%zu%s", (int)(dot - name), name, n, dot);
        if (!nameset_find(&used, candidate)) {
            *next = n + 1;
            return candidate;
        }
        free(candidate);
    }
}

/* ---- writing -------------------------------------------------------------- */

static int make_dirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

static int open_outdir(const options *o, tbuf *err)
{
    if (outdir_fd >= 0 || outdir_failed)
        return outdir_fd;
    const char *dir = o->outdir ? o->outdir : ".";
    if (make_dirs(dir) != 0 ||
        (outdir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        tbuf_printf(err, "eml: %s: %s\n", dir, strerror(errno));
        outdir_failed = 1;
    }
    return outdir_fd;
}

static int write_fd(int fd, eml_slice data)
{
    const char *p = data.ptr;
    size_t left = data.len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        left -= (size_t)n;
    }
    return 0;
}

/* Creates name in the output folder; O_EXCL refuses an existing name
 * and O_NOFOLLOW a symbolic link. */
static int write_new(int dir, const char *name, eml_slice data)
{
    int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    int rc = write_fd(fd, data);
    int saved = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0)
        unlinkat(dir, name, 0);
    errno = saved;
    return rc;
}

static int write_replacing(int dir, const char *name, eml_slice data)
{
    char *tmp = xasprintf(".eml-extract-%ld-%zu.tmp", (long)getpid(), ++write_seq);
    int rc = write_new(dir, tmp, data);
    if (rc == 0 && renameat(dir, tmp, dir, name) != 0) {
        int saved = errno;
        unlinkat(dir, tmp, 0);
        errno = saved;
        rc = -1;
    }
    free(tmp);
    return rc;
}

static void emit(result *r, const item *it, const options *o)
{
    (void)it;
    attachment_list *list = r->extra;
    if (!list)
        return;
    const char *dir = o->outdir ? o->outdir : ".";
    for (size_t i = 0; i < list->count; i++) {
        attachment *a = &list->items[i];
        char *name = unique_name(a->name);
        nameset_add(&used, name);
        int fd = open_outdir(o, &r->err);
        if (fd < 0) {
            r->failed = 1;
        } else if (write_new(fd, name, a->data) == 0 ||
                   (errno == EEXIST && o->force && write_replacing(fd, name, a->data) == 0)) {
            files_written++;
            tbuf_put_display(&r->out, dir, strlen(dir));
            tbuf_putc(&r->out, '/');
            tbuf_put_display(&r->out, name, strlen(name));
            tbuf_printf(&r->out, "\t%zu bytes\n", a->data.len);
        } else {
            int e = errno;
            tbuf_puts(&r->err, "eml: ");
            tbuf_put_display(&r->err, dir, strlen(dir));
            tbuf_putc(&r->err, '/');
            tbuf_put_display(&r->err, name, strlen(name));
            if (e == EEXIST)
                tbuf_puts(&r->err, ": exists; use --force to replace it\n");
            else
                tbuf_printf(&r->err, ": %s\n", strerror(e == ELOOP ? EEXIST : e));
            r->failed = 1;
        }
        free(name);
        free(a->name);
    }
    free(list->items);
    free(list);
    r->extra = NULL;
}

static void finish(const options *o)
{
    if (!o->quiet)
        fprintf(stderr, "eml: %zu attachment%s written to %s\n", files_written,
                files_written == 1 ? "" : "s", o->outdir ? o->outdir : ".");
    if (outdir_fd >= 0)
        close(outdir_fd);
    outdir_fd = -1;
    nameset_free(&used);
}

const command cmd_extract = {
    "extract", "write attachments to a folder",
    "usage: eml extract [OPTIONS] FILE...\n"
    "\n"
    "Writes every attachment (a part with a file name, or disposition\n"
    "\"attachment\", or an unnamed part that is not text) into a folder, and\n"
    "prints the path and size of each file written. Attached messages are\n"
    "saved whole. File names come from the message and are made safe: only\n"
    "the last path component is kept; control, bidirectional and zero-width\n"
    "characters are removed; a leading dot or dash becomes '_'; characters\n"
    "Windows rejects become '_'; long names are shortened. Unnamed parts are\n"
    "named part-SECTION.EXT (msgN-part-SECTION.EXT with several messages).\n"
    "A name used twice in one run gets a -2, -3, ... suffix.\n"
    "\n"
    "  -o, --output DIR   the folder (created if missing; default: .)\n"
    "  --force            replace files that already exist (never through\n"
    "                     a symbolic link); without it they are left alone\n"
    "                     and the exit status is 2\n",
    render, emit, finish};
