"""The message view (text, html, attachments, Content-IDs), input buffer
types and mailbox iteration, on messages written here."""
import datetime
import gc
import mmap
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import eml  # noqa: E402

RELATED = b"""\
From: "Ann Lee" <ann@example.com>
To: Bob <bob@example.org>, Team: carol@example.net, dave@example.net;
Cc: eve@example.com
Subject: =?UTF-8?Q?Caf=C3=A9?= plans
Date: Tue, 2 Dec 2025 09:15:00 +0100
Message-ID: <plan.42@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

Plain body.
--alt
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>HTML <b>body</b> <img src="cid:logo@x"></p>
--rel
Content-Type: image/png
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--rel--
--alt--
--outer
Content-Type: application/pdf; name="plan.pdf"
Content-Disposition: attachment; filename="plan.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--outer--
"""

HTML_ONLY = b"""\
From: x@example.com
Subject: only html
Content-Type: text/html; charset=utf-8

<html><body><h1>Title</h1><p>One &amp; two</p></body></html>
"""


class TestView(unittest.TestCase):
    def setUp(self):
        self.m = eml.parse(RELATED)

    def test_headers(self):
        m = self.m
        self.assertEqual(m.subject, "Café plans")
        self.assertEqual(m.from_, [eml.Address("Ann Lee", "ann@example.com", None)])
        self.assertEqual([(a.name, a.address, a.group) for a in m.to], [
            ("Bob", "bob@example.org", None), (None, "carol@example.net", "Team"),
            (None, "dave@example.net", "Team")])
        self.assertEqual([a.address for a in m.cc], ["eve@example.com"])
        self.assertEqual(m.date, datetime.datetime(2025, 12, 2, 8, 15, tzinfo=datetime.timezone.utc))
        self.assertEqual(m.date.utcoffset(), datetime.timedelta(hours=1))
        self.assertEqual(m.message_id, "plan.42@example.com")
        self.assertEqual(m.headers["message-id"], "<plan.42@example.com>")

    def test_bodies(self):
        m = self.m
        self.assertEqual(m.text, "Plain body.")
        self.assertEqual(m.html, '<p>HTML <b>body</b> <img src="cid:logo@x"></p>')
        self.assertEqual(m.text_part.content_type, "text/plain")
        self.assertEqual(m.html_part.content_type, "text/html")
        h = eml.parse(HTML_ONLY)
        self.assertIsNone(h.text_part)
        self.assertIn("One & two", h.text)
        self.assertNotIn("<p>", h.text)
        self.assertEqual(eml.html_to_text("<p>a &amp; b</p>"), "a & b\n")
        none = eml.parse(b"Content-Type: image/gif\n\nGIF89a")
        self.assertIsNone(none.text)
        self.assertIsNone(none.html)

    def test_attachments(self):
        files = self.m.attachments
        self.assertEqual([(a.filename, a.content_type, a.content_id, a.inline, a.size)
                          for a in files],
                         [("plan.pdf", "application/pdf", None, False, 9),
                          (None, "image/png", "logo@x", True, 8)])
        self.assertEqual(files[0].content, b"%PDF-1.4\n")
        self.assertEqual(files[1].content, b"\x89PNG\r\n\x1a\n")
        for form in ("cid:logo@x", "<logo@x>", "logo@x"):
            self.assertEqual(self.m.part_by_cid(form), files[1])
        self.assertIsNone(self.m.part_by_cid("nothing@x"))

    def test_walk(self):
        self.assertEqual([(p.content_type, d) for p, d in self.m.walk(with_depth=True)], [
            ("multipart/mixed", 0), ("multipart/alternative", 1), ("text/plain", 2),
            ("multipart/related", 2), ("text/html", 3), ("image/png", 3),
            ("application/pdf", 1)])
        self.assertEqual(self.m.part_count, 7)

    def test_defects(self):
        m = eml.parse(b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n")
        defects = m.defects
        self.assertTrue(defects)
        for d in defects:
            self.assertIsInstance(d.code, int)
            self.assertIsInstance(d.name, str)
            self.assertIsInstance(d.offset, int)

    def test_buffers(self):
        with tempfile.TemporaryFile() as f:
            f.write(RELATED)
            f.flush()
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        for form in (RELATED, bytearray(RELATED), memoryview(RELATED),
                     memoryview(bytearray(RELATED)), mapped, memoryview(mapped)):
            m = eml.parse(form)
            self.assertEqual(m.subject, "Café plans", type(form))
            self.assertEqual(m.attachments[0].content, b"%PDF-1.4\n")
        # In place: the mapping stays exported while a message uses it.
        m = eml.parse(mapped)
        self.assertRaises(BufferError, mapped.close)
        del m, form
        gc.collect()
        mapped.close()
        # copy=False on a bytearray parses in place: it cannot be resized.
        data = bytearray(RELATED)
        m = eml.parse(data, copy=False)
        self.assertRaises(BufferError, data.extend, b"x")
        self.assertEqual(m.subject, "Café plans")
        # The default copies a bytearray, which stays free to change.
        data2 = bytearray(RELATED)
        m2 = eml.parse(data2)
        data2[:] = b""
        self.assertEqual(m2.subject, "Café plans")
        # Non-contiguous views are copied.
        strided = memoryview(b"".join(bytes([c, 0]) for c in b"Subject: x\n\n"))[::2]
        self.assertEqual(eml.parse(strided).subject, "x")


MBOX = b"""\
From alice@example.org Mon Jan  6 10:00:00 2025
From: alice@example.org
Subject: one

>From the start.

From bob@example.com Mon Jan  6 11:30:00 2025
From: bob@example.com
Subject: two

Body two.
"""


class TestMailboxes(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_mbox(self):
        path = os.path.join(self.tmp.name, "box.mbox")
        with open(path, "wb") as f:
            f.write(MBOX)
        msgs = list(eml.mbox(path))
        self.assertEqual([m.subject for m in msgs], ["one", "two"])
        self.assertEqual([m.from_[0].address for m in msgs], ["alice@example.org", "bob@example.com"])
        self.assertEqual([m.offset for m in msgs], [MBOX.index(b"From: alice"), MBOX.index(b"From: bob")])
        self.assertEqual(msgs[1].from_line, "From bob@example.com Mon Jan  6 11:30:00 2025")
        self.assertEqual(msgs[0].path, path)
        self.assertEqual(msgs[0].text, "From the start.\n")  # unquoted (a copy)
        self.assertEqual(msgs[1].text, "Body two.\n")  # in the mapping
        with eml.mbox(path, format="mboxcl2") as box:
            self.assertTrue(next(box).subject)
        self.assertRaises(ValueError, eml.mbox, path, "bogus")
        empty = os.path.join(self.tmp.name, "empty")
        open(empty, "wb").close()
        self.assertEqual(list(eml.mbox(empty)), [])

    def test_maildir(self):
        root = os.path.join(self.tmp.name, "Maildir")
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(root, sub))
        names = {("new", "1.b"): b"Subject: new b\n\n", ("cur", "2.z:2,S"): b"Subject: cur z\n\n",
                 ("cur", "1.a:2,"): b"Subject: cur a\n\n", ("tmp", "x"): b"Subject: tmp\n\n",
                 ("cur", ".hidden"): b"Subject: hidden\n\n"}
        for (sub, name), data in names.items():
            with open(os.path.join(root, sub, name), "wb") as f:
                f.write(data)
        msgs = list(eml.maildir(root))
        self.assertEqual([m.subject for m in msgs], ["cur a", "cur z", "new b"])
        self.assertEqual(msgs[2].path, os.path.join(root, "new", "1.b"))
        self.assertIsNone(msgs[0].offset)


if __name__ == "__main__":
    unittest.main()
