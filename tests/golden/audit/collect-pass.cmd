# cwfilter-collect, run for real against the fake aws (tests/fake-aws/aws)
# serving corpus/audit/pass: the AWS CLI command lines it runs, and the
# bundle it writes, which must be the bundle served, byte for byte.
t=$(mktemp -d)
top=$PWD
unset AWS_REGION AWS_DEFAULT_REGION
(cd "$t" && PATH="$top/tests/fake-aws:$PATH" FAKE_AWS_BUNDLE="$top/corpus/audit/pass" \
    FAKE_AWS_LOG="$t/aws.log" sh "$top/src/cwfilter-collect" bundle; echo "collect: exit $?")
cat "$t/aws.log"
(cd "$t/bundle" && find . -type f | sort)
diff -r corpus/audit/pass "$t/bundle" && echo "bundle: identical to corpus/audit/pass"
cwfilter audit "$t/bundle" | tail -1
rm -rf "$t"
