/* A progress line on standard error, only when it is a terminal and the
 * run has lasted long enough to be worth watching. */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_DELAY 0.5    /* seconds of silence before the first line */
#define PROGRESS_INTERVAL 0.1 /* seconds between updates */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, size_t total, int quiet)
{
    p->enabled = !quiet && total > 1 && isatty(STDERR_FILENO);
    p->shown = 0;
    p->total = total;
    p->done = 0;
    p->start = p->enabled ? now() : 0;
    p->last = p->start;
}

void progress_tick(progress *p)
{
    p->done++;
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->start < PROGRESS_DELAY || t - p->last < PROGRESS_INTERVAL)
        return;
    p->last = t;
    p->shown = 1;
    double rate = (double)p->done / (t - p->start);
    fprintf(stderr, "\r\033[Keml: %zu/%zu messages (%zu%%), %.0f/s", p->done, p->total,
            p->done * 100 / p->total, rate);
    fflush(stderr);
}

void progress_end(progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = 0;
}
