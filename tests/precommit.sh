#!/bin/sh
# precommit.sh BIN: runs the real pre-commit, offline, in a sample git
# repository made in a temporary directory:
#   - `pre-commit try-repo` on a repository that holds this repository's
#     .pre-commit-hooks.yaml, for each of its hook ids;
#   - `pre-commit run` with the .pre-commit-config.yaml that README.md shows
#     (its first ```yaml block under "#### pre-commit"), exactly as written.
# Checks that the plain hook lints the staged files without coverage rules,
# that the benchmark hook judges coverage on the whole repository whatever is
# staged, and that both fail, naming the file, when they should.  Run from
# the top of the tree (`make integration`).  Prints one line per check;
# exits 1 if any failed.
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
for tool in pre-commit git; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "precommit.sh: FAIL: $tool is not installed (make deps installs it)"
        exit 1
    fi
done
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# No network, no user configuration, nothing written outside $tmp.
HOME=$tmp/home
PRE_COMMIT_HOME=$tmp/cache
XDG_CACHE_HOME=$tmp/cache
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export HOME PRE_COMMIT_HOME XDG_CACHE_HOME GIT_CONFIG_NOSYSTEM
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
mkdir -p "$HOME" "$tmp/bin" "$tmp/hooks" "$tmp/sample/infra" "$tmp/sample/exports"
ln -s "$bin" "$tmp/bin/cwfilter"
PATH=$tmp/bin:$PATH
export PATH

# The hook repository: try-repo clones it, so it needs a commit.
cp "$top/.pre-commit-hooks.yaml" "$tmp/hooks/"
git -C "$tmp/hooks" init -q
git -C "$tmp/hooks" add .pre-commit-hooks.yaml
git -C "$tmp/hooks" -c commit.gpgsign=false commit -q -m hooks

# The repository under test: an export whose filters cover every CIS
# control, and a template with an unrelated filter.
filters=log-groups/cloudtrail-main/describe-metric-filters.json
cp "$top/corpus/audit/pass/111122223333/us-east-1/$filters" "$tmp/sample/exports/filters.json"
cat >"$tmp/sample/infra/app.yaml" <<'YAML'
Resources:
  AppErrors:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: /app/checkout
      FilterPattern: '{ $.level = "ERROR" }'
      MetricTransformations:
        - MetricName: CheckoutErrors
          MetricNamespace: App
          MetricValue: "1"
YAML
echo "not a template" >"$tmp/sample/README.md"
git -C "$tmp/sample" init -q
git -C "$tmp/sample" add .
git -C "$tmp/sample" -c commit.gpgsign=false commit -q -m sample
cd "$tmp/sample" || exit 2

status=0
# expect NAME RC GREP CMD...: runs CMD, wants exit status RC (0 or not 0)
# and, when GREP is not empty, a line of its output matching GREP.
expect() {
    name=$1 want=$2 pat=$3
    shift 3
    "$@" >"$tmp/log" 2>&1
    rc=$?
    if { [ "$want" = 0 ] && [ $rc -ne 0 ]; } || { [ "$want" != 0 ] && [ $rc -eq 0 ]; }; then
        echo "precommit: FAIL: $name (exit $rc)"
        cat "$tmp/log"
        status=1
    elif [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/log"; then
        echo "precommit: FAIL: $name: no line matches $pat"
        cat "$tmp/log"
        status=1
    else
        echo "precommit: $name"
    fi
}

expect "try-repo cwfilter: passes on a template with no coverage of its own (no coverage rules on staged files)" \
    0 "" pre-commit try-repo "$tmp/hooks" cwfilter --files infra/app.yaml README.md
expect "try-repo cwfilter-benchmark: judges the whole repository, not the staged file" \
    0 "" pre-commit try-repo "$tmp/hooks" cwfilter-benchmark --files infra/app.yaml
cp "$top/corpus/configs/cfn/broken.yaml" infra/broken.yaml
git add infra/broken.yaml
expect "try-repo cwfilter: fails on a broken filter and names it" \
    1 'infra/broken.yaml:10:22: error: .*\[CWF106\]' \
    pre-commit try-repo "$tmp/hooks" cwfilter --files infra/broken.yaml
git rm -q -f infra/broken.yaml

# The configuration of README.md, exactly as written.
sed -n '/^#### pre-commit/,/^####/p' "$top/README.md" |
    sed -n '/^```yaml$/,/^```$/{/^```/d;p;}' >.pre-commit-config.yaml
if ! grep -q 'id: cwfilter-benchmark' .pre-commit-config.yaml; then
    echo "precommit: FAIL: no .pre-commit-config.yaml with both hooks under '#### pre-commit' in README.md"
    exit 1
fi
git add .pre-commit-config.yaml
expect "README's configuration: the staged template passes" \
    0 "" pre-commit run --files infra/app.yaml
# A filter narrowed in the export: the benchmark hook fails, whatever is staged.
cp "$top/corpus/audit/narrowed-pattern/111122223333/us-east-1/$filters" exports/filters.json
git add exports/filters.json
expect "README's configuration: a narrowed filter elsewhere fails the benchmark hook" \
    1 'exports/filters.json:44:543: error: .*\[CWF302\]' \
    pre-commit run cwfilter-benchmark --files infra/app.yaml
# cwfilter-fix: the first run fixes the file (so pre-commit fails the run:
# files were modified), the second finds nothing to do.
cp "$top/corpus/fix/main.tf" infra/fixme.tf
git add infra/fixme.tf
expect "try-repo cwfilter-fix: fixes infra/fixme.tf and fails the run (files were modified)" \
    1 'files were modified by this hook' \
    pre-commit try-repo "$tmp/hooks" cwfilter-fix --files infra/fixme.tf
if grep -q 'user = ' infra/fixme.tf && ! grep -q 'user == ' infra/fixme.tf; then
    echo "precommit: cwfilter-fix wrote the safe fix into infra/fixme.tf"
else
    echo "precommit: FAIL: cwfilter-fix did not fix infra/fixme.tf"
    status=1
fi
expect "try-repo cwfilter-fix: passes on the fixed file" \
    0 "" pre-commit try-repo "$tmp/hooks" cwfilter-fix --files infra/fixme.tf
git rm -q -f infra/fixme.tf
exit $status
