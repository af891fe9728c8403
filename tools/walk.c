/* Walking a message tree through the public API. */
#include "walk.h"
#include "buf.h"

#include <string.h>
#include <strings.h>

int part_is_leaf(const eml_part *part)
{
    return eml_part_child_count(part) == 0 && eml_part_embedded(part) == NULL;
}

const eml_part *walk_next(const eml_part *part, const eml_part *top)
{
    if (eml_part_child_count(part))
        return eml_part_child(part, 0);
    if (eml_part_embedded(part))
        return eml_part_embedded(part);
    for (const eml_part *p = part; p && p != top; p = eml_part_parent(p)) {
        const eml_part *next = eml_part_next(p);
        if (next)
            return next;
    }
    return NULL;
}

/* Recursion depth is bounded by the library's nesting limit (the tool
 * parses with default options). */
static void visit(const eml_part *p, tbuf *section, part_visitor fn, void *ctx)
{
    if (fn(p, section->ptr ? section->ptr : "", ctx))
        return;
    size_t n = eml_part_child_count(p), len = section->len;
    for (size_t i = 0; i < n; i++) {
        tbuf_printf(section, len ? ".%zu" : "%zu", i + 1);
        visit(eml_part_child(p, i), section, fn, ctx);
        section->len = len;
        if (section->ptr)
            section->ptr[len] = '\0';
    }
    if (eml_part_embedded(p))
        visit(eml_part_embedded(p), section, fn, ctx);
}

void visit_parts(const eml_part *root, part_visitor fn, void *ctx)
{
    tbuf section;
    tbuf_init(&section);
    visit(root, &section, fn, ctx);
    tbuf_free(&section);
}

long field_index(const eml_part *part, const char *name)
{
    size_t idx;
    if (eml_part_field_find(part, name, (size_t)-1, 0, &idx) != EML_OK)
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
    for (const eml_part *p = root; p; p = walk_next(p, root)) {
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
    for (const eml_part *p = root; p; p = walk_next(p, root))
        n += eml_part_defect_count(p);
    return n;
}
