/* A progress line on standard error for long runs on a terminal. */
#ifndef EML_TOOL_PROGRESS_H
#define EML_TOOL_PROGRESS_H

#include <stddef.h>

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
/* Erases the line, before other output or at the end of the run. */
void progress_end(progress *p);

#endif /* EML_TOOL_PROGRESS_H */
