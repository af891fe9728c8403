"""ctypes declarations for the libeml C API (include/eml.h)."""
import ctypes
import ctypes.util
import os

c_size_p = ctypes.POINTER(ctypes.c_size_t)


class Slice(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]

    def bytes(self):
        if not self.ptr:
            return None
        return ctypes.string_at(self.ptr, self.len)


class Field(ctypes.Structure):
    _fields_ = [("name", Slice), ("value", Slice), ("offset", ctypes.c_size_t)]


class Param(ctypes.Structure):
    _fields_ = [("name", Slice), ("value", Slice)]


class Defect(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("offset", ctypes.c_size_t)]


class Address(ctypes.Structure):
    _fields_ = [("name", Slice), ("address", Slice), ("group", Slice)]


def _candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    # The copy installed with the package comes first, then the path in
    # EML_LIBRARY, then the build folder of the source tree this file sits
    # in (bindings/python/eml -> ../../../build), then the system.
    yield os.path.join(here, "libeml.so.2")
    env = os.environ.get("EML_LIBRARY")
    if env:
        yield env
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    if os.path.isfile(os.path.join(root, "include", "eml.h")):
        for build in (os.environ.get("BUILD"), "build"):
            if build:
                yield os.path.join(build if os.path.isabs(build) else os.path.join(root, build),
                                   "libeml.so.2")
    found = ctypes.util.find_library("eml")
    if found:
        yield found


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    raise OSError("libeml not found (set EML_LIBRARY to the path of libeml.so.2)"
                  + ("; " + "; ".join(errors) if errors else ""))


lib = _load()

_P = ctypes.c_void_p
_S = ctypes.c_size_t
_I = ctypes.c_int

_SIGNATURES = {
    "eml_version": (ctypes.c_uint, []),
    "eml_version_string": (ctypes.c_char_p, []),
    "eml_strerror": (ctypes.c_char_p, [_I]),
    "eml_error_name": (ctypes.c_char_p, [_I]),
    "eml_defect_name": (ctypes.c_char_p, [_I]),
    "eml_defect_description": (ctypes.c_char_p, [_I]),
    "eml_parse": (_I, [_P, _S, _P, ctypes.POINTER(_P)]),
    "eml_message_free": (None, [_P]),
    "eml_message_root": (_P, [_P]),
    "eml_message_part_count": (_S, [_P]),
    "eml_part_parent": (_P, [_P]),
    "eml_part_child_count": (_S, [_P]),
    "eml_part_child": (_P, [_P, _S]),
    "eml_part_embedded": (_P, [_P]),
    "eml_part_depth": (_S, [_P]),
    "eml_part_walk_next": (_P, [_P, _P, c_size_p]),
    "eml_part_field_count": (_S, [_P]),
    "eml_part_field": (_I, [_P, _S, ctypes.POINTER(Field)]),
    "eml_part_field_unfolded": (_I, [_P, _S, ctypes.POINTER(Slice)]),
    "eml_part_field_text": (_I, [_P, _S, ctypes.POINTER(Slice)]),
    "eml_part_content_type": (Slice, [_P]),
    "eml_part_type": (Slice, [_P]),
    "eml_part_subtype": (Slice, [_P]),
    "eml_part_param_count": (_S, [_P]),
    "eml_part_param": (_I, [_P, _S, ctypes.POINTER(Param)]),
    "eml_part_param_get": (Slice, [_P, ctypes.c_char_p, _S]),
    "eml_part_disposition": (Slice, [_P]),
    "eml_part_disposition_param_count": (_S, [_P]),
    "eml_part_disposition_param": (_I, [_P, _S, ctypes.POINTER(Param)]),
    "eml_part_disposition_param_get": (Slice, [_P, ctypes.c_char_p, _S]),
    "eml_part_filename": (Slice, [_P]),
    "eml_part_encoding_name": (Slice, [_P]),
    "eml_part_body_raw": (Slice, [_P]),
    "eml_part_decoded": (_I, [_P, ctypes.POINTER(Slice)]),
    "eml_part_text": (_I, [_P, ctypes.POINTER(Slice)]),
    "eml_part_defect_count": (_S, [_P]),
    "eml_part_defect": (_I, [_P, _S, ctypes.POINTER(Defect)]),
    "eml_part_field_addresses": (_I, [_P, _S, ctypes.POINTER(Address), _S, c_size_p]),
    "eml_part_field_date": (_I, [_P, _S, ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(_I)]),
    "eml_part_field_msgids": (_I, [_P, _S, ctypes.POINTER(Slice), _S, c_size_p]),
    "eml_part_field_find": (_I, [_P, ctypes.c_char_p, _S, _S, c_size_p]),
    "eml_part_best_text": (_P, [_P]),
    "eml_part_best_html": (_P, [_P]),
    "eml_part_body_text": (_I, [_P, ctypes.POINTER(Slice)]),
    "eml_part_attachments": (_I, [_P, ctypes.POINTER(ctypes.POINTER(_P)), c_size_p]),
    "eml_part_inline_parts": (_I, [_P, ctypes.POINTER(ctypes.POINTER(_P)), c_size_p]),
    "eml_part_content_id": (Slice, [_P]),
    "eml_part_find_content_id": (_P, [_P, ctypes.c_char_p, _S]),
    "eml_part_decoded_size": (_I, [_P, c_size_p]),
    "eml_html_to_text_size_max": (_S, [_S]),
    "eml_html_to_text": (_I, [ctypes.c_char_p, _S, ctypes.c_char_p, _S, c_size_p]),
    "eml_mbox_create": (_I, [_P, _S, _I, _P, ctypes.POINTER(_P)]),
    "eml_mbox_free": (None, [_P]),
    "eml_mbox_next": (_I, [_P, ctypes.POINTER(Slice), c_size_p]),
    "eml_mbox_from_line": (Slice, [_P]),
}

for _name, (_res, _args) in _SIGNATURES.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args

OK = 0
EINVAL = -1
ENOMEM = -2
ENOTFOUND = -5
