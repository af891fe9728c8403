/* Running a command over every message, on one thread or several. */
#ifndef EML_TOOL_JOBS_H
#define EML_TOOL_JOBS_H

#include "commands.h"
#include "run.h"
#include "sources.h"

/* Processes every item with cmd on o->jobs threads (1: in this thread)
 * and writes results in input order, adding to *stats. */
void jobs_run(const command *cmd, const itemlist *l, const options *o, run_stats *stats);

#endif /* EML_TOOL_JOBS_H */
