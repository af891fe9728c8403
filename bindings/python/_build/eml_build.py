"""Build backend (PEP 517) of the eml package: builds libeml with the
source tree's Makefile and writes a wheel that carries the shared library
next to the Python code (eml/libeml.so.2).

It needs nothing beyond the standard library, make and a C compiler, so
`pip install --no-build-isolation bindings/python` works offline.

Environment:
  EML_SOURCE_DIR  the libeml source tree (default: two folders up)
  EML_BUILD       its build folder, relative to it or absolute (default: build)
  EML_MAKE        the make program (default: make)
"""
import base64
import hashlib
import io
import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python
PACKAGE_FILES = ("__init__.py", "_lib.py", "py.typed")


def _project():
    with open(os.path.join(HERE, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    project = text[text.index("[project]"):]

    def field(key):
        m = re.search(r'^%s\s*=\s*"([^"]*)"' % key, project, re.M)
        return m.group(1) if m else None

    return {"name": field("name"), "version": field("version"),
            "summary": field("description"), "requires_python": field("requires-python")}


def _source_dir():
    src = os.environ.get("EML_SOURCE_DIR") or os.path.normpath(os.path.join(HERE, "..", ".."))
    if not (os.path.isfile(os.path.join(src, "Makefile"))
            and os.path.isfile(os.path.join(src, "include", "eml.h"))):
        raise RuntimeError("libeml source tree not found at %s (set EML_SOURCE_DIR)" % src)
    return src


def _build_library():
    """Runs `make lib` in the source tree and returns the bytes of
    libeml.so.2 (make does nothing when the library is up to date)."""
    src = _source_dir()
    build = os.environ.get("EML_BUILD") or "build"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    cmd = [os.environ.get("EML_MAKE") or "make", "-C", src, "BUILD=" + build, "lib"]
    sys.stderr.write("eml: %s\n" % " ".join(cmd))
    subprocess.run(cmd, check=True, env=env, stdout=sys.stderr)
    path = os.path.join(build if os.path.isabs(build) else os.path.join(src, build), "libeml.so.2")
    with open(os.path.realpath(path), "rb") as f:
        return f.read()


def _metadata(p):
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    lines = ["Metadata-Version: 2.1", "Name: " + p["name"], "Version: " + p["version"],
             "Summary: " + p["summary"], "License: MIT",
             "Requires-Python: " + p["requires_python"],
             "Classifier: Programming Language :: Python :: 3",
             "Classifier: Topic :: Communications :: Email",
             "Description-Content-Type: text/markdown", "", readme]
    return "\n".join(lines).encode("utf-8")


def _tag():
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "py3-none-" + platform


def _dist_info(p):
    return "%s-%s.dist-info" % (p["name"], p["version"])


def _dist_info_files(p):
    wheel = ("Wheel-Version: 1.0\nGenerator: eml_build\nRoot-Is-Purelib: false\n"
             "Tag: %s\n" % _tag()).encode()
    return {"METADATA": _metadata(p), "WHEEL": wheel, "top_level.txt": b"eml\n"}


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    p = _project()
    folder = os.path.join(metadata_directory, _dist_info(p))
    os.makedirs(folder, exist_ok=True)
    for name, data in _dist_info_files(p).items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    return _dist_info(p)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    p = _project()
    files = []
    for name in PACKAGE_FILES:
        with open(os.path.join(HERE, "eml", name), "rb") as f:
            files.append(("eml/" + name, f.read(), 0o644))
    files.append(("eml/libeml.so.2", _build_library(), 0o755))
    info = _dist_info(p)
    for name, data in _dist_info_files(p).items():
        files.append((info + "/" + name, data, 0o644))
    record = []
    for name, data, _ in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (name, digest, len(data)))
    record.append(info + "/RECORD,,")
    files.append((info + "/RECORD", ("\n".join(record) + "\n").encode(), 0o644))
    filename = "%s-%s-%s.whl" % (p["name"], p["version"], _tag())
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for name, data, mode in files:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = (0o100000 | mode) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    """The Python sources only: building a wheel from it needs the libeml
    source tree (EML_SOURCE_DIR)."""
    p = _project()
    base = "%s-%s" % (p["name"], p["version"])
    filename = base + ".tar.gz"
    names = ["pyproject.toml", "README.md", "_build/eml_build.py"] + \
        ["eml/" + n for n in PACKAGE_FILES]
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz") as tar:
        for name in names:
            tar.add(os.path.join(HERE, name), arcname=base + "/" + name)
        pkg_info = _metadata(p)
        entry = tarfile.TarInfo(base + "/PKG-INFO")
        entry.size = len(pkg_info)
        tar.addfile(entry, io.BytesIO(pkg_info))
    return filename
