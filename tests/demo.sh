#!/bin/sh
# demo.sh BIN: `make demo`: cwfilter on the CIS benchmark's IAM policy-change
# pattern and on the mistakes people make with it.
bin=$1
IAM='{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}'

run() {
    cmd=$1
    shift
    printf '\n$ cwfilter %s' "$cmd"
    for a in "$@"; do
        case $a in
        -*) printf ' %s' "$a" ;;
        *) printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")" ;;
        esac
    done
    printf '\n'
    "$bin" "$cmd" "$@" 2>&1
    printf '(exit %d)\n' $?
}

echo "== The CIS benchmark's IAM policy-change pattern, in canonical form"
run fmt "$IAM"

echo
echo "== The same pattern as the benchmark's remediation command leaves it (|| \\ inside quotes)"
run parse '{($.eventName=DeleteGroupPolicy)|| \
($.eventName=DeleteRolePolicy)}'

echo
echo "== Mistakes people make"
run parse "{ \$.userIdentity.type = 'Root' }"
run parse '{ eventName = "PutRolePolicy" }'
run parse '{ $.eventName == "PutRolePolicy" || $.errorCode EXISTS }'
run parse '{ ($.eventName = CreatePolicy) || ($.eventName = Put*Policy) }'

echo
echo "== Does the benchmark's pattern cover the control? The prover says, per event name"
run check "$IAM"

echo
echo "== The same names behind a Root condition: every name narrowed, with an event that slips through"
ROOT=$(printf '%s' "$IAM" | sed 's/^{/{ ($.userIdentity.type = "Root") \&\& (/; s/}$/) }/')
run check "$ROOT"

echo
echo "== CreatePolicy left out, CreatePolicyVersion kept: the prefix trap"
run check "$(printf '%s' "$IAM" | sed 's/||(\$.eventName=CreatePolicy)//')"

echo
echo "== Offline test-metric-filter on CloudTrail records"
run match --count "$IAM" corpus/events/cloudtrail-log.json
run match --explain '{ ($.eventName = "PutUserPolicy") && $.errorCode NOT EXISTS }' corpus/events/PutUserPolicy-accessdenied.json

echo
echo "== Lint a CloudFormation template: carets on the character inside the YAML"
run lint corpus/configs/cfn/broken.yaml

echo
echo "== Audit the whole control from AWS CLI exports"
run audit --rule cis-4.4 corpus/audit/pattern-not-covering
exit 0
