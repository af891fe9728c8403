/* The options object behind eml_options (see eml.h). */
#ifndef EML_API_OPTIONS_H
#define EML_API_OPTIONS_H

#include "base/base.h"

struct eml_options {
    eml_allocator allocator; /* alloc == NULL means libc */
    int64_t values[EML__OPTION_COUNT];
};

/* Fills values with every option's default. */
void eml__options_defaults(int64_t values[EML__OPTION_COUNT]);

#endif /* EML_API_OPTIONS_H */
