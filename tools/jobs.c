/*
 * Running many messages: serially, or on N threads. Each message is
 * parsed independently (the library keeps no global state), and results
 * are written strictly in input order, so the output of --jobs N is the
 * output of a serial run byte for byte. A window bounds how far workers
 * run ahead of the writer, and so the memory held by finished results.
 */
#include "jobs.h"
#include "commands.h"
#include "progress.h"
#include "run.h"
#include "sources.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pool {
    const command *cmd;
    const itemlist *list;
    const options *opts;
    pthread_mutex_t mutex;
    pthread_cond_t ready; /* a result was finished */
    pthread_cond_t room;  /* the writer freed a slot */
    size_t next;          /* next item to claim */
    size_t written;       /* items written so far */
    size_t window;
    result *slots;        /* item i lives in slot i % window */
    unsigned char *done;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mutex);
        while (p->next < p->list->count && p->next >= p->written + p->window)
            pthread_cond_wait(&p->room, &p->mutex);
        if (p->next >= p->list->count) {
            pthread_mutex_unlock(&p->mutex);
            return NULL;
        }
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mutex);

        result r;
        process_item(p->cmd, &p->list->items[i], p->opts, &r);

        pthread_mutex_lock(&p->mutex);
        p->slots[i % p->window] = r;
        p->done[i % p->window] = 1;
        pthread_cond_broadcast(&p->ready);
        pthread_mutex_unlock(&p->mutex);
    }
}

static void run_serial(const command *cmd, const itemlist *l, const options *o,
                       run_stats *stats, progress *pr)
{
    for (size_t i = 0; i < l->count; i++) {
        result r;
        process_item(cmd, &l->items[i], o, &r);
        if (r.out.len || r.err.len)
            progress_end(pr);
        write_result(cmd, &l->items[i], o, &r, stats);
        progress_tick(pr);
    }
}

static int run_parallel(const command *cmd, const itemlist *l, const options *o,
                        run_stats *stats, progress *pr)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.cmd = cmd;
    p.list = l;
    p.opts = o;
    p.window = (size_t)o->jobs * 4 + 16;
    p.slots = xmalloc(p.window * sizeof *p.slots);
    p.done = xmalloc(p.window);
    memset(p.done, 0, p.window);
    pthread_mutex_init(&p.mutex, NULL);
    pthread_cond_init(&p.ready, NULL);
    pthread_cond_init(&p.room, NULL);

    size_t nthreads = (size_t)o->jobs < l->count ? (size_t)o->jobs : l->count;
    pthread_t *threads = xmalloc(nthreads * sizeof *threads);
    size_t started = 0;
    for (; started < nthreads; started++)
        if (pthread_create(&threads[started], NULL, worker, &p) != 0)
            break;
    if (started == 0) {
        free(threads);
        free(p.slots);
        free(p.done);
        return -1; /* no thread at all: the caller runs serially */
    }

    for (size_t i = 0; i < l->count; i++) {
        pthread_mutex_lock(&p.mutex);
        while (!p.done[i % p.window])
            pthread_cond_wait(&p.ready, &p.mutex);
        result r = p.slots[i % p.window];
        p.done[i % p.window] = 0;
        pthread_mutex_unlock(&p.mutex);

        if (r.out.len || r.err.len)
            progress_end(pr);
        write_result(cmd, &l->items[i], o, &r, stats);
        progress_tick(pr);

        pthread_mutex_lock(&p.mutex);
        p.written = i + 1;
        pthread_cond_broadcast(&p.room);
        pthread_mutex_unlock(&p.mutex);
    }
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_cond_destroy(&p.room);
    pthread_cond_destroy(&p.ready);
    pthread_mutex_destroy(&p.mutex);
    free(threads);
    free(p.slots);
    free(p.done);
    return 0;
}

void jobs_run(const command *cmd, const itemlist *l, const options *o, run_stats *stats)
{
    progress pr;
    progress_init(&pr, l->count, o->quiet);
    if (o->jobs <= 1 || l->count <= 1 || run_parallel(cmd, l, o, stats, &pr) != 0)
        run_serial(cmd, l, o, stats, &pr);
    progress_end(&pr);
}
