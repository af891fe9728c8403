/*
 * libeml - a fast, zero-copy parser for Internet email (RFC 5322, MIME).
 *
 * This is the one public header: if it is not declared here, it is not API.
 *
 * The model
 * ---------
 * eml_parse() takes a whole message in memory (a buffer owned by the caller)
 * and builds a tree of MIME parts. Header fields, bodies and most strings
 * handed out are eml_slice values that point either into the caller's buffer
 * or into memory owned by the message. Both stay valid until
 * eml_message_free(); the caller's buffer must outlive the message.
 *
 * Parsing never fails because the input is malformed: every deviation from
 * the RFCs becomes a *defect* (a code and a byte offset into the buffer) on
 * the part where it was found. Error codes are reserved for API misuse,
 * limits configured to fail, and out-of-memory.
 *
 * Threads: there is no global mutable state. Distinct messages may be parsed
 * and read from different threads at once. Functions that compute on demand
 * (unfolding, decoding, charset conversion) cache their results in the
 * message, so one message must not be read from two threads at once without
 * the caller's own locking.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef EML_H
#define EML_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(EML_BUILDING_LIBRARY) && defined(__GNUC__)
#define EML_API __attribute__((visibility("default")))
#else
#define EML_API
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                   */
/* ------------------------------------------------------------------------ */

#define EML_VERSION_MAJOR 2
#define EML_VERSION_MINOR 0
#define EML_VERSION_PATCH 0
#define EML_VERSION_NUMBER \
    (EML_VERSION_MAJOR * 10000 + EML_VERSION_MINOR * 100 + EML_VERSION_PATCH)

/* The version of the library linked at run time, as EML_VERSION_NUMBER. */
EML_API unsigned eml_version(void);

/* The same version as a static string "MAJOR.MINOR.PATCH". */
EML_API const char *eml_version_string(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

/* Append-only: codes are never removed or renumbered. */
#define EML_ERROR_MAP(X)                                                   \
    X(OK, 0, "success")                                                    \
    X(EINVAL, -1, "invalid argument")                                      \
    X(ENOMEM, -2, "out of memory")                                         \
    X(ELIMIT, -3, "a configured limit was exceeded")                       \
    X(ERANGE, -4, "index out of range")                                    \
    X(ENOTFOUND, -5, "no such item")                                       \
    X(EBUFSIZE, -6, "output buffer too small")                             \
    X(EUNSUPPORTED, -7, "not supported on this system")                    \
    X(EOPTION, -8, "unknown option or value out of bounds")

typedef enum eml_error {
#define EML_X_ERROR_ENUM(name, value, text) EML_##name = (value),
    EML_ERROR_MAP(EML_X_ERROR_ENUM)
#undef EML_X_ERROR_ENUM
} eml_error;

/* A static, human-readable description of an error code; "unknown error"
 * for codes this version does not know. Never NULL. */
EML_API const char *eml_strerror(eml_error error);

/* The symbolic name of an error code ("EML_ENOMEM"); "EML_EUNKNOWN" for
 * codes this version does not know. Never NULL. */
EML_API const char *eml_error_name(eml_error error);

/* ------------------------------------------------------------------------ */
/* Strings                                                                   */
/* ------------------------------------------------------------------------ */

/*
 * Names (of header fields, parameters, charsets) and short texts (a date)
 * are passed as a pointer and a length. This length says instead that the
 * string ends at its first NUL byte. Buffers of message or encoded data
 * are always given with their real length: they may hold NUL bytes.
 */
#define EML_NUL_TERMINATED ((size_t)-1)

/* ------------------------------------------------------------------------ */
/* Defects                                                                   */
/* ------------------------------------------------------------------------ */

/*
 * Append-only list of defect codes: (name, value, description).
 * A defect records where the input deviated from the RFCs and what the
 * parser did about it. Defects are data, never errors.
 */
#define EML_DEFECT_MAP(X)                                                              \
    /* Header tokenizer (RFC 5322 section 2) */                                        \
    X(LINE_TOO_LONG, 1, "line longer than 998 characters")                             \
    X(NO_HEADER_BODY_SEPARATOR, 2, "header not ended by an empty line")                \
    X(OBSOLETE_WSP_BEFORE_COLON, 3, "whitespace between field name and colon")         \
    X(FIELD_WITHOUT_COLON, 4, "header line without a colon skipped, or the body starts there") \
    X(EMPTY_FIELD_NAME, 5, "header field with an empty name")                          \
    X(NUL_IN_HEADER, 6, "NUL byte in header")                                          \
    X(EIGHT_BIT_IN_HEADER, 7, "8-bit byte in header")                                  \
    X(MBOX_FROM_LINE, 8, "leading mbox From_ line skipped")                            \
    X(CONTINUATION_AT_START, 9, "header starts with a folded continuation line")       \
    X(MIXED_LINE_ENDINGS, 10, "both CRLF and bare LF line endings")                    \
    X(BARE_CR, 11, "carriage return not followed by line feed")                        \
    X(BYTE_ORDER_MARK, 12, "UTF-8 byte order mark before the first field skipped")     \
    X(DUPLICATE_SINGLETON_FIELD, 13, "field allowed once (RFC 5322 3.6) given again; the first counts") \
    /* MIME structure (RFC 2045, 2046, 2183) */                                        \
    X(INVALID_CONTENT_TYPE, 20, "invalid Content-Type; text/plain assumed")            \
    X(DUPLICATE_CONTENT_TYPE, 21, "more than one Content-Type field")                   \
    X(INVALID_PARAMETER, 22, "malformed parameter")                                    \
    X(DUPLICATE_PARAMETER, 23, "parameter given more than once")                       \
    X(RFC2231_BAD_CONTINUATION, 24, "RFC 2231 continuations missing or malformed")     \
    X(RFC2231_BAD_ENCODING, 25, "malformed RFC 2231 percent-encoding")                 \
    X(UNTERMINATED_QUOTED_STRING, 26, "quoted string without closing quote")           \
    X(UNTERMINATED_COMMENT, 27, "comment without closing parenthesis")                 \
    X(INVALID_DISPOSITION, 28, "invalid Content-Disposition")                          \
    X(MULTIPART_NO_BOUNDARY, 30, "multipart without boundary parameter")               \
    X(MULTIPART_NO_DELIMITER, 31, "multipart body with no boundary delimiter")         \
    X(MULTIPART_NO_CLOSE, 32, "multipart not closed by its close delimiter")           \
    X(MULTIPART_CLOSED_BY_OUTER, 33, "multipart closed by an enclosing boundary")      \
    X(INVALID_BOUNDARY, 34, "boundary parameter is not valid per RFC 2046")            \
    X(MULTIPART_EMPTY, 35, "multipart with no body parts")                             \
    X(DELIMITER_TRAILING_TEXT, 36, "text after a boundary delimiter and its padding ignored") \
    X(DEPTH_LIMIT, 40, "nesting depth limit reached; part kept as a leaf")             \
    X(PART_LIMIT, 41, "part count limit reached; part kept as a leaf")                 \
    X(FIELD_LIMIT, 42, "header field limit reached; rest kept unparsed")               \
    X(HEADER_BYTES_LIMIT, 43, "header size limit reached; rest kept unparsed")         \
    X(COMPOSITE_ENCODING, 44, "composite type with an encoding other than 7bit/8bit/binary") \
    X(DECODED_MESSAGE_LIMIT, 103, "encoded embedded message kept as a leaf: decoding all of them would pass 4 times the input size") \
    /* Transfer decoding (RFC 2045 section 6) */                                       \
    X(UNKNOWN_ENCODING, 50, "unknown Content-Transfer-Encoding; body kept as is")      \
    X(BASE64_INVALID_CHAR, 51, "invalid character in base64 data skipped")            \
    X(BASE64_DATA_AFTER_PAD, 52, "base64 data after padding")                          \
    X(BASE64_MISSING_PAD, 53, "base64 data not padded to a multiple of 4")             \
    X(BASE64_TRUNCATED, 54, "base64 data ends with a lone character")                  \
    X(QP_INVALID_ESCAPE, 55, "invalid quoted-printable escape kept literally")         \
    X(QP_LINE_TOO_LONG, 56, "quoted-printable line longer than 76 characters")         \
    X(QP_INVALID_CHAR, 57, "unencoded 8-bit or control byte in quoted-printable")      \
    X(UU_BAD_LINE, 58, "malformed uuencoded line (bad character or length) decoded as far as possible") \
    X(UU_NO_BEGIN_OR_END, 59, "uuencoded data without a begin line (kept as is) or end line") \
    /* Files embedded in text bodies (eml_part_embedded_file); the 50s   \
     * are full, so this group starts at 100 */                         \
    X(YENC_CRC_MISMATCH, 100, "yEnc block whose CRC-32 differs from its crc32/pcrc32; data kept") \
    X(YENC_SIZE_MISMATCH, 101, "yEnc block whose decoded size differs from its size or part range") \
    X(YENC_NO_END, 102, "yEnc block without =yend line; decoded to the end of the text") \
    /* Charsets (RFC 2045 section 5.1, RFC 2046 section 4.1.2) */                     \
    X(UNKNOWN_CHARSET, 60, "unknown charset; decoded as UTF-8 or windows-1252")        \
    X(INVALID_CHARSET_BYTES, 61, "bytes invalid in their charset replaced by U+FFFD")  \
    X(UNDECLARED_8BIT, 62, "8-bit text without a declared charset")                    \
    /* RFC 2047 encoded words */                                                       \
    X(ENCODED_WORD_MALFORMED, 70, "malformed encoded word kept as text")               \
    X(ENCODED_WORD_IN_QUOTES, 71, "encoded word inside a quoted string decoded")       \
    X(ENCODED_WORD_GLUED, 72, "encoded word not separated by whitespace decoded")      \
    X(ENCODED_WORD_TOO_LONG, 73, "encoded word longer than 75 characters")             \
    X(ENCODED_WORD_IN_PARAMETER, 74, "encoded word inside a parameter value decoded")  \
    /* Addresses, dates, message ids */                                                \
    X(ADDRESS_INVALID, 80, "unparseable address skipped")                              \
    X(ADDRESS_MISSING_ANGLE, 81, "angle-addr without closing bracket")                 \
    X(ADDRESS_OBS_ROUTE, 82, "obsolete route dropped from address")                    \
    X(ADDRESS_UNQUOTED_SPECIALS, 83, "unquoted specials in display name")              \
    X(DATE_INVALID, 84, "unparseable date")                                            \
    X(DATE_MILITARY_ZONE, 85, "military time zone treated as -0000")                   \
    X(DATE_OBSOLETE, 86, "obsolete or non-standard date syntax")                       \
    X(MSGID_INVALID, 87, "malformed message id")                                       \
    X(MSGID_NO_ANGLE, 88, "message id without angle brackets")                        \
    X(DATE_INCOMPLETE, 89, "date without time of day or zone; no date returned")       \
    /* Limits on what one accessor returns */                                          \
    X(ADDRESS_LIMIT, 90, "address limit reached; later addresses not returned")        \
    X(MSGID_LIMIT, 91, "message id limit reached; later ids not returned")             \
    X(DEFECT_LIMIT, 92, "defect limit reached; later defects not recorded")

typedef enum eml_defect_code {
    EML_DEFECT_NONE = 0,
#define EML_X_DEFECT_ENUM(name, value, text) EML_DEFECT_##name = (value),
    EML_DEFECT_MAP(EML_X_DEFECT_ENUM)
#undef EML_X_DEFECT_ENUM
} eml_defect_code;

/* One defect: what and where (byte offset into the part's buffer, see
 * eml_part_buffer: the buffer given to eml_parse but inside an encoded
 * embedded message; or into the standalone input). */
typedef struct eml_defect {
    eml_defect_code code;
    size_t offset;
} eml_defect;

/* The symbolic name of a defect code without prefix ("LINE_TOO_LONG");
 * "UNKNOWN" for codes this version does not know. Never NULL. */
EML_API const char *eml_defect_name(eml_defect_code code);

/* A static description of a defect code; never NULL. */
EML_API const char *eml_defect_description(eml_defect_code code);

/* ------------------------------------------------------------------------ */
/* Slices                                                                    */
/* ------------------------------------------------------------------------ */

/*
 * A view of bytes: ptr points into the caller's buffer or into memory owned
 * by the message, valid until the message is freed. Not NUL-terminated,
 * except strings the library builds itself (decoded text, unfolded values),
 * which are followed by a NUL that len does not count. An absent value is
 * { NULL, 0 }; an empty one has a non-NULL ptr and len 0.
 */
typedef struct eml_slice {
    const char *ptr;
    size_t len;
} eml_slice;

/* ------------------------------------------------------------------------ */
/* Allocator and options                                                     */
/* ------------------------------------------------------------------------ */

/*
 * Memory hooks for one options object and every message parsed with it.
 * alloc returns NULL on failure; free accepts NULL. Both receive user.
 * size is the size given to alloc for that block. A NULL eml_allocator
 * pointer means malloc/free.
 */
typedef struct eml_allocator {
    void *(*alloc)(void *user, size_t size);
    void (*free)(void *user, void *ptr, size_t size);
    void *user;
} eml_allocator;

/* SIMD implementations, for EML_OPT_IMPL and the standalone decoders. */
typedef enum eml_impl {
    EML_IMPL_AUTO = 0, /* the best one this CPU supports, picked once */
    EML_IMPL_SCALAR = 1,
    EML_IMPL_AVX2 = 2,
    EML_IMPL_AVX512 = 3,
    EML_IMPL_NEON = 4
} eml_impl;

/* Returns 1 when the implementation can run on this CPU, else 0.
 * EML_IMPL_AUTO and EML_IMPL_SCALAR are always available. */
EML_API int eml_impl_available(eml_impl impl);

/* A static name ("scalar", "avx2", ...); "unknown" for other values. */
EML_API const char *eml_impl_name(eml_impl impl);

/* The implementation that EML_IMPL_AUTO resolves to on this CPU. */
EML_API eml_impl eml_impl_best(void);

/*
 * Options are enum-keyed so that adding one never changes a struct.
 * Every option has a default and bounds that eml_option_bounds() reports.
 *
 * Defaults (bounds), chosen for a mail server reading untrusted input:
 *   MAX_DEPTH          100 (1 .. 10000)
 *   MAX_PARTS          100000 (1 .. 2^32 - 1)
 *   MAX_FIELDS         10000 per header block (1 .. 2^32 - 1)
 *   MAX_HEADER_BYTES   1 MiB per header block (1 .. 2^32 - 1)
 *   LIMIT_FAILS        0 (0 .. 1)
 *   IMPL               EML_IMPL_AUTO
 *   MAX_ADDRESSES      100000 (1 .. 2^32)
 *   MAX_DECODED_BYTES  4 GiB (0 .. INT64_MAX); a larger decode fails
 *                      with EML_ELIMIT
 *   MAX_MSGIDS         100000 (1 .. 2^32)
 *   MAX_DEFECTS        1000 per part (1 .. 2^32 - 2)
 * Past a structural limit the part concerned is kept as a leaf (its bytes
 * stay reachable through its body) with a DEPTH_LIMIT, PART_LIMIT,
 * FIELD_LIMIT or HEADER_BYTES_LIMIT defect, unless LIMIT_FAILS is set.
 * MAX_HEADER_BYTES counts every line, continuation lines included: a field
 * is recorded only when it ends within the limit.
 * MAX_ADDRESSES and MAX_MSGIDS cut the list one accessor returns: the
 * first entries are kept, with an ADDRESS_LIMIT or MSGID_LIMIT defect, and
 * with LIMIT_FAILS the accessor fails with EML_ELIMIT instead.
 * MAX_DEFECTS bounds the defects recorded on one part: the first one left
 * out becomes a DEFECT_LIMIT defect, the rest are only counted (see
 * eml_part_defects_dropped). It never fails, whatever LIMIT_FAILS says:
 * defects describe the input, and cutting their list loses no content.
 */
typedef enum eml_option {
    EML_OPT_MAX_DEPTH = 1,         /* nesting depth of parts and messages   */
    EML_OPT_MAX_PARTS = 2,         /* parts in one parse, all levels         */
    EML_OPT_MAX_FIELDS = 3,        /* header fields in one header block      */
    EML_OPT_MAX_HEADER_BYTES = 4,  /* bytes in one header block              */
    EML_OPT_LIMIT_FAILS = 5,       /* 1: a limit makes eml_parse fail with
                                      EML_ELIMIT; 0 (default): defect, leaf */
    EML_OPT_IMPL = 6,              /* an eml_impl value                     */
    EML_OPT_MAX_ADDRESSES = 7,     /* addresses returned from one field      */
    EML_OPT_MAX_DECODED_BYTES = 8, /* bytes one decode may produce          */
    EML_OPT_MAX_MSGIDS = 9,        /* message ids returned from one field    */
    EML_OPT_MAX_DEFECTS = 10       /* defects recorded on one part           */
} eml_option;

typedef struct eml_options eml_options;

/* Creates an options object with every option at its default. The
 * allocator (copied; may be NULL) is used for this object and for every
 * message parsed with it. Returns NULL when out of memory. */
EML_API eml_options *eml_options_create(const eml_allocator *allocator);

/* Frees an options object; NULL is a no-op. Messages parsed with it stay
 * valid (they copy what they need). */
EML_API void eml_options_free(eml_options *options);

/* Sets an option. EML_EOPTION for an unknown option or a value outside
 * its bounds; EML_EUNSUPPORTED for EML_OPT_IMPL naming an implementation
 * this CPU lacks. */
EML_API eml_error eml_options_set(eml_options *options, eml_option option, int64_t value);

/* Reads an option's current value into *value. */
EML_API eml_error eml_options_get(const eml_options *options, eml_option option, int64_t *value);

/* Reports an option's bounds and default; any out pointer may be NULL. */
EML_API eml_error eml_option_bounds(eml_option option, int64_t *min, int64_t *max, int64_t *def);

/* ------------------------------------------------------------------------ */
/* Parsing                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct eml_message eml_message;
typedef struct eml_part eml_part;

/*
 * Parses len bytes at buf into a message tree. buf is not copied: it must
 * stay unchanged and alive until eml_message_free(). options may be NULL
 * for defaults. On success stores the message in *out and returns EML_OK.
 * Returns EML_EINVAL (NULL out, or NULL buf with len > 0), EML_ENOMEM, or
 * EML_ELIMIT when EML_OPT_LIMIT_FAILS is set and a limit was reached; *out
 * is then NULL. Malformed input never makes it fail.
 */
EML_API eml_error eml_parse(const char *buf, size_t len, const eml_options *options, eml_message **out);

/* Frees a message and everything it owns; NULL is a no-op. */
EML_API void eml_message_free(eml_message *message);

/* The top-level entity: its header is the message header. Never NULL. */
EML_API const eml_part *eml_message_root(const eml_message *message);

/* The number of parts in the whole tree, embedded messages included. */
EML_API size_t eml_message_part_count(const eml_message *message);

/* The buffer given to eml_parse. */
EML_API eml_slice eml_message_buffer(const eml_message *message);

/* ------------------------------------------------------------------------ */
/* Tree navigation                                                           */
/* ------------------------------------------------------------------------ */

/* The enclosing part, or NULL for the root. The root of an embedded
 * message has the message/rfc822 part as its parent. */
EML_API const eml_part *eml_part_parent(const eml_part *part);

/* Number of children of a multipart (0 for leaves and messages). */
EML_API size_t eml_part_child_count(const eml_part *part);

/* The child at index, or NULL when out of range. O(1). */
EML_API const eml_part *eml_part_child(const eml_part *part, size_t index);

/* The next sibling within the same multipart, or NULL. */
EML_API const eml_part *eml_part_next(const eml_part *part);

/* For message/rfc822 and message/global parts: the root part of the
 * embedded message. NULL for every other part. */
EML_API const eml_part *eml_part_embedded(const eml_part *part);

/* Nesting depth: 0 for the root. */
EML_API size_t eml_part_depth(const eml_part *part);

/*
 * Walks the subtree under root in pre-order, embedded messages included:
 * a part, then its children in order, then (for message/rfc822 and
 * message/global) the root of its embedded message. With part NULL it
 * returns root; otherwise part must be root or a part this function
 * returned for the same root, and it returns the next part, or NULL when
 * the walk is over. The walk never leaves root's subtree, so any part can
 * serve as root. When depth is not NULL, *depth receives the returned
 * part's depth relative to root (0 for root, 1 for its children and for
 * the root of its embedded message; 0 with NULL). It allocates nothing
 * and keeps no state, costs O(1) amortized per step, and a NULL root
 * returns NULL.
 *
 *     size_t depth;
 *     for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
 *          p = eml_part_walk_next(root, p, &depth))
 *         ...
 */
EML_API const eml_part *eml_part_walk_next(const eml_part *root, const eml_part *part,
                                           size_t *depth);

/* The message that owns this part. */
EML_API const eml_message *eml_part_message(const eml_part *part);

/* ------------------------------------------------------------------------ */
/* Header fields                                                             */
/* ------------------------------------------------------------------------ */

/* One header field as it stands in the buffer. */
typedef struct eml_field {
    eml_slice name;   /* without trailing whitespace */
    eml_slice value;  /* raw: after the colon, folding kept, no final EOL */
    size_t offset;    /* byte offset of the field's first character */
} eml_field;

/* Number of header fields of this part. */
EML_API size_t eml_part_field_count(const eml_part *part);

/* Fills *out with field index. EML_ERANGE when out of range. */
EML_API eml_error eml_part_field(const eml_part *part, size_t index, eml_field *out);

/* Finds the first field named name (case-insensitive; name_len bytes, or
 * EML_NUL_TERMINATED) at or after index start. Stores its index in
 * *index. EML_ENOTFOUND when there is none. */
EML_API eml_error eml_part_field_find(const eml_part *part, const char *name, size_t name_len,
                                size_t start, size_t *index);

/* The unfolded value of field index: CRLF/LF before whitespace removed and
 * leading and trailing whitespace trimmed. Owned by the message. */
EML_API eml_error eml_part_field_unfolded(const eml_part *part, size_t index, eml_slice *out);

/* The unfolded value with RFC 2047 encoded words decoded and the result
 * converted to UTF-8 (unstructured field semantics). Owned by the message. */
EML_API eml_error eml_part_field_text(const eml_part *part, size_t index, eml_slice *out);

/* The whole raw header block of this part (up to and excluding the empty
 * separator line); empty for a part that has no header. */
EML_API eml_slice eml_part_header_raw(const eml_part *part);

/* ------------------------------------------------------------------------ */
/* Content type, disposition, encoding                                       */
/* ------------------------------------------------------------------------ */

/* Media type and subtype, lowercased ("text", "plain"). Defaults apply
 * when the field is missing or invalid (text/plain, or message/rfc822
 * inside multipart/digest). */
EML_API eml_slice eml_part_type(const eml_part *part);
EML_API eml_slice eml_part_subtype(const eml_part *part);

/* "type/subtype", lowercased, NUL-terminated. */
EML_API eml_slice eml_part_content_type(const eml_part *part);

/* One parameter of Content-Type or Content-Disposition: name lowercased;
 * value with quoting removed and RFC 2231 continuations joined and
 * percent-decoded and converted to UTF-8 from its declared charset; never
 * a CR or LF (a folded unquoted value is unfolded, with a defect). */
typedef struct eml_param {
    eml_slice name;
    eml_slice value;
} eml_param;

/* Content-Type parameters. When the Content-Type field is missing or
 * invalid, the RFC 2045 section 5.2 default applies and the list holds
 * charset=us-ascii (unless the invalid field gave a charset). */
EML_API size_t eml_part_param_count(const eml_part *part);
EML_API eml_error eml_part_param(const eml_part *part, size_t index, eml_param *out);
/* The value of the named parameter (case-insensitive; name_len bytes, or
 * EML_NUL_TERMINATED), or { NULL, 0 } when absent or name is NULL. */
EML_API eml_slice eml_part_param_get(const eml_part *part, const char *name, size_t name_len);

/* Content-Disposition type, lowercased ("attachment", "inline"), or
 * { NULL, 0 } when the part has no Content-Disposition. A field without a
 * valid type also gives { NULL, 0 }; its parameters are still read. */
EML_API eml_slice eml_part_disposition(const eml_part *part);
EML_API size_t eml_part_disposition_param_count(const eml_part *part);
EML_API eml_error eml_part_disposition_param(const eml_part *part, size_t index, eml_param *out);
/* The same for Content-Disposition parameters. */
EML_API eml_slice eml_part_disposition_param_get(const eml_part *part, const char *name,
                                                 size_t name_len);

/* The file name: Content-Disposition filename, else Content-Type name,
 * decoded to UTF-8, else, for a Content-Transfer-Encoding of uuencode,
 * the name on the body's begin line as written (a slice of the buffer);
 * { NULL, 0 } when there is none. */
EML_API eml_slice eml_part_filename(const eml_part *part);

typedef enum eml_encoding {
    EML_ENCODING_7BIT = 0,
    EML_ENCODING_8BIT = 1,
    EML_ENCODING_BINARY = 2,
    EML_ENCODING_BASE64 = 3,
    EML_ENCODING_QUOTED_PRINTABLE = 4,
    EML_ENCODING_UNKNOWN = 5,
    EML_ENCODING_UUENCODE = 6 /* x-uuencode, uuencode, x-uue: decoded from the
                                 begin line to the end line */
} eml_encoding;

/* The Content-Transfer-Encoding; EML_ENCODING_7BIT when absent. */
EML_API eml_encoding eml_part_encoding(const eml_part *part);

/* The Content-Transfer-Encoding as written, lowercased and trimmed
 * ("base64"); "7bit" when absent. */
EML_API eml_slice eml_part_encoding_name(const eml_part *part);

/* ------------------------------------------------------------------------ */
/* Bodies                                                                    */
/* ------------------------------------------------------------------------ */

/* The raw body: the bytes after the header's empty line up to the part's
 * end (for body parts of a multipart, excluding the line break that
 * belongs to the next delimiter). When the input ends inside an unclosed
 * multipart, the last line break belongs to the missing delimiter and no
 * part inside it keeps it, nested ones included; parts outside any
 * unclosed multipart keep it. A slice of the caller's buffer. */
EML_API eml_slice eml_part_body_raw(const eml_part *part);

/* Byte offset of the part's first header byte in its buffer
 * (eml_part_buffer). */
EML_API size_t eml_part_offset(const eml_part *part);

/* The buffer that the part's offsets (eml_part_offset, field and defect
 * offsets) count from and that its raw slices point into: the buffer
 * given to eml_parse, except inside a message/rfc822 or message/global
 * part sent base64 or quoted-printable (RFC 2046 section 5.2.1 forbids
 * it; such a part has EML_DEFECT_COMPOSITE_ENCODING). That body is
 * decoded at parse time and its message built from the decoded bytes,
 * which the message owns (valid until eml_message_free); every part of
 * that embedded message has them as its buffer. Those decoded bytes
 * together stay within 4 times the input size: past that, such a part
 * stays a leaf with EML_DEFECT_DECODED_MESSAGE_LIMIT. The encoded part itself
 * and its codec defects stay in the outer buffer. */
EML_API eml_slice eml_part_buffer(const eml_part *part);

/* For multiparts: the preamble and epilogue, or { NULL, 0 } if absent. */
EML_API eml_slice eml_part_preamble(const eml_part *part);
EML_API eml_slice eml_part_epilogue(const eml_part *part);

/* An upper bound of the transfer-decoded size, exact for identity
 * encodings. Stores it in *size. */
EML_API eml_error eml_part_decoded_size_max(const eml_part *part, size_t *size);

/* Transfer-decodes the body into dst (capacity cap). Stores the number of
 * bytes written in *written. EML_EBUFSIZE when cap is smaller than the
 * decoded size (nothing useful is written then). Defects found while
 * decoding are added to the part. */
EML_API eml_error eml_part_decode(const eml_part *part, void *dst, size_t cap, size_t *written);

/* Transfer-decodes the body into memory owned by the message, cached:
 * a second call returns the same slice. For 7bit, 8bit, binary and unknown
 * encodings nothing needs decoding and the slice is the raw body itself
 * (zero-copy, so not NUL-terminated); base64, quoted-printable and
 * uuencode results are NUL-terminated. EML_ELIMIT past EML_OPT_MAX_DECODED_BYTES. */
EML_API eml_error eml_part_decoded(const eml_part *part, eml_slice *out);

/* For text parts: the transfer-decoded body converted from its charset to
 * UTF-8 (invalid bytes become U+FFFD). Owned by the message, cached. */
EML_API eml_error eml_part_text(const eml_part *part, eml_slice *out);

/* ------------------------------------------------------------------------ */
/* Defects                                                                   */
/* ------------------------------------------------------------------------ */

/* Defects recorded on this part (parse time, plus any found by later
 * decoding calls). */
EML_API size_t eml_part_defect_count(const eml_part *part);
EML_API eml_error eml_part_defect(const eml_part *part, size_t index, eml_defect *out);

/* The number of defects found on this part but not recorded: past
 * EML_OPT_MAX_DEFECTS (the first of them is the DEFECT_LIMIT entry), or
 * lost to out-of-memory. 0 for a NULL part. */
EML_API size_t eml_part_defects_dropped(const eml_part *part);

/* ------------------------------------------------------------------------ */
/* Header semantics                                                          */
/* ------------------------------------------------------------------------ */

/* One address of an address-list field. Strings are UTF-8 owned by the
 * message. name is { NULL, 0 } when there is no display name; group is
 * { NULL, 0 } outside a group. An empty group yields one entry with an
 * empty address. */
typedef struct eml_address {
    eml_slice name;
    eml_slice address;
    eml_slice group;
} eml_address;

/*
 * Parses the addresses of field index (From, To, Cc, ...). Fills up to cap
 * entries of out (out may be NULL when cap is 0) and stores the total
 * number in *count, so a caller can size the array and call again.
 * Unparseable entries are skipped with a defect on the part, and so is an
 * entry of more than 8192 tokens (words, specials, comments).
 * A field with more than EML_OPT_MAX_ADDRESSES addresses is cut: *count is
 * then the number kept (the option's value), not the number in the field,
 * and the part gets an ADDRESS_LIMIT defect; with EML_OPT_LIMIT_FAILS the
 * call returns EML_ELIMIT with *count 0 instead. EML_ENOMEM when out of
 * memory (nothing partial is kept: a later call may succeed).
 */
EML_API eml_error eml_part_field_addresses(const eml_part *part, size_t index, eml_address *out,
                                     size_t cap, size_t *count);

/* Parses field index as a date: seconds since the epoch (UTC) and the
 * zone offset in minutes east of UTC. EML_ENOTFOUND with a defect when the
 * value is not a date, or names no moment (no time of day, no zone):
 * nothing is filled in. */
EML_API eml_error eml_part_field_date(const eml_part *part, size_t index, int64_t *epoch,
                                int *zone_minutes);

/* Parses field index as a list of message ids (Message-ID, In-Reply-To,
 * References): each without angle brackets, owned by the message. Fills up
 * to cap entries, total in *count. Past EML_OPT_MAX_MSGIDS ids the list is
 * cut as eml_part_field_addresses cuts addresses (*count is the number
 * kept, a MSGID_LIMIT defect, EML_ELIMIT with EML_OPT_LIMIT_FAILS). */
EML_API eml_error eml_part_field_msgids(const eml_part *part, size_t index, eml_slice *out,
                                  size_t cap, size_t *count);

/* Parses an RFC 5322 date string without a message (len bytes, or
 * EML_NUL_TERMINATED). Defects (at most cap)
 * go to defects, their number to *ndefects (both may be NULL/0). */
EML_API eml_error eml_date_parse(const char *s, size_t len, int64_t *epoch, int *zone_minutes,
                           eml_defect *defects, size_t cap, size_t *ndefects);

/* ------------------------------------------------------------------------ */
/* Standalone codecs                                                         */
/* ------------------------------------------------------------------------ */

/* Upper bound of the decoded size of len bytes of base64 or QP. */
EML_API size_t eml_base64_decoded_size_max(size_t len);
EML_API size_t eml_qp_decoded_size_max(size_t len);

/*
 * Decodes MIME base64 (line breaks and whitespace skipped) with the given
 * implementation (EML_IMPL_AUTO for the best). dst must hold
 * eml_base64_decoded_size_max(len) bytes. Stores the decoded length in
 * *written. The first occurrence of each kind of defect is stored in
 * defects (up to cap; the count in *ndefects), offsets relative to src.
 */
EML_API eml_error eml_base64_decode(eml_impl impl, const char *src, size_t len, void *dst,
                                    size_t *written, eml_defect *defects, size_t cap,
                                    size_t *ndefects);

/* Decodes quoted-printable (RFC 2045 section 6.7); same conventions. */
EML_API eml_error eml_qp_decode(eml_impl impl, const char *src, size_t len, void *dst,
                                size_t *written, eml_defect *defects, size_t cap,
                                size_t *ndefects);

/*
 * Converts len bytes in charset (a label such as "iso-8859-1" of
 * charset_len bytes, or EML_NUL_TERMINATED; matched per the WHATWG
 * Encoding Standard) to UTF-8. An empty or NULL label means no declared
 * charset. Unknown labels decode as
 * UTF-8 when valid, else windows-1252, with EML_DEFECT_UNKNOWN_CHARSET.
 * dst must hold eml_utf8_size_max(len) bytes.
 */
EML_API size_t eml_utf8_size_max(size_t len);
EML_API eml_error eml_charset_to_utf8(const char *charset, size_t charset_len, const char *src,
                                size_t len, char *dst, size_t *written, eml_defect *defects,
                                size_t cap, size_t *ndefects);

/* ------------------------------------------------------------------------ */
/* HTML to text                                                              */
/* ------------------------------------------------------------------------ */

/* The most bytes eml_html_to_text() writes for html_len bytes of input:
 * 3 * html_len + 1, or SIZE_MAX when that does not fit a size_t. */
EML_API size_t eml_html_to_text_size_max(size_t html_len);

/*
 * Renders UTF-8 HTML (html_len bytes, or EML_NUL_TERMINATED) as plain
 * UTF-8 text into dst (dst_size bytes, not NUL-terminated): character
 * references decoded, block elements as line breaks, link targets kept
 * after their text as " <url>", script, style and head dropped, no
 * control character but line feed (and tab inside <pre>). Linear time,
 * no allocation. Stores the bytes written in *written. EML_EBUFSIZE when
 * dst_size is too small (never with eml_html_to_text_size_max(html_len)).
 */
EML_API eml_error eml_html_to_text(const char *html, size_t html_len, char *dst,
                                   size_t dst_size, size_t *written);

/* ------------------------------------------------------------------------ */
/* The message view                                                          */
/* ------------------------------------------------------------------------ */

/*
 * What a mail reader shows of an entity: the root of a message
 * (eml_message_root), of an embedded message (eml_part_embedded), or any
 * part. The rules are in eml_part_best_text(3) and eml_part_attachments(3):
 * multipart/alternative gives its last acceptable alternative (RFC 2046
 * section 5.1.4), multipart/related its start part (RFC 2387), other
 * multiparts their first part that has a body; attachments are never
 * bodies. Results are cached in the message (see the thread note above).
 */

/* The text/plain part that is the entity's body, or NULL. */
EML_API const eml_part *eml_part_best_text(const eml_part *entity);

/* The text/html part that is the entity's body, or NULL. */
EML_API const eml_part *eml_part_best_html(const eml_part *entity);

/* The body as UTF-8 text: the best text/plain part's text, else the best
 * text/html part rendered by eml_html_to_text(). NUL-terminated, owned by
 * the message. EML_ENOTFOUND when the entity has neither. */
EML_API eml_error eml_part_body_text(const eml_part *entity, eml_slice *out);

/* The attachments under the entity in document order: *parts points to
 * *count parts, an array owned by the message. */
EML_API eml_error eml_part_attachments(const eml_part *entity, const eml_part *const **parts,
                                       size_t *count);

/* The inline parts under the entity (pictures of a multipart/related,
 * parts with Content-Disposition: inline, further text), same form. */
EML_API eml_error eml_part_inline_parts(const eml_part *entity, const eml_part *const **parts,
                                        size_t *count);

/* The Content-ID without angle brackets and surrounding whitespace, or
 * { NULL, 0 } when absent or empty. Owned by the message, not
 * NUL-terminated. */
EML_API eml_slice eml_part_content_id(const eml_part *part);

/* The first part under the entity (pre-order, embedded messages
 * included) whose Content-ID is cid: given as "cid:x" (an RFC 2392 URL,
 * %hh escapes decoded), "<x>" or "x"; cid_len may be EML_NUL_TERMINATED.
 * NULL when there is none. */
EML_API const eml_part *eml_part_find_content_id(const eml_part *entity, const char *cid,
                                                 size_t cid_len);

/*
 * Files embedded in a text/plain body (old mailers, Usenet gateways):
 * uuencode blocks from a line "begin" SP 3-4 octal digits SP name to the
 * line "end", and yEnc blocks from "=ybegin ... name=name" (an optional
 * "=ypart begin= end=" line) to "=yend". They are found in the
 * transfer-decoded body by one linear scan and are not parts: the part
 * stays the text it is, and eml_part_attachments lists it as it did.
 * A yEnc multi-part file (=ypart) posted in pieces gives one entry per
 * block found, each decoded on its own with its part number and range;
 * joining pieces from several messages is the caller's business. A
 * uuencode block without "end", a yEnc one without "=yend"
 * (YENC_NO_END) runs to the end of the text; a yEnc CRC-32 or size that
 * disagrees with the data is a defect (YENC_CRC_MISMATCH,
 * YENC_SIZE_MISMATCH), the data is kept. Defects go to the part, at the
 * block's offset in the buffer when the body is not transfer-encoded,
 * else at the body's start.
 */
typedef enum eml_embedded_kind {
    EML_EMBEDDED_UUENCODE = 1,
    EML_EMBEDDED_YENC = 2
} eml_embedded_kind;

typedef struct eml_embedded_file {
    eml_embedded_kind kind;
    eml_slice name;      /* from the begin line, as written (may hold any byte) */
    eml_slice data;      /* decoded, owned by the message, NUL-terminated */
    size_t offset;       /* the begin line, in the transfer-decoded body */
    size_t length;       /* the block's bytes there, up to after its end line */
    uint64_t part;       /* yEnc part= (1-based), 0 when absent */
    uint64_t part_begin; /* yEnc =ypart begin= and end= (1-based, inclusive), */
    uint64_t part_end;   /* 0 when absent */
    uint64_t total_size; /* yEnc size= on =ybegin (the whole file); 0: absent */
} eml_embedded_file;

/* The number of files embedded in the part's body (0 for parts that are
 * not text/plain or whose Content-Transfer-Encoding is uuencode). Scans
 * and decodes on first use, cached. EML_ELIMIT when one file's decoded
 * size passes EML_OPT_MAX_DECODED_BYTES. */
EML_API eml_error eml_part_embedded_file_count(const eml_part *part, size_t *count);

/* Fills *out with embedded file index. EML_ERANGE when out of range. */
EML_API eml_error eml_part_embedded_file(const eml_part *part, size_t index,
                                         eml_embedded_file *out);

/* The exact transfer-decoded size of the body, decoding it (cached, as
 * eml_part_decoded) when the encoding is base64 or quoted-printable. */
EML_API eml_error eml_part_decoded_size(const eml_part *part, size_t *size);

/* ------------------------------------------------------------------------ */
/* Mailboxes                                                                 */
/* ------------------------------------------------------------------------ */

/* mbox variants (RFC 4155 and its appendix). */
typedef enum eml_mbox_format {
    EML_MBOX_AUTO = 0,   /* mboxrd when some line is ">>From ", else mboxo */
    EML_MBOX_MBOXO = 1,  /* ">From " loses its '>' */
    EML_MBOX_MBOXRD = 2, /* ">>*From " loses one '>' */
    EML_MBOX_MBOXCL2 = 3 /* nothing quoted; Content-Length gives the body */
} eml_mbox_format;

typedef struct eml_mbox eml_mbox;

/* Creates an iterator over the mbox of len bytes at buf (not copied: it
 * must outlive the iterator). options gives the allocator (may be NULL).
 * EML_EINVAL for a NULL out, NULL buf with len > 0, or an unknown format. */
EML_API eml_error eml_mbox_create(const char *buf, size_t len, eml_mbox_format format,
                                  const eml_options *options, eml_mbox **out);

/* Frees the iterator and its unquoting buffer; NULL is a no-op. */
EML_API void eml_mbox_free(eml_mbox *mbox);

/* The next message: its bytes (without From_ line and separating empty
 * line) in *message, the offset of its first byte in buf in *offset (may
 * be NULL). The bytes are a slice of buf, or, when some line had to be
 * unquoted, a copy owned by the iterator, valid until the next call.
 * EML_ENOTFOUND after the last message. */
EML_API eml_error eml_mbox_next(eml_mbox *mbox, eml_slice *message, size_t *offset);

/* The From_ line of the message last returned, without its line break;
 * { NULL, 0 } for text before the first From_ line. */
EML_API eml_slice eml_mbox_from_line(const eml_mbox *mbox);

/* The format in use: the one given, or the one EML_MBOX_AUTO detected. */
EML_API eml_mbox_format eml_mbox_resolved_format(const eml_mbox *mbox);

#ifdef __cplusplus
}
#endif

#endif /* EML_H */
