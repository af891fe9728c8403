/*
 * Shared by the fuzz harnesses: an assert that survives NDEBUG, a byte
 * reader for the option prefix, and a walk that calls every accessor of
 * a parsed message and checks what it returns. The checking allocator
 * is the tests' own, tests/unit/failing_alloc.h.
 */
#ifndef EML_FUZZ_COMMON_H
#define EML_FUZZ_COMMON_H

#include "eml.h"

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point, also called by replay.c. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the failed condition even when NDEBUG is defined: a fuzz
 * harness that stops checking in release builds finds nothing. */
#define FUZZ_ASSERT(cond)                                                   \
    do {                                                                    \
        if (!(cond))                                                        \
            fuzz_fail(__FILE__, __LINE__, #cond);                           \
    } while (0)

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void fuzz_fail(const char *file, int line, const char *what);

/* Reads option bytes from the front of an input. Reads past the end
 * return 0 so that short inputs still run. */
typedef struct fuzz_reader {
    const uint8_t *p;
    size_t n;
} fuzz_reader;

uint8_t fuzz_take_u8(fuzz_reader *r);
uint16_t fuzz_take_u16(fuzz_reader *r);

/* Returns 1 when s[0..len) is valid UTF-8 per RFC 3629 (written here
 * independently of the library's validator so the two check each other). */
int fuzz_utf8_valid(const char *s, size_t len);

/* Touches every byte of a slice (so a sanitizer sees a bad pointer) and
 * checks that a non-empty slice has a pointer. */
void fuzz_touch(eml_slice s);

/* Checks that a slice lies inside [buf, buf + len). */
void fuzz_check_in_buffer(eml_slice s, const char *buf, size_t len);

/* Checks a slice the library built: non-NULL and followed by a NUL. */
void fuzz_check_built(eml_slice s);

/* Checks the defects of a standalone decoder: known codes, offsets
 * within the input. n is the count reported, cap the array size. */
void fuzz_check_defects(const eml_defect *d, size_t n, size_t cap, size_t input_len);

/* What fuzz_walk_message does beyond navigation. */
enum {
    FUZZ_WALK_DECODE = 1,    /* decode every body, both ways */
    FUZZ_WALK_TEXT = 2,      /* eml_part_text on every part */
    FUZZ_WALK_FIELDS = 4,    /* unfolded value of every field */
    FUZZ_WALK_SEMANTIC = 8,  /* addresses, dates, msgids on every field */
    FUZZ_WALK_FIELDS_TEXT = 16, /* eml_part_field_text on every field */
    FUZZ_WALK_ALL = 31
};


/*
 * Walks the whole tree of m (children and embedded messages, without
 * recursion), calls every accessor on every part and checks the results
 * against the contracts in eml.h. When an allocation failure is possible
 * (oom_ok), EML_ENOMEM is accepted from the on-demand functions.
 * Returns the number of parts visited.
 */
size_t fuzz_walk_message(const eml_message *m, unsigned what, int oom_ok);

/* Builds the message "<name>: <value>\r\n<extra>\r\n<body>" in malloc'd
 * memory (extra is "" or whole fields each ending in CRLF), replacing
 * line breaks in value that are not followed by whitespace (they would
 * end the field) by spaces. *len gets the length; free() the result. */
char *fuzz_make_field_message(const char *name, const uint8_t *value, size_t value_len,
                              const char *extra, const char *body, size_t *len);

#endif /* EML_FUZZ_COMMON_H */
