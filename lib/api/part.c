/* Part accessors: navigation, header fields, content type, parameters. */
#include "codec/codec.h"
#include "mime/tree.h"

#include "base/ascii.h"

#include <string.h>

static const eml_slice no_slice = { NULL, 0 };

const eml_part *eml_part_parent(const eml_part *part)
{
    return part ? part->parent : NULL;
}

size_t eml_part_child_count(const eml_part *part)
{
    return part ? part->nchildren : 0;
}

const eml_part *eml_part_child(const eml_part *part, size_t index)
{
    if (!part || index >= part->nchildren)
        return NULL;
    return part->children[index];
}

const eml_part *eml_part_next(const eml_part *part)
{
    return part ? part->next : NULL;
}

const eml_part *eml_part_embedded(const eml_part *part)
{
    return part ? part->embedded : NULL;
}

size_t eml_part_depth(const eml_part *part)
{
    return part ? part->depth : 0;
}

/* The pre-order successor of part within root's subtree. Each step goes
 * down one edge or climbs until an unvisited sibling appears, so a whole
 * walk crosses every edge at most twice: O(1) amortized, no stack. */
static const eml_part *walk_successor(const eml_part *root, const eml_part *part)
{
    if (part->nchildren)
        return part->children[0];
    if (part->embedded)
        return part->embedded;
    for (const eml_part *p = part; p && p != root; p = p->parent) {
        /* An embedded root has no sibling: climbing from it reaches its
         * message/rfc822 part, whose own sibling comes next. */
        if (p->next)
            return p->next;
    }
    return NULL;
}

const eml_part *eml_part_walk_next(const eml_part *root, const eml_part *part, size_t *depth)
{
    const eml_part *next = NULL;
    if (root)
        next = part ? walk_successor(root, part) : root;
    if (depth)
        *depth = next ? next->depth - root->depth : 0;
    return next;
}

const eml_message *eml_part_message(const eml_part *part)
{
    return part ? part->message : NULL;
}

/* ---- header fields ------------------------------------------------------ */

size_t eml_part_field_count(const eml_part *part)
{
    return part ? part->nfields : 0;
}

eml_error eml_part_field(const eml_part *part, size_t index, eml_field *out)
{
    if (!part || !out)
        return EML_EINVAL;
    if (index >= part->nfields)
        return EML_ERANGE;
    const eml__field *f = &part->fields[index];
    const char *base = part->base + f->offset;
    out->name.ptr = base;
    out->name.len = f->name_len;
    out->value.ptr = base + f->value_off;
    out->value.len = f->value_len;
    out->offset = f->offset;
    return EML_OK;
}

eml_error eml_part_field_find(const eml_part *part, const char *name, size_t name_len, size_t start,
                        size_t *index)
{
    if (!part || !name || !index)
        return EML_EINVAL;
    if (name_len == EML_NUL_TERMINATED)
        name_len = strlen(name);
    for (size_t i = start; i < part->nfields; i++) {
        const eml__field *f = &part->fields[i];
        if (f->name_len == name_len &&
            eml__ascii_ieq(part->base + f->offset, name, name_len)) {
            *index = i;
            return EML_OK;
        }
    }
    return EML_ENOTFOUND;
}

static eml_slice make_slice(const char *ptr, size_t len)
{
    eml_slice s = { ptr, len };
    return s;
}

eml_slice eml_part_header_raw(const eml_part *part)
{
    return part ? make_slice(part->base + part->offset, part->header_len) : no_slice;
}

/* ---- content type and parameters --------------------------------------- */

eml_slice eml_part_type(const eml_part *part)
{
    return part ? make_slice(part->content_type, part->type_len) : no_slice;
}

eml_slice eml_part_subtype(const eml_part *part)
{
    if (!part)
        return no_slice;
    return make_slice(part->content_type + part->type_len + 1,
                      part->content_type_len - part->type_len - 1);
}

eml_slice eml_part_content_type(const eml_part *part)
{
    return part ? make_slice(part->content_type, part->content_type_len) : no_slice;
}

static int param_at(const eml__param *params, size_t n, size_t index, eml_param *out)
{
    if (!out)
        return EML_EINVAL;
    if (index >= n)
        return EML_ERANGE;
    out->name = params[index].name;
    out->value = params[index].value;
    return EML_OK;
}

static eml_slice param_get(const eml__param *params, size_t n, const char *name, size_t len)
{
    if (!name)
        return no_slice;
    if (len == EML_NUL_TERMINATED)
        len = strlen(name);
    for (size_t i = 0; i < n; i++)
        if (params[i].name.len == len && eml__ascii_ieq(params[i].name.ptr, name, len))
            return params[i].value;
    return no_slice;
}

size_t eml_part_param_count(const eml_part *part)
{
    return part ? part->nparams : 0;
}

eml_error eml_part_param(const eml_part *part, size_t index, eml_param *out)
{
    if (!part)
        return EML_EINVAL;
    return param_at(part->params, part->nparams, index, out);
}

eml_slice eml_part_param_get(const eml_part *part, const char *name, size_t name_len)
{
    return part ? param_get(part->params, part->nparams, name, name_len) : no_slice;
}

eml_slice eml_part_disposition(const eml_part *part)
{
    return part ? make_slice(part->disposition, part->disposition_len) : no_slice;
}

size_t eml_part_disposition_param_count(const eml_part *part)
{
    return part ? part->ndisp_params : 0;
}

eml_error eml_part_disposition_param(const eml_part *part, size_t index, eml_param *out)
{
    if (!part)
        return EML_EINVAL;
    return param_at(part->disp_params, part->ndisp_params, index, out);
}

eml_slice eml_part_disposition_param_get(const eml_part *part, const char *name,
                                         size_t name_len)
{
    return part ? param_get(part->disp_params, part->ndisp_params, name, name_len) : no_slice;
}

eml_slice eml_part_filename(const eml_part *part)
{
    if (!part)
        return no_slice;
    if (part->filename)
        return *part->filename;
    size_t off, n;
    eml_slice body = eml__part_body(part);
    if (part->encoding == EML_ENCODING_UUENCODE && body.len &&
        eml__uu_begin_name(body.ptr, body.len, &off, &n)) {
        eml_slice s = { body.ptr + off, n };
        return s;
    }
    return no_slice;
}

eml_encoding eml_part_encoding(const eml_part *part)
{
    return part ? (eml_encoding)part->encoding : EML_ENCODING_7BIT;
}

eml_slice eml_part_encoding_name(const eml_part *part)
{
    if (!part) {
        eml_slice s = { "7bit", 4 };
        return s;
    }
    return make_slice(part->encoding_name, part->encoding_name_len);
}

/* ---- bodies and defects ---------------------------------------------- */

eml_slice eml_part_body_raw(const eml_part *part)
{
    return part ? eml__part_body(part) : no_slice;
}

size_t eml_part_offset(const eml_part *part)
{
    return part ? part->offset : 0;
}

eml_slice eml_part_preamble(const eml_part *part)
{
    return part && part->multipart ? part->multipart->preamble : no_slice;
}

eml_slice eml_part_epilogue(const eml_part *part)
{
    return part && part->multipart ? part->multipart->epilogue : no_slice;
}

size_t eml_part_defect_count(const eml_part *part)
{
    return part ? part->state->defects.count : 0;
}

eml_error eml_part_defect(const eml_part *part, size_t index, eml_defect *out)
{
    if (!part || !out)
        return EML_EINVAL;
    if (index >= part->state->defects.count)
        return EML_ERANGE;
    *out = part->state->defects.items[index];
    return EML_OK;
}

size_t eml_part_defects_dropped(const eml_part *part)
{
    return part ? part->state->defects.dropped : 0;
}

/* The buffer whose bytes part->base points into: the decoded body of the
 * nearest encoded message/rfc822 part above whose embedded message this
 * part belongs to, else the input. */
eml_slice eml_part_buffer(const eml_part *part)
{
    if (!part)
        return no_slice;
    for (const eml_part *q = part; q->parent; q = q->parent) {
        const eml_part *p = q->parent;
        if (p->embedded == q && p->base != q->base) {
            eml_slice s = { q->base, p->state->decoded.len };
            return s;
        }
    }
    eml_slice s = { part->message->buf ? part->message->buf : "", part->message->len };
    return s;
}
