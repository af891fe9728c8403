/* mbox files, RFC 4155: splitting and removing the From-quoting. */
#ifndef EML_TOOL_MBOX_H
#define EML_TOOL_MBOX_H

#include <stddef.h>

typedef enum mbox_format {
    MBOX_NONE = -1,  /* not an mbox: every file is one message */
    MBOX_AUTO = 0,   /* decide from the file */
    MBOX_MBOXO = 1,  /* only ">From " is unescaped */
    MBOX_MBOXRD = 2  /* ">>*From " loses one '>' */
} mbox_format;

/* One message of an mbox: the bytes after its From_ line, without the
 * empty line that separates it from the next From_ line. */
typedef struct mbox_message {
    size_t offset; /* first byte after the From_ line */
    size_t len;
    size_t from_offset; /* the From_ line itself */
} mbox_message;

/* 1 when the data starts with a From_ line ("From "). */
int mbox_is_mbox(const char *data, size_t len);
/* Splits an mbox; the array is malloc'd (free it), the count returned. */
size_t mbox_split(const char *data, size_t len, mbox_message **out);
/* MBOX_MBOXRD when some line is ">>From " or deeper (only mboxrd writers
 * quote an already quoted line), else MBOX_MBOXO. */
mbox_format mbox_detect(const char *data, size_t len);
/* Returns a malloc'd copy with the From-quoting removed and its length in
 * *out_len, or NULL when no line is quoted (use the bytes as they are). */
char *mbox_unescape(const char *data, size_t len, mbox_format format, size_t *out_len);

#endif /* EML_TOOL_MBOX_H */
