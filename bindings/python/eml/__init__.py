"""Python binding of libeml, a fast zero-copy parser for Internet email.

    import eml
    msg = eml.parse(open("message.eml", "rb").read())
    print(msg.subject, msg.from_, msg.date)
    for part in msg.walk():
        print(part.content_type, part.filename)

Pure Python over the shared library (ctypes); no compiler is needed.
"""
import collections
import ctypes
import datetime

from . import _lib
from ._lib import lib, Slice, Field, Param, Defect as _CDefect, Address as _CAddress

__all__ = ["parse", "Message", "Part", "Headers", "Address", "Defect", "EmlError",
           "version", "library_version"]

Address = collections.namedtuple("Address", "name address group")
Address.__doc__ = "One mailbox of an address list; name and group are None when absent."
Defect = collections.namedtuple("Defect", "name offset description")
Defect.__doc__ = "A deviation from the RFCs: its name, byte offset in the input, description."


class EmlError(Exception):
    """A libeml error code (misuse or out of memory; never malformed input)."""

    def __init__(self, code, what):
        self.code = code
        super().__init__("%s: %s (%s)" % (what, lib.eml_strerror(code).decode(),
                                          lib.eml_error_name(code).decode()))


def _check(code, what):
    if code != _lib.OK:
        raise EmlError(code, what)


def _str(b):
    return None if b is None else b.decode("utf-8", "replace")


def version():
    """The version of the loaded libeml, as "MAJOR.MINOR.PATCH"."""
    return lib.eml_version_string().decode()


def library_version():
    """The version of the loaded libeml as a packed number (10203 for 1.2.3)."""
    return lib.eml_version()


class _Handle:
    """Owns the C message and the input bytes it points into. Every Message
    and Part refers to it, so the memory lives as long as any of them does,
    whatever order Python frees them in."""

    __slots__ = ("ptr", "data", "_free")

    def __init__(self, data):
        self.data = data  # immutable: the C slices point into it
        self._free = lib.eml_message_free
        out = ctypes.c_void_p()
        _check(lib.eml_parse(data, len(data), None, ctypes.byref(out)), "eml_parse")
        self.ptr = out.value

    def __del__(self):
        ptr, self.ptr = getattr(self, "ptr", None), None
        if ptr:
            self._free(ptr)


def parse(data):
    """Parses one message (bytes-like) and returns a Message. Malformed input
    never raises: problems are listed in the defects of the parts."""
    if isinstance(data, str):
        raise TypeError("eml.parse takes bytes, not str")
    data = bytes(data)
    handle = _Handle(data)
    return Message(handle, lib.eml_message_root(handle.ptr))


class Headers:
    """The header fields of a part, in order. Values are unfolded, with
    RFC 2047 encoded words decoded, as str."""

    def __init__(self, part):
        self._part = part
        self._items = None

    def _load(self):
        if self._items is None:
            self._items = [(n, self._part._field_text(i))
                           for i, n in enumerate(self._part._field_names())]
        return self._items

    def __iter__(self):
        return iter(self._load())

    def __len__(self):
        return len(self._load())

    def __contains__(self, name):
        return self.get(name) is not None

    def __getitem__(self, name):
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def keys(self):
        return [n for n, _ in self._load()]

    def items(self):
        return list(self._load())

    def get(self, name, default=None):
        """The first field named name (case-insensitive), or default."""
        for n, v in self._load():
            if n.lower() == name.lower():
                return v
        return default

    def get_all(self, name):
        """Every field named name, in order (empty list when none)."""
        return [v for n, v in self._load() if n.lower() == name.lower()]

    def raw(self, name):
        """The raw bytes of the first field named name, folding kept, or None."""
        i = self._part._find(name)
        if i is None:
            return None
        f = Field()
        _check(lib.eml_part_field(self._part._ptr, i, ctypes.byref(f)), "eml_part_field")
        return f.value.bytes()

    def __repr__(self):
        return "Headers(%r)" % (self._load(),)


class Part:
    """One MIME entity: a multipart, a leaf, or a message/rfc822 part."""

    def __init__(self, handle, ptr):
        self._handle = handle  # keeps the message and its input alive
        self._ptr = ptr

    def __eq__(self, other):
        return isinstance(other, Part) and other._ptr == self._ptr

    def __hash__(self):
        return hash(self._ptr)

    def __repr__(self):
        return "<eml.Part %s%s>" % (self.content_type,
                                    " %r" % self.filename if self.filename else "")

    # -- header fields --------------------------------------------------------
    def _field_names(self):
        f = Field()
        names = []
        for i in range(lib.eml_part_field_count(self._ptr)):
            _check(lib.eml_part_field(self._ptr, i, ctypes.byref(f)), "eml_part_field")
            names.append(_str(f.name.bytes()))
        return names

    def _field_text(self, index):
        s = Slice()
        _check(lib.eml_part_field_text(self._ptr, index, ctypes.byref(s)), "eml_part_field_text")
        return _str(s.bytes())

    def _find(self, name):
        for i, n in enumerate(self._field_names()):
            if n.lower() == name.lower():
                return i
        return None

    @property
    def headers(self):
        return Headers(self)

    # -- type, parameters, disposition ---------------------------------------
    @property
    def content_type(self):
        """"type/subtype", lowercased; defaults applied as RFC 2045 says."""
        return _str(lib.eml_part_content_type(self._ptr).bytes())

    @property
    def maintype(self):
        return _str(lib.eml_part_type(self._ptr).bytes())

    @property
    def subtype(self):
        return _str(lib.eml_part_subtype(self._ptr).bytes())

    def _params(self, count, get):
        p = Param()
        out = {}
        for i in range(count(self._ptr)):
            _check(get(self._ptr, i, ctypes.byref(p)), "parameter")
            out.setdefault(_str(p.name.bytes()), _str(p.value.bytes()))
        return out

    @property
    def params(self):
        """Content-Type parameters: {lowercased name: decoded value}."""
        return self._params(lib.eml_part_param_count, lib.eml_part_param)

    def param(self, name, disposition=False):
        """One Content-Type (or, with disposition, Content-Disposition)
        parameter by name, case-insensitive; None when absent."""
        raw = name.encode("utf-8")
        get = lib.eml_part_disposition_param_get if disposition else lib.eml_part_param_get
        return _str(get(self._ptr, raw, len(raw)).bytes())

    @property
    def disposition(self):
        """"attachment", "inline", ... or None."""
        return _str(lib.eml_part_disposition(self._ptr).bytes())

    @property
    def disposition_params(self):
        return self._params(lib.eml_part_disposition_param_count, lib.eml_part_disposition_param)

    @property
    def filename(self):
        """The decoded file name, or None. Not safe to use as a path as is."""
        return _str(lib.eml_part_filename(self._ptr).bytes())

    @property
    def encoding(self):
        """The Content-Transfer-Encoding, lowercased ("7bit" when absent)."""
        return _str(lib.eml_part_encoding_name(self._ptr).bytes())

    # -- tree ---------------------------------------------------------------------
    @property
    def is_multipart(self):
        return self.maintype == "multipart"

    @property
    def parts(self):
        """The children of a multipart, in order (empty for other parts)."""
        return [Part(self._handle, lib.eml_part_child(self._ptr, i))
                for i in range(lib.eml_part_child_count(self._ptr))]

    @property
    def message(self):
        """For message/rfc822 parts: the embedded Message; else None."""
        root = lib.eml_part_embedded(self._ptr)
        return Message(self._handle, root) if root else None

    @property
    def parent(self):
        p = lib.eml_part_parent(self._ptr)
        return Part(self._handle, p) if p else None

    @property
    def depth(self):
        return lib.eml_part_depth(self._ptr)

    def walk(self, with_depth=False):
        """This part and every part below it, depth first, embedded
        messages included (their root follows the message/rfc822 part).
        With with_depth, yields (part, depth) pairs, depth counted from
        this part (0)."""
        root = self._ptr
        depth = ctypes.c_size_t()
        ptr = lib.eml_part_walk_next(root, None, ctypes.byref(depth))
        while ptr:
            part = Part(self._handle, ptr)
            yield (part, depth.value) if with_depth else part
            ptr = lib.eml_part_walk_next(root, ptr, ctypes.byref(depth))

    # -- bodies ---------------------------------------------------------------------
    @property
    def raw(self):
        """The body as it stands in the message, still transfer-encoded."""
        return lib.eml_part_body_raw(self._ptr).bytes() or b""

    def decoded(self):
        """The body with its Content-Transfer-Encoding undone, as bytes."""
        s = Slice()
        _check(lib.eml_part_decoded(self._ptr, ctypes.byref(s)), "eml_part_decoded")
        return s.bytes() or b""

    def text(self):
        """The body decoded and converted from its charset, as str."""
        s = Slice()
        _check(lib.eml_part_text(self._ptr, ctypes.byref(s)), "eml_part_text")
        return _str(s.bytes() or b"")

    @property
    def defects(self):
        """Defects recorded on this part (grows after decoded()/text())."""
        d = _CDefect()
        out = []
        for i in range(lib.eml_part_defect_count(self._ptr)):
            _check(lib.eml_part_defect(self._ptr, i, ctypes.byref(d)), "eml_part_defect")
            out.append(Defect(lib.eml_defect_name(d.code).decode(), d.offset,
                              lib.eml_defect_description(d.code).decode()))
        return out


class Message:
    """A parsed message (or a message embedded in a message/rfc822 part).
    It keeps the input bytes alive; its parts keep it alive."""

    def __init__(self, handle, root):
        self._handle = handle
        self.body = Part(handle, root)

    def __repr__(self):
        return "<eml.Message %r>" % (self.subject,)

    @property
    def headers(self):
        return self.body.headers

    @property
    def part_count(self):
        return lib.eml_message_part_count(self._handle.ptr)

    def walk(self, with_depth=False):
        return self.body.walk(with_depth)

    def attachments(self):
        """Parts meant to be saved: leaves (or attached messages) with a file
        name or with disposition "attachment"."""
        return [p for p in self.walk()
                if not p.is_multipart and p != self.body
                and (p.filename is not None or p.disposition == "attachment")]

    @property
    def defects(self):
        """Defects of every part of this message, in tree order."""
        return [d for p in self.walk() for d in p.defects]

    @property
    def subject(self):
        return self.headers.get("Subject")

    def _addresses(self, name):
        part = self.body
        i = part._find(name)
        if i is None:
            return []
        n = ctypes.c_size_t()
        _check(lib.eml_part_field_addresses(part._ptr, i, None, 0, ctypes.byref(n)), "addresses")
        arr = (_CAddress * max(n.value, 1))()
        _check(lib.eml_part_field_addresses(part._ptr, i, arr, n.value, ctypes.byref(n)), "addresses")
        return [Address(_str(a.name.bytes()), _str(a.address.bytes()), _str(a.group.bytes()))
                for a in arr[:n.value]]

    @property
    def from_(self):
        return self._addresses("From")

    @property
    def sender(self):
        return self._addresses("Sender")

    @property
    def reply_to(self):
        return self._addresses("Reply-To")

    @property
    def to(self):
        return self._addresses("To")

    @property
    def cc(self):
        return self._addresses("Cc")

    @property
    def bcc(self):
        return self._addresses("Bcc")

    @property
    def date(self):
        """The Date field as an aware datetime in the sender's zone, or None."""
        i = self.body._find("Date")
        if i is None:
            return None
        epoch, zone = ctypes.c_int64(), ctypes.c_int()
        rc = lib.eml_part_field_date(self.body._ptr, i, ctypes.byref(epoch), ctypes.byref(zone))
        if rc == _lib.ENOTFOUND:
            return None
        _check(rc, "eml_part_field_date")
        tz = datetime.timezone(datetime.timedelta(minutes=zone.value))
        try:
            return datetime.datetime.fromtimestamp(epoch.value, tz)
        except (OverflowError, OSError, ValueError):
            return None

    def _msgids(self, name):
        i = self.body._find(name)
        if i is None:
            return []
        n = ctypes.c_size_t()
        _check(lib.eml_part_field_msgids(self.body._ptr, i, None, 0, ctypes.byref(n)), "msgids")
        arr = (Slice * max(n.value, 1))()
        _check(lib.eml_part_field_msgids(self.body._ptr, i, arr, n.value, ctypes.byref(n)), "msgids")
        return [_str(s.bytes()) for s in arr[:n.value]]

    @property
    def message_id(self):
        ids = self._msgids("Message-ID")
        return ids[0] if ids else None

    @property
    def in_reply_to(self):
        return self._msgids("In-Reply-To")

    @property
    def references(self):
        return self._msgids("References")
