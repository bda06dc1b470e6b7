#!/bin/sh
# precommit.sh BIN: runs the real pre-commit (`pre-commit try-repo`) with
# the hook of .pre-commit-hooks.yaml against a sample git repository made in
# a temporary directory, offline, and checks that the hook passes on a good
# filter and fails on a broken one.  Run from the top of the tree (the
# golden case tests/golden/lint/precommit.cmd does).  Prints only lines that
# do not depend on the machine, so that its output is a golden file.
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
for tool in pre-commit git; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "precommit.sh: SKIP: $tool not installed (make deps installs it)"
        exit 0
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
mkdir -p "$HOME" "$tmp/bin" "$tmp/hooks" "$tmp/sample/infra"
ln -s "$bin" "$tmp/bin/cwfilter"
PATH=$tmp/bin:$PATH
export PATH

# The hook repository: try-repo clones it, so it needs a commit.
cp "$top/.pre-commit-hooks.yaml" "$tmp/hooks/"
git -C "$tmp/hooks" init -q
git -C "$tmp/hooks" add .pre-commit-hooks.yaml
git -C "$tmp/hooks" -c commit.gpgsign=false commit -q -m hooks

# The repository under test.
cp "$top/corpus/configs/cfn/split-iam.yaml" "$tmp/sample/infra/good.yaml"
cp "$top/corpus/configs/cfn/broken.yaml" "$tmp/sample/infra/broken.yaml"
cp "$top/corpus/fix/main.tf" "$tmp/sample/infra/fixme.tf"
echo "not a template" >"$tmp/sample/README.md"
git -C "$tmp/sample" init -q
git -C "$tmp/sample" add .

status=0
cd "$tmp/sample" || exit 2
if pre-commit try-repo "$tmp/hooks" cwfilter --files infra/good.yaml README.md >"$tmp/good.log" 2>&1; then
    echo "precommit: the hook passes on a good filter"
else
    echo "precommit: FAIL: the hook failed on a good filter"
    cat "$tmp/good.log"
    status=1
fi
if pre-commit try-repo "$tmp/hooks" cwfilter --files infra/broken.yaml >"$tmp/bad.log" 2>&1; then
    echo "precommit: FAIL: the hook passed on a broken filter"
    cat "$tmp/bad.log"
    status=1
elif grep -q 'infra/broken.yaml:10:22: error: .*\[CWF106\]' "$tmp/bad.log"; then
    echo "precommit: the hook fails on a broken filter and names it: infra/broken.yaml:10:22 [CWF106]"
else
    echo "precommit: FAIL: the hook failed without the expected finding"
    cat "$tmp/bad.log"
    status=1
fi
# cwfilter-fix: the first run fixes the file (so pre-commit fails it: files
# were modified), the second finds nothing to do.
if pre-commit try-repo "$tmp/hooks" cwfilter-fix --files infra/fixme.tf >"$tmp/fix.log" 2>&1; then
    echo "precommit: FAIL: cwfilter-fix passed on a file it had to fix"
    cat "$tmp/fix.log"
    status=1
elif grep -q 'files were modified by this hook' "$tmp/fix.log" &&
     grep -q 'user = ' infra/fixme.tf && ! grep -q 'user == ' infra/fixme.tf; then
    echo "precommit: cwfilter-fix fixes infra/fixme.tf and fails the run (files were modified)"
else
    echo "precommit: FAIL: cwfilter-fix did not fix infra/fixme.tf"
    cat "$tmp/fix.log"
    status=1
fi
if pre-commit try-repo "$tmp/hooks" cwfilter-fix --files infra/fixme.tf >"$tmp/fix2.log" 2>&1; then
    echo "precommit: cwfilter-fix passes on the fixed file"
else
    echo "precommit: FAIL: cwfilter-fix failed on the fixed file"
    cat "$tmp/fix2.log"
    status=1
fi
exit $status
