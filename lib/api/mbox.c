/*
 * Reading an mbox held in the caller's buffer (RFC 4155): messages
 * separated by "From " lines. mboxo writers quote a body's "From " as
 * ">From " (lossily); mboxrd writers add one '>' to every ">*From " line,
 * so reading removes one; mboxcl2 writers quote nothing and give each
 * body's length in Content-Length.
 *
 * Each line is looked at a bounded number of times: once by the format
 * detection, once by the separator scan, and at most once more by the
 * Content-Length header scan or the unquoting copy of its message.
 */
#include "api/options.h"
#include "base/arena.h"
#include "base/ascii.h"

#include <string.h>

struct eml_mbox {
    eml_allocator allocator;
    const char *buf;
    size_t len;
    size_t pos;              /* where the next message's From_ line starts */
    eml_mbox_format format;  /* resolved: never EML_MBOX_AUTO */
    char *copy;              /* unquoted message, valid until the next call */
    size_t copy_cap;
    eml_slice from_line;
};

static bool starts_with(const char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    return n >= k && memcmp(p, s, k) == 0;
}

static size_t line_end(const char *buf, size_t len, size_t at)
{
    const char *nl = memchr(buf + at, '\n', len - at);
    return nl ? (size_t)(nl - buf) + 1 : len;
}

/* A separator is a line starting with "From " that is not a header field
 * "From :" written with obsolete whitespace before the colon (RFC 5322
 * section 4.5.1), which real messages contain. */
static bool is_from_line(const char *p, size_t n)
{
    if (!starts_with(p, n, "From "))
        return false;
    size_t i = 5;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    return !(i < n && p[i] == ':');
}

/* The number of '>' that start a quoted From line, or 0. */
static size_t quote_depth(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] == '>')
        i++;
    return i && starts_with(p + i, n - i, "From ") ? i : 0;
}

/* Only an mboxrd writer quotes an already quoted line, so a line quoted
 * twice tells the formats apart; without one, mboxo and mboxrd read the
 * same. */
static eml_mbox_format detect(const char *buf, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        size_t next = line_end(buf, len, pos);
        if (buf[pos] == '>' && quote_depth(buf + pos, next - pos) >= 2)
            return EML_MBOX_MBOXRD;
        pos = next;
    }
    return EML_MBOX_MBOXO;
}

eml_error eml_mbox_create(const char *buf, size_t len, eml_mbox_format format,
                          const eml_options *options, eml_mbox **out)
{
    if (!out)
        return EML_EINVAL;
    *out = NULL;
    if ((!buf && len) || format < EML_MBOX_AUTO || format > EML_MBOX_MBOXCL2)
        return EML_EINVAL;
    eml_allocator a = { NULL, NULL, NULL };
    if (options && options->allocator.alloc)
        a = options->allocator;
    eml_mbox *m = eml__mem_alloc(&a, sizeof *m);
    if (!m)
        return EML_ENOMEM;
    memset(m, 0, sizeof *m);
    m->allocator = a;
    m->buf = buf ? buf : "";
    m->len = len;
    m->format = format == EML_MBOX_AUTO ? detect(m->buf, len) : format;
    /* A UTF-8 byte order mark that an editor put at the start of the file
     * is not part of the first From_ line. */
    if (len >= 3 && memcmp(m->buf, "\xEF\xBB\xBF", 3) == 0 && is_from_line(m->buf + 3, len - 3))
        m->pos = 3;
    *out = m;
    return EML_OK;
}

void eml_mbox_free(eml_mbox *mbox)
{
    if (!mbox)
        return;
    eml_allocator a = mbox->allocator;
    eml__mem_free(&a, mbox->copy, mbox->copy_cap);
    eml__mem_free(&a, mbox, sizeof *mbox);
}

eml_mbox_format eml_mbox_resolved_format(const eml_mbox *mbox)
{
    return mbox ? mbox->format : EML_MBOX_AUTO;
}

eml_slice eml_mbox_from_line(const eml_mbox *mbox)
{
    eml_slice none = { NULL, 0 };
    return mbox ? mbox->from_line : none;
}

/* The message [start, end) without the empty line that RFC 4155 writers
 * put before the next From_ line. */
static size_t trim_separator(const char *p, size_t n)
{
    if (n >= 2 && p[n - 1] == '\n' && p[n - 2] == '\n')
        return n - 1;
    if (n >= 4 && memcmp(p + n - 4, "\r\n\r\n", 4) == 0)
        return n - 2;
    if ((n == 1 && p[0] == '\n') || (n == 2 && p[0] == '\r' && p[1] == '\n'))
        return 0;
    return n;
}

/* True when a separator starts at pos: the end of the buffer, a From_
 * line, or one empty line followed by either. */
static bool separator_at(const char *buf, size_t len, size_t pos)
{
    if (pos == len)
        return true;
    size_t next = line_end(buf, len, pos);
    if (is_from_line(buf + pos, next - pos))
        return true;
    size_t n = next - pos;
    bool empty = (n == 1 && buf[pos] == '\n') || (n == 2 && buf[pos] == '\r' && buf[pos + 1] == '\n');
    if (!empty)
        return false;
    if (next == len)
        return true;
    return is_from_line(buf + next, line_end(buf, len, next) - next);
}

/* mboxcl2: the Content-Length of the header at start, when it points
 * exactly at a separator; the message then ends there. The header scan
 * stops at the first empty line or From_ line, so it reads no further
 * than the message itself. */
static bool content_length_end(const char *buf, size_t len, size_t start, size_t *end)
{
    size_t pos = start, value = SIZE_MAX;
    while (pos < len) {
        size_t next = line_end(buf, len, pos);
        const char *p = buf + pos;
        size_t n = next - pos;
        if (n == 1 || (n == 2 && p[0] == '\r') || is_from_line(p, n)) {
            if (n > 2 || value == SIZE_MAX)
                return false;
            size_t body = next;
            if (value > len - body || !separator_at(buf, len, body + value))
                return false;
            *end = body + value;
            return true;
        }
        if (n > 15 && eml__ascii_ieq(p, "Content-Length:", 15)) {
            size_t i = 15, v = 0, digits = 0;
            while (i < n && (p[i] == ' ' || p[i] == '\t'))
                i++;
            for (; i < n && p[i] >= '0' && p[i] <= '9' && v <= SIZE_MAX / 10 - 1; i++, digits++)
                v = v * 10 + (size_t)(p[i] - '0');
            value = digits ? v : SIZE_MAX;
        }
        pos = next;
    }
    return false;
}

static bool is_quoted(const char *p, size_t n, eml_mbox_format format)
{
    if (format == EML_MBOX_MBOXCL2)
        return false;
    size_t d = quote_depth(p, n);
    return format == EML_MBOX_MBOXRD ? d >= 1 : d == 1;
}

/* The message itself, or an unquoted copy when some line needs it. */
static eml_error unquote(eml_mbox *m, const char *p, size_t n, eml_slice *out)
{
    out->ptr = p;
    out->len = n;
    size_t quoted = 0;
    for (size_t pos = 0; pos < n;) {
        size_t next = line_end(p, n, pos);
        quoted += p[pos] == '>' && is_quoted(p + pos, next - pos, m->format);
        pos = next;
    }
    if (!quoted)
        return EML_OK;
    if (m->copy_cap < n) {
        eml__mem_free(&m->allocator, m->copy, m->copy_cap);
        m->copy_cap = 0;
        m->copy = eml__mem_alloc(&m->allocator, n);
        if (!m->copy)
            return EML_ENOMEM;
        m->copy_cap = n;
    }
    size_t o = 0;
    for (size_t pos = 0; pos < n;) {
        size_t next = line_end(p, n, pos);
        size_t skip = p[pos] == '>' && is_quoted(p + pos, next - pos, m->format);
        memcpy(m->copy + o, p + pos + skip, next - pos - skip);
        o += next - pos - skip;
        pos = next;
    }
    out->ptr = m->copy;
    out->len = o;
    return EML_OK;
}

eml_error eml_mbox_next(eml_mbox *mbox, eml_slice *message, size_t *offset)
{
    if (!mbox || !message)
        return EML_EINVAL;
    const char *buf = mbox->buf;
    size_t len = mbox->len, pos = mbox->pos;
    message->ptr = NULL;
    message->len = 0;
    if (pos >= len)
        return EML_ENOTFOUND;
    /* Text before the first From_ line is a message of its own. */
    size_t next = line_end(buf, len, pos), start = pos;
    mbox->from_line.ptr = NULL;
    mbox->from_line.len = 0;
    if (is_from_line(buf + pos, next - pos)) {
        size_t eol = next - pos;
        while (eol && (buf[pos + eol - 1] == '\n' || buf[pos + eol - 1] == '\r'))
            eol--;
        mbox->from_line.ptr = buf + pos;
        mbox->from_line.len = eol;
        start = next;
    }
    size_t end;
    if (!content_length_end(buf, len, start, &end)) {
        end = start;
        while (end < len) {
            size_t e = line_end(buf, len, end);
            if (is_from_line(buf + end, e - end))
                break;
            end = e;
        }
    }
    /* The From_ line is separated from what follows it at end: the next
     * From_ line, after the optional empty line. */
    size_t stop = end;
    while (stop < len && !is_from_line(buf + stop, line_end(buf, len, stop) - stop))
        stop = line_end(buf, len, stop);
    mbox->pos = stop;
    if (offset)
        *offset = start;
    return unquote(mbox, buf + start, trim_separator(buf + start, stop - start) < end - start
                                          ? trim_separator(buf + start, stop - start)
                                          : end - start,
                   message);
}
