/*
 * Date fuzzing: eml_date_parse on the input (an exact-size copy, so a
 * read past the end is caught). A parsed date is printed back in the
 * RFC 5322 section 3.3 form and must parse to the same instant and zone.
 * The same text as a Date field must give the same answer.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Prints epoch as local time in the given zone; 0 when the year does not
 * fit the four digits RFC 5322 allows. */
static int format_date(int64_t epoch, int zone, char *out, size_t cap)
{
    if (epoch < INT64_C(-2208988800) || epoch > INT64_C(253402300799) - 6000 * 60)
        return 0; /* before 1900 or after 9999 */
    time_t t = (time_t)(epoch + (int64_t)zone * 60);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return 0;
    int year = tm.tm_year + 1900;
    if (year < 1900 || year > 9999)
        return 0;
    int az = zone < 0 ? -zone : zone;
    snprintf(out, cap, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], year, tm.tm_hour, tm.tm_min, tm.tm_sec, zone < 0 ? '-' : '+', az / 60,
             az % 60);
    return 1;
}

static int plain_line(const uint8_t *d, size_t n)
{
    if (n == 0 || d[0] == ' ' || d[0] == '\t' || d[n - 1] == ' ' || d[n - 1] == '\t')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (d[i] == '\r' || d[i] == '\n' || d[i] == 0)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1);
    FUZZ_ASSERT(s != NULL);
    if (size)
        memcpy(s, data, size);
    eml_defect defects[4];
    size_t cap = size % 5, nd = 0;
    int64_t epoch = 0;
    int zone = 0;
    int rc = eml_date_parse(s, size, &epoch, &zone, cap ? defects : NULL, cap, &nd);
    FUZZ_ASSERT(rc == EML_OK || rc == EML_ENOTFOUND);
    fuzz_check_defects(defects, nd, cap, size);
    /* Passing no defect array is allowed. */
    int64_t e2 = 0;
    int z2 = 0;
    FUZZ_ASSERT(eml_date_parse(s, size, &e2, &z2, NULL, 0, NULL) == rc);
    if (rc == EML_OK) {
        FUZZ_ASSERT(e2 == epoch && z2 == zone);
        FUZZ_ASSERT(zone >= -(99 * 60 + 59) && zone <= 99 * 60 + 59);
        char txt[64];
        if (format_date(epoch, zone, txt, sizeof txt)) {
            int64_t e3 = 0;
            int z3 = 0;
            FUZZ_ASSERT(eml_date_parse(txt, strlen(txt), &e3, &z3, NULL, 0, NULL) == EML_OK);
            FUZZ_ASSERT(e3 == epoch && z3 == zone);
        }
    }

    if (plain_line(data, size)) {
        size_t len = 0;
        char *buf = fuzz_make_field_message("Date", data, size, "", "", &len);
        eml_message *m = NULL;
        FUZZ_ASSERT(eml_parse(buf, len, NULL, &m) == EML_OK);
        int64_t fe = 0;
        int fz = 0;
        int frc = eml_part_field_date(eml_message_root(m), 0, &fe, &fz);
        FUZZ_ASSERT(frc == rc);
        if (rc == EML_OK)
            FUZZ_ASSERT(fe == epoch && fz == zone);
        eml_message_free(m);
        free(buf);
    }
    free(s);
    return 0;
}
