#!/usr/bin/env python3
"""Throughput of the Python binding (eml) against Python's email package
(policy.default) on a corpus of real messages, side by side in one run.

Both engines do the same work per message: the subject, the From
addresses, the best text body (eml: Message.text; email: get_body() with
plain preferred over html, then get_content()), and the bytes of each
attachment (eml: Message.attachments, .content; email: iter_attachments(),
get_payload(decode=True)). Each round times every engine once over the
whole corpus, in turn (interleaved), in processor time of this process;
the figures are the median, minimum and maximum over the rounds.

The counts are a cross-check, not a match: eml renders an HTML-only body
as text (email returns the HTML), and its attachments include inline
parts and the parts of attached messages, which iter_attachments() does
not look into; "raised" counts messages on which email raised.

    python3 tests/bench/python_bench.py [--rounds N] [CORPUS]
"""
import argparse
import email
import email.policy
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
import eml  # noqa: E402


def load(corpus):
    """Every message of the corpus as bytes: files, and each message of
    the mbox files (split by the binding's mbox reader)."""
    out = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith((".md", ".png", ".jpg", ".json")):
                continue
            with open(path, "rb") as f:
                data = f.read()
            if not data:
                continue
            if data.startswith(b"From ") and not name.endswith(".eml"):
                box = list(eml.mbox(path))
                ends = [m.offset for m in box[1:]] + [len(data)]
                for m, end in zip(box, ends):
                    out.append(data[m.offset:end])  # quoting left as is
            else:
                out.append(data)
    return out


def run_eml(messages):
    n_text = n_att = att_bytes = failed = 0
    for data in messages:
        m = eml.parse(data)
        m.subject
        m.from_
        text = m.text
        if text is not None:
            n_text += len(text)
        for a in m.attachments:
            att_bytes += len(a.content)
            n_att += 1
    return n_text, n_att, att_bytes, failed


def run_email(messages):
    policy = email.policy.default
    n_text = n_att = att_bytes = failed = 0
    for data in messages:
        try:
            m = email.message_from_bytes(data, policy=policy)
            m["subject"]
            f = m["from"]
            if f is not None:
                f.addresses
            body = m.get_body(preferencelist=("plain", "html"))
            if body is not None:
                n_text += len(body.get_content())
            for a in m.iter_attachments():
                payload = a.get_payload(decode=True)
                att_bytes += len(payload or b"")
                n_att += 1
        except Exception:  # broken input some headers or bodies raise on
            failed += 1
    return n_text, n_att, att_bytes, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        print("python bench: corpus not found at %s, skipped" % args.corpus)
        return 0
    messages = load(args.corpus)
    size = sum(len(m) for m in messages)
    engines = [("eml (libeml %s)" % eml.version(), run_eml),
               ("email policy.default (Python %d.%d)" % sys.version_info[:2], run_email)]
    times = {name: [] for name, _ in engines}
    counts = {}
    for name, fn in engines:  # warm-up, and the cross-check counts
        counts[name] = fn(messages)
    for _ in range(args.rounds):
        for name, fn in engines:
            t0 = time.process_time()
            fn(messages)
            times[name].append(time.process_time() - t0)
    print("Python: %d messages, %.1f MB, %d interleaved rounds (processor time)"
          % (len(messages), size / 1e6, args.rounds))
    print("| engine | MB/s median | min | max | messages/s | text chars | attachments | attachment bytes | raised |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, _ in engines:
        t = times[name]
        med = statistics.median(t)
        print("| %s | %.1f | %.1f | %.1f | %.0f | %d | %d | %d | %d |" % (
            name, size / med / 1e6, size / max(t) / 1e6, size / min(t) / 1e6,
            len(messages) / med, *counts[name]))
    a, b = (statistics.median(times[name]) for name, _ in engines)
    print("eml takes %.3f of email's time (%.1fx faster)" % (a / b, b / a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
