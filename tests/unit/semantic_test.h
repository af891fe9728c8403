/* Shared fixture of the header-semantics tests: an arena, a defect list
 * and a decoding context, as a message would provide them. */
#ifndef SEMANTIC_TEST_H
#define SEMANTIC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/ctx.h"

typedef struct sem_fixture {
    eml__arena arena;
    eml__defect_list defects;
    eml__text_ctx ctx;
} sem_fixture;

static inline void sem_init(sem_fixture *f)
{
    memset(f, 0, sizeof *f);
    eml__arena_init(&f->arena, NULL);
    f->ctx.arena = &f->arena;
    f->ctx.defects = &f->defects;
    f->ctx.impl = EML_IMPL_SCALAR;
}

static inline void sem_reset(sem_fixture *f)
{
    eml__arena_release(&f->arena);
    sem_init(f);
}

static inline int sem_has_defect(const eml__defect_list *l, eml_defect_code code)
{
    for (uint32_t i = 0; i < l->count; i++)
        if (l->items[i].code == code)
            return 1;
    return 0;
}

/* code 0: no defect at all; otherwise code must be among them. */
static inline void sem_check_defect(const sem_fixture *f, int code, size_t row)
{
    if (code == 0 && f->defects.count != 0) {
        print_error("row %zu: unexpected defect %s\n", row,
                    eml_defect_name(f->defects.items[0].code));
        fail();
    }
    if (code != 0 && !sem_has_defect(&f->defects, code)) {
        print_error("row %zu: missing defect %s\n", row, eml_defect_name(code));
        fail();
    }
}

static inline void sem_check_string(eml_slice got, const char *want, size_t row)
{
    if (want == NULL) {
        if (got.ptr != NULL) {
            print_error("row %zu: want absent, got \"%.*s\"\n", row, (int)got.len, got.ptr);
            fail();
        }
        return;
    }
    if (!got.ptr || got.len != strlen(want) || memcmp(got.ptr, want, got.len) != 0) {
        print_error("row %zu: want \"%s\", got \"%.*s\"\n", row, want, (int)got.len,
                    got.ptr ? got.ptr : "(null)");
        fail();
    }
}

#endif
