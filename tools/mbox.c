/*
 * mbox files (RFC 4155): messages separated by "From " lines, with body
 * lines that would look like one quoted by '>' when the file was written.
 *
 * mboxo writers quote "From " as ">From " (lossy); mboxrd writers quote
 * every ">*From " line with one more '>', so reading removes one '>' from
 * each ">+From " line. The two differ only for lines with two or more
 * '>', which only an mboxrd writer produces from a quoted line.
 */
#include "tool.h"

#include <stdlib.h>
#include <string.h>

static int starts_with(const char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    return n >= k && memcmp(p, s, k) == 0;
}

/* A UTF-8 byte order mark that an editor put at the start of the file
 * is not part of the first From_ line. */
static size_t skip_bom(const char *data, size_t len)
{
    return starts_with(data, len, "\xEF\xBB\xBF") ? 3 : 0;
}

int mbox_is_mbox(const char *data, size_t len)
{
    size_t at = skip_bom(data, len);
    return starts_with(data + at, len - at, "From ");
}

/* A separator is a line starting with "From " that is not a header field
 * "From :" written with obsolete whitespace before the colon (RFC 5322
 * section 4.5.1), which real messages contain. Writers quote every other
 * "From " line of a body, so no further shape is required (and real
 * From_ lines such as "From - " carry no date). */
static int is_from_line(const char *p, size_t n)
{
    if (!starts_with(p, n, "From "))
        return 0;
    size_t i = 5;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    return !(i < n && p[i] == ':');
}

static size_t line_end(const char *data, size_t len, size_t at)
{
    const char *nl = memchr(data + at, '\n', len - at);
    return nl ? (size_t)(nl - data) + 1 : len;
}

/* The message [start, end) without the empty line that RFC 4155 writers
 * put before the next From_ line. */
static size_t trim_separator(const char *data, size_t start, size_t end)
{
    size_t n = end - start;
    const char *p = data + start;
    if (n >= 2 && p[n - 1] == '\n' && p[n - 2] == '\n')
        return n - 1;
    if (n >= 4 && memcmp(p + n - 4, "\r\n\r\n", 4) == 0)
        return n - 2;
    if (n == 1 && p[0] == '\n')
        return 0;
    if (n == 2 && p[0] == '\r' && p[1] == '\n')
        return 0;
    return n;
}

size_t mbox_split(const char *data, size_t len, mbox_message **out)
{
    size_t count = 0, cap = 16;
    mbox_message *v = xmalloc(cap * sizeof *v);
    size_t pos = skip_bom(data, len);
    size_t from = 0, start = 0;
    int open = 0;
    while (pos < len) {
        size_t next = line_end(data, len, pos);
        if (is_from_line(data + pos, next - pos)) {
            if (open) {
                if (count == cap) {
                    cap *= 2;
                    v = xrealloc(v, cap * sizeof *v);
                }
                v[count].from_offset = from;
                v[count].offset = start;
                v[count].len = trim_separator(data, start, pos);
                count++;
            }
            from = pos;
            start = next;
            open = 1;
        } else if (!open) {
            /* Not an mbox after all: the whole data is one message. */
            from = 0;
            start = 0;
            open = 1;
        }
        pos = next;
    }
    if (open) {
        if (count == cap)
            v = xrealloc(v, (cap + 1) * sizeof *v);
        v[count].from_offset = from;
        v[count].offset = start;
        v[count].len = trim_separator(data, start, len);
        count++;
    }
    *out = v;
    return count;
}

/* The number of '>' that start a quoted From line, or 0. */
static size_t quote_depth(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] == '>')
        i++;
    return i && starts_with(p + i, n - i, "From ") ? i : 0;
}

mbox_format mbox_detect(const char *data, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        size_t next = line_end(data, len, pos);
        if (data[pos] == '>' && quote_depth(data + pos, next - pos) >= 2)
            return MBOX_MBOXRD;
        pos = next;
    }
    return MBOX_MBOXO;
}

static int is_quoted(const char *p, size_t n, mbox_format format)
{
    size_t d = quote_depth(p, n);
    return format == MBOX_MBOXRD ? d >= 1 : d == 1;
}

char *mbox_unescape(const char *data, size_t len, mbox_format format, size_t *out_len)
{
    size_t pos = 0, quoted = 0;
    while (pos < len) {
        size_t next = line_end(data, len, pos);
        quoted += data[pos] == '>' && is_quoted(data + pos, next - pos, format);
        pos = next;
    }
    if (!quoted)
        return NULL;
    char *copy = xmalloc(len);
    size_t o = 0;
    for (pos = 0; pos < len;) {
        size_t next = line_end(data, len, pos);
        size_t skip = data[pos] == '>' && is_quoted(data + pos, next - pos, format);
        memcpy(copy + o, data + pos + skip, next - pos - skip);
        o += next - pos - skip;
        pos = next;
    }
    *out_len = o;
    return copy;
}
