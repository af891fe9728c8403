/* What the layers above need of a part: its defects, arena and text
 * context. */
#include "mime/tree.h"

int eml__part_defect(const eml_part *part, int code, size_t offset)
{
    /* Defects found on demand are recorded on a const part: they live in
     * the message like every other cached result (see eml.h on threads). */
    eml_part *p = (eml_part *)part;
    return eml__defect_add(&p->message->arena, &p->defects, code, offset);
}

eml__arena *eml__part_arena(const eml_part *part)
{
    return &part->message->arena;
}

void eml__part_text_ctx(const eml_part *part, size_t base, bool inexact, eml__text_ctx *ctx)
{
    eml_message *m = part->message;
    ctx->arena = &m->arena;
    ctx->charsets = &m->charset_cache;
    /* Parts are built mutable; the API hands them out as const and the
     * thread note in eml.h covers results computed on demand. */
    ctx->defects = (eml__defect_list *)&part->defects;
    ctx->base = base;
    ctx->inexact = inexact;
    ctx->impl = m->impl;
}
