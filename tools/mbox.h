/* mbox files, RFC 4155: the format the tool was asked to read them as
 * (the library splits and unquotes them, eml_mbox_next). */
#ifndef EML_TOOL_MBOX_H
#define EML_TOOL_MBOX_H

#include <stddef.h>

typedef enum mbox_format {
    MBOX_NONE = -1,  /* not an mbox: every file is one message */
    MBOX_AUTO = 0,   /* decide from the file */
    MBOX_MBOXO = 1,  /* only ">From " is unescaped */
    MBOX_MBOXRD = 2  /* ">>*From " loses one '>' */
} mbox_format;

#endif /* EML_TOOL_MBOX_H */
