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


@divergence("unquoted-boundary-tspecials", ["shape", "boundary"],
            "boundary=----=_Part... unquoted: libeml takes the whole value, Python stops at '='")
def _(d):
    lb = lib_boundary(d.ctx.lpart)
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
    return lp.get("sha256") == sha(base64_rfc2045(data))


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
    if lp.get("sha256") != sha(expected):
        return False
    if d.field != "text":
        return True
    return (isinstance(d.lib, str) and isinstance(d.py, str)
            and _strip_trailing_ws(d.lib) == _strip_trailing_ws(d.py))


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
        return d.py in (None, [])
    if d.ctx.lpart is not d.ctx.lmsg.get("body"):
        return False
    # libeml's body is what is left of Python's once the fields are read.
    starts = [0] + [m.end() for m in re.finditer(rb"\n", body)]
    if not any(d.ctx.lpart.get("sha256") == sha(body[k:]) for k in starts):
        return False
    return d.field != "text" or (isinstance(d.py, str) and isinstance(d.lib, str)
                                 and d.py.endswith(d.lib))


MESSAGE_FIELDS = ("subject", "from", "to", "cc", "date", "message_id")


@divergence("multipart-without-body-parts", ["size", "sha256"],
            "a multipart whose delimiters never come: libeml keeps all of its body as one leaf")
def _(d):
    pp, lp = d.ctx.ppart, d.ctx.lpart
    data, b = pp.get("_data"), pp["boundary"]
    if ("MULTIPART_EMPTY" not in d.ctx.lib_defects() or not pp["type"].startswith("multipart/")
            or not isinstance(data, bytes) or not b):
        return False
    # Python keeps only what comes before the close delimiter.
    close = b"--" + b.encode("utf-8", "surrogateescape") + b"--"
    return lp.get("size", 0) >= len(data) + len(close)


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
    unquoted = any(re.search(r"\b(file)?name\s*=\s*" + re.escape(d.lib) + r"\s*(;|$)", r, re.I)
                   for r in raws)
    return unquoted and d.py == d.lib.split()[0]
