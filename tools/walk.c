/* Walking a message tree through the public API. */
#include "walk.h"
#include "buf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int part_is_leaf(const eml_part *part)
{
    return eml_part_child_count(part) == 0 && eml_part_embedded(part) == NULL;
}

/* Section numbers by depth: len[d] is the length of the section of the
 * last part seen at depth d, num[d] its number among its siblings. */
typedef struct section_stack {
    size_t *len, *num;
    size_t cap;
} section_stack;

static void stack_reserve(section_stack *st, size_t depth)
{
    if (depth < st->cap)
        return;
    size_t cap = st->cap ? st->cap : 16;
    while (cap <= depth)
        cap *= 2;
    st->len = xrealloc(st->len, cap * sizeof *st->len);
    st->num = xrealloc(st->num, cap * sizeof *st->num);
    st->cap = cap;
}

/* Sets section to the number of p, at depth (> 0) in the walk, given the
 * depth of the part walked before it. The root of an embedded message
 * shares the number of its message/rfc822 part. */
static void number_part(section_stack *st, tbuf *section, const eml_part *p, size_t depth,
                        size_t prev_depth)
{
    stack_reserve(st, depth);
    st->num[depth] = prev_depth < depth ? 1 : st->num[depth] + 1;
    size_t base = st->len[depth - 1];
    section->len = base;
    if (section->ptr)
        section->ptr[base] = '\0';
    if (eml_part_embedded(eml_part_parent(p)) != p)
        tbuf_printf(section, base ? ".%zu" : "%zu", st->num[depth]);
    st->len[depth] = section->len;
}

void visit_parts(const eml_part *root, part_visitor fn, void *ctx)
{
    tbuf section;
    tbuf_init(&section);
    section_stack st = {NULL, NULL, 0};
    stack_reserve(&st, 0);
    st.len[0] = 0;
    size_t depth, prev = 0, skip_below = SIZE_MAX;
    for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
         prev = depth, p = eml_part_walk_next(root, p, &depth)) {
        if (depth > 0)
            number_part(&st, &section, p, depth, prev);
        if (depth > skip_below)
            continue; /* inside a subtree the visitor chose to skip */
        skip_below = SIZE_MAX;
        if (fn(p, section.ptr ? section.ptr : "", ctx))
            skip_below = depth;
    }
    free(st.len);
    free(st.num);
    tbuf_free(&section);
}

long field_index(const eml_part *part, const char *name)
{
    size_t idx;
    if (eml_part_field_find(part, name, EML_NUL_TERMINATED, 0, &idx) != EML_OK)
        return -1;
    return (long)idx;
}

static const char *const address_fields[] = {
    "from", "sender", "reply-to", "to", "cc", "bcc", "resent-from", "resent-sender",
    "resent-to", "resent-cc", "resent-bcc", "disposition-notification-to", NULL};
static const char *const date_fields[] = {"date", "resent-date", NULL};
static const char *const msgid_fields[] = {"message-id", "in-reply-to", "references",
                                           "resent-message-id", "content-id", NULL};
static const char *const text_fields[] = {"subject", "comments", "keywords",
                                          "content-description", NULL};

static int in_list(const char *name, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == len && strncasecmp(name, *list, len) == 0)
            return 1;
    return 0;
}

/* Runs the header-semantics parser that suits each field. */
static void touch_fields(const eml_part *part)
{
    size_t n = eml_part_field_count(part);
    for (size_t i = 0; i < n; i++) {
        eml_field f;
        if (eml_part_field(part, i, &f) != EML_OK)
            continue;
        if (in_list(f.name.ptr, f.name.len, address_fields)) {
            size_t count = 0;
            eml_part_field_addresses(part, i, NULL, 0, &count);
        } else if (in_list(f.name.ptr, f.name.len, date_fields)) {
            int64_t epoch;
            int zone;
            eml_part_field_date(part, i, &epoch, &zone);
        } else if (in_list(f.name.ptr, f.name.len, msgid_fields)) {
            size_t count = 0;
            eml_part_field_msgids(part, i, NULL, 0, &count);
        } else if (in_list(f.name.ptr, f.name.len, text_fields)) {
            eml_slice s;
            eml_part_field_text(part, i, &s);
        }
    }
}

void touch_message(const eml_part *root)
{
    for (const eml_part *p = root; p; p = eml_part_walk_next(root, p, NULL)) {
        touch_fields(p);
        if (!part_is_leaf(p))
            continue;
        eml_slice s;
        eml_part_decoded(p, &s);
        eml_slice type = eml_part_type(p);
        if (type.len == 4 && memcmp(type.ptr, "text", 4) == 0)
            eml_part_text(p, &s);
    }
}

size_t count_defects(const eml_part *root)
{
    size_t n = 0;
    for (const eml_part *p = root; p; p = eml_part_walk_next(root, p, NULL))
        n += eml_part_defect_count(p);
    return n;
}
