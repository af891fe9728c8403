/*
 * Files embedded in text/plain bodies (uuencode and yEnc blocks), found
 * in the transfer-decoded body on first use and cached in the part's
 * state. The scanner and decoders are in lib/codec/embedded.c and
 * lib/codec/uu.c.
 */
#include "codec/codec.h"
#include "mime/tree.h"

#include <string.h>

static bool scanned_type(const eml_part *part)
{
    return part->content_type_len == 10 && memcmp(part->content_type, "text/plain", 10) == 0 &&
           part->encoding != EML_ENCODING_UUENCODE;
}

static bool over_limit(const eml_part *part, size_t n)
{
    return (uint64_t)n > (uint64_t)part->message->options[EML_OPT_MAX_DECODED_BYTES];
}

/* Where a defect found at off in the decoded body goes in the buffer. */
static size_t defect_at(const eml_part *part, size_t off)
{
    bool identity = part->encoding == EML_ENCODING_7BIT || part->encoding == EML_ENCODING_8BIT ||
                    part->encoding == EML_ENCODING_BINARY ||
                    part->encoding == EML_ENCODING_UNKNOWN;
    return part->body_off + (identity ? off : 0);
}

static int decode_block(const eml_part *part, const char *text, const eml__embedded_block *blk,
                        eml_embedded_file *f)
{
    memset(f, 0, sizeof *f);
    f->name.ptr = text + blk->name_off;
    f->name.len = blk->name_len;
    f->offset = blk->start;
    f->length = blk->end - blk->start;
    const char *src = text + blk->start;
    size_t len = blk->end - blk->start;
    size_t max;
    if (blk->kind == EML__EMBEDDED_UU) {
        f->kind = EML_EMBEDDED_UUENCODE;
        max = eml__uu_decoded_size(src, len);
    } else {
        f->kind = EML_EMBEDDED_YENC;
        max = blk->data_end - blk->data_start;
    }
    if (over_limit(part, max))
        return EML_ELIMIT;
    unsigned char *dst = eml__arena_alloc(eml__part_arena(part), max + 1);
    if (!dst)
        return EML_ENOMEM;
    size_t n;
    int rc = EML_OK;
    if (blk->kind == EML__EMBEDDED_UU) {
        eml__codec_report report;
        n = eml__uu_decode(src, len, dst, &report);
        for (size_t i = 0; i < report.count && i < EML__CODEC_REPORT_MAX && rc == EML_OK; i++)
            rc = eml__part_defect(part, report.items[i].code,
                                  defect_at(part, blk->start + report.items[i].offset));
    } else {
        n = eml__yenc_decode(text + blk->data_start, max, dst);
        f->part = blk->part;
        f->total_size = blk->has_total_size ? blk->total_size : 0;
        if (blk->has_part_range) {
            f->part_begin = blk->part_begin;
            f->part_end = blk->part_end;
        }
        size_t at = defect_at(part, blk->start);
        bool size_bad = (blk->has_end_size && blk->end_size != n) ||
                        (blk->has_part_range &&
                         (blk->part_end < blk->part_begin ||
                          blk->part_end - blk->part_begin + 1 != n)) ||
                        (!blk->has_part_range && blk->has_total_size && blk->total_size != n);
        /* pcrc32 covers this block; crc32 the whole file, which is this
         * block only when there is no =ypart. */
        bool crc_bad = false;
        if (blk->has_pcrc)
            crc_bad = eml__crc32(0, dst, n) != blk->pcrc;
        else if (blk->has_crc && !blk->has_part_range)
            crc_bad = eml__crc32(0, dst, n) != blk->crc;
        if (!blk->has_end)
            rc = eml__part_defect(part, EML_DEFECT_YENC_NO_END, at);
        if (rc == EML_OK && size_bad)
            rc = eml__part_defect(part, EML_DEFECT_YENC_SIZE_MISMATCH, at);
        if (rc == EML_OK && crc_bad)
            rc = eml__part_defect(part, EML_DEFECT_YENC_CRC_MISMATCH, at);
    }
    dst[n] = '\0';
    f->data.ptr = (const char *)dst;
    f->data.len = n;
    return rc;
}

static int scan(const eml_part *part)
{
    eml__part_state *st = part->state;
    if (st->embedded_done)
        return EML_OK;
    if (!scanned_type(part)) {
        st->embedded_done = true;
        return EML_OK;
    }
    eml_slice body;
    int rc = eml_part_decoded(part, &body);
    if (rc != EML_OK)
        return rc;
    const char *text = body.ptr ? body.ptr : "";
    size_t pos = 0, count = 0;
    eml__embedded_block blk;
    while (eml__embedded_next(text, body.len, &pos, &blk))
        count++;
    eml_embedded_file *files = NULL;
    if (count) {
        if (count > SIZE_MAX / sizeof *files)
            return EML_ENOMEM;
        files = eml__arena_alloc(eml__part_arena(part), count * sizeof *files);
        if (!files)
            return EML_ENOMEM;
        pos = 0;
        for (size_t i = 0; i < count && eml__embedded_next(text, body.len, &pos, &blk); i++) {
            rc = decode_block(part, text, &blk, &files[i]);
            if (rc != EML_OK)
                return rc;
        }
    }
    st->embedded_files = files;
    st->nembedded_files = count;
    st->embedded_done = true;
    return EML_OK;
}

eml_error eml_part_embedded_file_count(const eml_part *part, size_t *count)
{
    if (!part || !count)
        return EML_EINVAL;
    *count = 0;
    int rc = scan(part);
    if (rc != EML_OK)
        return rc;
    *count = part->state->nembedded_files;
    return EML_OK;
}

eml_error eml_part_embedded_file(const eml_part *part, size_t index, eml_embedded_file *out)
{
    if (!part || !out)
        return EML_EINVAL;
    int rc = scan(part);
    if (rc != EML_OK)
        return rc;
    if (index >= part->state->nembedded_files)
        return EML_ERANGE;
    const eml_embedded_file *files = part->state->embedded_files;
    *out = files[index];
    return EML_OK;
}
