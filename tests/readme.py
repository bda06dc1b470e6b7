#!/usr/bin/env python3
"""readme.py BUILD_DIR [README]: runs every example of README.md and compares
its output with what README shows.

An example is a fenced ```console block: a line "$ COMMAND" (continued by
lines ending in a backslash) is run with `sh -c` from the top of the tree,
with BUILD_DIR first on PATH, NO_COLOR=1 and no standard input; the lines
after it, up to the next "$ " line or the end of the block, are its expected
output: standard output, then standard error.  A "$ " line outside a console
block is an error (an example nobody runs).  UPDATE=1 rewrites the outputs in
README.md in place instead of comparing.  Exits 1 if any example differs."""
import os
import subprocess
import sys


def examples(lines):
    """Yields (command line index, output start, output end, command,
    expected lines) for
    each command of each console block; checks that no "$ " line is outside."""
    fence = None            # the open fence's info string, or None
    problems = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = stripped[3:] if fence is None else None
            i += 1
            continue
        in_block = fence == "console"
        if not in_block:
            if stripped.startswith("$ "):
                problems.append(f"README.md:{i + 1}: an example outside a ```console block: {stripped}")
            i += 1
            continue
        if not line.startswith("$ "):
            problems.append(f"README.md:{i + 1}: console block output without a command: {line}")
            i += 1
            continue
        start = i
        cmd = [line[2:]]
        while cmd[-1].endswith("\\"):
            i += 1
            cmd.append(lines[i])
        i += 1
        out_start = i
        while i < len(lines) and not lines[i].startswith("$ ") and lines[i].strip() != "```":
            i += 1
        yield start, out_start, i, "\n".join(cmd), lines[out_start:i]
    for p in problems:
        yield None, None, None, p, None


def main():
    build = os.path.abspath(sys.argv[1])
    readme = sys.argv[2] if len(sys.argv) > 2 else "README.md"
    update = bool(os.environ.get("UPDATE"))
    with open(readme, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    env = dict(os.environ, NO_COLOR="1", PATH=build + os.pathsep + os.environ["PATH"])
    env.pop("CWFILTER_CONFIG", None)
    passed = failed = 0
    edits = []
    for start, out_start, end, cmd, expected in list(examples(lines)):
        if start is None:
            print(cmd)
            failed += 1
            continue
        r = subprocess.run(["sh", "-c", cmd], stdin=subprocess.DEVNULL,
                           capture_output=True, env=env)
        got = (r.stdout + r.stderr).decode("utf-8", "replace").rstrip("\n")
        got_lines = got.split("\n") if got else []
        if update:
            edits.append((out_start, end, got_lines))
        elif got_lines == expected:
            passed += 1
        else:
            failed += 1
            print(f"FAIL readme: README.md:{start + 1}: $ {cmd}")
            import difflib
            for d in list(difflib.unified_diff(expected, got_lines, "README", "got", lineterm=""))[:30]:
                print("  " + d)
    if update:
        for out_start, end, got_lines in reversed(edits):
            lines[out_start:end] = got_lines
        with open(readme, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        print(f"readme: {len(edits)} examples rewritten")
        return 0 if failed == 0 else 1
    print(f"readme: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
