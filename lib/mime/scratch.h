/* Scratch memory reused across the parts of one parse, freed at the end
 * of eml_parse. */
#ifndef EML_MIME_SCRATCH_H
#define EML_MIME_SCRATCH_H

#include "base/buf.h"

typedef struct eml__scratch {
    const eml_allocator *allocator;
    eml__buf fields; /* eml__field records of the header being tokenized */
    eml__buf params; /* raw parameters of the field being parsed */
    eml__buf bytes;  /* unquoted and joined parameter values */
    eml__buf order;  /* parameter ordering */
} eml__scratch;

void eml__scratch_release(eml__scratch *s);

#endif /* EML_MIME_SCRATCH_H */
