# The --fix script is valid sh, and the shell hands each argument to aws
# intact, patterns included: a stub aws prints its arguments, one per line.
t=$(mktemp -d)
mkdir "$t/bin"
printf '#!/bin/sh\nfor a in "$@"; do printf "[%%s]\\n" "$a"; done\necho\n' >"$t/bin/aws"
chmod +x "$t/bin/aws"
cwfilter audit --fix --rule cis-iam-policy-changes --rule cis-unauthorized-api-calls-v1.4 \
    corpus/audit/filter-other-log-group >"$t/fix.sh"
PATH="$t/bin:$PATH" sh "$t/fix.sh"
echo "fix.sh: exit $?"
cwfilter audit --fix corpus/audit/pending-subscription >"$t/fix.sh"
PATH="$t/bin:$PATH" sh "$t/fix.sh" 2>/dev/null
echo "fix.sh without ALERT_EMAIL: exit $?"
ALERT_EMAIL=secops@example.com PATH="$t/bin:$PATH" sh "$t/fix.sh"
echo "fix.sh: exit $?"
rm -rf "$t"
