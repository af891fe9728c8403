/*
 * Guard-page copies for tests: the copy's last byte sits right before a
 * PROT_NONE page, so reading one byte past the data crashes the test.
 */
#ifndef EML_TEST_GUARD_H
#define EML_TEST_GUARD_H

#include <stddef.h>

/* A copy of len bytes of data (data may be NULL when len is 0) ending at a
 * PROT_NONE page. Aborts when out of memory. Free with guard_free. */
void *guard_copy(const void *data, size_t len);

/* Releases a guard_copy result; NULL is a no-op. */
void guard_free(void *copy);

#endif
