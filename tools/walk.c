/* Walking a message tree through the public API. */
#include "tool.h"

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
    return walk_skip(part, top);
}

const eml_part *walk_skip(const eml_part *part, const eml_part *top)
{
    for (const eml_part *p = part; p && p != top; p = eml_part_parent(p)) {
        const eml_part *next = eml_part_next(p);
        if (next)
            return next;
    }
    return NULL;
}

/* The 1-based position of part among its parent's children, or 0 when
 * it is not a child (a message root). */
static size_t child_number(const eml_part *part)
{
    const eml_part *parent = eml_part_parent(part);
    if (!parent || eml_part_embedded(parent) == part)
        return 0;
    size_t n = eml_part_child_count(parent);
    for (size_t i = 0; i < n; i++)
        if (eml_part_child(parent, i) == part)
            return i + 1;
    return 0;
}

/* IMAP numbering (RFC 3501 section 6.4.5): children of a multipart are
 * numbered from 1, and the parts of an embedded message continue from
 * the number of the message/rfc822 part that holds it. */
void part_section(const eml_part *part, tbuf *b)
{
    size_t nums[64];
    size_t n = 0, skipped = 0;
    for (const eml_part *p = part; p; p = eml_part_parent(p)) {
        size_t k = child_number(p);
        if (!k)
            continue;
        if (n < sizeof nums / sizeof nums[0])
            nums[n++] = k;
        else
            skipped++;
    }
    if (skipped)
        tbuf_puts(b, "...");
    for (size_t i = n; i > 0; i--)
        tbuf_printf(b, "%s%zu", i == n && !skipped ? "" : ".", nums[i - 1]);
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
