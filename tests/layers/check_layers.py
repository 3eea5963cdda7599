#!/usr/bin/env python3
"""The code's layers, checked on the built objects (nm), not on #includes.

Fails (exit 1, with every offence listed) when
  - two files use each other's symbols, or files call each other in any
    larger circle;
  - a file calls a folder it may not: calls go down the list below, never
    up or sideways between folders;
  - a file #includes a header of a folder it may not call (read from the
    sources: a type borrowed from above is a dependency too);
  - a .c file (other than a program's main.c) has no header of its own.

Usage: check_layers.py BUILD_DIR   (the objects of `make`, e.g. build/)
"""
import os
import re
import subprocess
import sys

# Each folder and the folders it may call, lowest layers first.  A folder
# may always call its own files (without circles) and, below it, common/.
LAYERS = [
    ("common", []),
    ("audit", []),
    ("daemon/base", []),
    ("daemon/store", ["daemon/base"]),
    ("daemon/procs", ["daemon/base", "daemon/store"]),
    ("daemon/ingest", ["daemon/base", "daemon/store", "daemon/procs", "audit"]),
    ("daemon/deaths", ["daemon/base", "daemon/store", "daemon/procs", "daemon/ingest"]),
    ("daemon/retention", ["daemon/base", "daemon/store", "daemon/ingest"]),
    ("daemon/kaudit", ["daemon/base", "daemon/ingest", "audit"]),
    ("daemon/sysd", ["daemon/base", "daemon/procs", "daemon/ingest"]),
    ("daemon/query", ["daemon/base", "daemon/store", "daemon/procs"]),
    ("daemon/plugin", ["daemon/base", "daemon/kaudit"]),
    ("daemon", ["daemon/base", "daemon/store", "daemon/procs", "daemon/ingest",
                "daemon/deaths", "daemon/retention", "daemon/kaudit",
                "daemon/query", "daemon/plugin", "daemon/sysd", "audit"]),
    ("cli", ["audit"]),
    ("preload", []),
    ("pam_module", []),
]
ALLOWED = {folder: set(below) | {folder, "common"} for folder, below in LAYERS}
# Programs' entry points: nothing calls them, so they need no header.
MAINS = {"daemon/main", "cli/main", "cli/audit_log_main", "preload/shim",
         "pam_module/pam_whokilled"}
# Files that implement a header named otherwise: one interface, two
# implementations, one chosen when a program is linked.
IMPLEMENTS = {"cli/audit_logs_exec": "cli/audit_logs.h",
              "cli/audit_logs_here": "cli/audit_logs.h"}


def symbols(obj):
    """(defined, undefined) global symbols of one object file."""
    out = subprocess.run(["nm", obj], capture_output=True, text=True,
                         check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBRCGSV":
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
    return defined, undefined


def load(build):
    files = {}
    for folder, _ in LAYERS:
        d = os.path.join(build, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            # An object whose source is gone is a stale leftover, not code.
            if name.endswith(".o") and os.path.exists(f"{folder}/{name[:-2]}.c"):
                files[f"{folder}/{name[:-2]}"] = symbols(os.path.join(d, name))
    return files


def include_offences():
    """#include "FOLDER/name.h" lines naming a folder the file may not call."""
    folders = sorted(ALLOWED, key=len, reverse=True)
    bad = []
    for folder in ALLOWED:
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".c", ".h")):
                continue
            path = f"{folder}/{name}"
            for n, line in enumerate(open(path, encoding="utf-8",
                                          errors="replace"), 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m or "/" not in m.group(1):
                    continue
                target = os.path.dirname(m.group(1))
                if target == "whokilled" or target not in ALLOWED:
                    continue
                if target not in ALLOWED[folder]:
                    bad.append(f"{path}:{n} includes {m.group(1)}: "
                               f"{folder}/ may not use {target}/")
    return bad


def edges_of(files):
    owner = {}
    for f, (defined, _) in files.items():
        for s in defined:
            owner.setdefault(s, f)
    edges = {f: set() for f in files}
    for f, (_, undefined) in files.items():
        for s in undefined:
            if s in owner and owner[s] != f:
                edges[f].add(owner[s])
    return edges


def circles(edges):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build = sys.argv[1]
    files = load(build)
    if len(files) < 40:
        print(f"check_layers: only {len(files)} objects under {build}/: build first")
        return 1
    edges = edges_of(files)
    bad = []
    for a in sorted(edges):
        for b in sorted(edges[a]):
            if a in edges[b] and a < b:
                bad.append(f"{a}.c and {b}.c use each other")
    for comp in circles(edges):
        bad.append("circle: " + " -> ".join(comp))
    for a in sorted(edges):
        fa = os.path.dirname(a)
        for b in sorted(edges[a]):
            fb = os.path.dirname(b)
            if fb not in ALLOWED[fa]:
                bad.append(f"{a}.c calls {b}.c: {fa}/ may not call {fb}/")
    bad.extend(include_offences())
    for f in sorted(files):
        own = [f + ".h", "include/whokilled/" + os.path.basename(f) + ".h",
               IMPLEMENTS.get(f, f + ".h")]
        if f not in MAINS and not any(os.path.exists(h) for h in own):
            bad.append(f"{f}.c has no header of its own ({f}.h)")
    for line in bad:
        print("check_layers:", line)
    n_edges = sum(len(e) for e in edges.values())
    print(f"check_layers: {len(files)} files, {n_edges} calls between files, "
          f"{len(bad)} offences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
