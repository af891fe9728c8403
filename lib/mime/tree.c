/* What the layers above need of a part: its defects, arena and text
 * context. */
#include "mime/tree.h"

int eml__part_defect(const eml_part *part, int code, size_t offset)
{
    return eml__defect_add(&part->message->arena, &part->state->defects, code, offset);
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
    ctx->defects = &part->state->defects;
    ctx->base = base;
    ctx->inexact = inexact;
    ctx->impl = m->impl;
}
