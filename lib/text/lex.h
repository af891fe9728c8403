/*
 * The RFC 5322 lexer (section 3.2): folding white space, comments, quoted
 * strings and atoms, plus the RFC 2045 token of the MIME fields. Every
 * structured field parser lexes with it, so a comment or a quoted string
 * means the same thing, and is reported the same way, in every field.
 *
 * The functions take a position in the input and return the position
 * after what they recognise. They read nothing at or past len, never
 * recurse (comments nest through a depth counter), and are linear in what
 * they skip.
 *
 * One rule for lexical defects: a comment without its closing ')' is
 * EML_DEFECT_UNTERMINATED_COMMENT and a quoted string without its closing
 * '"' is EML_DEFECT_UNTERMINATED_QUOTED_STRING, each at the position of
 * the opening delimiter; such a comment or string runs to the end of the
 * input.
 */
#ifndef EML_TEXT_LEX_H
#define EML_TEXT_LEX_H

#include "base/ascii.h"
#include "text/ctx.h"

/*
 * Where lexical defects go: a callback with the position relative to the
 * input. A callback rather than a text context because the MIME layer
 * records its defects on a part and must learn when recording one ran out
 * of memory (lib/mime/ctype.c); the text decoders pass their context
 * through eml__lex_init.
 */
typedef void eml__lex_defect_fn(void *user, int code, size_t at);

typedef struct eml__lex {
    const char *s;
    size_t len;
    eml__lex_defect_fn *defect; /* NULL: defects are not reported */
    void *user;
} eml__lex;

/* A lexer over s[0..len) that reports to ctx (NULL: not reported), at
 * positions relative to s. */
void eml__lex_init(eml__lex *lx, const eml__text_ctx *ctx, const char *s, size_t len);

/* ---- character classes --------------------------------------------------- */

enum {
    EML__LEX_FWS = 1,      /* eml__is_fws */
    EML__LEX_SPECIAL = 2,  /* RFC 5322 section 3.2.3 specials */
    EML__LEX_ATEXT = 4,    /* RFC 5322 atext; 8-bit bytes (RFC 6532 section 3.2) */
    EML__LEX_TOKEN = 8,    /* RFC 2045 section 5.1 token character */
    EML__LEX_TSPECIAL = 16 /* RFC 2045 section 5.1 tspecials */
};

extern const unsigned char eml__lex_class[256];

static inline bool eml__lex_is(unsigned char c, unsigned cls)
{
    return (eml__lex_class[c] & cls) != 0;
}

static inline bool eml__lex_is_special(unsigned char c)
{
    return eml__lex_is(c, EML__LEX_SPECIAL);
}

static inline bool eml__lex_is_atext(unsigned char c)
{
    return eml__lex_is(c, EML__LEX_ATEXT);
}

static inline bool eml__lex_is_token(unsigned char c)
{
    return eml__lex_is(c, EML__LEX_TOKEN);
}

/* ---- lexemes --------------------------------------------------------------- */

/* FWS: white space and the line breaks of folding. */
static inline size_t eml__lex_fws(const eml__lex *lx, size_t i)
{
    while (i < lx->len && eml__is_fws((unsigned char)lx->s[i]))
        i++;
    return i;
}

/* comment (section 3.2.2), lx->s[i] == '(': nested comments and
 * quoted-pairs inside. Returns the position after the matching ')'. */
size_t eml__lex_comment(const eml__lex *lx, size_t i);

/* CFWS: any run of FWS and comments. */
size_t eml__lex_cfws(const eml__lex *lx, size_t i);

/* quoted-string (section 3.2.4), lx->s[i] == '"': returns the position
 * after the closing quote. A quoted-pair takes the next byte, whatever it
 * is (obs-qp of section 4.1 allows any). */
size_t eml__lex_quoted_string(const eml__lex *lx, size_t i);

/*
 * The text of a comment or quoted string lexed at [start, end) (s[start]
 * is '(' or '"'): the delimiters dropped, quoted-pairs resolved and CR and
 * LF removed (the folding is invisible, sections 3.2.2 and 3.2.4); the
 * parentheses of nested comments stay as text, and a backslash that ends
 * the input, quoting nothing, is dropped. dst has room for end - start
 * bytes; returns how many were written.
 */
size_t eml__lex_text(const char *s, size_t start, size_t end, char *dst);

/* atom (section 3.2.3) without its CFWS: a run of bytes that are neither
 * specials nor FWS. Lenient as mail is: controls and 8-bit bytes count as
 * atext; eml__lex_is_atext is the strict class. */
static inline size_t eml__lex_atom(const eml__lex *lx, size_t i)
{
    while (i < lx->len && !eml__lex_is((unsigned char)lx->s[i], EML__LEX_FWS | EML__LEX_SPECIAL))
        i++;
    return i;
}

/* dot-atom-text (section 3.2.3) read as leniently as atom: atoms and dots
 * in any order, since obs-local-part and obs-phrase (section 4.1, 4.4)
 * allow leading, trailing and repeated dots. */
static inline size_t eml__lex_dot_atom(const eml__lex *lx, size_t i)
{
    while (i < lx->len && (lx->s[i] == '.' ||
                           !eml__lex_is((unsigned char)lx->s[i], EML__LEX_FWS | EML__LEX_SPECIAL)))
        i++;
    return i;
}

/* RFC 2045 section 5.1 token: the MIME variant of atom, with tspecials
 * for specials and no 8-bit bytes. */
static inline size_t eml__lex_token(const eml__lex *lx, size_t i)
{
    while (i < lx->len && eml__lex_is_token((unsigned char)lx->s[i]))
        i++;
    return i;
}

#endif /* EML_TEXT_LEX_H */
