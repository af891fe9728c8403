/* Scratch memory of one parse. */
#include "mime/scratch.h"

void eml__scratch_release(eml__scratch *s)
{
    eml__buf_release(s->allocator, &s->fields);
    eml__buf_release(s->allocator, &s->params);
    eml__buf_release(s->allocator, &s->bytes);
    eml__buf_release(s->allocator, &s->order);
}
