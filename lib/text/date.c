/*
 * Dates: RFC 5322 section 3.3 date-time, the obsolete forms of section 4.3
 * (two- and three-digit years, alphabetic zones, military zones) and the
 * broken forms common in the wild (no comma, asctime order, ISO 8601),
 * each deviation with a defect. The arithmetic is done here so the result
 * never depends on the process's TZ or locale.
 */
#include "text/date.h"

#include "text/lex.h"

#include <string.h>

int64_t eml__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Years counted from March so that the leap day ends the year; a
     * 400-year era has 146097 days. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned char DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : DAYS[m - 1];
}

/* ---- lexer --------------------------------------------------------------- */

/* T_QUOTED: a quoted string, which no date form accepts. */
enum { T_NUM, T_ALPHA, T_PUNCT, T_QUOTED };

typedef struct dtoken {
    unsigned char kind;
    char ch;          /* T_PUNCT */
    unsigned digits;  /* T_NUM */
    int64_t value;    /* T_NUM */
    size_t start, len;
} dtoken;

#define MAX_DTOKENS 24

/* Splits the value into numbers, words, quoted strings and punctuation,
 * skipping CFWS (RFC 5322 section 3.3 allows it between every token).
 * Returns the count; more than MAX_DTOKENS tokens means this is not a
 * date. */
static size_t lex(const eml__lex *lx, dtoken *t, bool *overflow)
{
    const char *s = lx->s;
    size_t n = 0, i = 0, len = lx->len;
    *overflow = false;
    while ((i = eml__lex_cfws(lx, i)) < len) {
        if (n == MAX_DTOKENS) {
            *overflow = true;
            return n;
        }
        unsigned char c = (unsigned char)s[i];
        dtoken *k = &t[n++];
        k->start = i;
        if (eml__is_digit(c)) {
            k->kind = T_NUM;
            k->value = 0;
            k->digits = 0;
            while (i < len && eml__is_digit((unsigned char)s[i])) {
                if (k->digits < 12)
                    k->value = k->value * 10 + (s[i] - '0');
                k->digits++;
                i++;
            }
        } else if (eml__is_alpha(c)) {
            k->kind = T_ALPHA;
            while (i < len && eml__is_alpha((unsigned char)s[i]))
                i++;
        } else if (c == '"') {
            k->kind = T_QUOTED;
            i = eml__lex_quoted_string(lx, i);
        } else {
            k->kind = T_PUNCT;
            k->ch = (char)c;
            i++;
        }
        k->len = i - k->start;
    }
    return n;
}

static bool word_is(const char *s, const dtoken *t, const char *w)
{
    size_t n = strlen(w);
    if (t->kind != T_ALPHA || t->len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[t->start + i] | 0x20) != w[i])
            return false;
    return true;
}

/* Three-letter English names; full names are accepted too (obsolete). */
static const char *const MONTHS[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const MONTHS_FULL[12] = {"january", "february", "march", "april",
                                            "may", "june", "july", "august",
                                            "september", "october", "november", "december"};
static const char *const DAYS[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const DAYS_FULL[7] = {"monday", "tuesday", "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};

/* 1..12, or 0; *full is set when the long name was used. */
static unsigned month_of(const char *s, const dtoken *t, bool *full)
{
    for (unsigned m = 0; m < 12; m++) {
        if (word_is(s, t, MONTHS[m]))
            return m + 1;
        if (word_is(s, t, MONTHS_FULL[m])) {
            *full = true;
            return m + 1;
        }
    }
    return 0;
}

static bool is_day_name(const char *s, const dtoken *t, bool *full)
{
    for (unsigned d = 0; d < 7; d++) {
        if (word_is(s, t, DAYS[d]))
            return true;
        if (word_is(s, t, DAYS_FULL[d])) {
            *full = true;
            return true;
        }
    }
    return false;
}

/* RFC 5322 section 4.3 obs-zone: the North American zones have their real
 * offsets; military zones are -0000 (their sign was defined backwards in
 * RFC 822, so their meaning is unknown). */
static bool alpha_zone(const char *s, const dtoken *t, int *minutes, int *defect)
{
    static const struct {
        const char *name;
        int hours;
    } ZONES[] = {{"ut", 0},   {"gmt", 0},  {"utc", 0},  {"est", -5}, {"edt", -4},
                 {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8},
                 {"pdt", -7}};
    for (size_t i = 0; i < sizeof ZONES / sizeof ZONES[0]; i++) {
        if (word_is(s, t, ZONES[i].name)) {
            *minutes = ZONES[i].hours * 60;
            *defect = EML_DEFECT_DATE_OBSOLETE;
            return true;
        }
    }
    if (t->kind != T_ALPHA)
        return false;
    char c = (char)(s[t->start] | 0x20);
    *minutes = 0;
    if (t->len == 1 && c != 'j') {
        *defect = EML_DEFECT_DATE_MILITARY_ZONE;
        return true;
    }
    if (t->len >= 3 && t->len <= 5) {
        /* Other names are ambiguous (IST, CST...): -0000 per section 4.3. */
        *defect = EML_DEFECT_DATE_OBSOLETE;
        return true;
    }
    return false;
}

/* ---- parser -------------------------------------------------------------- */

typedef struct dparse {
    const char *s;
    const dtoken *t;
    size_t n, i;
    bool obsolete, military;
    bool incomplete; /* no time of day or no zone: the instant is unknown */
    int64_t year;
    unsigned month, day, hour, minute, second;
    int zone;
} dparse;

static const dtoken *peek(const dparse *p, size_t ahead)
{
    return p->i + ahead < p->n ? &p->t[p->i + ahead] : NULL;
}

static bool punct_at(const dparse *p, size_t ahead, char c)
{
    const dtoken *t = peek(p, ahead);
    return t && t->kind == T_PUNCT && t->ch == c;
}

static bool num_at(const dparse *p, size_t ahead)
{
    const dtoken *t = peek(p, ahead);
    return t && t->kind == T_NUM;
}

/* RFC 5322 year, with the section 4.3 rules for short years. */
static bool take_year(dparse *p)
{
    const dtoken *t = peek(p, 0);
    if (!t || t->kind != T_NUM || t->digits > 4)
        return false;
    p->year = t->value;
    if (t->digits == 2) {
        p->year += p->year < 50 ? 2000 : 1900;
        p->obsolete = true;
    } else if (t->digits == 3) {
        p->year += 1900;
        p->obsolete = true;
    } else if (t->digits != 4) {
        return false;
    }
    p->i++;
    return true;
}

/* time-of-day = hour ":" minute [ ":" second ], ISO fractions ignored. */
static bool take_time(dparse *p)
{
    if (!num_at(p, 0) || !punct_at(p, 1, ':') || !num_at(p, 2))
        return false;
    if (peek(p, 0)->digits > 2 || peek(p, 2)->digits > 2)
        return false;
    p->hour = (unsigned)peek(p, 0)->value;
    p->minute = (unsigned)peek(p, 2)->value;
    p->second = 0;
    p->i += 3;
    if (punct_at(p, 0, ':') && num_at(p, 1) && peek(p, 1)->digits <= 2) {
        p->second = (unsigned)peek(p, 1)->value;
        p->i += 2;
    }
    if (punct_at(p, 0, '.') && num_at(p, 1)) {
        p->obsolete = true;
        p->i += 2;
    }
    const dtoken *ampm = peek(p, 0);
    if (ampm && (word_is(p->s, ampm, "am") || word_is(p->s, ampm, "pm"))) {
        /* A 12-hour clock, seen from some desktop clients. */
        if (p->hour < 1 || p->hour > 12)
            return false;
        p->hour = p->hour % 12 + (word_is(p->s, ampm, "pm") ? 12 : 0);
        p->obsolete = true;
        p->i++;
    }
    return p->hour < 24 && p->minute < 60 && p->second <= 60;
}

/* zone = ("+" / "-") 4DIGIT, or obs-zone; ISO "+hh:mm" and "Z" too. */
static bool take_zone(dparse *p, bool iso)
{
    const dtoken *t = peek(p, 0);
    if (!t) {
        /* No zone at all. Unlike an unknown zone name, which RFC 5322
         * section 4.3 reads as -0000 (a time in UT from a system of unknown
         * local zone), this is local time of an unknown offset: taking it
         * as UT would invent up to 14 hours. */
        p->incomplete = true;
        return true;
    }
    if (t->kind == T_PUNCT && (t->ch == '+' || t->ch == '-') && num_at(p, 1)) {
        int sign = t->ch == '-' ? -1 : 1;
        const dtoken *d = peek(p, 1);
        int64_t hh, mm;
        if (d->digits == 4) {
            hh = d->value / 100;
            mm = d->value % 100;
            p->i += 2;
        } else if (d->digits <= 2 && punct_at(p, 2, ':') && num_at(p, 3) && peek(p, 3)->digits == 2) {
            hh = d->value;
            mm = peek(p, 3)->value;
            p->i += 4;
            p->obsolete = p->obsolete || !iso;
        } else if (d->digits <= 2) {
            hh = d->value;
            mm = 0;
            p->i += 2;
            p->obsolete = true;
        } else {
            return false;
        }
        if (hh > 99 || mm > 59)
            return false;
        p->zone = sign * (int)(hh * 60 + mm);
        return true;
    }
    if (iso && t->kind == T_ALPHA && word_is(p->s, t, "z")) {
        p->zone = 0;
        p->i++;
        return true;
    }
    int defect = 0;
    if (alpha_zone(p->s, t, &p->zone, &defect)) {
        p->i++;
        if (defect == EML_DEFECT_DATE_MILITARY_ZONE)
            p->military = true;
        else
            p->obsolete = true;
        /* "GMT+0100" and the like: the numeric part wins. */
        if (punct_at(p, 0, '+') || punct_at(p, 0, '-')) {
            p->military = false;
            return take_zone(p, iso);
        }
        return true;
    }
    return false;
}

/* Trailing tokens: an alphabetic zone name after a numeric zone
 * ("-0800 PST") is common and harmless; anything else is a deviation. */
static void take_rest(dparse *p)
{
    if (p->i < p->n && p->t[p->i].kind == T_ALPHA && p->i + 1 == p->n)
        p->i++;
    if (p->i < p->n)
        p->obsolete = true;
}

/* [day-of-week ","] day month year time zone (section 3.3). */
static bool parse_rfc5322(dparse *p)
{
    bool full = false;
    if (peek(p, 0) && is_day_name(p->s, peek(p, 0), &full)) {
        p->i++;
        if (punct_at(p, 0, ','))
            p->i++;
        else
            p->obsolete = true;
    }
    if (punct_at(p, 0, ','))
        p->i++;
    if (!num_at(p, 0) || peek(p, 0)->digits > 2)
        return false;
    p->day = (unsigned)peek(p, 0)->value;
    p->i++;
    if (punct_at(p, 0, '-') || punct_at(p, 0, '/')) {
        p->obsolete = true; /* 1-Jan-2024 */
        p->i++;
    }
    if (!peek(p, 0) || !(p->month = month_of(p->s, peek(p, 0), &full)))
        return false;
    p->i++;
    if (punct_at(p, 0, '-') || punct_at(p, 0, '/') || punct_at(p, 0, ','))
        p->i++;
    if (!take_year(p))
        return false;
    if (punct_at(p, 0, ','))
        p->i++;
    if (!take_time(p)) {
        if (peek(p, 0))
            return false;
        /* A day without a time of day names no instant; midnight would
         * be a guess (the time is required, RFC 5322 section 3.3). */
        p->incomplete = true;
        return true;
    }
    if (full)
        p->obsolete = true;
    if (!take_zone(p, false))
        return false;
    take_rest(p);
    return true;
}

/* asctime order: [day-of-week] month day time year [zone]. */
static bool parse_asctime(dparse *p)
{
    bool full = false;
    if (peek(p, 0) && is_day_name(p->s, peek(p, 0), &full)) {
        p->i++;
        if (punct_at(p, 0, ','))
            p->i++;
    }
    if (!peek(p, 0) || !(p->month = month_of(p->s, peek(p, 0), &full)))
        return false;
    p->i++;
    if (!num_at(p, 0) || peek(p, 0)->digits > 2)
        return false;
    p->day = (unsigned)peek(p, 0)->value;
    p->i++;
    if (punct_at(p, 0, ','))
        p->i++;
    if (take_time(p)) {
        if (!take_year(p)) {
            /* date(1) order: ... time zone year */
            if (!take_zone(p, false) || !take_year(p))
                return false;
            p->obsolete = true;
            take_rest(p);
            return true;
        }
    } else {
        if (!take_year(p))
            return false;
        if (punct_at(p, 0, ','))
            p->i++;
        if (!take_time(p)) {
            if (peek(p, 0))
                return false;
            p->incomplete = true; /* no time of day, as above */
            return true;
        }
    }
    p->obsolete = true;
    if (!take_zone(p, false))
        return false;
    take_rest(p);
    return true;
}

/* ISO 8601 / RFC 3339: yyyy-mm-dd[T| ]hh:mm[:ss][.frac][Z|+hh:mm]. */
static bool parse_iso(dparse *p)
{
    if (!num_at(p, 0) || peek(p, 0)->digits != 4 || !punct_at(p, 1, '-') || !num_at(p, 2) ||
        !punct_at(p, 3, '-') || !num_at(p, 4))
        return false;
    p->year = peek(p, 0)->value;
    p->month = (unsigned)peek(p, 2)->value;
    p->day = (unsigned)peek(p, 4)->value;
    p->i += 5;
    const dtoken *t = peek(p, 0);
    if (t && t->kind == T_ALPHA && word_is(p->s, t, "t"))
        p->i++;
    p->obsolete = true;
    if (!take_time(p)) {
        if (peek(p, 0))
            return false;
        p->incomplete = true; /* a day, not an instant */
        return true;
    }
    if (!take_zone(p, true))
        return false;
    take_rest(p);
    return true;
}

static void reset(dparse *p)
{
    p->i = 0;
    p->obsolete = p->military = p->incomplete = false;
    p->year = 0;
    p->month = p->day = p->hour = p->minute = p->second = 0;
    p->zone = 0;
}

static bool valid_date(const dparse *p)
{
    return p->year >= 1 && p->year <= 9999 && p->month >= 1 && p->month <= 12 && p->day >= 1 &&
           p->day <= days_in_month(p->year, p->month);
}

int eml__date_parse(const eml__text_ctx *ctx, const char *s, size_t len, int64_t *epoch,
                    int *zone_minutes)
{
    dtoken t[MAX_DTOKENS];
    bool overflow = false;
    size_t n = 0;
    if (s) {
        eml__lex lx;
        eml__lex_init(&lx, ctx, s, len);
        n = lex(&lx, t, &overflow);
    }
    dparse p = {s, t, n, 0, false, false, false, 0, 0, 0, 0, 0, 0, 0};
    bool ok = false;
    if (n && !overflow) {
        bool (*const forms[])(dparse *) = {parse_rfc5322, parse_iso, parse_asctime};
        for (size_t f = 0; f < 3 && !ok; f++) {
            reset(&p);
            ok = forms[f](&p) && valid_date(&p);
        }
    }
    if (!ok) {
        eml__text_defect(ctx, EML_DEFECT_DATE_INVALID, 0);
        return EML_ENOTFOUND;
    }
    if (p.incomplete) {
        /* Never a filled-in value: no date rather than a guessed one. */
        eml__text_defect(ctx, EML_DEFECT_DATE_INCOMPLETE, 0);
        return EML_ENOTFOUND;
    }
    if (p.military)
        eml__text_defect(ctx, EML_DEFECT_DATE_MILITARY_ZONE, 0);
    if (p.obsolete)
        eml__text_defect(ctx, EML_DEFECT_DATE_OBSOLETE, 0);
    int64_t days = eml__days_from_civil(p.year, p.month, p.day);
    int64_t secs = days * 86400 + p.hour * 3600 + p.minute * 60 + p.second;
    if (epoch)
        *epoch = secs - (int64_t)p.zone * 60;
    if (zone_minutes)
        *zone_minutes = p.zone;
    return EML_OK;
}

eml_error eml_date_parse(const char *s, size_t len, int64_t *epoch, int *zone_minutes,
                         eml_defect *defects, size_t cap, size_t *ndefects)
{
    if (ndefects)
        *ndefects = 0;
    if ((!s && len) || (!defects && cap))
        return EML_EINVAL;
    if (s && len == EML_NUL_TERMINATED)
        len = strlen(s);
    eml__arena arena;
    eml__arena_init(&arena, NULL);
    eml__defect_list list = {0};
    eml__text_ctx ctx = {&arena, NULL, &list, 0, false, 0};
    int rc = eml__date_parse(&ctx, s, len, epoch, zone_minutes);
    size_t nd = list.count < cap ? list.count : cap;
    if (nd)
        memcpy(defects, list.items, nd * sizeof *defects);
    if (ndefects)
        *ndefects = nd;
    eml__arena_release(&arena);
    return rc;
}
