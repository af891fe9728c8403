"""The documented divergence classes of the differential test.

Each class has an id (the heading of its section in DIVERGENCES.md, which
gives the RFC section or the practical reason that makes libeml's answer
right), the fields it may explain, and a matcher. A matcher gets one
Difference d (d.field, d.lib, d.py and d.ctx, see differential.py) and
returns True only when the difference is exactly the documented one: the
matchers check the input that causes it and the precise shape of both
answers, so that an unrelated regression on the same field still fails.

A class that explains a difference in the tree's shape may say that the
two parsers no longer agree on where the part ends, so that its later
siblings are not compared (desync).
"""

import hashlib
import re

from pyview import PyError


class Divergence:
    def __init__(self, id, fields, summary, match, desync=False):
        self.id, self.fields, self.summary, self.match = id, set(fields), summary, match
        self.desync = desync


CLASSES = []

# Every field the differential test compares.
FIELDS_ALL = ("shape", "type", "charset", "boundary", "disposition", "filename", "encoding",
              "size", "sha256", "text", "subject", "from", "to", "cc", "date", "message_id")


def divergence(id, fields, summary, desync=False):
    def register(fn):
        CLASSES.append(Divergence(id, fields, summary, fn, desync))
        return fn
    return register


def raised(v, kind=None):
    return isinstance(v, PyError) and (kind is None or v.kind == kind)


def kind_of(shape):
    """"multipart(3)" -> ("multipart", 3)"""
    m = re.match(r"(\w+)\((\d+)\)$", shape)
    return m.group(1), int(m.group(2))


def lib_boundary(part):
    return (part.get("params") or {}).get("boundary")


# RFC 2045 section 5.1: tspecials, which a token cannot contain.
TSPECIALS = set('()<>@,;:\\"/[]?=')
TOKEN_RE = re.compile(r"^[!#$%&'*+.^_`{|}~0-9A-Za-z-]+$")


# --- tree shape ---------------------------------------------------------------

# message/* types whose bodies are not one complete message.
NOT_A_MESSAGE = ("message/delivery-status", "message/disposition-notification",
                 "message/external-body", "message/feedback-report", "message/partial",
                 "message/news")


@divergence("message-subtype-not-rfc822", ["shape"],
            "Python parses every message/* body as messages; libeml only rfc822/global")
def _(d):
    lk, _n = kind_of(d.lib)
    pk, _m = kind_of(d.py)
    t = d.ctx.lpart.get("type") or ""
    return lk == "leaf" and pk == "message" and t == d.ctx.ppart["type"] and t in NOT_A_MESSAGE


ENCODED_MESSAGE_TYPES = ("message/rfc822", "message/global")


def encoded_message_ancestor(ctx):
    """The nearest enclosing message/rfc822 or message/global part sent
    base64 or quoted-printable (COMPOSITE_ENCODING), or None."""
    for a in reversed(ctx.lib_ancestors):
        if (a.get("type") in ENCODED_MESSAGE_TYPES
                and a.get("encoding") in ("base64", "quoted-printable")
                and "COMPOSITE_ENCODING" in a.get("defects", []) and "message" in a):
            return a
    return None


def _py_step(view, seg):
    if seg == "body":
        return view["body"]
    if seg == "message":
        return view["messages"][0]
    m = re.match(r"parts\[(\d+)\]$", seg)
    return view["parts"][int(m.group(1))]


def _py_field(view, field, is_message):
    """Python's answer for field on a message view or a part view, in the
    form the differential test compares."""
    if is_message:
        v = view[field]
        if field in ("from", "to", "cc") and isinstance(v, list):
            return [dict({"name": a.get("name") or None, "address": a.get("address")},
                         **({"group": a["group"]} if a.get("group") is not None else {}))
                    for a in v]
        return v
    if field == "shape":
        k = view["kind"]
        n = len(view["parts"]) if k == "multipart" else (1 if k == "message" else 0)
        return "%s(%d)" % (k, n)
    v = view.get(field)
    if field == "charset" and isinstance(v, str):
        v = v.lower()
    if field == "text" and isinstance(v, str):
        v = v.replace("\r\n", "\n")
    return v


def _decoded_inner_answer(d):
    """Python's answer at d's place when the nearest encoded message/rfc822
    above it is first transfer-decoded (what libeml does), or a marker
    when that place cannot be found."""
    import pyview
    segs = [x for x in d.path.split("/") if x]
    view = pyview.message_view(pyview.parse(d.ctx.data))
    cut, cut_view, cur = None, None, view
    for i, seg in enumerate(segs):
        if seg == "message":
            part = cur["_part"]
            if (part.get_content_type() in ENCODED_MESSAGE_TYPES
                    and str(part.get("content-transfer-encoding", "")).strip().lower()
                    in ("base64", "quoted-printable")):
                cut, cut_view = i, cur
        cur = _py_step(cur, seg)
    if cut is None:
        return _MISSING
    part = cut_view["_part"]
    encoded = part.get_payload()[0].as_bytes()
    wrapper = pyview.parse(b"Content-Transfer-Encoding: " +
                           str(part["content-transfer-encoding"]).strip().encode() +
                           b"\n\n" + encoded)
    decoded = wrapper.get_payload(decode=True)
    cur = pyview.message_view(pyview.parse(decoded))
    for seg in segs[cut + 1:]:
        cur = _py_step(cur, seg)
    is_message = d.field in ("subject", "from", "to", "cc", "date", "message_id")
    return _py_field(cur, d.field, is_message)


_MISSING = object()


@divergence("encoded-message-rfc822", FIELDS_ALL,
            "message/rfc822 sent base64 or quoted-printable: libeml decodes it and parses the "
            "message inside, Python parses the encoded text as a header", desync=True)
def _(d):
    if encoded_message_ancestor(d.ctx) is None:
        return False
    try:
        want = _decoded_inner_answer(d)
    except (KeyError, IndexError, AttributeError, TypeError, ValueError):
        return False
    return want is not _MISSING and want == d.lib


@divergence("nested-same-boundary", ["shape"],
            "an inner multipart reuses an enclosing boundary: the innermost owns it",
            desync=True)
def _(d):
    lp, pp = d.ctx.lpart, d.ctx.ppart
    lk, _n = kind_of(d.lib)
    pk, _m = kind_of(d.py)
    b = lib_boundary(lp)
    if lk != "multipart" or b is None:
        return False
    # The inner multipart: Python finds no start delimiter of its own.
    if (pk == "leaf" and "StartBoundaryNotFoundDefect" in pp["defects"]
            and any(lib_boundary(a) == b for a in d.ctx.lib_ancestors)):
        return True
    # The outer one: its parts end where the inner one's delimiters are.
    return pk == "multipart" and any(
        "parts" in c and lib_boundary(c) == b for c in lp.get("parts", []))


@divergence("delimiter-with-trailing-text", ["shape"],
            "--b text: libeml splits at a boundary followed by a blank and text (RFC 2046 "
            "5.1.1 note), Python needs only blanks after it", desync=True)
def _(d):
    lk, ln = kind_of(d.lib)
    pk, pn = kind_of(d.py)
    return (lk == "multipart" and pk == "multipart" and ln > pn
            and "DELIMITER_TRAILING_TEXT" in d.ctx.lib_defects())


@divergence("unquoted-boundary-tspecials", ["shape", "boundary"],
            "boundary=----=_Part... unquoted: libeml takes the whole value, Python stops at '='")
def _(d):
    lb = d.lib if d.field == "boundary" else lib_boundary(d.ctx.lpart)
    pb = d.ctx.ppart["boundary"]
    raw = d.ctx.raw_header("content-type") or ""
    if not lb or not isinstance(pb, str) or not lb.startswith(pb) or lb == pb:
        return False
    # Unquoted in the field, and cut by Python at a tspecial.
    if not re.search(r"boundary\s*=\s*" + re.escape(lb) + r"\s*(;|$)", raw, re.I):
        return False
    if lb[len(pb)] not in TSPECIALS:
        return False
    if d.field == "boundary":
        return True
    lk, _n = kind_of(d.lib)
    pk, _m = kind_of(d.py)
    return (lk == "multipart" and pk == "leaf"
            and "StartBoundaryNotFoundDefect" in d.ctx.ppart["defects"])


# --- decoded bodies -------------------------------------------------------------

def sha(data):
    return hashlib.sha256(data).hexdigest()


def is_body_of(d, data):
    """libeml's answer for this body field (size, sha256) is that of data,
    and so is the other one (a wrong size with a right digest is no
    divergence, it is a bug)."""
    lp = d.ctx.lpart
    want = {"size": len(data), "sha256": sha(data)}
    got = {"size": lp.get("size"), "sha256": lp.get("sha256")}
    if d.field in want:
        got[d.field] = d.lib
    return got == want


LATIN1 = ("iso-8859-1", "latin1", "iso_8859-1", "latin-1")


def _text_of(d, data):
    """libeml's text is a reading of data: its declared charset, or
    libeml's documented readings of undeclared and iso-8859-1 text."""
    cs = _declared_charset(d.ctx)
    options = []
    if cs in (None, "us-ascii", "ascii"):
        options.extend(undeclared_readings(data))
    if cs in LATIN1 + ("us-ascii", "ascii"):
        options.append(windows_1252(data))
    try:
        options.append(data.decode(cs or "ascii", "replace"))
    except LookupError:
        pass
    return crlf(d.lib) in [crlf(o) for o in options]


def raw_body(part):
    """The part's body as Python holds it, before transfer decoding.
    (parsebytes keeps 8-bit bytes as surrogate escapes in the payload;
    get_payload() would decode them with the part's charset.)"""
    payload = part._payload
    if isinstance(payload, str):
        return payload.encode("ascii", "surrogateescape")
    return payload if isinstance(payload, bytes) else None


B64_ALPHABET = re.compile(rb"[^A-Za-z0-9+/]")


def base64_rfc2045(text):
    """RFC 2045 6.8: characters outside the alphabet are ignored; a lone
    final character carries fewer than 8 bits and yields nothing."""
    chars = B64_ALPHABET.sub(b"", text.split(b"=", 1)[0])
    chars = chars[:len(chars) - len(chars) % 4 if len(chars) % 4 == 1 else len(chars)]
    import base64
    return base64.b64decode(chars + b"=" * (-len(chars) % 4))


@divergence("base64-undecodable-in-python", ["size", "sha256", "text"],
            "base64 with a lone final character: Python returns it undecoded, libeml decodes")
def _(d):
    pp, lp = d.ctx.ppart, d.ctx.lpart
    data = pp.get("_data")
    if ("InvalidBase64LengthDefect" not in pp["defects"]
            or "BASE64_TRUNCATED" not in d.ctx.lib_defects() or not isinstance(data, bytes)):
        return False
    # Python's "decoded" bytes are the base64 text itself, line breaks removed.
    expected = base64_rfc2045(data)
    if d.field == "text":
        return is_body_of(d, expected) and isinstance(d.lib, str) and _text_of(d, expected)
    return is_body_of(d, expected)


def _strip_trailing_ws(text):
    return re.sub(r"[ \t]+(?=\n|$)", "", text)


@divergence("qp-trailing-whitespace", ["size", "sha256", "text"],
            "quoted-printable: libeml deletes trailing whitespace (RFC 2045 6.7 rule 3)")
def _(d):
    import binascii
    pp, lp = d.ctx.ppart, d.ctx.lpart
    if pp["encoding"] != "quoted-printable" or lp.get("encoding") != "quoted-printable":
        return False
    raw = raw_body(d.ctx.part)
    if raw is None:
        return False
    # Python's own QP decoder, after deleting the whitespace that ends lines.
    expected = binascii.a2b_qp(re.sub(rb"[ \t]+(?=\r?\n|$)", b"", raw))
    if not is_body_of(d, expected):
        return False
    if d.field != "text":
        return True
    if not isinstance(d.lib, str) or not isinstance(d.py, str):
        return False
    if _strip_trailing_ws(d.lib) == _strip_trailing_ws(d.py):
        return True
    # Unlabelled 8-bit text as well: libeml's reading of the same bytes.
    return _text_of(d, expected)


OBS_FIELD_LINE = re.compile(rb"[!-9;-~]+[ \t]+:")


def _python_header_ended_at_obs_field(ctx):
    """RFC 5322 4.5.3 allows whitespace between a field name and its colon
    (obs-optional); Python ends the header at such a line and reads the
    rest as body, libeml keeps the field (OBSOLETE_WSP_BEFORE_COLON)."""
    msg = ctx.pmsg["_msg"]
    if ("OBSOLETE_WSP_BEFORE_COLON" not in set(ctx.lmsg.get("defects", []))
            or not any(type(x).__name__ == "MissingHeaderBodySeparatorDefect" for x in msg.defects)):
        return None
    body = raw_body(msg)
    if body is None or not OBS_FIELD_LINE.match(body):
        return None
    return body


@divergence("obs-wsp-before-colon", ["size", "sha256", "text", "from", "to", "cc", "subject",
                                     "date", "message_id"],
            "Field-name WSP ':' (RFC 5322 4.5.3): Python ends the header there, libeml reads on")
def _(d):
    body = _python_header_ended_at_obs_field(d.ctx)
    if body is None:
        return False
    if d.field in MESSAGE_FIELDS:
        return d.py in (None, []) and _value_in_obs_line(d, d.ctx.data)
    if d.ctx.lpart is not d.ctx.lmsg.get("body"):
        return False
    # libeml's body is what is left of Python's once the fields are read.
    starts = [0] + [m.end() for m in re.finditer(rb"\n", body)]
    if not any(is_body_of(d, body[k:]) for k in starts):
        return False
    return d.field != "text" or (isinstance(d.py, str) and isinstance(d.lib, str)
                                 and d.py.endswith(d.lib))


MESSAGE_FIELDS = ("subject", "from", "to", "cc", "date", "message_id")


FIELD_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")


def _colonless_line_then_field(body):
    """libeml's rule for a header line without a colon, recomputed on the
    body Python made of (part of) the header: before the first empty line
    there is a line that is no field, does not start with "--", and the
    next line that is not a continuation is a field. Returns the offsets
    of the line starts, or None."""
    lines = body.split(b"\n")
    for i, line in enumerate(lines):
        if line.rstrip(b"\r") == b"":
            break
        if line[:1] in (b" ", b"\t") or FIELD_LINE.match(line) or line.startswith(b"--"):
            continue
        k = i + 1
        while k < len(lines) and lines[k][:1] in (b" ", b"\t"):
            k += 1
        if k < len(lines) and FIELD_LINE.match(lines[k]):
            return [m.end() for m in re.finditer(rb"\n", body)]
    return None


def _value_of_body_field(d, body):
    """libeml's value of a message field is what the field of that name in
    Python's body says (read the way libeml reads it)."""
    m = re.search(rb"(?im)^" + re.escape(_field_name(d).encode()) + rb"[ \t]*:(.*(?:\r?\n[ \t].*)*)",
                  body)
    if not m:
        return False
    raw = m.group(1).decode("utf-8", "replace")
    if d.field == "date":
        import email.utils
        from pyview import iso_datetime
        try:
            return iso_datetime(email.utils.parsedate_to_datetime(raw.strip())) == d.lib
        except (TypeError, ValueError):
            return False
    if d.field == "message_id":
        bare = re.sub(r"\([^()]*\)|\s|[<>]", "", raw)
        return isinstance(d.lib, str) and bare == d.lib
    if d.field == "subject":
        return isinstance(d.lib, str) and " ".join(raw.split()) == d.lib
    return isinstance(d.lib, list) and all(a["address"] and a["address"] in raw for a in d.lib)


@divergence("colonless-header-line", ["disposition", "filename", "encoding", "size", "sha256",
                                      "text", "subject", "from", "to", "cc", "date",
                                      "message_id"],
            "header line without a colon followed by fields: Python ends the header, libeml "
            "skips the line")
def _(d):
    at_message = d.field in MESSAGE_FIELDS
    part = d.ctx.pmsg["_msg"] if at_message else d.ctx.part
    defects = (set(d.ctx.lmsg.get("defects", [])) if at_message else d.ctx.lib_defects())
    if ("FIELD_WITHOUT_COLON" not in defects
            or not any(type(x).__name__ == "MissingHeaderBodySeparatorDefect"
                       for x in part.defects)):
        return False
    body = raw_body(part)
    starts = _colonless_line_then_field(body) if body else None
    if starts is None:
        return False
    text = body.decode("ascii", "replace").lower()
    if at_message:
        # Python has no such field; libeml read it from a line of Python's body.
        if d.py not in (None, []) or d.lib in (None, []):
            return False
        return _value_of_body_field(d, body)
    if d.field in ("size", "sha256"):
        # libeml's body is what is left of Python's once the fields are read.
        b64 = d.ctx.lpart.get("encoding") == "base64"
        return any(is_body_of(d, base64_rfc2045(body[k:]) if b64 else body[k:])
                   for k in starts)
    if d.field == "text":
        return isinstance(d.py, str) and isinstance(d.lib, str) and d.py.endswith(d.lib)
    # disposition, filename, encoding: read from a field Python took as body.
    return isinstance(d.lib, str) and d.lib.lower() in text


def _obs_lines(d, data, name):
    """The values of the "Name<WSP>:" lines (obs-optional) of the header."""
    head = re.split(rb"\r?\n\r?\n", data, 1)[0]
    pat = rb"(?im)^" + re.escape(name.encode()) + rb"[ \t]+:(.*(?:\r?\n[ \t].*)*)"
    return [m.group(1).decode("utf-8", "replace") for m in re.finditer(pat, head)]


def _value_in_obs_line(d, data):
    """libeml's value was read from such a line of the message."""
    lines = " ".join(_obs_lines(d, data, _field_name(d)))
    v = d.lib
    if not lines or v in (None, []):
        return False
    if isinstance(v, list):
        # Addresses may hold comments and folding: compare without them.
        while re.search(r"\([^()]*\)", lines):
            lines = re.sub(r"\([^()]*\)", "", lines)
        bare = re.sub(r"\s+", "", lines)
        return all(a["address"] in bare and (a["name"] is None or a["name"].replace(" ", "") in bare)
                   for a in v)
    if d.field == "date":
        return v[:4] in lines and re.search(r"\b0?%d\b" % int(v[8:10]), lines) is not None
    return v in lines


@divergence("multipart-without-body-parts", ["size", "sha256", "text"],
            "a multipart whose delimiters never come: libeml keeps all of its body as one leaf")
def _(d):
    pp, lp = d.ctx.ppart, d.ctx.lpart
    data, b = pp.get("_data"), pp["boundary"]
    if ("MULTIPART_EMPTY" not in d.ctx.lib_defects() or not pp["type"].startswith("multipart/")
            or not isinstance(data, bytes) or not b or d.field == "text"):
        return False
    # Python keeps only what comes before the close delimiter; libeml's
    # body is the same bytes, the close delimiter and what follows it.
    close = b"--" + b.encode("utf-8", "surrogateescape") + b"--"
    size = lp.get("size") if d.field != "size" else d.lib
    if not isinstance(size, int):
        return False
    msg = d.ctx.data
    for m in re.finditer(re.escape(close), msg):
        for eol in (b"", b"\n", b"\r\n"):
            start = m.start() - len(eol) - len(data)
            if start >= 0 and msg[start:m.start()] == data + eol and is_body_of(d, msg[start:start + size]):
                return True
    return False


# --- content type ----------------------------------------------------------------

@divergence("invalid-content-type", ["type"],
            "Content-Type not of the form type/subtype: libeml keeps the valid type/subtype "
            "before the junk")
def _(d):
    pt, lt = d.py, d.lib
    if not isinstance(pt, str) or not isinstance(lt, str) or "/" not in lt:
        return False
    top, sub = lt.split("/", 1)
    if not (TOKEN_RE.match(top) and TOKEN_RE.match(sub)):
        return False
    # Python's type is libeml's followed by what is not part of a token
    # (a missing ';' before a parameter, a stray '>').
    return (pt.startswith(lt) and len(pt) > len(lt) and not TOKEN_RE.match(pt[len(lt)])
            and d.ctx.raw_header("content-type") is not None)


@divergence("default-charset-param", ["charset"],
            "no valid Content-Type: libeml reports the RFC 2045 5.2 default charset=us-ascii")
def _(d):
    return (d.lib == "us-ascii" and d.py is None
            and d.ctx.lpart.get("type") == "text/plain"
            and (d.ctx.raw_header("content-type") is None
                 or "INVALID_CONTENT_TYPE" in d.ctx.lib_defects()))


@divergence("invalid-disposition", ["disposition"],
            "Content-Disposition with no valid disposition type: libeml reports none")
def _(d):
    raw = d.ctx.raw_header("content-disposition")
    if d.lib is not None or raw is None or "INVALID_DISPOSITION" not in d.ctx.lib_defects():
        return False
    # Empty, or an RFC 2047 encoded word where RFC 2183 wants a token
    # (RFC 2047 section 5 allows encoded words only in text, comments and
    # phrases; Python decodes it anyway).
    first = raw.split(";", 1)[0].strip()
    return first == "" or bool(re.match(r"=\?[^?]*\?[bBqQ]\?[^?]*\?=$", first))


@divergence("cte-not-a-token", ["encoding"],
            "Content-Transfer-Encoding that is not one token: libeml names the whole value")
def _(d):
    raw = d.ctx.raw_header("content-transfer-encoding")
    if raw is None or not isinstance(d.lib, str) or not isinstance(d.py, str):
        return False
    lead = re.match(r"[!#$%&'*+.^_`{|}~0-9A-Za-z-]+", d.lib)
    # Both leave the body undecoded (RFC 2045 6.4: an unrecognized
    # encoding is treated as application/octet-stream); only the name
    # reported differs: the whole value or its first token.
    return (d.lib == raw.strip().lower() and not TOKEN_RE.match(d.lib)
            and lead is not None and d.py == lead.group(0))


@divergence("unquoted-param-with-spaces", ["filename"],
            "name=This is a test.txt unquoted: libeml takes up to ';', Python the first word")
def _(d):
    if not isinstance(d.lib, str) or not isinstance(d.py, str) or " " not in d.lib:
        return False
    raws = [d.ctx.raw_header("content-disposition") or "", d.ctx.raw_header("content-type") or ""]
    # A folded value is unfolded to one space per break: any whitespace
    # run in the field may stand for a space of libeml's value.
    value = r"\s+".join(re.escape(w) for w in d.lib.split(" "))
    unquoted = any(re.search(r"\b(file)?name\s*=\s*" + value + r"\s*(;|$)", r, re.I)
                   for r in raws)
    return unquoted and d.py == d.lib.split()[0]


# --- text: charsets ------------------------------------------------------------

def windows_1252(data):
    """windows-1252 as the WHATWG Encoding Standard defines it: the five
    bytes the code page leaves undefined map to the C1 controls."""
    return "".join(bytes([b]).decode("cp1252", "strict") if b not in (0x81, 0x8d, 0x8f, 0x90, 0x9d)
                   else chr(b) for b in data)


def utf8_truncated(data):
    """Valid UTF-8 with some multi-byte character, cut inside its last
    character (a mailer's length limit), not another charset."""
    i = len(data)
    while i > 0 and len(data) - i < 3 and data[i - 1] & 0xC0 == 0x80:
        i -= 1
    if i == 0 or not 0xC2 <= data[i - 1] <= 0xF4:
        return False
    try:
        data[i - 1:].decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":
            return False
    head = data[:i - 1]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in head)


def undeclared_readings(data):
    """The readings libeml may give of undeclared 8-bit text (one)."""
    return [undeclared_8bit(data)]


def undeclared_8bit(data):
    """libeml's reading of 8-bit text whose charset is unknown or absent:
    UTF-8 when the bytes are valid UTF-8 (or UTF-8 cut inside its last
    character, which becomes U+FFFD), else windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if utf8_truncated(data):
            return data.decode("utf-8", "replace")
        return windows_1252(data)


def crlf(v):
    return v.replace("\r\n", "\n") if isinstance(v, str) else v


def _declared_charset(ctx):
    cs = ctx.ppart["charset"]
    return cs.lower() if isinstance(cs, str) else cs


@divergence("undeclared-8bit-text", ["text"],
            "8-bit text labelled us-ascii or unlabelled: libeml reads UTF-8, else windows-1252")
def _(d):
    data = d.ctx.ppart.get("_data")
    if not isinstance(data, bytes) or _declared_charset(d.ctx) not in (None, "us-ascii", "ascii"):
        return False
    # Python decodes as ASCII and replaces every 8-bit byte with U+FFFD.
    return (d.py == crlf(data.decode("ascii", "replace"))
            and d.lib in [crlf(r) for r in undeclared_readings(data)])


@divergence("latin1-as-windows-1252", ["text"],
            "iso-8859-1 label: libeml decodes windows-1252 (WHATWG), Python ISO-8859-1 C1 controls")
def _(d):
    data = d.ctx.ppart.get("_data")
    if not isinstance(data, bytes) or _declared_charset(d.ctx) not in ("iso-8859-1", "latin1",
                                                                         "iso_8859-1", "latin-1"):
        return False
    return d.py == crlf(data.decode("latin-1")) and d.lib == crlf(windows_1252(data))


@divergence("big5-hkscs", ["text"],
            "big5 label: libeml (iconv) also decodes the HKSCS extension, Python's big5 does not")
def _(d):
    data = d.ctx.ppart.get("_data")
    if not isinstance(data, bytes) or _declared_charset(d.ctx) != "big5":
        return False
    return d.py == crlf(data.decode("big5", "replace")) and d.lib == crlf(data.decode("big5hkscs", "replace"))


@divergence("python-unknown-charset", ["text"],
            "charset Python does not know: Python raises, libeml decodes as undeclared 8-bit")
def _(d):
    data = d.ctx.ppart.get("_data")
    return (raised(d.py, "LookupError") and isinstance(data, bytes)
            and "UNKNOWN_CHARSET" in d.ctx.lib_defects()
            and d.lib in [crlf(r) for r in undeclared_readings(data)])


# --- header fields ---------------------------------------------------------------

def _raw_field_bytes(ctx, name):
    """Every raw value of a field of the message, unfolded, as bytes (8-bit
    bytes are kept by parsebytes as surrogate escapes)."""
    out = []
    for k, v in ctx.pmsg["_msg"].raw_items():
        if k.lower() == name:
            out.append(re.sub(r"\r?\n(?=[ \t])", "", str(v)).encode("ascii", "surrogateescape"))
    return out


def _field_name(d):
    return {"from": "from", "to": "to", "cc": "cc", "subject": "subject", "date": "date",
            "message_id": "message-id"}[d.field]


def _unsurrogate(s):
    """Python keeps 8-bit header bytes as lone surrogates; libeml's
    readings of the same bytes."""
    if not isinstance(s, str):
        return [s]
    return undeclared_readings(s.encode("utf-8", "surrogateescape"))


def _address_pairs(d):
    """The pairs of addresses that differ, when both lists have the same
    length; None otherwise."""
    if not isinstance(d.lib, list) or not isinstance(d.py, list) or len(d.lib) != len(d.py):
        return None
    return [(a, b) for a, b in zip(d.lib, d.py) if a != b]


def _each_pair(d, rule):
    pairs = _address_pairs(d)
    return bool(pairs) and all(rule(a, b) for a, b in pairs)


@divergence("raw-8bit-header", ["subject", "from", "to", "cc"],
            "8-bit bytes in a header (RFC 6532): libeml reads UTF-8, else windows-1252")
def _(d):
    if d.field == "subject":
        raws = _raw_field_bytes(d.ctx, "subject")
        if not raws or b"=?" in raws[0] or all(b < 0x80 for b in raws[0]):
            return False
        return d.lib in [r.strip(" \t") for r in undeclared_readings(raws[0])]
    def rule(a, b):
        return (a.get("group") == b.get("group")
                and a["name"] in _unsurrogate(b["name"]) and a["address"] in _unsurrogate(b["address"])
                and (a["name"] != b["name"] or a["address"] != b["address"]))
    return _each_pair(d, rule)


@divergence("unstructured-whitespace-trimmed", ["subject"],
            "libeml trims whitespace around an unfolded value (eml_part_field_unfolded)")
def _(d):
    return isinstance(d.py, str) and isinstance(d.lib, str) and d.py.strip(" \t") == d.lib


@divergence("encoded-word-unknown-charset", ["subject"],
            "encoded word in a charset nobody knows (=?NONE?B?...?=): libeml shows it as is")
def _(d):
    import codecs
    if not isinstance(d.lib, str):
        return False
    words = re.findall(r"=\?([^?*]+)(\*[^?]*)?\?[bBqQ]\?[^?]*\?=", d.lib)
    if not words:
        return False
    for cs, _lang in words:
        try:
            codecs.lookup(cs)
            return False
        except LookupError:
            pass
    raws = _raw_field_bytes(d.ctx, "subject")
    return bool(raws) and raws[0].decode("ascii", "replace").strip(" \t") == d.lib


@divergence("comment-as-display-name", ["from", "to", "cc"],
            "addr-spec (Name): libeml takes the comment as the display name, Python drops it")
def _(d):
    raw = b" ".join(_raw_field_bytes(d.ctx, _field_name(d))).decode("utf-8", "replace")
    def rule(a, b):
        return (b["name"] is None and a["name"] and a["address"] == b["address"]
                and re.search(re.escape(a["address"]) + r"\s*\(\s*" + re.escape(a["name"]) + r"\s*\)",
                              raw) is not None)
    return _each_pair(d, rule)


@divergence("display-name-whitespace-trimmed", ["from", "to", "cc"],
            '" via RT" <a@b>: libeml trims blanks around a display name; a blank one is none')
def _(d):
    def rule(a, b):
        return (a["address"] == b["address"] and isinstance(b["name"], str)
                and (b["name"].strip() or None) == a["name"])
    return _each_pair(d, rule)


@divergence("adjacent-encoded-words-in-phrase", ["from", "to", "cc"],
            "RFC 2047 6.2: whitespace between adjacent encoded words is dropped; Python keeps it")
def _(d):
    raw = b" ".join(_raw_field_bytes(d.ctx, _field_name(d))).decode("utf-8", "replace")
    if not re.search(r"\?=\s+=\?", raw):
        return False
    def rule(a, b):
        return (a["address"] == b["address"] and isinstance(b["name"], str) and a["name"]
                and a["name"].replace(" ", "") == b["name"].replace(" ", ""))
    return _each_pair(d, rule)


@divergence("unquoted-specials-in-display-name", ["from", "to", "cc"],
            "Mikel@Lindsaar <a@b>: libeml keeps the angle address, Python takes the phrase as it")
def _(d):
    raw = b" ".join(_raw_field_bytes(d.ctx, _field_name(d))).decode("utf-8", "replace")
    def rule(a, b):
        return (a["name"] and b["address"] == a["name"] and b["name"] is None
                and re.search(re.escape(a["name"]) + r"\s*<" + re.escape(a["address"]) + ">", raw))
    return _each_pair(d, rule)


@divergence("unbracketed-address-after-words", ["from", "to", "cc"],
            "Big Bug bb@bug.com: libeml takes the words as the name, Python as a local part")
def _(d):
    raw = b" ".join(_raw_field_bytes(d.ctx, _field_name(d))).decode("utf-8", "replace")
    if "<" in raw:
        return False
    def rule(a, b):
        if not a["name"] or "@" in a["name"] or "@" not in a["address"]:
            return False
        local, domain = a["address"].rsplit("@", 1)
        return (b["name"] is None and b["address"] == '"%s %s"@%s' % (a["name"], local, domain)
                and re.search(re.escape(a["name"]) + r"\s+" + re.escape(a["address"]), raw))
    return _each_pair(d, rule)


@divergence("empty-group", ["to", "cc"],
            "undisclosed-recipients:; libeml lists the empty group (address ''), Python nothing")
def _(d):
    if not isinstance(d.lib, list) or not isinstance(d.py, list):
        return False
    raw = b" ".join(_raw_field_bytes(d.ctx, _field_name(d))).decode("utf-8", "replace")
    while re.search(r"\([^()]*\)", raw):  # comments, innermost first
        raw = re.sub(r"\([^()]*\)", " ", raw)
    rest = [a for a in d.lib if not (a["address"] == "" and a.get("group"))]
    groups = [a["group"] for a in d.lib if a["address"] == "" and a.get("group")]
    return (rest == d.py and groups
            and all(re.search(re.escape(g) + r"\s*:\s*;", raw) for g in groups))


@divergence("address-without-domain", ["from", "to", "cc"],
            "From: foo, <matmail>: not an addr-spec (RFC 5322 3.4.1); libeml skips it")
def _(d):
    if not isinstance(d.lib, list) or not isinstance(d.py, list):
        return False
    kept = [b for b in d.py if "@" in b["address"] and not b["address"].startswith('"')]
    dropped = [b for b in d.py if b not in kept]
    return bool(dropped) and kept == d.lib


@divergence("missing-comma-between-addresses", ["from", "to", "cc"],
            "a@b c@d (no comma): libeml returns both mailboxes, Python only the first")
def _(d):
    if not isinstance(d.lib, list) or not isinstance(d.py, list) or len(d.lib) <= len(d.py):
        return False
    raw = b" ".join(_raw_field_bytes(d.ctx, _field_name(d))).decode("utf-8", "replace")
    if not re.search(r"[^\s,<>]+@[^\s,<>]+\s+[^\s,<>]+@[^\s,<>]+", raw):
        return False
    extra = [a for a in d.lib if a not in d.py]
    # Python's addresses all kept, in order; the others stand in the field
    # as bare addr-specs separated from the previous one by whitespace only.
    it = iter(d.lib)
    return (all(b in it for b in d.py)
            and all(a["name"] is None and re.search(r"@\S+\s+" + re.escape(a["address"]), raw)
                    for a in extra))


@divergence("python-raises-on-address", ["from", "to", "cc"],
            "Python raises while reading the field; libeml returns what it could parse")
def _(d):
    return (raised(d.py, "ValueError") or raised(d.py, "AttributeError")) and isinstance(d.lib, list)


@divergence("obs-envelope-like-from-field", ["from"],
            "'From  :<a@b>' inside the header: a From field with obs WSP (RFC 5322 4.5.3), "
            "which Python drops as a misplaced envelope line")
def _(d):
    msg = d.ctx.pmsg["_msg"]
    if (not any(type(x).__name__ == "MisplacedEnvelopeHeaderDefect" for x in msg.defects)
            or "OBSOLETE_WSP_BEFORE_COLON" not in set(d.ctx.lmsg.get("defects", []))
            or not isinstance(d.lib, list) or not isinstance(d.py, list)):
        return False
    # libeml's first From is the obs-syntax line, Python's the next From
    # field (the second one, a DUPLICATE_SINGLETON_FIELD for libeml).
    obs = " ".join(_obs_lines(d, d.ctx.data, "from"))
    return ("DUPLICATE_SINGLETON_FIELD" in set(d.ctx.lmsg.get("defects", []))
            and d.lib and d.py and d.lib != d.py
            and all(a["address"] in obs for a in d.lib)
            and not any(b["address"] in obs for b in d.py))


# --- dates and message ids ---------------------------------------------------------

@divergence("date-comment-before-zone", ["date"],
            "Date: ... 00:19:00 (EDT) -0400: obs CFWS after the seconds; Python loses the zone")
def _(d):
    raws = _raw_field_bytes(d.ctx, "date")
    if not raws or not isinstance(d.lib, str) or not isinstance(d.py, str):
        return False
    m = re.search(rb"\)\s*([+-])(\d\d)(\d\d)\s*$", raws[0])
    if not m:
        return False
    zone = "%s%s:%s" % (m.group(1).decode(), m.group(2).decode(), m.group(3).decode())
    return d.lib.endswith(zone) and d.py.endswith("+00:00") and d.lib[:19] == d.py[:19]


@divergence("date-without-zone", ["date"],
            "Date: Thu, 10 Aug 2000 02:53:01 (no zone): libeml gives no date, Python takes UT")
def _(d):
    raws = _raw_field_bytes(d.ctx, "date")
    if not raws or d.lib is not None or not isinstance(d.py, str) or not d.py.endswith("+00:00"):
        return False
    # Day month year hh:mm[:ss], then nothing but a comment: no zone.
    m = re.search(rb"(\d\d?)\s+[A-Za-z]{3}[a-z]*\s+(\d{4})\s+(\d\d?):(\d\d)(?::(\d\d))?"
                  rb"\s*(\([^()]*\))?\s*$", raws[0])
    if not m:
        return False
    hms = "%02d:%02d:%02d" % (int(m.group(3)), int(m.group(4)), int(m.group(5) or 0))
    return (d.py[:4] == m.group(2).decode() and d.py[8:10] == "%02d" % int(m.group(1))
            and d.py[11:19] == hms)


@divergence("date-with-am-pm", ["date"],
            "Date with AM/PM (not RFC 5322 syntax): Python drops the AM/PM and the zone")
def _(d):
    raws = _raw_field_bytes(d.ctx, "date")
    if not raws or re.search(rb"\d\d:\d\d(:\d\d)?\s*[AP]M\b", raws[0], re.I) is None:
        return False
    # Python reads "06:09:22 PM EDT" as 06:09:22 with no zone. libeml either
    # refuses the date or reads the 12-hour clock (same day, other time).
    return (isinstance(d.py, str) and d.py.endswith("+00:00")
            and (d.lib is None or (isinstance(d.lib, str) and d.lib[:10] == d.py[:10])))


@divergence("msgid-without-angle-brackets", ["message_id"],
            "Message-ID: a@b without <>: libeml takes it (MSGID_NO_ANGLE), Python finds none")
def _(d):
    raws = _raw_field_bytes(d.ctx, "message-id")
    return (d.py is None and isinstance(d.lib, str) and bool(raws) and b"<" not in raws[0]
            and raws[0].strip().decode("ascii", "replace") == d.lib)


@divergence("msgid-several-at", ["message_id"],
            "<a@b@c>: libeml keeps everything between the brackets, Python stops at the 2nd '@'")
def _(d):
    raws = _raw_field_bytes(d.ctx, "message-id")
    if not raws or not isinstance(d.lib, str) or not isinstance(d.py, str):
        return False
    m = re.search(rb"<([^<>]*)>", raws[0])
    return (m is not None and m.group(1).decode("ascii", "replace") == d.lib
            and d.lib.count("@") > 1 and d.lib.startswith(d.py + "@"))


# --- filenames -----------------------------------------------------------------------

@divergence("encoded-word-in-parameter", ["filename"],
            "name==?utf-8?B?...?= (unquoted encoded word): libeml decodes it, Python finds no name")
def _(d):
    from email.header import decode_header, make_header
    raw = (d.ctx.raw_header("content-disposition") or "") + ";" + (d.ctx.raw_header("content-type") or "")
    m = re.search(r"\b(?:file)?name\s*=\s*(=\?[^?]+\?[bBqQ]\?[^?]*\?=)", raw)
    if not m or d.py is not None or not isinstance(d.lib, str):
        return False
    return str(make_header(decode_header(m.group(1)))) == d.lib
