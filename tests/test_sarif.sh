#!/bin/sh
# test_sarif.sh BIN FILE...: lints each FILE with --format sarif and
# validates the output against the SARIF 2.1.0 schema (python3-jsonschema),
# read from ../shared/schemas, never copied into the tree.  Prints one line
# per file; if the schema or jsonschema is missing, one SKIP line instead.
bin=$1
shift
schema=../shared/schemas/sarif-schema-2.1.0.json
if [ ! -f "$schema" ]; then
    echo "test_sarif.sh: SKIP: $schema not found"
    exit 0
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "test_sarif.sh: SKIP: python3-jsonschema not installed (make deps)"
    exit 0
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
    python3 - "$schema" "$tmp/out.sarif" "$f" <<'PY' || status=1
import json, sys
import jsonschema
schema_path, out_path, name = sys.argv[1:4]
with open(schema_path) as fh:
    schema = json.load(fh)
with open(out_path) as fh:
    log = json.load(fh)
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
# What GitHub code scanning requires beyond the schema.
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
problems = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]
for r in rules:
    for k in ("id", "name"):
        if not r.get(k):
            problems.append(f"rule without {k}")
    for k in ("shortDescription", "fullDescription", "help"):
        if not r.get(k, {}).get("text"):
            problems.append(f"rule {r.get('id')}: no {k}.text")
    if len(r["fullDescription"]["text"]) > 1024:
        problems.append(f"rule {r['id']}: fullDescription over 1024 characters")
for res in run["results"]:
    loc = res["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    if uri.startswith("/") or ":" in uri:
        problems.append(f"absolute uri {uri}")
    reg = loc["region"]
    if (reg["endLine"], reg["endColumn"]) <= (reg["startLine"], reg["startColumn"]):
        problems.append(f"empty region {reg}")
    if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
        problems.append(f"ruleIndex of {res['ruleId']} points at {rules[res['ruleIndex']]['id']}")
if problems:
    print(f"sarif: {name}: INVALID")
    for p in problems[:10]:
        print(f"  {p}")
    sys.exit(1)
print(f"sarif: {name}: valid SARIF 2.1.0, {len(run['results'])} results")
PY
done
exit $status
