# Inputs that are not exports: exit 2 and `cwfilter: FILE: message`, no audit.
t=$(mktemp -d)
printf '' >"$t/empty.json"
printf 'TRAILLIST\tmain\n' >"$t/text.json"
printf '{"Things": []}\n' >"$t/other.json"
printf '{"trailList": [{"Name": "main", "IsMultiRegionTrail": "yes"}]}\n' >"$t/typed.json"
mkdir "$t/none"
for f in empty.json text.json other.json typed.json none no-such-file; do
    { cwfilter audit "$t/$f"; echo "exit: $?"; } 2>&1 | sed "s|$t|T|g"
done
rm -rf "$t"
