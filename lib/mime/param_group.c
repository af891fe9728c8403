/*
 * Parameter grouping: see param_group.h.
 *
 * Four linear steps over index arrays, so that the 32-byte parameter
 * records never move:
 *   1. leader[i]: the first parameter with the name of parameter i
 *      (hash table; see param_group.h for what happens on collisions);
 *   2. group numbers in order of first appearance, in place of leaders;
 *   3. a counting sort of the indexes by group, which keeps appearance
 *      order inside each group;
 *   4. a stable sort of a group by section only where its sections are
 *      out of order, which well-formed mail never has.
 */
#include "mime/param_group.h"

#include "base/keyed_hash.h"

#include <string.h>

/* Up to this many parameters (nearly every real field has one to three),
 * comparing names directly costs less than clearing and filling a table. */
#define SCAN_MAX 8

typedef int (*param_cmp)(const eml__raw_param *, const eml__raw_param *);

static int cmp_name(const eml__raw_param *a, const eml__raw_param *b)
{
    size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)eml__ascii_lower(a->name[i]);
        unsigned char y = (unsigned char)eml__ascii_lower(b->name[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a->name_len < b->name_len ? -1 : a->name_len > b->name_len;
}

/* Within a group: no section before the sections, then by number; the
 * plain value before the extended one. */
static int cmp_section(const eml__raw_param *a, const eml__raw_param *b)
{
    if (a->section != b->section)
        return a->section < b->section ? -1 : 1;
    return (int)a->extended - (int)b->extended;
}

/* Stable bottom-up merge sort of n indexes into r; tmp holds n more. */
static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n, const eml__raw_param *r,
                       param_cmp cmp)
{
    uint32_t *src = a, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = mid + width < n ? mid + width : n;
            size_t i = lo, j = mid, k = lo;
            /* Ties take the left run first: that is what keeps it stable. */
            while (i < mid && j < hi)
                dst[k++] = cmp(&r[src[j]], &r[src[i]]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

uint32_t eml__param_name_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a over the lowercased name */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)eml__ascii_lower(s[i]);
        h *= 16777619u;
    }
    return h ^ (h >> 15);
}

static bool same_name(const eml__raw_param *a, const eml__raw_param *b)
{
    return a->name_len == b->name_len && eml__ascii_ieq(a->name, b->name, a->name_len);
}

/* Step 1 for a few names: each against the leaders found so far. */
static void leaders_by_scan(const eml__raw_param *r, size_t n, uint32_t *leader)
{
    for (size_t i = 0; i < n; i++) {
        leader[i] = (uint32_t)i;
        for (size_t j = 0; j < i; j++) {
            if (leader[j] == j && same_name(&r[j], &r[i])) {
                leader[i] = (uint32_t)j;
                break;
            }
        }
    }
}

static uint64_t name_hash(const eml__raw_param *p, const eml__hash_key *key)
{
    if (!key)
        return eml__param_name_hash(p->name, p->name_len);
    return eml__keyed_hash_casefold(key, p->name, p->name_len);
}

/* Step 1 by hashing, with the unkeyed hash when key is NULL. The table
 * (cap slots, a power of two at least 2n) holds the name's 32-bit hash
 * above leader + 1: a name is read only when the hashes agree, so most
 * probes touch the table alone and not the records or the message.
 * Returns false when the probes passed more than a few occupied slots per
 * parameter, which random names at this load do not. */
static bool leaders_by_hash(const eml__raw_param *r, size_t n, uint32_t *leader,
                            uint64_t *table, size_t cap, const eml__hash_key *key)
{
    memset(table, 0, cap * sizeof *table);
    size_t mask = cap - 1;
    size_t probes_left = 4 * n + 64;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = name_hash(&r[i], key);
        uint64_t tag = (h & 0xffffffffu) << 32;
        size_t slot = (size_t)(h >> 32 ^ h) & mask;
        for (;;) {
            uint64_t e = table[slot];
            if (!e) {
                table[slot] = tag | ((uint64_t)i + 1);
                leader[i] = (uint32_t)i;
                break;
            }
            uint32_t other = (uint32_t)e - 1;
            if ((e & ~(uint64_t)0xffffffffu) == tag && same_name(&r[other], &r[i])) {
                leader[i] = other;
                break;
            }
            if (probes_left-- == 0)
                return false;
            slot = (slot + 1) & mask;
        }
    }
    return true;
}

/* Step 1 by sorting: a stable sort by name leaves each name's first
 * appearance at the head of its run. */
static void leaders_by_sort(const eml__raw_param *r, size_t n, uint32_t *leader, uint32_t *idx,
                            uint32_t *tmp)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    merge_sort(idx, tmp, n, r, cmp_name);
    for (size_t i = 0; i < n; i++)
        leader[idx[i]] = i && same_name(&r[idx[i - 1]], &r[idx[i]]) ? leader[idx[i - 1]] : idx[i];
}

/* Step 2: a leader comes before its followers, so its number is already
 * known when a follower is reached. Returns the number of groups. */
static size_t number_groups(uint32_t *id, size_t n)
{
    uint32_t groups = 0;
    for (size_t i = 0; i < n; i++)
        id[i] = id[i] == i ? groups++ : id[id[i]];
    return groups;
}

/* Step 3: end[g] first counts group g, then is its start, then, once every
 * index is placed, its end. */
static void place_by_group(const uint32_t *id, size_t n, size_t ngroups, uint32_t *order,
                           uint32_t *end)
{
    memset(end, 0, ngroups * sizeof *end);
    for (size_t i = 0; i < n; i++)
        end[id[i]]++;
    uint32_t start = 0;
    for (size_t g = 0; g < ngroups; g++) {
        uint32_t count = end[g];
        end[g] = start;
        start += count;
    }
    for (size_t i = 0; i < n; i++)
        order[end[id[i]]++] = (uint32_t)i;
}

/* Step 4. */
static void order_sections(const eml__raw_param *r, uint32_t *order, const uint32_t *end,
                           size_t ngroups, uint32_t *tmp)
{
    size_t begin = 0;
    for (size_t g = 0; g < ngroups; g++) {
        for (size_t i = begin + 1; i < end[g]; i++) {
            if (cmp_section(&r[order[i - 1]], &r[order[i]]) > 0) {
                merge_sort(order + begin, tmp, end[g] - begin, r, cmp_section);
                break;
            }
        }
        begin = end[g];
    }
}

/* Step 1 by the first path that succeeds, from first on. */
static eml__group_path find_leaders(const eml__raw_param *r, size_t n, uint32_t *leader,
                                    uint32_t *spare, uint64_t *table, size_t cap,
                                    eml__group_path first)
{
    if (first == EML__GROUP_SCAN && n <= SCAN_MAX) {
        leaders_by_scan(r, n, leader);
        return EML__GROUP_SCAN;
    }
    if (first <= EML__GROUP_FNV && leaders_by_hash(r, n, leader, table, cap, NULL))
        return EML__GROUP_FNV;
    eml__hash_key key;
    if (first <= EML__GROUP_KEYED && eml__hash_key_random(&key) &&
        leaders_by_hash(r, n, leader, table, cap, &key))
        return EML__GROUP_KEYED;
    leaders_by_sort(r, n, leader, spare, (uint32_t *)table);
    return EML__GROUP_SORT;
}

int eml__param_group(const eml_allocator *allocator, eml__buf *work, const eml__raw_param *r,
                     size_t n, eml__group_path first, eml__param_groups *out)
{
    out->order = out->end = NULL;
    out->ngroups = 0;
    out->path = first;
    /* A header block is below 4 GiB and a parameter takes two bytes, so
     * indexes fit in 32 bits; the words below (3n + 2 cap < 11n + 16) must
     * also fit in size_t where it is 32 bits wide. */
    if (n > UINT32_MAX / 8 || n > (SIZE_MAX / sizeof(uint32_t) - 16) / 11)
        return EML_ENOMEM;
    size_t cap = 8;
    while (cap < 2 * n)
        cap *= 2;
    if (eml__buf_reserve(allocator, work, cap * sizeof(uint64_t) + 3 * n * sizeof(uint32_t)) !=
        EML_OK)
        return EML_ENOMEM;
    uint64_t *table = work->ptr; /* first, for its alignment; also the sorts' spare room */
    uint32_t *id = (uint32_t *)(table + cap);
    uint32_t *order = id + n;
    uint32_t *end = order + n;

    out->path = find_leaders(r, n, id, order, table, cap, first);
    size_t ngroups = number_groups(id, n);
    place_by_group(id, n, ngroups, order, end);
    order_sections(r, order, end, ngroups, (uint32_t *)table);

    out->order = order;
    out->end = end;
    out->ngroups = ngroups;
    return EML_OK;
}
