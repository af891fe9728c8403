/*
 * eml: the command-line tool of libeml. Parses options, gathers the
 * messages named on the command line and hands them to a command.
 */
#include "commands.h"
#include "jobs.h"
#include "mbox.h"
#include "run.h"
#include "sources.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const command *const commands[] = {&cmd_tree, &cmd_json, &cmd_headers,
                                          &cmd_text, &cmd_extract, &cmd_check};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char common_help[] =
    "\n"
    "Options for every command:\n"
    "  -j, --jobs N       parse N messages at once (0: one per CPU; default 1);\n"
    "                     the output is the same as with one\n"
    "  -q, --quiet        no progress line and no summary on standard error\n"
    "  --mbox MODE        how files that start with \"From \" are read:\n"
    "                     auto (default: mboxrd when some line is quoted as\n"
    "                     \">>From \", else mboxo; a *.eml file is one message),\n"
    "                     mboxrd, mboxo, or no (every file is one message)\n"
    "  -h, --help         this help\n"
    "\n"
    "FILE is a message, an mbox, a maildir or any folder (read recursively),\n"
    "or - for standard input. Messages are processed in that order.\n"
    "Exit status: 0 success; 1 eml check found a defect; 2 usage or I/O error.\n";

static void usage(FILE *f)
{
    fputs("usage: eml COMMAND [OPTIONS] FILE...\n"
          "       eml --version | --help | COMMAND --help\n"
          "\n"
          "Reads Internet messages (RFC 5322, MIME) with libeml.\n"
          "\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fputs(common_help, f);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("eml: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'eml --help'.\n", stderr);
    return 2;
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static int parse_jobs(const char *s, int *jobs)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > 1024)
        return -1;
    if (v == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        v = n > 0 ? n : 1;
    }
    *jobs = (int)v;
    return 0;
}

static int parse_mbox(const char *s, mbox_format *f)
{
    if (strcmp(s, "auto") == 0)
        *f = MBOX_AUTO;
    else if (strcmp(s, "mboxrd") == 0)
        *f = MBOX_MBOXRD;
    else if (strcmp(s, "mboxo") == 0)
        *f = MBOX_MBOXO;
    else if (strcmp(s, "no") == 0)
        *f = MBOX_NONE;
    else
        return -1;
    return 0;
}

/* The value of an option given as "--name VALUE", "--name=VALUE" or
 * "-xVALUE"; NULL when missing. */
static const char *option_value(int argc, char **argv, int *i, const char *arg, size_t prefix)
{
    if (arg[prefix] == '=')
        return arg + prefix + 1;
    if (arg[prefix] != '\0' && arg[1] != '-')
        return arg + prefix; /* -j4 */
    if (*i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int is_option(const char *arg, const char *shortname, const char *longname, size_t *prefix)
{
    size_t n = strlen(longname);
    if (strncmp(arg, longname, n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
        *prefix = n;
        return 1;
    }
    if (shortname && strncmp(arg, shortname, 2) == 0) {
        *prefix = 2;
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("eml %d.%d.%d (libeml %s)\n", EML_VERSION_MAJOR, EML_VERSION_MINOR,
               EML_VERSION_PATCH, eml_version_string());
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        const command *c = argc > 2 ? find_command(argv[2]) : NULL;
        if (c) {
            fputs(c->help, stdout);
            fputs(common_help, stdout);
        } else {
            usage(stdout);
        }
        return 0;
    }
    const command *cmd = find_command(argv[1]);
    if (!cmd)
        return usage_error("unknown command '%s'", argv[1]);

    options o;
    memset(&o, 0, sizeof o);
    o.jobs = 1;
    o.mbox = MBOX_AUTO;
    char **files = xmalloc((size_t)argc * sizeof *files);
    size_t nfiles = 0;
    int only_files = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        size_t prefix;
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(cmd->help, stdout);
            fputs(common_help, stdout);
            free(files);
            return 0;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o.quiet = 1;
        } else if (is_option(a, "-j", "--jobs", &prefix)) {
            const char *v = option_value(argc, argv, &i, a, prefix);
            if (!v || parse_jobs(v, &o.jobs) != 0) {
                free(files);
                return usage_error("--jobs needs a number from 0 to 1024, not '%s'", v ? v : "");
            }
        } else if (is_option(a, NULL, "--mbox", &prefix)) {
            const char *v = option_value(argc, argv, &i, a, prefix);
            if (!v || parse_mbox(v, &o.mbox) != 0) {
                free(files);
                return usage_error("--mbox takes auto, mboxrd, mboxo or no, not '%s'", v ? v : "");
            }
        } else if (cmd == &cmd_extract && is_option(a, "-o", "--output", &prefix)) {
            const char *v = option_value(argc, argv, &i, a, prefix);
            if (!v || !*v) {
                free(files);
                return usage_error("%s needs a folder", a);
            }
            o.outdir = v;
        } else if (cmd == &cmd_extract && strcmp(a, "--force") == 0) {
            o.force = 1;
        } else if (cmd == &cmd_headers && strcmp(a, "--raw") == 0) {
            o.raw = 1;
        } else {
            free(files);
            fprintf(stderr, "eml: %s: unknown option '%s'\nTry 'eml %s --help'.\n", cmd->name, a,
                    cmd->name);
            return 2;
        }
    }
    if (nfiles == 0) {
        free(files);
        fprintf(stderr, "eml: %s: no input (give FILE, or - for standard input)\n"
                        "Try 'eml %s --help'.\n", cmd->name, cmd->name);
        return 2;
    }

    itemlist list;
    itemlist_init(&list);
    for (size_t i = 0; i < nfiles; i++)
        sources_add(&list, files[i], o.mbox);
    free(files);
    o.total = list.count;

    run_stats stats;
    memset(&stats, 0, sizeof stats);
    jobs_run(cmd, &list, &o, &stats);
    if (cmd->finish)
        cmd->finish(&o);
    if (fflush(stdout) != 0 || ferror(stdout))
        stats.write_error = 1;

    if (!o.quiet && (stats.messages > 1 || cmd == &cmd_check)) {
        fprintf(stderr, "eml: %zu message%s, %zu defect%s in %zu message%s", stats.messages,
                stats.messages == 1 ? "" : "s", stats.defects, stats.defects == 1 ? "" : "s",
                stats.with_defects, stats.with_defects == 1 ? "" : "s");
        if (stats.failed + list.errors)
            fprintf(stderr, ", %zu failed", stats.failed + list.errors);
        fputc('\n', stderr);
    }
    if (stats.write_error)
        fputs("eml: error writing standard output\n", stderr);
    int status = 0;
    if (stats.failed || list.errors || stats.write_error)
        status = 2;
    else if (cmd == &cmd_check && stats.defects)
        status = 1;
    itemlist_free(&list);
    return status;
}
