#!/usr/bin/env python3
"""messages.py BUILD_DIR: every message, note and help that cwfilter prints is
one clean sentence (issue 14 item 2).

Reads the diagnostics of
  - every golden output (tests/golden/*/*.out: the message templates the
    rules produce, each from a crafted input),
  - parse, check (every built-in rule) and lint (every rule of the newest CIS
    benchmark and of Security Hub) over the patterns of corpus/ and the
    host files of corpus/configs and corpus/audit,
  - the same over the real-world patterns of
    ${CWF_SHARED:-../shared}/realworld/patterns.jsonl (skipped, with a
    message, when absent),
and rejects: a word or a phrase said twice in a row, "did you mean" inside
a suggestion or a suggestion that is a phrase ("add ..."), unbalanced
backticks, a wrong plural ("1 metric filters", "2 case"), a case hint that
drops the operator ("`$.eventName putRolePolicy`"), and "N edits away"
without saying from what.  Exits 1 and lists the offending lines if any."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

NOUNS = ("metric filter|filter|case|event name|name|edit|pattern|file|error|warning|"
         "reason|condition|rule|log group|alarm|topic|subscription")
CHECKS = [
    ("a word said twice", re.compile(r"\b([A-Za-z]{2,}) \1\b", re.I)),
    ("a phrase said twice", re.compile(r"\b([A-Za-z]+ [A-Za-z]+(?: [A-Za-z]+)?),? \1\b", re.I)),
    ("a singular count with a plural noun",
     re.compile(r"(?<![\d.,])\b1 (?:" + NOUNS + r")s\b")),
    ("a plural count with a singular noun",
     re.compile(r"(?<![\d.,])\b(?:0|[2-9]|[1-9]\d+) (?:" + NOUNS + r")\b(?![s\w-])")),
    ("a case hint without its operator",
     re.compile(r"`\$\.[\w.\[\]*]+ (?![=!<>]|IS\b|NOT\b|&&|\|\|)[^`]*`")),
    ("an edit count without saying from what", re.compile(r"\bedits? away\b(?! from)")),
]
# message lines of the text renderer: "FILE:L:C: error: ... [CWFnnn]",
# "  = note: ...", "  = help: did you mean `X`?"
DIAG = re.compile(r"^(?:.*?:\d+:\d+: )?(?:error|warning|note): (.*?)(?: \[CWF\d+\])?$")
NOTE = re.compile(r"^\s+= note: (.*)$")
HELP = re.compile(r"^\s+= help: did you mean `(.*)`\?$")


def problems_of(line):
    """The problems of one rendered line, as (what, text) pairs."""
    out = []
    m = HELP.match(line)
    if m:
        s = m.group(1)
        if "did you mean" in s.lower():
            out.append(("\"did you mean\" inside a suggestion", s))
        if re.match(r"(add|use|write|remove|replace)\b", s):
            out.append(("a suggestion that is a phrase, not the replacement", s))
        return out
    m = NOTE.match(line) or DIAG.match(line)
    if not m:
        return out
    s = m.group(1)
    # An event or a pattern quoted in a note may hold anything: judge the
    # sentence around it.
    s = re.sub(r"\{.*\}", "{...}", s)
    if s.count("`") % 2:
        out.append(("unbalanced backticks", s))
    for what, rx in CHECKS:
        if rx.search(s):
            out.append((what, s))
    return out


class Checker:
    def __init__(self, build):
        self.cwf = os.path.join(os.path.abspath(build), "cwfilter")
        self.bad = []
        self.lines = 0
        self.env = dict(os.environ, NO_COLOR="1")
        self.env.pop("CWFILTER_CONFIG", None)

    def text(self, where, text):
        for line in text.split("\n"):
            self.lines += 1
            for what, s in problems_of(line):
                self.bad.append(f"{where}: {what}: {s}")

    def run(self, where, args, stdin=None):
        r = subprocess.run([self.cwf] + args, input=stdin, capture_output=True,
                           env=self.env)
        self.text(where, (r.stdout + r.stderr).decode("utf-8", "replace"))


def realworld_patterns():
    path = os.path.join(os.environ.get("CWF_SHARED") or "../shared", "realworld",
                        "patterns.jsonl")
    if not os.path.exists(path):
        print(f"messages: {path} is absent; the real-world patterns are skipped")
        return []
    with open(path, encoding="utf-8") as fh:
        return [(json.loads(l)["id"], json.loads(l)["pattern"]) for l in fh if l.strip()]


def main():
    c = Checker(sys.argv[1] if len(sys.argv) > 1 else "build")
    for out in sorted(glob.glob("tests/golden/*/*.out")):
        with open(out, encoding="utf-8", errors="replace") as fh:
            c.text(out, fh.read())
    rules = [l.split()[0] for l in subprocess.run(
        [c.cwf, "rules"], capture_output=True, text=True).stdout.splitlines()
        if l.startswith("cis-")]
    ruleargs = [a for r in rules for a in ("-r", r)]
    pats = []
    for f in sorted(glob.glob("corpus/patterns/*.txt")):
        with open(f, encoding="utf-8") as fh:
            pats.append((f, fh.read().strip()))
    pats += realworld_patterns()
    for name, p in pats:
        c.run(f"parse {name}", ["parse", "--", p])
        c.run(f"check {name}", ["check"] + ruleargs + ["--", p])
    # lint: the host files of corpus/, then every pattern as a metric filter
    # of one export, all on one log group each.
    for bench in ("cis", "securityhub"):
        c.run(f"lint -b {bench} corpus", ["lint", "--no-config", "-b", bench,
                                          "corpus/configs", "corpus/audit"])
    with tempfile.TemporaryDirectory() as d:
        export = {"metricFilters": [
            {"filterName": f"F{i}", "logGroupName": f"group{i}", "filterPattern": p,
             "metricTransformations": [{"metricName": f"M{i}", "metricNamespace": "N",
                                        "metricValue": "1"}]}
            for i, (_, p) in enumerate(pats)]}
        path = os.path.join(d, "filters.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(export, fh)
        for bench in ("cis", "securityhub"):
            c.run(f"lint -b {bench} patterns", ["lint", "--no-config", "-b", bench, path])
    for b in c.bad:
        print(b)
    print(f"messages: {len(pats)} patterns, {c.lines} lines read, {len(c.bad)} problems")
    return 1 if c.bad else 0


if __name__ == "__main__":
    sys.exit(main())
