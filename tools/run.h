/* One message through a command, and its output written in input order. */
#ifndef EML_TOOL_RUN_H
#define EML_TOOL_RUN_H

#include <stddef.h>

#include "commands.h"
#include "sources.h"

/* The counts of a run, for the summary and the exit status. */
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

/* With several messages, the line "==> NAME <==" that starts the output
 * of each (after an empty line but for the first), as head(1) writes. */
void put_heading(result *r, const item *it, const options *o);

#endif /* EML_TOOL_RUN_H */
