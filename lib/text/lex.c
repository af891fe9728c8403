/* The RFC 5322 lexer (section 3.2) and the RFC 2045 token; see lex.h. */
#include "text/lex.h"

/* ---- the character class table ------------------------------------------ */

/* The classes as constant expressions, so the table below is written by
 * the compiler from the RFCs' own lists rather than by hand. */
#define LEX_FWS_(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
#define LEX_VCHAR_(c) ((c) > 0x20 && (c) < 0x7F)
/* RFC 5322 section 3.2.3 specials. */
#define LEX_SPECIAL_(c)                                                                     \
    ((c) == '(' || (c) == ')' || (c) == '<' || (c) == '>' || (c) == '[' || (c) == ']' ||    \
     (c) == ':' || (c) == ';' || (c) == '@' || (c) == '\\' || (c) == ',' || (c) == '.' ||   \
     (c) == '"')
/* RFC 2045 section 5.1 tspecials: the specials without '.', with '/', '?'
 * and '='. */
#define LEX_TSPECIAL_(c)                                                                    \
    ((c) == '(' || (c) == ')' || (c) == '<' || (c) == '>' || (c) == '@' || (c) == ',' ||    \
     (c) == ';' || (c) == ':' || (c) == '\\' || (c) == '"' || (c) == '/' || (c) == '[' ||   \
     (c) == ']' || (c) == '?' || (c) == '=')
#define LEX_CLASS_(c)                                                                       \
    ((LEX_FWS_(c) ? EML__LEX_FWS : 0) | (LEX_SPECIAL_(c) ? EML__LEX_SPECIAL : 0) |          \
     ((LEX_VCHAR_(c) && !LEX_SPECIAL_(c)) || (c) >= 0x80 ? EML__LEX_ATEXT : 0) |            \
     (LEX_VCHAR_(c) && !LEX_TSPECIAL_(c) ? EML__LEX_TOKEN : 0) |                             \
     (LEX_TSPECIAL_(c) ? EML__LEX_TSPECIAL : 0))
#define LEX_ROW_(r)                                                                         \
    LEX_CLASS_(r + 0), LEX_CLASS_(r + 1), LEX_CLASS_(r + 2), LEX_CLASS_(r + 3),             \
    LEX_CLASS_(r + 4), LEX_CLASS_(r + 5), LEX_CLASS_(r + 6), LEX_CLASS_(r + 7),             \
    LEX_CLASS_(r + 8), LEX_CLASS_(r + 9), LEX_CLASS_(r + 10), LEX_CLASS_(r + 11),           \
    LEX_CLASS_(r + 12), LEX_CLASS_(r + 13), LEX_CLASS_(r + 14), LEX_CLASS_(r + 15)

/* One load per byte in the atom and token loops, which run over every
 * address and every Content-Type. */
const unsigned char eml__lex_class[256] = {
    LEX_ROW_(0x00), LEX_ROW_(0x10), LEX_ROW_(0x20), LEX_ROW_(0x30),
    LEX_ROW_(0x40), LEX_ROW_(0x50), LEX_ROW_(0x60), LEX_ROW_(0x70),
    LEX_ROW_(0x80), LEX_ROW_(0x90), LEX_ROW_(0xA0), LEX_ROW_(0xB0),
    LEX_ROW_(0xC0), LEX_ROW_(0xD0), LEX_ROW_(0xE0), LEX_ROW_(0xF0),
};

/* ---- reporting ------------------------------------------------------------ */

static void text_defect(void *user, int code, size_t at)
{
    eml__text_defect(user, code, at);
}

void eml__lex_init(eml__lex *lx, const eml__text_ctx *ctx, const char *s, size_t len)
{
    lx->s = s;
    lx->len = len;
    lx->defect = ctx && ctx->defects ? text_defect : NULL;
    /* text_defect only reads the context: the cast drops no promise. */
    lx->user = (void *)ctx;
}

static void report(const eml__lex *lx, int code, size_t at)
{
    if (lx->defect)
        lx->defect(lx->user, code, at);
}

/* ---- lexemes -------------------------------------------------------------- */

size_t eml__lex_comment(const eml__lex *lx, size_t i)
{
    if (i >= lx->len || lx->s[i] != '(')
        return i;
    const size_t open = i;
    /* ccontent = ctext / quoted-pair / comment: a comment inside is only
     * a deeper level, so a counter replaces the recursion of the grammar
     * and 100,000 levels cost what 100,000 bytes cost. */
    size_t depth = 0;
    while (i < lx->len) {
        char c = lx->s[i++];
        if (c == '\\') {
            if (i < lx->len)
                i++;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return i;
        }
    }
    report(lx, EML_DEFECT_UNTERMINATED_COMMENT, open);
    return lx->len;
}

size_t eml__lex_cfws(const eml__lex *lx, size_t i)
{
    for (;;) {
        i = eml__lex_fws(lx, i);
        if (i >= lx->len || lx->s[i] != '(')
            return i;
        i = eml__lex_comment(lx, i);
    }
}

size_t eml__lex_quoted_string(const eml__lex *lx, size_t i)
{
    if (i >= lx->len || lx->s[i] != '"')
        return i;
    const size_t open = i++;
    while (i < lx->len) {
        char c = lx->s[i++];
        if (c == '"')
            return i;
        if (c == '\\' && i < lx->len)
            i++;
    }
    report(lx, EML_DEFECT_UNTERMINATED_QUOTED_STRING, open);
    return lx->len;
}

size_t eml__lex_text(const char *s, size_t start, size_t end, char *dst)
{
    const bool comment = s[start] == '(';
    const char close = comment ? ')' : '"';
    size_t depth = 0, n = 0;
    for (size_t i = start + 1; i < end; i++) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 < end)
                dst[n++] = s[++i];
            continue;
        }
        if (c == '\r' || c == '\n')
            continue;
        if (comment && c == '(') {
            depth++;
        } else if (c == close) {
            if (depth == 0)
                break;
            depth--;
        }
        dst[n++] = c;
    }
    return n;
}
