#!/bin/sh
# test_sarif.sh BIN FILE...: lints each FILE with --format sarif and checks
# the output.  Always: a structural check of our own (the properties and
# types SARIF 2.1.0 requires of what we emit, `$schema` and `version`, every
# ruleId in tool.driver.rules, URI references, regions inside the file).
# Also, when $CWF_SHARED/schemas/sarif-schema-2.1.0.json (default ../shared)
# and python3-jsonschema are there: validation against the OASIS schema,
# read in place, never copied into the tree.  Says on stderr which checks
# ran and why one was skipped; exits 1 on any invalid output.
bin=$1
shift
schema=${CWF_SHARED:-../shared}/schemas/sarif-schema-2.1.0.json
if [ ! -f "$schema" ]; then
    echo "test_sarif.sh: the OASIS schema check is skipped: $schema not found; structural check only" >&2
    schema=
elif ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "test_sarif.sh: the OASIS schema check is skipped: python3-jsonschema not installed (make deps); structural check only" >&2
    schema=
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for f in "$@"; do
    "$bin" lint --format sarif "$f" >"$tmp/out.sarif"
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "sarif: $f: cwfilter exited $rc"
        status=1
        continue
    fi
    python3 - "$tmp/out.sarif" "$f" "$schema" <<'PY' || status=1
import json, os, sys
from urllib.parse import unquote, urlsplit

out_path, name, schema_path = sys.argv[1:4]
with open(out_path) as fh:
    log = json.load(fh)
problems = []

def need(obj, key, typ, where):
    """The property KEY of OBJ exists and has type TYP."""
    if not isinstance(obj, dict) or key not in obj:
        problems.append(f"{where}: no {key}")
        return None
    if not isinstance(obj[key], typ):
        problems.append(f"{where}.{key}: not a {typ.__name__}")
        return None
    return obj[key]

if schema_path:
    import jsonschema
    with open(schema_path) as fh:
        schema = json.load(fh)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    for e in sorted(validator.iter_errors(log), key=lambda e: list(e.path)):
        problems.append(f"{'/'.join(map(str, e.path))}: {e.message}")

# The structure of a SARIF 2.1.0 log, as far as we emit it.
if log.get("version") != "2.1.0":
    problems.append("version is not 2.1.0")
if log.get("$schema") not in (
        "https://json.schemastore.org/sarif-2.1.0.json",
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"):
    problems.append(f"$schema {log.get('$schema')!r} is not a SARIF 2.1.0 schema URI")
runs = need(log, "runs", list, "log") or [{}]
if len(runs) != 1:
    problems.append(f"{len(runs)} runs, expected 1")
run = runs[0]
driver = need(need(run, "tool", dict, "run") or {}, "driver", dict, "tool") or {}
need(driver, "name", str, "driver")
rules = need(driver, "rules", list, "driver") or []
ids = []
for i, r in enumerate(rules):
    ids.append(need(r, "id", str, f"rules[{i}]"))
    if not r.get("name"):
        problems.append(f"rule {r.get('id')} without name")
    for k in ("shortDescription", "fullDescription", "help"):
        if not isinstance(r.get(k, {}).get("text"), str) or not r[k]["text"]:
            problems.append(f"rule {r.get('id')}: no {k}.text")
    if len(r.get("fullDescription", {}).get("text", "")) > 1024:
        problems.append(f"rule {r['id']}: fullDescription over 1024 characters")
if len(set(ids)) != len(ids):
    problems.append("duplicate rule ids")
bases = run.get("originalUriBaseIds", {})
for i, res in enumerate(need(run, "results", list, "run") or []):
    where = f"results[{i}]"
    rid = need(res, "ruleId", str, where)
    if rid not in ids:
        problems.append(f"{where}: ruleId {rid} is not in tool.driver.rules")
    elif res.get("ruleIndex") is not None and ids[res["ruleIndex"]] != rid:
        problems.append(f"{where}: ruleIndex of {rid} points at {ids[res['ruleIndex']]}")
    if res.get("level") not in ("error", "warning", "note", "none"):
        problems.append(f"{where}: level {res.get('level')!r}")
    need(need(res, "message", dict, where) or {}, "text", str, where + ".message")
    for j, loc in enumerate(res.get("locations", [])):
        phys = need(loc, "physicalLocation", dict, f"{where}.locations[{j}]") or {}
        art = need(phys, "artifactLocation", dict, "physicalLocation") or {}
        uri = need(art, "uri", str, "artifactLocation") or ""
        parts = urlsplit(uri)
        if parts.scheme == "file":
            path = unquote(parts.path)
        elif parts.scheme or uri.startswith("/"):
            problems.append(f"{where}: {uri} is neither a relative URI reference nor a file:// URI")
            continue
        else:
            base = art.get("uriBaseId")
            if base is None or base not in bases:
                problems.append(f"{where}: relative {uri} without a uriBaseId declared in originalUriBaseIds")
            path = unquote(uri)
        if any(c in uri for c in " \t\n\"<>\\^`{|}") or any(ord(c) < 33 or ord(c) > 126 for c in uri):
            problems.append(f"{where}: {uri!r} is not percent-encoded")
        reg = need(phys, "region", dict, "physicalLocation")
        if reg is None:
            continue
        for k in ("startLine", "startColumn", "endLine", "endColumn"):
            if not isinstance(reg.get(k), int) or reg[k] < 1:
                problems.append(f"{where}: region.{k} {reg.get(k)!r}")
        if problems:
            continue
        if (reg["endLine"], reg["endColumn"]) <= (reg["startLine"], reg["startColumn"]):
            problems.append(f"{where}: empty region {reg}")
        # The region lies inside the file: columns count UTF-16 code units
        # (SARIF's default columnKind), the end column is exclusive.
        try:
            with open(path, encoding="utf-8", errors="surrogateescape") as fh:
                lines = fh.read().split("\n")
        except OSError as e:
            problems.append(f"{where}: {path}: {e.strerror}")
            continue
        for line, col in ((reg["startLine"], reg["startColumn"]), (reg["endLine"], reg["endColumn"] - 1)):
            if line > len(lines) or col > len(lines[line - 1].encode("utf-16-le", "surrogatepass")) // 2 + 1:
                problems.append(f"{where}: {line}:{col} is outside {path}")
if problems:
    print(f"sarif: {name}: INVALID")
    for p in problems[:10]:
        print(f"  {p}")
    sys.exit(1)
print(f"sarif: {name}: valid SARIF 2.1.0, {len(run['results'])} results")
PY
done
exit $status
