/*
 * GMime 3 doing the work of engines.c, and its codec steps: built only
 * when pkg-config finds gmime-3.0 (HAVE_GMIME).
 */
#include "bench.h"

#include <string.h>

#if defined(HAVE_GMIME)
#include <gmime/gmime.h>

static int ready;

static void init(void)
{
    if (!ready) {
        g_mime_init();
        ready = 1;
    }
}

int gmime_available(void)
{
    return 1;
}

size_t gmime_base64(const char *src, size_t len, unsigned char *dst)
{
    int state = 0;
    guint32 save = 0;
    return g_mime_encoding_base64_decode_step((const unsigned char *)src, len, dst, &state, &save);
}

size_t gmime_qp(const char *src, size_t len, unsigned char *dst)
{
    int state = 0;
    guint32 save = 0;
    return g_mime_encoding_quoted_decode_step((const unsigned char *)src, len, dst,
                                                        &state, &save);
}

static void headers(GMimeMessage *m, msg_totals *t)
{
    if (g_mime_message_get_subject(m))
        t->subjects++;
    InternetAddressList *from = g_mime_message_get_from(m);
    if (from)
        t->from_addresses += (size_t)internet_address_list_length(from);
}

static void walk(GMimeObject *o, msg_totals *t)
{
    if (GMIME_IS_MULTIPART(o)) {
        GMimeMultipart *mp = GMIME_MULTIPART(o);
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; i++)
            walk(g_mime_multipart_get_part(mp, i), t);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(o)) {
        GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
        if (m) {
            headers(m, t);
            walk(g_mime_message_get_mime_part(m), t);
        }
        return;
    }
    if (!GMIME_IS_PART(o))
        return;
    t->leaves++;
    GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
    if (!w)
        return;
    GMimeStream *out = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(w, out);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
    t->decoded += bytes->len;
    if (GMIME_IS_TEXT_PART(o)) {
        /* The decoded bytes to UTF-8 from the declared charset, as
         * g_mime_text_part_get_text does, without decoding twice. */
        const char *charset = g_mime_object_get_content_type_parameter(o, "charset");
        char *text = NULL;
        if (charset && g_ascii_strcasecmp(charset, "utf-8") != 0 &&
            g_ascii_strcasecmp(charset, "us-ascii") != 0) {
            iconv_t cd = g_mime_iconv_open("UTF-8", charset);
            if (cd != (iconv_t)-1) {
                text = g_mime_iconv_strndup(cd, (const char *)bytes->data, bytes->len);
                g_mime_iconv_close(cd);
            }
        }
        if (text) {
            t->text += strlen(text);
            g_free(text);
        } else if (g_utf8_validate((const char *)bytes->data, bytes->len, NULL)) {
            t->text += bytes->len;
        } else {
            char *fixed = g_utf8_make_valid((const char *)bytes->data, bytes->len);
            t->text += strlen(fixed);
            g_free(fixed);
        }
    }
    g_object_unref(out);
}

int work_gmime(const msgset *set, msg_totals *t)
{
    init();
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < set->n; i++) {
        const char *ptr = set->data.ptr + set->offsets[i];
        size_t len = set->offsets[i + 1] - set->offsets[i];
        GMimeStream *stream = g_mime_stream_mem_new_with_buffer(ptr, len);
        GMimeParser *parser = g_mime_parser_new_with_stream(stream);
        GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);
        if (m) {
            t->messages++;
            headers(m, t);
            walk(g_mime_message_get_mime_part(m), t);
            g_object_unref(m);
        }
        g_object_unref(parser);
        g_object_unref(stream);
    }
    return 1;
}
#else
int gmime_available(void)
{
    return 0;
}
size_t gmime_base64(const char *src, size_t len, unsigned char *dst)
{
    (void)src, (void)len, (void)dst;
    return 0;
}
size_t gmime_qp(const char *src, size_t len, unsigned char *dst)
{
    (void)src, (void)len, (void)dst;
    return 0;
}
int work_gmime(const msgset *set, msg_totals *t)
{
    (void)set;
    memset(t, 0, sizeof *t);
    return 0;
}
#endif
