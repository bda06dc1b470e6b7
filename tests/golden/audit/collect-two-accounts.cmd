# Two runs of cwfilter-collect, one per account (as with two AWS profiles),
# into one bundle; the fake aws lists the bundle's two regions.
t=$(mktemp -d)
top=$PWD
unset AWS_REGION AWS_DEFAULT_REGION
for account in 111122223333 444455556666; do
    (cd "$t" && PATH="$top/tests/fake-aws:$PATH" FAKE_AWS_ACCOUNT=$account \
        FAKE_AWS_BUNDLE="$top/corpus/audit/two-regions-two-accounts" FAKE_AWS_LOG="$t/aws.log" \
        sh "$top/src/cwfilter-collect" bundle; echo "collect $account: exit $?")
done
cat "$t/aws.log"
diff -r corpus/audit/two-regions-two-accounts "$t/bundle" && echo "bundle: identical to corpus/audit/two-regions-two-accounts"
cwfilter audit "$t/bundle" | grep -E '^(account|audit)'
rm -rf "$t"
