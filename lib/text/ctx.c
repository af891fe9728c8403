/* Defects of the text decoders, placed by their context. */
#include "text/ctx.h"

void eml__text_defect(const eml__text_ctx *ctx, int code, size_t rel)
{
    if (!ctx->defects)
        return;
    eml__defect_add(ctx->arena, ctx->defects, code, ctx->inexact ? ctx->base : ctx->base + rel);
}
