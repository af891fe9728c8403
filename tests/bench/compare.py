#!/usr/bin/env python3
"""Side-by-side benchmark of two builds of eml-bench.

    compare.py OLD_BENCH NEW_BENCH [--rounds N] [-- BENCH_ARGS...]

Runs the two binaries alternately (old, new, old, new, ...), N rounds each,
so that both see the same machine load, and prints for every libeml row
of the tables the ratio new/old of the row's median rate in each round:
the median of those ratios with their min and max. A ratio above 1 means
the new build is faster; on a shared machine, ratios within the min-max
spread of rows that did not change are noise.
"""
import statistics
import subprocess
import sys


def rows(output):
    """{row key: median rate} for the libeml rows of every table."""
    found = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[1].startswith("libeml"):
            continue
        try:
            value = float(cells[2])
        except ValueError:
            continue
        # The decoder cell carries its output size in parentheses: keep
        # the name only, so that a change in output shows as its own row.
        engine = cells[1].split(" (")[0]
        found[f"{cells[0]} | {engine}"] = value
    return found


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    old, new = argv[1], argv[2]
    rest = argv[3:]
    rounds = 5
    if rest[:1] == ["--rounds"]:
        rounds = int(rest[1])
        rest = rest[2:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    ratios = {}
    order = []
    for r in range(rounds):
        got = {}
        for name, exe in (("old", old), ("new", new)):
            out = subprocess.run([exe] + rest, check=True, capture_output=True, text=True).stdout
            got[name] = rows(out)
        for key, value in got["new"].items():
            base = got["old"].get(key)
            if base:
                if key not in ratios:
                    ratios[key] = []
                    order.append(key)
                ratios[key].append(value / base)
        print(f"round {r + 1}/{rounds} done", file=sys.stderr)
    print(f"| row | new/old median | min | max | rounds |")
    print("|---|---|---|---|---|")
    for key in order:
        v = ratios[key]
        print(f"| {key} | {statistics.median(v):.3f} | {min(v):.3f} | {max(v):.3f} | {len(v)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
