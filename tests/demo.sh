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
        case $a in -*) printf ' %s' "$a" ;; *) printf " '%s'" "$a" ;; esac
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

for d in tests/demo.d/*.sh; do
    [ -f "$d" ] && . "$d"
done
exit 0
