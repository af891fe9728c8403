/* eml_parse and the message-level accessors. */
#include "api/options.h"
#include "codec/codec.h"
#include "mime/build.h"
#include "text/charset.h"

#include <string.h>

eml_error eml_parse(const char *buf, size_t len, const eml_options *options, eml_message **out)
{
    if (!out)
        return EML_EINVAL;
    *out = NULL;
    if (!buf && len)
        return EML_EINVAL;
    if (!buf)
        buf = "";

    eml_allocator a = { NULL, NULL, NULL };
    if (options && options->allocator.alloc)
        a = options->allocator;
    eml_message *m = eml__mem_alloc(&a, sizeof *m);
    if (!m)
        return EML_ENOMEM;
    memset(m, 0, sizeof *m);
    m->allocator = a;
    eml__arena_init(&m->arena, &m->allocator);
    m->buf = buf;
    m->len = len;
    if (options)
        memcpy(m->options, options->values, sizeof m->options);
    else
        eml__options_defaults(m->options);
    m->impl = eml__impl_resolve((int)m->options[EML_OPT_IMPL]);

    int rc = eml__mime_build(m);
    if (rc != EML_OK) {
        eml_message_free(m);
        return rc;
    }
    *out = m;
    return EML_OK;
}

void eml_message_free(eml_message *message)
{
    if (!message)
        return;
    eml__charset_cache_release(message->charset_cache);
    eml__arena_release(&message->arena);
    eml_allocator a = message->allocator;
    eml__mem_free(&a, message, sizeof *message);
}

const eml_part *eml_message_root(const eml_message *message)
{
    return message ? message->root : NULL;
}

size_t eml_message_part_count(const eml_message *message)
{
    return message ? message->nparts : 0;
}

eml_slice eml_message_buffer(const eml_message *message)
{
    eml_slice s = { NULL, 0 };
    if (message) {
        s.ptr = message->buf;
        s.len = message->len;
    }
    return s;
}
