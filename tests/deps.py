#!/usr/bin/env python3
"""deps.py [--fail GLOB...]: the import graph of src/.

For each module (src/NAME.c, and grammar/NAME.re or .y, which build into the
library too) prints the headers it includes and the modules whose functions
it calls (a call of cwf_NAME( to a function another module defines), then
every import circle: a set of modules that call each other round, found as
the strongly connected components of the call graph.  With --fail, exits 1
if a circle holds a module whose name matches one of the GLOBs (fnmatch),
so that a test can keep a part of the tree free of circles.

With --strict: exits 1 on any circle, on any call from a module to one of a
later stage of the pipeline (STAGES, from DESIGN.md "Library first"), on a
module that no stage names, and on a cmd_*.c that includes an internal
header (a command is a client of cwfilter.h, cli.h and report.h only)."""
import fnmatch
import glob
import os
import re
import sys

DEF = re.compile(r"^[A-Za-z_][\w \*]*?\b(cwf_\w+)\s*\([^;]*$", re.M)
CALL = re.compile(r"\b(cwf_\w+)\s*\(")
INCLUDE = re.compile(r'^#include\s+"([^"]+)"', re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')


# The pipeline, from the bottom up: a module may call modules of its own
# stage or of earlier ones, never of a later one.
STAGES = [
    ("base", "util arena diag source ast rules"),
    ("parser", "lexer parser parse_build parse validate regex"),
    ("evaluate", "jscan events prefilter match stats prove_core prove_search prove_literal "
                 "prove_report prove_text prove prove_broader benchrules sql shell"),
    ("readers", "hostmap extract_res extract_result extract_yaml extract_json extract_cfn "
                "extract_tf hcl extract suppress suppress_config walk audit_read"),
    ("engines", "judge fix hostedit chain chain_iac lint lint_run fix_run audit audit_render"),
    ("library", "cwfilter cwfilter_check cwfilter_engines cwfilter_match cwfilter_fix report"),
    ("cli", "cli cmd_*"),
]
CMD_HEADERS = {"cli.h", "cwfilter.h", "report.h"}


def stage_of(m):
    for i, (_, names) in enumerate(STAGES):
        if any(fnmatch.fnmatch(m, g) for g in names.split()):
            return i
    return None


def modules():
    files = sorted(glob.glob("src/*.c")) + sorted(glob.glob("grammar/*.re")) + \
        sorted(glob.glob("grammar/*.y"))
    return {os.path.splitext(os.path.basename(f))[0]: f for f in files
            if os.path.basename(f) != "main.c"}


def main():
    fail = []
    strict = sys.argv[1:] == ["--strict"]
    if strict:
        fail = ["*"]
    elif len(sys.argv) > 2 and sys.argv[1] == "--fail":
        fail = sys.argv[2:]
    mods = modules()
    text = {}
    for m, f in mods.items():
        with open(f, encoding="utf-8") as fh:
            text[m] = fh.read()
    defined = {}
    for m, t in text.items():
        code = STRING.sub('""', COMMENT.sub(" ", t))
        for name in DEF.findall(code):
            defined.setdefault(name, m)
    calls = {m: set() for m in mods}
    for m, t in text.items():
        code = STRING.sub('""', COMMENT.sub(" ", t))
        for name in CALL.findall(code):
            d = defined.get(name)
            if d and d != m:
                calls[m].add(d)
    for m in sorted(mods):
        print(f"{mods[m]}: includes {' '.join(INCLUDE.findall(text[m])) or '-'}")
        print(f"    calls {' '.join(sorted(calls[m])) or '-'}")
    # Tarjan's strongly connected components.
    index, low, stack, on, sccs = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(calls[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            c = []
            while True:
                w = stack.pop()
                on.discard(w)
                c.append(w)
                if w == v:
                    break
            if len(c) > 1:
                sccs.append(sorted(c))

    sys.setrecursionlimit(10000)
    for v in sorted(mods):
        if v not in index:
            visit(v)
    bad = False
    for c in sccs:
        print("circle: " + " <-> ".join(c))
        if any(fnmatch.fnmatch(m, g) for m in c for g in fail):
            bad = True
    if not sccs:
        print("no circles")
    for m in sorted(mods):
        s = stage_of(m)
        if s is None:
            print(f"no stage: {mods[m]} (add it to STAGES in tests/deps.py)")
            bad = bad or strict
            continue
        for w in sorted(calls[m]):
            t = stage_of(w)
            if t is not None and t > s:
                print(f"upward: {m} ({STAGES[s][0]}) calls {w} ({STAGES[t][0]})")
                bad = bad or strict
        if m.startswith("cmd_"):
            for h in INCLUDE.findall(text[m]):
                if h not in CMD_HEADERS:
                    print(f"internal header: {mods[m]} includes {h}")
                    bad = bad or strict
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
