"""The binding's API on the sample messages of examples/."""
import datetime
import gc
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import eml  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples")


def sample(name):
    with open(os.path.join(EXAMPLES, name), "rb") as f:
        return f.read()


class TestMessage(unittest.TestCase):
    def setUp(self):
        self.msg = eml.parse(sample("attachments.eml"))

    def test_header_semantics(self):
        m = self.msg
        self.assertEqual(m.subject, "Files for the réunion (✔)")
        self.assertEqual(m.from_, [eml.Address("Dan", "dan@example.com", None)])
        self.assertEqual([a.address for a in m.to], ["team@example.com", "eve@example.com"])
        self.assertEqual(m.to[0].name, "Team, all")
        self.assertIsNone(m.to[1].name)
        self.assertEqual(m.cc, [])
        want = datetime.datetime(2025, 3, 14, 21, 45, tzinfo=datetime.timezone.utc)
        self.assertEqual(m.date, want)
        self.assertEqual(m.date.utcoffset(), datetime.timedelta(hours=-5))
        self.assertIsNone(m.message_id)

    def test_headers_ordered(self):
        h = self.msg.headers
        self.assertEqual(h.keys()[:4], ["From", "To", "Subject", "Date"])
        self.assertEqual(len(h), 6)
        self.assertEqual(h["content-type"], 'multipart/mixed; boundary="==mix=="')
        self.assertEqual(h.get_all("TO"), ['"Team, all" <team@example.com>, eve@example.com'])
        self.assertEqual(h.get_all("Received"), [])
        self.assertNotIn("Received", h)
        self.assertRaises(KeyError, lambda: h["Received"])
        self.assertEqual(h.raw("Subject"),
                         b" Files for the =?UTF-8?Q?r=C3=A9union?= (=?UTF-8?B?4pyU?=)")

    def test_tree(self):
        parts = list(self.msg.walk())
        self.assertEqual([(p.depth, p.content_type) for p in parts], [
            (0, "multipart/mixed"), (1, "text/plain"), (1, "text/plain"),
            (1, "application/pdf"), (1, "application/octet-stream"),
            (1, "message/rfc822"), (2, "text/plain")])
        self.assertEqual(self.msg.part_count, 7)
        # A walk from a part stays below it and counts depth from it.
        attached = self.msg.body.parts[4]
        self.assertEqual([(p.content_type, d) for p, d in attached.walk(with_depth=True)],
                         [("message/rfc822", 0), ("text/plain", 1)])
        self.assertEqual([p.content_type for p in self.msg.body.parts[0].walk()], ["text/plain"])
        body = self.msg.body
        self.assertTrue(body.is_multipart)
        self.assertEqual(len(body.parts), 5)
        self.assertEqual(body.params, {"boundary": "==mix=="})
        self.assertEqual(body.param("BOUNDARY"), "==mix==")
        self.assertIsNone(body.param("charset\0x"))
        self.assertEqual(body.parts[0].parent, body)
        inner = body.parts[4].message
        self.assertEqual(inner.subject, "Forwarded note")
        self.assertEqual(inner.from_[0].address, "frank@example.org")
        self.assertEqual(inner.body.text(), "A forwarded message.")
        self.assertIsNone(body.parts[0].message)

    def test_leaves(self):
        plain, resume, pdf, blob, _ = self.msg.body.parts
        self.assertEqual(plain.text(), "The three files are attached.")
        self.assertEqual(plain.params, {"charset": "us-ascii"})
        self.assertEqual(resume.filename, "naïve résumé.txt")
        self.assertEqual(resume.disposition, "attachment")
        self.assertEqual(resume.encoding, "base64")
        self.assertEqual(resume.raw, b"UXVhcnRlcmx5IGZpZ3VyZXMKUTEgMTAKUTIgMTIK")
        self.assertEqual(resume.decoded(), b"Quarterly figures\nQ1 10\nQ2 12\n")
        self.assertEqual(pdf.filename, "../../etc/report.pdf")
        self.assertEqual(pdf.decoded(), b"%PDF-1.4 tiny\n")
        self.assertIsNone(blob.filename)
        self.assertEqual(blob.decoded(), b"\x00\x01\x02\xff")
        files = self.msg.attachments
        self.assertEqual(files[:3], [resume, pdf, blob])
        self.assertEqual([a.inline for a in files], [False, False, False, True])
        # The text of the attached message is shown in line.
        self.assertEqual(files[3].content, b"A forwarded message.")

    def test_defects(self):
        # Header semantics are decoded on demand: the defect appears once
        # the subject has been read.
        self.assertEqual(self.msg.defects, [])
        self.assertEqual(self.msg.subject, "Files for the réunion (✔)")
        names = [d.name for d in self.msg.defects]
        self.assertEqual(names, ["ENCODED_WORD_GLUED"])
        d = self.msg.defects[0]
        self.assertIsInstance(d.code, int)
        self.assertEqual(eml._lib.lib.eml_defect_name(d.code).decode(), d.name)
        self.assertEqual(sample("attachments.eml")[d.offset:d.offset + 17], b"=?UTF-8?B?4pyU?=)")
        broken = eml.parse(b"Content-Type: multipart/mixed\n\nno boundary\n")
        self.assertIn("MULTIPART_NO_BOUNDARY", [d.name for d in broken.defects])
        bad = eml.parse(b"Content-Transfer-Encoding: base64\n\naGVs*bG8=\n")
        self.assertEqual(bad.body.decoded(), b"hello")
        self.assertIn("BASE64_INVALID_CHAR", [d.name for d in bad.body.defects])

    def test_charset_text(self):
        m = eml.parse(sample("html.eml"))
        self.assertEqual(m.body.text(),
                         "<html><body><p>Café opens at 10 – see you there.</p></body></html>\n")
        self.assertEqual(m.body.params["charset"], "windows-1252")

    def test_input_types(self):
        data = sample("sample.eml")
        for form in (data, bytearray(data), memoryview(data)):
            self.assertEqual(eml.parse(form).subject, "Rapport mensuel – juin")
        self.assertRaises(TypeError, eml.parse, "text is not bytes")
        empty = eml.parse(b"")
        self.assertEqual(empty.body.content_type, "text/plain")
        self.assertIsNone(empty.subject)
        self.assertIsNone(empty.date)

    def test_lifetime(self):
        # Parts and embedded messages outlive the Message object, and the
        # input buffer outlives the caller's copy.
        data = bytearray(sample("attachments.eml"))
        msg = eml.parse(data)
        pdf = msg.body.parts[2]
        inner = msg.body.parts[4].message
        leaf = list(msg.walk())[-1]
        del msg
        data[:] = b"x" * len(data)  # the caller's buffer may change
        gc.collect()
        self.assertEqual(pdf.decoded(), b"%PDF-1.4 tiny\n")
        self.assertEqual(pdf.filename, "../../etc/report.pdf")
        self.assertEqual(inner.subject, "Forwarded note")
        del inner
        gc.collect()
        self.assertEqual(leaf.text(), "A forwarded message.")
        self.assertEqual(leaf.parent.parent.content_type, "multipart/mixed")

    def test_many_messages_freed(self):
        data = sample("sample.eml")
        for _ in range(2000):
            parts = list(eml.parse(data).walk())
        self.assertEqual(len(parts), 5)

    def test_library_found_through_environment(self):
        path = os.environ.get("EML_LIBRARY")
        if not path:
            self.skipTest("EML_LIBRARY not set")
        self.assertEqual(eml._lib.lib._name, path)

    def test_version(self):
        major, minor, patch = (int(x) for x in eml.version().split("."))
        self.assertEqual(eml.library_version(), major * 10000 + minor * 100 + patch)


if __name__ == "__main__":
    unittest.main()
