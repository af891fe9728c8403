/*
 * Internal declarations shared by the files of the eml command-line tool.
 * The tool is a client of the public API (eml.h) only.
 */
#ifndef EML_TOOL_H
#define EML_TOOL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "eml.h"

/* ---- memory (xalloc.c): the tool stops with status 2 on out-of-memory -- */

void *xmalloc(size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
/* A newly allocated printf result. */
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---- growable byte buffer (buf.c) ---------------------------------------- */

typedef struct tbuf {
    char *ptr;
    size_t len;
    size_t cap;
} tbuf;

void tbuf_init(tbuf *b);
void tbuf_free(tbuf *b);
void tbuf_reserve(tbuf *b, size_t extra);
void tbuf_put(tbuf *b, const void *data, size_t len);
void tbuf_puts(tbuf *b, const char *s);
void tbuf_putc(tbuf *b, char c);
void tbuf_printf(tbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Decodes one UTF-8 sequence at s (n > 0 bytes available). Stores the
 * code point in *cp and returns the sequence length, or returns 0 when
 * the bytes at s do not start a valid sequence (overlong forms,
 * surrogates and values past U+10FFFF are invalid, RFC 3629). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Appends the UTF-8 encoding of cp. */
void tbuf_put_utf8(tbuf *b, uint32_t cp);

/* Appends text for a terminal: valid UTF-8 is kept, invalid bytes become
 * U+FFFD, and control characters (C0 except those listed in keep, DEL,
 * C1) are dropped so that mail content cannot drive the terminal. */
void tbuf_put_text(tbuf *b, const char *s, size_t len, const char *keep);

/* Appends s for a one-line display: like tbuf_put_text, but control
 * characters are shown as \xNN and invalid bytes as \xNN too. */
void tbuf_put_display(tbuf *b, const char *s, size_t len);
/* 1 when the slice equals the lowercase ASCII string s. */
int slice_is(eml_slice v, const char *s);

/* ---- JSON writer (json.c) ---------------------------------------------- */

/*
 * Writes compact JSON into a tbuf and places commas itself. Strings are
 * always valid UTF-8 on output: control characters are escaped and bytes
 * that are not valid UTF-8 become U+FFFD (RFC 8259 section 8.1).
 */
typedef struct jwriter {
    tbuf *out;
    unsigned char *first; /* one flag per open container: no value yet */
    size_t depth;
    size_t cap;
    int after_key;
} jwriter;

void jw_init(jwriter *w, tbuf *out);
void jw_free(jwriter *w);
void jw_object_begin(jwriter *w);
void jw_object_end(jwriter *w);
void jw_array_begin(jwriter *w);
void jw_array_end(jwriter *w);
void jw_key(jwriter *w, const char *key);
void jw_string(jwriter *w, const char *s, size_t len);
void jw_cstring(jwriter *w, const char *s);
/* A string, or null when s is NULL. */
void jw_slice(jwriter *w, eml_slice s);
void jw_null(jwriter *w);
void jw_uint(jwriter *w, uint64_t v);
void jw_bool(jwriter *w, int v);
/* Appends s as a JSON string body (no quotes) with the escaping above. */
void json_escape(tbuf *b, const char *s, size_t len);

/* ---- SHA-256, FIPS 180-4 (sha256.c) ------------------------------------- */

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t total; /* bytes hashed so far */
    unsigned char block[64];
    size_t used; /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, unsigned char digest[32]);
/* digest of data as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char hex[65]);

/* ---- mbox (read by the library, eml_mbox_next), RFC 4155 --------------- */

typedef enum mbox_format {
    MBOX_NONE = -1,  /* not an mbox: every file is one message */
    MBOX_AUTO = 0,   /* decide from the file */
    MBOX_MBOXO = 1,  /* only ">From " is unescaped */
    MBOX_MBOXRD = 2  /* ">>*From " loses one '>' */
} mbox_format;

/* ---- safe file names (safename.c) --------------------------------------- */

#define SAFENAME_MAX 200 /* bytes: leaves room for a suffix under NAME_MAX */

/* Makes a file name from an untrusted (UTF-8) name: the last path
 * component only; no separators, no control or format characters, no
 * leading dot, no characters Windows rejects. Returns a malloc'd string,
 * or NULL when nothing usable remains. */
char *safename(const char *name, size_t len);
/* A file name extension (without dot) for a media type; "bin" when
 * unknown. */
const char *safename_extension(const char *content_type);

/* ---- inputs (input.c, sources.c) ---------------------------------------- */

/* A file in memory: mapped, or read (standard input). */
typedef struct mapped {
    const char *data;
    size_t len;
    void *map; /* munmap this when non-NULL */
    size_t map_len;
    char *heap; /* free this */
} mapped;

/* Maps path ("-" reads standard input fully). On failure returns -1 and
 * stores a message (malloc'd) in *error. */
int input_map(const char *path, mapped *m, char **error);
void input_unmap(mapped *m);

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

/* ---- running commands (run.c, jobs.c, progress.c) ------------------------ */

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

typedef struct progress {
    int enabled;
    int shown;
    size_t total;
    size_t done;
    double start;
    double last;
} progress;

void progress_init(progress *p, size_t total, int quiet);
void progress_tick(progress *p);
void progress_end(progress *p);

/* Processes every item with cmd on jobs threads (1: in this thread) and
 * writes results in input order. Returns the run's counts. */
typedef struct run_stats {
    size_t messages;
    size_t with_defects;
    size_t defects;
    size_t failed;
    int write_error;
} run_stats;

void process_item(const command *cmd, const item *it, const options *o, result *r);
void write_result(const command *cmd, const item *it, const options *o, result *r,
                  run_stats *stats);
void jobs_run(const command *cmd, const itemlist *l, const options *o, run_stats *stats);

/* ---- message helpers (walk.c) --------------------------------------------- */

/* 1 when the part has no children and no embedded message. */
int part_is_leaf(const eml_part *part);
/* Exercises every on-demand decoder on the tree (bodies, text, header
 * semantics) so that every defect the library can find is recorded. */
void touch_message(const eml_part *root);
/* Total defects in the tree under root, embedded messages included. */
size_t count_defects(const eml_part *root);
/* The next part in document order (children, then embedded message,
 * then siblings), staying under top; NULL at the end. */
const eml_part *walk_next(const eml_part *part, const eml_part *top);
/* Calls fn for every part under root in document order with its IMAP
 * section as IMAP numbers parts (RFC 3501 section 6.4.5: "1.2"; the
 * parts of an embedded message continue from the number of the
 * message/rfc822 part; "" for the top-level message). A non-zero return
 * skips the part's children and embedded message. */
typedef int (*part_visitor)(const eml_part *part, const char *section, void *ctx);
void visit_parts(const eml_part *root, part_visitor fn, void *ctx);
/* The first field named name, or -1. */
long field_index(const eml_part *part, const char *name);

#endif /* EML_TOOL_H */
