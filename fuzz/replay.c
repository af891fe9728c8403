/*
 * Runs a fuzz harness without libFuzzer: every file named on the command
 * line, or found in a directory named there, is read into a buffer of its
 * exact size and passed to LLVMFuzzerTestOneInput. Without arguments it
 * replays fuzz/seeds/<name>/ and fuzz/regressions/<name>/, where <name>
 * is this program's name (build/replay/message replays the "message"
 * harness), so a sanitizer build checks every known input.
 */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return 1;
    }
    size_t n;
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *g = realloc(buf, cap * 2);
            if (!g) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = g;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "replay: %s: read error\n", path);
        return 1;
    }
    /* An exact-size copy: reading past the input is then a heap overflow
     * that the sanitizers report. */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return 1;
    }
    if (len)
        memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    (*count)++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a directory in name order (recursing into subdirectories), so
 * a failure is reproducible. A missing directory is not an error: a
 * harness may have no regressions yet. */
static int run_path(const char *path, size_t *count, int must_exist)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (!must_exist)
            return 0;
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(sb.st_mode))
        return run_file(path, count);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    int rc = names ? 0 : 1;
    while (!rc && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **g = realloc(names, cap * 2 * sizeof *names);
            if (!g) {
                rc = 1;
                break;
            }
            names = g;
            cap *= 2;
        }
        size_t l = strlen(path) + 1 + strlen(e->d_name) + 1;
        names[n] = malloc(l);
        if (!names[n]) {
            rc = 1;
            break;
        }
        snprintf(names[n], l, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (!rc)
            rc = run_path(names[i], count, 1);
        free(names[i]);
    }
    free(names);
    return rc;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    if (argc > 1) {
        for (int i = 1; i < argc && !rc; i++)
            rc = run_path(argv[i], &count, 1);
    } else {
        /* build/replay/fuzz_message and build/replay/message both name
         * the "message" harness. */
        const char *name = base_name(argv[0]);
        if (strncmp(name, "fuzz_", 5) == 0)
            name += 5;
        const char *dirs[] = { "fuzz/seeds", "fuzz/regressions" };
        for (size_t k = 0; k < 2 && !rc; k++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dirs[k], name);
            rc = run_path(path, &count, 0);
        }
    }
    printf("replay %s: %zu inputs%s\n", base_name(argv[0]), count, rc ? ", error" : "");
    return rc;
}
