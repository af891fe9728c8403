/* Allocation for the tool: out-of-memory ends the run with status 2. */
#ifndef EML_TOOL_XALLOC_H
#define EML_TOOL_XALLOC_H

#include <stddef.h>

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

#endif /* EML_TOOL_XALLOC_H */
