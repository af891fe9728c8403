/* Dates (RFC 5322 sections 3.3 and 4.3). Internal. */
#ifndef EML_DATE_H
#define EML_DATE_H

#include "text/ctx.h"

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d. */
int64_t eml__days_from_civil(int64_t y, unsigned m, unsigned d);

/* Parses a date-time value (raw: folding and comments allowed). On success
 * stores seconds since the epoch (UTC) and the zone in minutes east of
 * UTC and returns EML_OK; otherwise records EML_DEFECT_DATE_INVALID and
 * returns EML_ENOTFOUND (never a made-up date). */
int eml__date_parse(const eml__text_ctx *ctx, const char *s, size_t len, int64_t *epoch,
                    int *zone_minutes);

#endif /* EML_DATE_H */
