/*
 * A keyed hash for tables that hostile input fills: SipHash-1-3 (Aumasson
 * and Bernstein, "SipHash: a fast short-input PRF"), under a key drawn
 * from the operating system when a table needs it. Without the key, input
 * cannot be crafted to collide, which an unkeyed hash cannot promise.
 */
#ifndef EML_KEYED_HASH_H
#define EML_KEYED_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct eml__hash_key {
    uint64_t k0, k1;
} eml__hash_key;

/* Fills key with random bytes from the system; false when none are to be
 * had right now (the caller then needs another way). */
bool eml__hash_key_random(eml__hash_key *key);

/* SipHash-1-3 of s[0 .. len) with ASCII letters folded to lower case. */
uint64_t eml__keyed_hash_casefold(const eml__hash_key *key, const char *s, size_t len);

/* SipHash-c-d with letters folded, for any round counts: the one above is
 * (1, 3); (2, 4) is what the published test vectors are for. */
uint64_t eml__siphash_casefold(const eml__hash_key *key, const char *s, size_t len,
                              int c_rounds, int d_rounds);

#endif
