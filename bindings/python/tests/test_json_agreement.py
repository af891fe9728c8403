"""Agreement with the eml tool (`eml json`) on every message of the corpus
in ../shared/corpus: subject, From and To addresses, the number of parts,
and the size of every attachment. The binding and the tool run the same
library, so they must agree exactly."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import eml  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.environ.get("EML_CORPUS") or os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
BUILD = os.environ.get("BUILD") or "build"
TOOL = os.path.join(BUILD if os.path.isabs(BUILD) else os.path.join(ROOT, BUILD), "eml")


def json_nodes(part, out):
    """The parts of a JSON message body in pre-order, as the walk gives them."""
    out.append(part)
    for child in part.get("parts", ()):
        json_nodes(child, out)
    if "message" in part:
        json_nodes(part["message"]["body"], out)
    return out


def addresses(items):
    return [(a.get("name"), a["address"], a.get("group")) for a in items]


def our_addresses(items):
    return [(a.name, a.address, a.group) for a in items]


def messages_of(source, offsets):
    """Our messages of source, by offset, read the way the tool reads it."""
    with open(source, "rb") as f:
        head = f.read(5)
    if head == b"From " and not source.endswith(".eml"):
        return {m.offset: m for m in eml.mbox(source)}
    with open(source, "rb") as f:
        return {0: eml.parse(f.read())}


@unittest.skipUnless(os.path.isdir(CORPUS), "corpus not found at %s" % CORPUS)
@unittest.skipUnless(os.access(TOOL, os.X_OK), "%s not built" % TOOL)
class TestAgainstTool(unittest.TestCase):
    def test_every_message(self):
        out = subprocess.run([TOOL, "json", "-q", CORPUS], stdout=subprocess.PIPE, check=True).stdout
        by_source = {}
        for line in out.splitlines():
            d = json.loads(line)
            by_source.setdefault(d["source"], []).append(d)
        checked = attachments = 0
        for source, records in sorted(by_source.items()):
            ours = messages_of(source, [r["offset"] for r in records])
            for r in records:
                where = "%s@%d" % (source, r["offset"])
                m = ours.get(r["offset"])
                self.assertIsNotNone(m, where)
                self.assertEqual(m.subject, r["subject"], where)
                self.assertEqual(our_addresses(m.from_), addresses(r["from"]), where)
                self.assertEqual(our_addresses(m.to), addresses(r["to"]), where)
                nodes = json_nodes(r["body"], [])
                parts = list(m.walk())
                self.assertEqual(len(parts), len(nodes), where)
                index = {p: i for i, p in enumerate(parts)}
                for a in m.attachments:
                    node = nodes[index[a]]
                    self.assertEqual(node["type"], a.content_type, where)
                    if "size" in node:
                        self.assertEqual(a.size, node["size"], where)
                        self.assertEqual(len(a.content), node["size"], where)
                        attachments += 1
                checked += 1
        sys.stderr.write("\ncorpus vs eml json: %d messages, %d attachment sizes agree\n"
                         % (checked, attachments))
        self.assertGreater(checked, 300)


if __name__ == "__main__":
    unittest.main()
