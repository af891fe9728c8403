"""Python's `email` package's view of a message, in the shape of `eml json`.

BytesParser(policy=policy.default).parsebytes() reads the bytes exactly as
given (BytesParser.parse on a file object would rewrite line endings). The
result is turned into the same JSON-like tree that `eml json` prints, so
that the two can be compared field by field. Only the members that the
differential test compares are filled in.

Where Python raises while answering a question (an unknown charset, a
header it cannot parse), the value is a PyError so that the comparison can
tell "Python failed" from "Python said null".
"""

import hashlib
from email import headerregistry, policy
from email import _header_value_parser as hvp
from email.parser import BytesParser


class PyError:
    """A value Python could not produce: it raised an exception."""

    def __init__(self, exc):
        self.kind = type(exc).__name__
        self.text = str(exc)

    def __eq__(self, other):
        return isinstance(other, PyError) and other.kind == self.kind

    def __repr__(self):
        return "<python raised %s: %s>" % (self.kind, self.text[:80])


def guarded(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # Python's answer is "it raised"
        return PyError(exc)


class _MemoRegistry(headerregistry.HeaderRegistry):
    """policy.default's header registry, remembering each parsed header:
    Python parses a field again on every access (get_content_type,
    get_param, get_filename...), which dominated the run time. The header
    objects are immutable, so the answers are the same."""

    def __init__(self):
        super().__init__()
        self._memo = {}

    def __call__(self, name, value):
        key = (name, value)
        h = self._memo.get(key)
        if h is None:
            h = self._memo[key] = super().__call__(name, value)
        return h


PARSER = BytesParser(policy=policy.default.clone(header_factory=_MemoRegistry()))


def parse(data):
    return PARSER.parsebytes(data)


# --- message-level fields -------------------------------------------------

def _subject(msg):
    h = msg["subject"]
    return None if h is None else str(h)


def _addresses(msg, name):
    """The addresses of the first field of that name, which is what
    msg[name] returns (RFC 5322 3.6 allows one From, To, Cc...)."""
    out = []
    for h in (msg.get_all(name) or [])[:1]:
        for g in h.groups:
            for a in g.addresses:
                # addr_spec spells the empty address (From: <>) as "<>";
                # eml json gives the address itself, "".
                spec = "" if not a.username and not a.domain else a.addr_spec
                item = {"name": a.display_name or None, "address": spec}
                if g.display_name is not None:
                    item["group"] = g.display_name
                out.append(item)
    return out


def iso_datetime(dt):
    """ISO 8601 with the message's offset, as `eml json` prints it. Python
    gives a naive datetime for the "-0000" zone (RFC 5322 3.3: no zone
    information); `eml json` prints offset zero as +00:00."""
    off = dt.utcoffset()
    minutes = 0 if off is None else int(off.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return "%04d-%02d-%02dT%02d:%02d:%02d%s%02d:%02d" % (
        dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
        sign, minutes // 60, minutes % 60)


def _date(msg):
    h = msg["date"]
    if h is None or h.datetime is None:
        return None
    return iso_datetime(h.datetime)


def _message_id(msg):
    """The id of the first Message-ID field, without <> and comments, as
    Python's RFC 5322 msg-id parser sees it; None when it finds none."""
    raw = msg.get("message-id")
    if raw is None:
        return None
    tree = hvp.parse_message_id(str(raw))
    for tok in tree:
        if tok.token_type != "msg-id":
            continue
        parts = []
        for child in tok:
            if child.token_type in ("cfws", "msg-id-start", "msg-id-end"):
                continue
            parts.append(str(child))
        return "".join(parts)
    return None


# --- parts ------------------------------------------------------------------

def _kind(part):
    """multipart, message (an embedded message) or leaf, by what Python did
    with the body, which is not always what the type says."""
    if not part.is_multipart():
        return "leaf"
    if part.get_content_maintype() == "multipart":
        return "multipart"
    return "message"


def _encoding(part):
    h = part.get("content-transfer-encoding")
    if h is None:
        return "7bit"
    return getattr(h, "cte", str(h).strip().lower())


def _param(part, name):
    v = part.get_param(name)
    if v is None:
        return None
    if isinstance(v, tuple):  # RFC 2231 (charset, language, value)
        from email.utils import collapse_rfc2231_value
        v = collapse_rfc2231_value(v)
    return str(v)


def _text(part):
    return part.get_content()


def part_view(part, depth=0):
    view = {
        "type": guarded(part.get_content_type),
        "charset": guarded(_param, part, "charset"),
        "boundary": guarded(_param, part, "boundary"),
        "disposition": guarded(part.get_content_disposition),
        "filename": guarded(part.get_filename),
        "encoding": guarded(_encoding, part),
    }
    kind = _kind(part)
    view["kind"] = kind
    view["_part"] = part
    payload = part.get_payload()
    if kind == "multipart":
        view["parts"] = [part_view(p, depth + 1) for p in payload]
    elif kind == "message":
        view["messages"] = [message_view(m, depth + 1) for m in payload]
    else:
        data = guarded(part.get_payload, None, True)
        if isinstance(data, bytes):
            view["_data"] = data
            view["size"] = len(data)
            view["sha256"] = hashlib.sha256(data).hexdigest()
        else:
            view["size"] = view["sha256"] = data
        if part.get_content_maintype() == "text":
            view["text"] = guarded(_text, part)
    # Last: decoding the body adds defects to the part.
    view["defects"] = [type(d).__name__ for d in part.defects]
    return view


def message_view(msg, depth=0):
    view = {
        "subject": guarded(_subject, msg),
        "from": guarded(_addresses, msg, "from"),
        "to": guarded(_addresses, msg, "to"),
        "cc": guarded(_addresses, msg, "cc"),
        "date": guarded(_date, msg),
        "message_id": guarded(_message_id, msg),
    }
    view["body"] = part_view(msg, depth)
    view["_msg"] = msg
    return view
