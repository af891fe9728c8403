/*
 * SipHash-1-3: see keyed_hash.h. One compression round per 8-byte word
 * and three to finish, the variant chosen by hash tables that face the
 * network, where speed on short keys matters more than the margin of the
 * 2-4 variant meant for message authentication.
 */
#include "base/keyed_hash.h"

#include "base/ascii.h"

#include <errno.h>
#if defined(__linux__)
#include <sys/random.h>
#else
#include <unistd.h>
#endif

bool eml__hash_key_random(eml__hash_key *key)
{
    unsigned char bytes[16];
#if defined(__linux__)
    /* Never block: early in boot the pool may not be ready, and a parser
     * must not wait for it. */
    ssize_t got;
    do
        got = getrandom(bytes, sizeof bytes, GRND_NONBLOCK);
    while (got < 0 && errno == EINTR);
    if (got != (ssize_t)sizeof bytes)
        return false;
#else
    if (getentropy(bytes, sizeof bytes) != 0)
        return false;
#endif
    key->k0 = key->k1 = 0;
    for (int i = 0; i < 8; i++) {
        key->k0 |= (uint64_t)bytes[i] << (8 * i);
        key->k1 |= (uint64_t)bytes[8 + i] << (8 * i);
    }
    return true;
}

static inline uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

typedef struct sip_state {
    uint64_t v0, v1, v2, v3;
} sip_state;

static inline void sip_round(sip_state *s)
{
    s->v0 += s->v1;
    s->v1 = rotl(s->v1, 13);
    s->v1 ^= s->v0;
    s->v0 = rotl(s->v0, 32);
    s->v2 += s->v3;
    s->v3 = rotl(s->v3, 16);
    s->v3 ^= s->v2;
    s->v0 += s->v3;
    s->v3 = rotl(s->v3, 21);
    s->v3 ^= s->v0;
    s->v2 += s->v1;
    s->v1 = rotl(s->v1, 17);
    s->v1 ^= s->v2;
    s->v2 = rotl(s->v2, 32);
}

static inline void sip_absorb(sip_state *s, uint64_t m, int c_rounds)
{
    s->v3 ^= m;
    for (int r = 0; r < c_rounds; r++)
        sip_round(s);
    s->v0 ^= m;
}

/* Byte k of a little-endian word, letters folded. */
static inline uint64_t folded_byte(const unsigned char *p, size_t k)
{
    return (uint64_t)(unsigned char)eml__ascii_lower((char)p[k]) << (8 * (k & 7));
}

uint64_t eml__siphash_casefold(const eml__hash_key *key, const char *s, size_t len,
                              int c_rounds, int d_rounds)
{
    sip_state st = { key->k0 ^ 0x736f6d6570736575u, key->k1 ^ 0x646f72616e646f6du,
                     key->k0 ^ 0x6c7967656e657261u, key->k1 ^ 0x7465646279746573u };
    const unsigned char *p = (const unsigned char *)s;
    size_t whole = len & ~(size_t)7;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = 0;
        for (int k = 0; k < 8; k++)
            m |= folded_byte(p + i, (size_t)k);
        sip_absorb(&st, m, c_rounds);
    }
    /* The last word: the remaining bytes, and the length's low byte on top. */
    uint64_t m = (uint64_t)(len & 0xff) << 56;
    for (size_t k = 0; whole + k < len; k++)
        m |= folded_byte(p + whole, k);
    sip_absorb(&st, m, c_rounds);
    st.v2 ^= 0xff;
    for (int r = 0; r < d_rounds; r++)
        sip_round(&st);
    return st.v0 ^ st.v1 ^ st.v2 ^ st.v3;
}

uint64_t eml__keyed_hash_casefold(const eml__hash_key *key, const char *s, size_t len)
{
    return eml__siphash_casefold(key, s, len, 1, 3);
}
