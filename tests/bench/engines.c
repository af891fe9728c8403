/*
 * The whole-message work done by each engine, the same for all: parse,
 * walk every part including embedded messages, transfer-decode every
 * leaf, convert text leaves to UTF-8, decode Subject and From of every
 * message. Totals are printed so the engines can be compared.
 */
#include "bench.h"
#include "eml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Processor time of this thread: the machines this runs on are often
 * shared, and wall-clock time would charge other processes' time to us. */
double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

stats stats_of(double *rates, int n)
{
    stats s;
    qsort(rates, (size_t)n, sizeof *rates, cmp_double);
    s.min = rates[0];
    s.max = rates[n - 1];
    s.median = n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    return s;
}

/* ---- libeml ---------------------------------------------------------------- */

static void eml_headers(const eml_part *p, msg_totals *t)
{
    size_t i;
    eml_slice s;
    if (eml_part_field_find(p, "Subject", EML_NUL_TERMINATED, 0, &i) == EML_OK &&
        eml_part_field_text(p, i, &s) == EML_OK)
        t->subjects++;
    if (eml_part_field_find(p, "From", EML_NUL_TERMINATED, 0, &i) == EML_OK) {
        eml_address a[8];
        size_t n = 0;
        if (eml_part_field_addresses(p, i, a, 8, &n) == EML_OK)
            t->from_addresses += n;
    }
}

static void eml_walk(const eml_part *root, msg_totals *t)
{
    /* Pre-order without recursion; the headers read are those of each
     * message, the top-level one and every embedded one. */
    for (const eml_part *p = eml_part_walk_next(root, NULL, NULL); p;
         p = eml_part_walk_next(root, p, NULL)) {
        if (p == root || eml_part_embedded(eml_part_parent(p)) == p)
            eml_headers(p, t);
        if (eml_part_child_count(p) || eml_part_embedded(p))
            continue;
        eml_slice d;
        t->leaves++;
        if (eml_part_decoded(p, &d) == EML_OK)
            t->decoded += d.len;
        eml_slice type = eml_part_type(p);
        if (type.len == 4 && memcmp(type.ptr, "text", 4) == 0 && eml_part_text(p, &d) == EML_OK)
            t->text += d.len;
    }
}

int work_libeml(const msgset *set, msg_totals *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < set->n; i++) {
        eml_message *m;
        const char *ptr = set->data.ptr + set->offsets[i];
        size_t len = set->offsets[i + 1] - set->offsets[i];
        if (eml_parse(ptr, len, NULL, &m) != EML_OK)
            continue;
        t->messages++;
        eml_walk(eml_message_root(m), t);
        eml_message_free(m);
    }
    return 1;
}

/* An allocator that counts what the library holds. */
typedef struct counter {
    size_t now, peak;
} counter;

static void *count_alloc(void *user, size_t size)
{
    counter *c = user;
    c->now += size;
    if (c->now > c->peak)
        c->peak = c->now;
    return malloc(size);
}

static void count_free(void *user, void *ptr, size_t size)
{
    counter *c = user;
    c->now -= size;
    free(ptr);
}

void memory_libeml(const msgset *set, mem_totals *m)
{
    memset(m, 0, sizeof *m);
    counter c = { 0, 0 };
    eml_allocator a = { count_alloc, count_free, &c };
    eml_options *o = eml_options_create(&a);
    msg_totals t;
    for (size_t i = 0; o && i < set->n; i++) {
        eml_message *msg;
        const char *ptr = set->data.ptr + set->offsets[i];
        size_t len = set->offsets[i + 1] - set->offsets[i];
        c.now = c.peak = 0;
        if (eml_parse(ptr, len, o, &msg) != EML_OK)
            continue;
        m->input += len;
        m->tree += c.now;
        m->parse_peak += c.peak;
        double ratio = (double)c.peak / (double)(len ? len : 1);
        if (ratio > m->worst_peak_ratio) {
            m->worst_peak_ratio = ratio;
            m->worst_len = len;
        }
        memset(&t, 0, sizeof t);
        eml_walk(eml_message_root(msg), &t);
        m->after_decode += c.now;
        eml_message_free(msg);
    }
    eml_options_free(o);
}

/* ---- Python's email package ------------------------------------------------- */

static const char python_script[] =
    "import sys, time, email, email.policy\n"
    "data = open(sys.argv[1], 'rb').read()\n"
    "offs = [int(x) for x in open(sys.argv[2]).read().split()]\n"
    "runs = int(sys.argv[3])\n"
    "msgs = [data[offs[i]:offs[i+1]] for i in range(len(offs) - 1)]\n"
    "def work():\n"
    "    t = [0, 0, 0, 0, 0, 0]\n"
    "    for raw in msgs:\n"
    "        m = email.message_from_bytes(raw, policy=email.policy.default)\n"
    "        t[0] += 1\n"
    "        for part in m.walk():\n"
    "            if part.get_content_type() == 'message/rfc822' or part is m:\n"
    "                sub = part if part is m else part.get_payload(0)\n"
    "                try:\n"
    "                    if sub['subject'] is not None: str(sub['subject']); t[4] += 1\n"
    "                    f = sub['from']\n"
    "                    if f is not None: t[5] += len(f.addresses)\n"
    "                except Exception: pass\n"
    "            if part.is_multipart(): continue\n"
    "            t[1] += 1\n"
    "            b = part.get_payload(decode=True)\n"
    "            t[2] += len(b) if b else 0\n"
    "            if part.get_content_maintype() == 'text':\n"
    "                try: t[3] += len(part.get_content().encode('utf-8', 'surrogateescape'))\n"
    "                except Exception: pass\n"
    "    return t\n"
    "work()\n"
    "rates = []\n"
    "for r in range(runs):\n"
    "    t0 = time.process_time(); t = work(); rates.append(len(data) / (time.process_time() - t0))\n"
    "print(' '.join(str(x) for x in rates))\n"
    "print(' '.join(str(x) for x in t))\n";

int work_python(const msgset *set, int runs, double *rates, msg_totals *t)
{
    if (system("python3 -c 'import email.policy' >/dev/null 2>&1") != 0)
        return 0;
    char dir[] = "/tmp/eml-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    char data[64], offs[64], script[64];
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(offs, sizeof offs, "%s/offsets", dir);
    snprintf(script, sizeof script, "%s/work.py", dir);
    FILE *f = fopen(data, "wb");
    fwrite(set->data.ptr, 1, set->data.len, f);
    fclose(f);
    f = fopen(offs, "w");
    for (size_t i = 0; i <= set->n; i++)
        fprintf(f, "%zu\n", set->offsets[i]);
    fclose(f);
    f = fopen(script, "w");
    fputs(python_script, f);
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "python3 %s %s %s %d", script, data, offs, runs);
    FILE *p = popen(cmd, "r");
    int ok = 0;
    if (p) {
        int got = 0;
        for (int i = 0; i < runs; i++)
            got += fscanf(p, "%lf", &rates[i]) == 1;
        unsigned long long v[6];
        if (fscanf(p, "%llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6 &&
            got == runs) {
            t->messages = v[0];
            t->leaves = v[1];
            t->decoded = v[2];
            t->text = v[3];
            t->subjects = v[4];
            t->from_addresses = v[5];
            ok = 1;
        }
        pclose(p);
    }
    unlink(data);
    unlink(offs);
    unlink(script);
    rmdir(dir);
    return ok;
}
