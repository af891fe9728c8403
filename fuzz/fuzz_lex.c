/*
 * RFC 5322 lexer fuzzing: the input (an exact-size copy, so a read past
 * the end is caught) is walked lexeme by lexeme. Every lexeme must end
 * inside the input and after its start, a defect must name the opening
 * delimiter of an unterminated comment or quoted string that ran to the
 * end, the text of a comment or quoted string is never longer than it,
 * and lexing without reporting must end in the same places.
 */
#include "common.h"

#include "text/lex.h"

#include <stdlib.h>
#include <string.h>

typedef struct seen {
    const char *s;
    size_t len, count;
} seen;

static void check_defect(void *user, int code, size_t at)
{
    seen *v = user;
    FUZZ_ASSERT(at < v->len);
    FUZZ_ASSERT((code == EML_DEFECT_UNTERMINATED_COMMENT && v->s[at] == '(') ||
                (code == EML_DEFECT_UNTERMINATED_QUOTED_STRING && v->s[at] == '"'));
    v->count++;
}

/* A delimited lexeme at i: its end, its text checked. */
static size_t delimited(const eml__lex *lx, const eml__lex *quiet, size_t i, char *buf)
{
    seen *v = lx->user;
    size_t before = v->count;
    bool comment = lx->s[i] == '(';
    size_t end = comment ? eml__lex_comment(lx, i) : eml__lex_quoted_string(lx, i);
    FUZZ_ASSERT(end > i && end <= lx->len);
    FUZZ_ASSERT(end == (comment ? eml__lex_comment(quiet, i) : eml__lex_quoted_string(quiet, i)));
    if (v->count != before)
        FUZZ_ASSERT(v->count == before + 1 && end == lx->len);
    else
        FUZZ_ASSERT(lx->s[end - 1] == (comment ? ')' : '"'));
    FUZZ_ASSERT(eml__lex_text(lx->s, i, end, buf) <= end - i);
    return end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = calloc(size ? size : 1, 1);
    char *buf = malloc(size ? size : 1);
    FUZZ_ASSERT(s != NULL && buf != NULL);
    if (size)
        memcpy(s, data, size);
    seen v = {s, size, 0};
    eml__lex lx = {s, size, check_defect, &v}, quiet;
    eml__lex_init(&quiet, NULL, s, size);
    size_t i = 0;
    while (i < size) {
        if (s[i] == '(') {
            /* a comment on its own first; CFWS then meets the rest */
            i = delimited(&lx, &quiet, i, buf);
            continue;
        }
        size_t c = eml__lex_cfws(&lx, i);
        FUZZ_ASSERT(c >= i && c <= size && eml__lex_cfws(&quiet, i) == c);
        FUZZ_ASSERT(eml__lex_cfws(&quiet, c) == c);
        if (c == size)
            break;
        size_t next;
        unsigned char ch = (unsigned char)s[c];
        if (ch == '"') {
            next = delimited(&lx, &quiet, c, buf);
        } else {
            size_t atom = eml__lex_atom(&lx, c), dot = eml__lex_dot_atom(&lx, c);
            size_t token = eml__lex_token(&lx, c);
            FUZZ_ASSERT(atom <= dot && dot <= size && token <= size);
            for (size_t k = c; k < token; k++)
                FUZZ_ASSERT(eml__lex_is_token((unsigned char)s[k]));
            next = dot > c ? dot : c + 1;
        }
        FUZZ_ASSERT(next > i);
        i = next;
    }
    free(buf);
    free(s);
    return 0;
}
