d=$(mktemp -d)
f=$(printf 'evil\n::error file=x::injected\033[2J.json')
printf '%s\n' '{"metricFilters": [{"filterName": "f\u001b[31m", "logGroupName": "g", "filterPattern": "ERROR\u001b]0;pwned\u0007 x=="}]}' > "$d/$f"
mkdir "$d/sub"
cd "$d"
cwfilter lint "$f"; echo "exit: $?"
cwfilter lint --format github "$f"; echo "exit: $?"
cwfilter lint --format sarif "./$f" | grep -o '"artifactLocation": {[^}]*}' | sort -u
cd sub
cwfilter lint --format sarif "$d/$f" | grep -o '"artifactLocation": {[^}]*}' | sort -u | sed "s|file://$d/|file://D/|"
cd /
rm -rf "$d"
d=$(mktemp -d)
f=$(printf 'broken\n\033[2J.json')
printf '{"metricFilters": [\n' > "$d/$f"
cd "$d"
cwfilter lint "$f"; echo "exit: $?"
cwfilter match ERROR "$f.missing"; echo "exit: $?"
cd /
rm -rf "$d"
