/*
 * The decisions of one block of a vector quoted-printable kernel, made on
 * bit masks (bit i = byte i of the block) so that every instruction set
 * shares them and only computes the masks and moves the bytes itself.
 * Included by lib/codec/arch/<isa>/qp.c only.
 *
 * Given the masks of '=', LF, CR, SP/HT, hexadecimal digits and (while
 * QP_INVALID_CHAR is unreported) invalid characters of a block of width
 * bytes, eml__qp_plan decides how many bytes (commit) the vector code may
 * decode at once, which of them survive (keep), which '=' are escapes
 * (esc, their value goes in their place), and whether the scalar decoder
 * must then take one unit at the commit point.
 */
#ifndef EML_ARCH_QP_BLOCK_H
#define EML_ARCH_QP_BLOCK_H

#include "codec/arch/arch.h"

typedef struct eml__qp_masks {
    uint64_t eq, lf, cr, wsp, hex, invalid;
} eml__qp_masks;

typedef struct eml__qp_plan {
    unsigned commit; /* bytes decoded by the vector code */
    int scalar;      /* the scalar decoder takes the unit at commit */
    uint64_t keep;   /* bytes below commit that are output */
    uint64_t esc;    /* '=' of escapes: output their value instead */
} eml__qp_plan;

static inline uint64_t eml__qp_below(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* Start of the run of set bits of w that ends just below bit j. */
static inline unsigned eml__qp_run_start(uint64_t w, unsigned j)
{
    uint64_t other = ~w & eml__qp_below(j);
    return other ? 64 - (unsigned)__builtin_clzll(other) : 0;
}

static inline eml__qp_plan eml__qp_plan_block(const eml__qp_masks *m, unsigned width,
                                              int check_chars)
{
    eml__qp_plan plan;
    uint64_t all = eml__qp_below(width), top = 1ull << (width - 1);
    unsigned commit = width;
    uint64_t event = 0;

    /* An escape or soft break needs the two bytes after '=': one in the
     * last two bytes waits for the next block. */
    uint64_t late_eq = m->eq & ~eml__qp_below(width - 2);
    if (late_eq)
        commit = (unsigned)__builtin_ctzll(late_eq);
    uint64_t esc = m->eq & m->hex >> 1 & m->hex >> 2;
    uint64_t soft_lf = m->eq & m->lf >> 1;
    uint64_t soft_crlf = m->eq & m->cr >> 1 & m->lf >> 2;
    event |= m->eq & ~(esc | soft_lf | soft_crlf);

    /* Runs of SP/HT: adding each run's first bit carries to the byte that
     * ends the run. A run ended by CR or LF may be trailing whitespace;
     * a run that reaches the block's end waits for the next block. */
    uint64_t w = m->wsp;
    if (w) {
        uint64_t starts = w & ~(w << 1);
        uint64_t ends = (w + starts) & ~w & all;
        uint64_t eol_end = ends & (m->lf | m->cr);
        if (eol_end)
            event |= 1ull << eml__qp_run_start(w, (unsigned)__builtin_ctzll(eol_end));
        if (w & top) {
            unsigned st = eml__qp_run_start(w, width);
            if (st < commit)
                commit = st;
        }
    }

    if (check_chars) {
        uint64_t lone_cr = m->cr & ~(m->lf >> 1);
        if (lone_cr & top) {
            lone_cr &= ~top; /* decided by the next block */
            if (commit > width - 1)
                commit = width - 1;
        }
        event |= m->invalid | lone_cr;
    }

    event &= eml__qp_below(commit);
    if (event)
        commit = (unsigned)__builtin_ctzll(event);

    /* Escapes and soft breaks that start below commit are taken whole. */
    uint64_t below = eml__qp_below(commit);
    esc &= below;
    soft_lf &= below;
    soft_crlf &= below;
    uint64_t gone = esc << 1 | esc << 2 | soft_lf | soft_lf << 1 | soft_crlf |
                    soft_crlf << 1 | soft_crlf << 2;
    while (commit < width && (gone >> commit & 1))
        commit++;

    plan.commit = commit;
    plan.scalar = event != 0 || commit == 0;
    plan.keep = ~gone & eml__qp_below(commit);
    plan.esc = esc;
    return plan;
}

/* 1 when every byte of the block is output as it is (the common case of
 * text): no '=', no SP/HT before CR or LF, no invalid character or lone
 * CR while QP_INVALID_CHAR is looked for. next is the byte after the
 * block, or -1 at the end of the data. */
static inline int eml__qp_block_literal(const eml__qp_masks *m, unsigned width, int next,
                                        int check_chars)
{
    uint64_t top = 1ull << (width - 1);
    if (m->eq | m->invalid)
        return 0;
    if (m->wsp & (m->lf | m->cr) >> 1)
        return 0;
    if ((m->wsp & top) && (next < 0 || next == ' ' || next == '\t' || next == '\r' || next == '\n'))
        return 0;
    if (check_chars) {
        uint64_t lone_cr = m->cr & ~(m->lf >> 1);
        if (lone_cr & ~top)
            return 0;
        if ((lone_cr & top) && next != '\n')
            return 0;
    }
    return 1;
}

/* Line feeds at the bits of lines in the block at in: lines between the
 * first and the last are shorter than a block, so only those two can be
 * too long. */
static inline void eml__qp_block_lines(eml__qp *s, size_t in, uint64_t lines)
{
    size_t first = in + (size_t)__builtin_ctzll(lines);
    size_t last = in + 63 - (size_t)__builtin_clzll(lines);
    eml__qp_line_end(s, first);
    if (last != first)
        eml__qp_line_end(s, last);
}

/* The one or two bytes at s->in that the previous common block's escape
 * or soft break took: skipped, a line feed among them noted. */
static inline void eml__qp_skip_taken(eml__qp *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (s->src[s->in] == '\n')
            eml__qp_line_end(s, s->in);
        s->in++;
    }
}

/* Line lengths for a common block at in whose line feeds are lf (not
 * 0): lines inside a block are shorter than 76, so only the one ended by
 * the first LF may be too long (RFC 2045 6.7 rule 5). Returns where the
 * last line of the block starts; *check_lines follows s. */
static inline size_t eml__qp_common_lines(eml__qp *s, size_t in, uint64_t lf, size_t line_start,
                                          int *check_lines)
{
    size_t first = in + (size_t)__builtin_ctzll(lf);
    if (__builtin_expect(first - line_start > EML__QP_MAX_LINE, 0)) {
        s->line_start = line_start;
        eml__qp_line_end(s, first);
        *check_lines = s->check_lines;
    }
    return in + 1 + (size_t)(63 ^ __builtin_clzll(lf));
}

#endif /* EML_ARCH_QP_BLOCK_H */
