#!/usr/bin/env python3
"""Checks the library's layering from its #include lines.

The layers are folders of lib/, lowest first: base < codec < text < mime
< api. A file may include headers of its own layer and of the layers
below it, never above. Files are grouped into modules (x.c and x.h are
one module); the module graph must have no cycle. No .c file may sit in
lib/ itself.

Usage: check.py LIBDIR   (exit 0 when the layering holds, 1 otherwise)
"""
import os
import re
import sys

LAYERS = ["base", "codec", "text", "mime", "api"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(lib):
    for root, _dirs, files in os.walk(lib):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(root, name)
                yield os.path.relpath(path, lib).replace(os.sep, "/")


def layer_of(rel):
    top = rel.split("/", 1)[0]
    return LAYERS.index(top) if top in LAYERS and "/" in rel else None


def module_of(rel):
    return rel.rsplit(".", 1)[0]


def find_cycle(graph):
    """Returns one cycle as a list of modules, or None."""
    state = {}
    for start in sorted(graph):
        if start in state:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(sorted(graph[nxt]))))
                path.append(nxt)
    return None


def check(lib):
    problems = []
    files = list(sources(lib))
    graph = {}
    for rel in files:
        if "/" not in rel and rel.endswith(".c"):
            problems.append(f"{rel}: a source file directly in lib/, outside every layer")
        mine = layer_of(rel)
        with open(os.path.join(lib, rel), encoding="utf-8", errors="replace") as f:
            text = f.read()
        mod = module_of(rel)
        graph.setdefault(mod, set())
        for inc in INCLUDE.findall(text):
            if inc == "eml.h":
                continue
            if not os.path.exists(os.path.join(lib, inc)):
                problems.append(f"{rel}: includes \"{inc}\", which is not a path under lib/")
                continue
            theirs = layer_of(inc)
            if mine is not None and theirs is not None and theirs > mine:
                problems.append(
                    f"{rel}: includes {inc}, upward from {LAYERS[mine]} to {LAYERS[theirs]}")
            if module_of(inc) != mod:
                graph[mod].add(module_of(inc))
    cycle = find_cycle(graph)
    if cycle:
        problems.append("include cycle: " + " -> ".join(cycle))
    return problems, len(files)


def main():
    lib = sys.argv[1] if len(sys.argv) > 1 else "lib"
    problems, n = check(lib)
    for p in problems:
        print("layers:", p)
    if problems:
        return 1
    print(f"layers: {n} files, no upward include, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
