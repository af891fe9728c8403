/* summary: print the From, To, Date and Subject of a message.
 *   cc -o summary summary.c $(pkg-config --cflags --libs libeml)
 *   ./summary message.eml */
#include <eml.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The whole file in memory; mapping it with mmap(2) works as well. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) != NULL)
        *len = fread(buf, 1, (size_t)size, f);
    fclose(f);
    return buf;
}

/* "Name <address>, address, ..." with display names decoded to UTF-8. */
static void print_addresses(const eml_part *root, const char *field)
{
    size_t i, n = 0;
    if (eml_part_field_find(root, field, EML_NUL_TERMINATED, 0, &i) != EML_OK)
        return;
    printf("%s:", field);
    eml_part_field_addresses(root, i, NULL, 0, &n); /* first: how many */
    eml_address *a = calloc(n ? n : 1, sizeof *a);
    if (a && eml_part_field_addresses(root, i, a, n, &n) == EML_OK)
        for (size_t k = 0; k < n; k++) {
            printf("%s ", k ? "," : "");
            if (a[k].name.ptr)
                printf("%s <%s>", a[k].name.ptr, a[k].address.ptr);
            else
                printf("%s", a[k].address.ptr);
        }
    free(a);
    printf("\n");
}

/* The date in the sender's zone, as in "2025-06-03 09:15:00 +0200". */
static void print_date(const eml_part *root)
{
    size_t i;
    int64_t t;
    int zone;
    if (eml_part_field_find(root, "Date", EML_NUL_TERMINATED, 0, &i) != EML_OK)
        return;
    if (eml_part_field_date(root, i, &t, &zone) != EML_OK) {
        printf("Date: (not a date)\n");
        return;
    }
    time_t local = (time_t)(t + zone * 60);
    struct tm tm;
    char text[32];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", gmtime_r(&local, &tm));
    printf("Date: %s %c%02d%02d\n", text, zone < 0 ? '-' : '+', abs(zone) / 60, abs(zone) % 60);
}

int main(int argc, char **argv)
{
    size_t len, i;
    eml_message *msg;
    if (argc != 2) {
        fprintf(stderr, "usage: summary FILE\n");
        return 2;
    }
    char *buf = read_file(argv[1], &len);
    if (!buf) {
        perror(argv[1]);
        return 2;
    }
    int rc = eml_parse(buf, len, NULL, &msg);
    if (rc != EML_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], eml_strerror(rc));
        free(buf);
        return 2;
    }
    const eml_part *root = eml_message_root(msg);
    print_addresses(root, "From");
    print_addresses(root, "To");
    print_date(root);
    eml_slice subject;
    if (eml_part_field_find(root, "Subject", EML_NUL_TERMINATED, 0, &i) == EML_OK &&
        eml_part_field_text(root, i, &subject) == EML_OK)
        printf("Subject: %s\n", subject.ptr);
    eml_message_free(msg);
    free(buf);
    return 0;
}
