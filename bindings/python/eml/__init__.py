"""Python binding of libeml, a fast zero-copy parser for Internet email.

    import eml
    msg = eml.parse(open("message.eml", "rb").read())
    print(msg.subject, msg.from_, msg.date)
    for part in msg.walk():
        print(part.content_type, part.filename)

    for att in msg.attachments:
        print(att.filename, att.content_type, att.size)

    for msg in eml.mbox("archive.mbox"):
        print(msg.offset, msg.subject)

Pure Python over the shared library (ctypes). The package installed with
pip carries its own copy of libeml (eml/libeml.so.2).
"""
import collections
import ctypes
import datetime
import mmap as _mmap
import os
from typing import Iterator, List, Optional, Tuple, Union

from . import _lib
from ._lib import lib, Slice, Field, Param, Defect as _CDefect, Address as _CAddress

__all__ = ["parse", "mbox", "maildir", "html_to_text", "Message", "Part", "Attachment",
           "Headers", "Address", "Defect", "Mbox", "EmlError", "version", "library_version"]

Address = collections.namedtuple("Address", "name address group")
Address.__doc__ = "One mailbox of an address list; name and group are None when absent."
Defect = collections.namedtuple("Defect", "code name offset description")
Defect.__doc__ = ("A deviation from the RFCs: its numeric code (eml_defect), its name,"
                  " its byte offset in the input, a description.")

Buffer = Union[bytes, bytearray, memoryview, _mmap.mmap]


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


class _PyBuffer(ctypes.Structure):
    """Py_buffer of the C API (Include/pybuffer.h)."""
    _fields_ = [("buf", ctypes.c_void_p), ("obj", ctypes.c_void_p),
                ("len", ctypes.c_ssize_t), ("itemsize", ctypes.c_ssize_t),
                ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
                ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p),
                ("strides", ctypes.c_void_p), ("suboffsets", ctypes.c_void_p),
                ("internal", ctypes.c_void_p)]


try:
    _get_buffer = ctypes.pythonapi.PyObject_GetBuffer
    _get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
    _get_buffer.restype = ctypes.c_int
    _release_buffer = ctypes.pythonapi.PyBuffer_Release
    _release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]
    _release_buffer.restype = None
except (AttributeError, OSError):  # an interpreter without the CPython C API
    _get_buffer = _release_buffer = None


class _Input:
    """The bytes a message (or an mbox iterator) points into: the address
    and length of a contiguous buffer, held exported (so a bytearray cannot
    be resized nor an mmap closed under it) until this object goes."""

    __slots__ = ("obj", "address", "length", "_view", "_release")

    def __init__(self, obj):
        self.obj = obj
        self._view = None
        self._release = None
        if isinstance(obj, bytes):
            self.address = ctypes.cast(ctypes.c_char_p(obj), ctypes.c_void_p).value or 0
            self.length = len(obj)
            return
        view = _PyBuffer()
        _get_buffer(obj, ctypes.byref(view), 0)  # PyBUF_SIMPLE: C-contiguous bytes
        self._view = view
        self._release = _release_buffer
        self.address = view.buf or 0
        self.length = view.len

    def __del__(self):
        view, self._view = getattr(self, "_view", None), None
        if view is not None:
            self._release(ctypes.byref(view))


def _mutable(data):
    if isinstance(data, _mmap.mmap):
        return False
    if isinstance(data, memoryview):
        return not data.readonly and not isinstance(data.obj, _mmap.mmap)
    return not isinstance(data, bytes)


class _Handle:
    """Owns the C message and the input it points into. Every Message and
    Part refers to it, so the memory lives as long as any of them does,
    whatever order Python frees them in."""

    __slots__ = ("ptr", "input", "_free")

    def __init__(self, source, address, length):
        self.input = source  # the C slices point into it
        self._free = lib.eml_message_free
        self.ptr = None
        out = ctypes.c_void_p()
        _check(lib.eml_parse(address, length, None, ctypes.byref(out)), "eml_parse")
        self.ptr = out.value

    def __del__(self):
        ptr, self.ptr = getattr(self, "ptr", None), None
        if ptr:
            self._free(ptr)


def parse(data: Buffer, copy: Optional[bool] = None) -> "Message":
    """Parses one message and returns a Message. Malformed input never
    raises: problems are listed in the defects of the parts.

    data is bytes, bytearray, memoryview, mmap or any object with a
    contiguous buffer. The message points into that buffer, and keeps it
    alive (and exported: a bytearray cannot be resized, an mmap cannot be
    closed while a message uses it). Whether it copies:

    - copy=None (default): bytes, read-only buffers and mmaps are used in
      place, without copying; mutable buffers (bytearray, writable
      memoryviews of them) are copied first, since a change to them would
      change the parsed message under it;
    - copy=False: never copies; the caller must not modify the buffer
      while the message is in use;
    - copy=True: always parses a private copy.

    A non-contiguous memoryview is always copied.
    """
    if isinstance(data, str):
        raise TypeError("eml.parse takes bytes, not str")
    if copy is None:
        copy = _mutable(data)
    if copy or _get_buffer is None and not isinstance(data, bytes):
        data = bytes(data)
    try:
        source = _Input(data)
    except (BufferError, ValueError):
        source = _Input(bytes(data))
    handle = _Handle(source, source.address, source.length)
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

    def _find(self, name: str) -> Optional[int]:
        raw = name.encode("utf-8")
        index = ctypes.c_size_t()
        rc = lib.eml_part_field_find(self._ptr, raw, len(raw), 0, ctypes.byref(index))
        return index.value if rc == _lib.OK else None

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

    def text(self) -> str:
        """The body decoded and converted from its charset, as str."""
        s = Slice()
        _check(lib.eml_part_text(self._ptr, ctypes.byref(s)), "eml_part_text")
        return _str(s.bytes() or b"")

    @property
    def content(self) -> bytes:
        """The body with its transfer encoding undone (same as decoded())."""
        return self.decoded()

    @property
    def size(self) -> int:
        """The exact size of the transfer-decoded body, in bytes."""
        n = ctypes.c_size_t()
        _check(lib.eml_part_decoded_size(self._ptr, ctypes.byref(n)), "eml_part_decoded_size")
        return n.value

    @property
    def content_id(self) -> Optional[str]:
        """The Content-ID without its angle brackets, or None."""
        return _str(lib.eml_part_content_id(self._ptr).bytes())

    @property
    def defects(self):
        """Defects recorded on this part (grows after decoded()/text())."""
        d = _CDefect()
        out = []
        for i in range(lib.eml_part_defect_count(self._ptr)):
            _check(lib.eml_part_defect(self._ptr, i, ctypes.byref(d)), "eml_part_defect")
            out.append(Defect(d.code, lib.eml_defect_name(d.code).decode(), d.offset,
                              lib.eml_defect_description(d.code).decode()))
        return out


class Message:
    """A parsed message (or a message embedded in a message/rfc822 part).
    It keeps the input bytes alive; its parts keep it alive."""

    def __init__(self, handle, root, offset=None, path=None, from_line=None):
        self._handle = handle
        self.body = Part(handle, root)
        #: Byte offset of the message in its mbox (eml.mbox), else None.
        self.offset: Optional[int] = offset
        #: The file it was read from (eml.mbox, eml.maildir), else None.
        self.path: Optional[str] = path
        #: The mbox From_ line without its line break (eml.mbox), else None.
        self.from_line: Optional[str] = from_line

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

    def _view_parts(self, fn, inline):
        arr = ctypes.POINTER(ctypes.c_void_p)()
        n = ctypes.c_size_t()
        _check(fn(self.body._ptr, ctypes.byref(arr), ctypes.byref(n)), "message view")
        return [Attachment(self._handle, arr[i], inline) for i in range(n.value)]

    @property
    def attachments(self) -> List["Attachment"]:
        """The files of the message: first the attachments proper (the files
        a reader saves; inline False) in document order, then the inline
        parts (pictures of a multipart/related, Content-Disposition inline,
        further text parts; inline True) in document order. The text and
        HTML bodies are not listed, nor multiparts; attached messages are
        listed as one part each (see Part.message)."""
        return (self._view_parts(lib.eml_part_attachments, False)
                + self._view_parts(lib.eml_part_inline_parts, True))

    @property
    def text(self) -> Optional[str]:
        """The body as text: the best text/plain part, else the best
        text/html part converted to text; None when there is neither."""
        s = Slice()
        rc = lib.eml_part_body_text(self.body._ptr, ctypes.byref(s))
        if rc == _lib.ENOTFOUND:
            return None
        _check(rc, "eml_part_body_text")
        return _str(s.bytes() or b"")

    @property
    def html(self) -> Optional[str]:
        """The text of the best text/html part, or None."""
        part = self.html_part
        return None if part is None else part.text()

    @property
    def text_part(self) -> Optional[Part]:
        """The text/plain part that is the body, or None."""
        ptr = lib.eml_part_best_text(self.body._ptr)
        return Part(self._handle, ptr) if ptr else None

    @property
    def html_part(self) -> Optional[Part]:
        """The text/html part that is the body, or None."""
        ptr = lib.eml_part_best_html(self.body._ptr)
        return Part(self._handle, ptr) if ptr else None

    def part_by_cid(self, cid: str) -> Optional[Part]:
        """The first part (embedded messages included) whose Content-ID is
        cid, given as "cid:x" (%hh escapes decoded), "<x>" or "x"."""
        raw = cid.encode("utf-8")
        ptr = lib.eml_part_find_content_id(self.body._ptr, raw, len(raw))
        return Part(self._handle, ptr) if ptr else None

    @property
    def defects(self):
        """Defects of every part of this message, in tree order."""
        return [d for p in self.walk() for d in p.defects]

    @property
    def subject(self) -> Optional[str]:
        """The Subject, encoded words decoded, or None."""
        i = self.body._find("Subject")
        return None if i is None else self.body._field_text(i)

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


class Attachment(Part):
    """A part listed in Message.attachments: a Part with inline telling
    whether it is shown in line with the body (True) or a file to save."""

    def __init__(self, handle, ptr, inline=False):
        super().__init__(handle, ptr)
        self.inline: bool = inline

    def __repr__(self):
        return "<eml.Attachment %s %r %d bytes%s>" % (
            self.content_type, self.filename, self.size, " inline" if self.inline else "")


_MBOX_FORMATS = {"auto": 0, "mboxo": 1, "mboxrd": 2, "mboxcl2": 3}


class Mbox:
    """Iterates the messages of an mbox file, mapped in memory (mmap).
    Messages point into the mapping (no copy) unless a quoted ">From "
    line had to be unquoted; each keeps its offset, path and From_ line.
    The mapping lives as long as the iterator or any message from it."""

    def __init__(self, path: Union[str, "os.PathLike[str]"], format: str = "auto"):
        if format not in _MBOX_FORMATS:
            raise ValueError("format must be one of %s" % ", ".join(_MBOX_FORMATS))
        self.path = os.fspath(path)
        self._ptr = None
        self._free = lib.eml_mbox_free
        with open(self.path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = _mmap.mmap(f.fileno(), 0, access=_mmap.ACCESS_READ) if size else b""
        self._input = _Input(data)
        out = ctypes.c_void_p()
        _check(lib.eml_mbox_create(self._input.address, self._input.length,
                                   _MBOX_FORMATS[format], None, ctypes.byref(out)),
               "eml_mbox_create")
        self._ptr = out.value

    def __iter__(self) -> Iterator["Message"]:
        return self

    def __next__(self) -> "Message":
        if not self._ptr:
            raise StopIteration
        s = Slice()
        offset = ctypes.c_size_t()
        rc = lib.eml_mbox_next(self._ptr, ctypes.byref(s), ctypes.byref(offset))
        if rc == _lib.ENOTFOUND:
            self.close()
            raise StopIteration
        _check(rc, "eml_mbox_next")
        from_line = _str(lib.eml_mbox_from_line(self._ptr).bytes())
        base, end = self._input.address, self._input.address + self._input.length
        if s.ptr and base <= s.ptr and s.ptr + s.len <= end:
            source, address = self._input, s.ptr  # in the mapping itself
        else:
            source = _Input(ctypes.string_at(s.ptr, s.len) if s.ptr else b"")
            address = source.address
        handle = _Handle(source, address, s.len)
        return Message(handle, lib.eml_message_root(handle.ptr), offset.value, self.path, from_line)

    def close(self) -> None:
        """Frees the iterator; messages already returned stay valid."""
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr:
            self._free(ptr)

    def __enter__(self) -> "Mbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        self.close()


def mbox(path: Union[str, "os.PathLike[str]"], format: str = "auto") -> Mbox:
    """Iterates the messages of the mbox at path. format: "auto" (mboxrd
    when some line is quoted as ">>From ", else mboxo), "mboxo", "mboxrd"
    or "mboxcl2"."""
    return Mbox(path, format)


def maildir(path: Union[str, "os.PathLike[str]"]) -> Iterator[Message]:
    """Iterates the messages of a maildir: the files of cur/ then new/,
    each sorted by name (names starting with "." skipped). Each message
    keeps its file's path."""
    root = os.fspath(path)
    for sub in ("cur", "new"):
        folder = os.path.join(root, sub)
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            continue
        for name in names:
            full = os.path.join(folder, name)
            if name.startswith(".") or not os.path.isfile(full):
                continue
            with open(full, "rb") as f:
                data = f.read()
            msg = parse(data)
            msg.path = full
            yield msg


def html_to_text(html: Union[str, bytes]) -> str:
    """Renders HTML (str, or UTF-8 bytes) as plain text, as Message.text
    does for a message that has only an HTML body."""
    raw = html.encode("utf-8") if isinstance(html, str) else bytes(html)
    cap = lib.eml_html_to_text_size_max(len(raw))
    buf = ctypes.create_string_buffer(cap)
    n = ctypes.c_size_t()
    _check(lib.eml_html_to_text(raw, len(raw), buf, cap, ctypes.byref(n)), "eml_html_to_text")
    return buf.raw[:n.value].decode("utf-8", "replace")
