/* Content-Type and Content-Disposition parameter values as UTF-8. */
#include "text/param_value.h"

#include "text/charset.h"
#include "text/rfc2047.h"

#include <string.h>

/* No parameter value holds a line break: folding is gone before decoding,
 * so a CR or LF here came out of a quoted-pair, percent-encoding (RFC 2231)
 * or an encoded word, and would let a filename or a charset spill into a
 * new header line in whatever prints it. Each run of them becomes one
 * space, with a defect; the raw field keeps the original bytes. */
static void break_lines(const eml__text_ctx *ctx, char *p, size_t *len)
{
    if (!memchr(p, '\r', *len) && !memchr(p, '\n', *len))
        return;
    size_t k = 0;
    bool in_run = false;
    for (size_t i = 0; i < *len; i++) {
        bool brk = p[i] == '\r' || p[i] == '\n';
        if (!brk || !in_run)
            p[k++] = brk ? ' ' : p[i];
        in_run = brk;
    }
    p[k] = '\0';
    *len = k;
    eml__text_defect(ctx, EML_DEFECT_INVALID_PARAMETER, 0);
}

int eml__param_value(const eml__text_ctx *in, eml_slice charset, eml_slice raw, bool extended,
                      eml_slice *out)
{
    const char *src = raw.ptr ? raw.ptr : "";
    eml__arena *arena = in->arena;
    bool ascii = eml__ascii_only(src, raw.len);
    bool maybe_ew = !extended && raw.len > 1 && memchr(src, '?', raw.len) &&
                    memchr(src, '=', raw.len);
    if (ascii && !maybe_ew) {
        /* The common case, at parse time for every parameter: a copy. */
        char *p = eml__arena_strndup(arena, src, raw.len);
        if (!p)
            return EML_ENOMEM;
        out->len = raw.len;
        break_lines(in, p, &out->len);
        out->ptr = p;
        return EML_OK;
    }
    eml__text_ctx ctx = *in;
    eml__tbuf b;
    eml__tbuf_init(&b, ctx.arena);
    if (extended) {
        /* RFC 2231 section 4: the value is in its declared charset. */
        if (charset.ptr && charset.len)
            eml__charset_decode_label(&ctx, charset.ptr, charset.len, src, raw.len, 0, &b);
        else
            eml__charset_decode_undeclared(&ctx, src, raw.len, 0, &b);
    } else {
        /* Filenames as =?utf-8?b?...?= are not standard but common. */
        eml__text_ctx probe = ctx;
        probe.defects = NULL;
        size_t words = maybe_ew ? eml__rfc2047_decode(&probe, src, raw.len, &b) : 0;
        if (words) {
            b.len = 0;
            eml__rfc2047_decode(&ctx, src, raw.len, &b);
            eml__text_defect(&ctx, EML_DEFECT_ENCODED_WORD_IN_PARAMETER, 0);
        } else {
            b.len = 0;
            eml__charset_decode_undeclared(&ctx, src, raw.len, 0, &b);
        }
    }
    if (b.oom)
        return EML_ENOMEM;
    int rc = eml__tbuf_finish(&b, out);
    if (rc == EML_OK)
        break_lines(&ctx, (char *)(void *)out->ptr, &out->len);
    return rc;
}
