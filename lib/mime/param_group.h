/*
 * Grouping of one header field's parameters by name, for Content-Type and
 * Content-Disposition (RFC 2045 section 5.1: names are case-insensitive;
 * RFC 2231 sections 3 and 4: one parameter may come in numbered sections).
 *
 * The groups come out in order of first appearance, and each group in the
 * order its sections are joined, in time linear in the field's size for
 * any input. A few names are compared with each other directly; more are
 * grouped through a hash table under a fast unkeyed hash; a field whose names collide too often there (only crafted input
 * does) is grouped again under SipHash with a random key, which input
 * cannot be crafted against; should even that fail, or no random key be
 * had, a merge sort bounds the work at n log n. Nothing is allocated
 * outside the caller's allocator.
 */
#ifndef EML_PARAM_GROUP_H
#define EML_PARAM_GROUP_H

#include "base/ascii.h"
#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 32 bytes: a field with many parameters holds one per parameter. The
 * 32-bit members hold offsets and lengths within one field value, which a
 * header block (at most 2^32 - 1 bytes) bounds. */
typedef struct eml__raw_param {
    const char *name;   /* base name, without RFC 2231 '*' suffixes */
    uint32_t name_len;
    uint32_t value_off; /* into scratch->bytes */
    uint32_t value_len;
    uint32_t at;        /* offset of the name in the field value */
    int32_t section;    /* -1 when not an RFC 2231 section (at most 9 digits) */
    bool extended;      /* RFC 2231 '*': charset'lang' and %XX */
} eml__raw_param;

/* How the names were grouped, from the fastest. */
typedef enum eml__group_path {
    EML__GROUP_SCAN,  /* each name against the first of each earlier group */
    EML__GROUP_FNV,   /* hash table, unkeyed hash */
    EML__GROUP_KEYED, /* hash table, SipHash under a random key */
    EML__GROUP_SORT   /* merge sort by name */
} eml__group_path;

typedef struct eml__param_groups {
    const uint32_t *order; /* indexes into the parameters, group after group */
    const uint32_t *end;   /* end[g]: one past group g's last entry in order */
    size_t ngroups;        /* in order of first appearance */
    eml__group_path path;  /* the one that did it */
} eml__param_groups;

/* Groups r[0 .. n) (in order of appearance) by name. Within a group, the
 * plain and extended values without a section come first, then the
 * sections by number; ties keep their order of appearance. The result
 * lives in work. first is EML__GROUP_SCAN but for tests, which start each
 * path in turn: the groups must not depend on it. EML_OK or EML_ENOMEM. */
int eml__param_group(const eml_allocator *allocator, eml__buf *work, const eml__raw_param *r,
                     size_t n, eml__group_path first, eml__param_groups *out);

/* The unkeyed hash of a name, case folded: what the table is indexed by
 * first. */
uint32_t eml__param_name_hash(const char *name, size_t len);

#endif
