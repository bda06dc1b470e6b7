for c in check lint fix audit match implies equiv fmt parse rules explain; do
  cwfilter $c --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '(^| )--?[a-zA-Z][a-z-]*' | while read -r o; do
    cwfilter $c "$o" /nonexistent </dev/null 2>&1 | grep -q "unknown option" && echo "$c: $o is listed but unknown"
    printf '%s %s\n' "$c" "$o"
  done
done
