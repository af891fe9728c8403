"""pip installs the package offline into a fresh virtual environment (or,
without the venv module, into a temporary target folder), and a clean
interpreter there imports eml and parses a message with the bundled
libeml.so.2: no EML_LIBRARY, no source tree on the path."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.normpath(os.path.join(HERE, ".."))
ROOT = os.path.normpath(os.path.join(PACKAGE, "..", ".."))

CHECK = r"""
import os, sys
import eml
here = os.path.dirname(eml.__file__)
assert eml.__file__.startswith(sys.argv[1]), eml.__file__
assert eml._lib.lib._name == os.path.join(here, "libeml.so.2"), eml._lib.lib._name
assert os.path.isfile(os.path.join(here, "py.typed"))
m = eml.parse(b"From: Ann <ann@example.com>\nSubject: installed\n\nbody\n")
print(m.subject, m.from_[0].address, m.text.strip(), eml.version())
"""


def has_pip():
    return subprocess.run([sys.executable, "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def clean_env():
    env = {k: v for k, v in os.environ.items()
           if k not in ("EML_LIBRARY", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PIP_NO_INDEX"] = "1"  # offline: never ask a package index
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    build = os.environ.get("BUILD")
    if build:
        env["EML_BUILD"] = os.path.abspath(os.path.join(ROOT, build))
    return env


@unittest.skipUnless(has_pip(), "pip is not installed (python3-pip)")
@unittest.skipUnless(shutil.which("make"), "make is not installed")
class TestInstall(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.env = clean_env()

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_ok(self, cmd, **kw):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=self.env, **kw)
        self.assertEqual(r.returncode, 0, "%s:\n%s" % (" ".join(cmd), r.stdout.decode()[-3000:]))
        return r.stdout.decode()

    def install(self):
        """Returns the interpreter to test with and the folder eml must come from."""
        venv = os.path.join(self.tmp, "venv")
        made = subprocess.run([sys.executable, "-m", "venv", "--without-pip",
                               "--system-site-packages", venv],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        python = os.path.join(venv, "bin", "python")
        if made.returncode == 0 and os.path.exists(python):
            # The venv sees the system's pip, and pip installs into the venv.
            self.run_ok([python, "-m", "pip", "install", "-q", "--no-build-isolation", PACKAGE])
            return python, venv, {}
        target = os.path.join(self.tmp, "target")
        cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-build-isolation",
               "--target", target, PACKAGE]
        r = subprocess.run(cmd[:4] + ["--break-system-packages"] + cmd[4:],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=self.env)
        if r.returncode != 0:  # a pip older than the option
            self.run_ok(cmd)
        return sys.executable, target, {"PYTHONPATH": target}

    def test_install_and_import(self):
        python, where, extra = self.install()
        env = dict(self.env, **extra)
        elsewhere = os.path.join(self.tmp, "elsewhere")
        os.mkdir(elsewhere)
        r = subprocess.run([python, "-c", CHECK, where], cwd=elsewhere, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(r.returncode, 0, r.stdout.decode())
        self.assertTrue(r.stdout.decode().startswith("installed ann@example.com body "),
                        r.stdout.decode())


if __name__ == "__main__":
    unittest.main()
