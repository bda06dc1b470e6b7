# Commands that fail (here: the fake aws has no output for them) leave their
# files out; collect goes on, reports each, and exits 1; the audit then says
# which output it lacks.  -r limits the regions (no describe-regions call).
t=$(mktemp -d)
top=$PWD
(cd "$t" && PATH="$top/tests/fake-aws:$PATH" FAKE_AWS_BUNDLE="$top/corpus/audit/missing-exports" \
    FAKE_AWS_LOG="$t/aws.log" sh "$top/src/cwfilter-collect" -r us-east-1 bundle 2>&1; echo "collect: exit $?")
cat "$t/aws.log"
diff -r corpus/audit/missing-exports "$t/bundle" && echo "bundle: identical to corpus/audit/missing-exports"
cwfilter audit --rule cis-iam-policy-changes "$t/bundle" | sed -n 3,4p
rm -rf "$t"
